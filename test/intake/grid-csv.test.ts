/** A partner's CSV read into a Grid (SPEC 4.4) with the data drops' byte reader (SPEC 4.1). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readGrid } from '../../src/core/intake/read-grid.js';
import type { GridCell, GridRow } from '../../src/core/intake/grid.js';

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'concert-grid-csv-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return readGrid(path, { file: `inbox/${name}` });
}

/** Rows as [line, [ref, text]…] for compact expectations. */
const texts = (rows: GridRow[] | undefined) => rows?.map((r) => [r.row, ...r.cells.map((c) => `${c.ref}=${c.text}`)]);

const cell = (row: number, col: number, ref: string, text: string): GridCell => ({ row, col, ref, text });

test('a Windows-1252 file is decoded, with the encoding warning at the first byte that is not UTF-8', async () => {
  const { grid, diagnostics } = await read('latin.csv', Buffer.from('École,Taux\r\nCafé Élan,12\r\n', 'latin1'));
  expect(grid?.encoding).toBe('windows-1252');
  expect(grid?.delimiter).toBe(',');
  expect(grid?.kind).toBe('csv');
  expect(grid?.rows).toEqual([
    { row: 1, hidden: false, cells: [cell(1, 1, 'A1', 'École'), cell(1, 2, 'B1', 'Taux')] },
    { row: 2, hidden: false, cells: [cell(2, 1, 'A2', 'Café Élan'), cell(2, 2, 'B2', '12')] },
  ]);
  expect(diagnostics.map((d) => [d.code, d.severity, d.file, d.line, d.column])).toEqual([['data-encoding', 'warning', 'inbox/latin.csv', 1, 1]]);
});

test('a UTF-16LE file with a BOM is decoded (Excel\'s "Unicode text"), tab-delimited', async () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Schule\tWert\nMüller-Schule\t7\n', 'utf16le')]);
  const { grid, diagnostics } = await read('unicode.csv', bytes);
  expect(diagnostics).toEqual([]);
  expect(grid?.encoding).toBe('utf-16le');
  expect(grid?.delimiter).toBe('\t');
  expect(texts(grid?.rows)).toEqual([[1, 'A1=Schule', 'B1=Wert'], [2, 'A2=Müller-Schule', 'B2=7']]);
});

test('a semicolon file with decimal commas keeps them as text, positioned at line and field', async () => {
  const csv = 'Rapport trimestriel;;\n\nindicateur;période;valeur\nreading-proficiency;2026-Q1;12,5\n"attendance-rate";2026-Q1;" 93,25 "\n;;\nTotal;;105,75\n';
  const { grid, diagnostics } = await read('semicolon.csv', Buffer.from(csv));
  expect(diagnostics).toEqual([]);
  expect(grid?.delimiter).toBe(';');
  expect(grid?.encoding).toBe('utf-8');
  expect(texts(grid?.rows)).toEqual([
    [1, 'A1=Rapport trimestriel'],
    [3, 'A3=indicateur', 'B3=période', 'C3=valeur'],
    [4, 'A4=reading-proficiency', 'B4=2026-Q1', 'C4=12,5'],
    [5, 'A5=attendance-rate', 'B5=2026-Q1', 'C5=93,25'],
    [7, 'A7=Total', 'C7=105,75'],
  ]);
  expect(grid?.rows[3]?.cells[2]).toEqual(cell(5, 3, 'C5', '93,25'));
  expect(grid).toMatchObject({ hiddenCols: [], merges: [] });
  expect(grid?.sheet).toBeUndefined();
});

test("Excel's sep= line and a UTF-8 BOM; a quoted field across lines is one cell on the record's first line", async () => {
  const csv = '\uFEFFsep=;\nname;note\nLincoln;"two\nlines"\nWashington;x\n';
  const { grid, diagnostics } = await read('sep.csv', Buffer.from(csv));
  expect(diagnostics).toEqual([]);
  expect(grid?.encoding).toBe('utf-8-bom');
  expect(texts(grid?.rows)).toEqual([[2, 'A2=name', 'B2=note'], [3, 'A3=Lincoln', 'B3=two\nlines'], [5, 'A5=Washington', 'B5=x']]);
});

test("the byte reader's problems come through as diagnostics with file, line and column", async () => {
  const { grid, diagnostics } = await read('bad-quote.csv', Buffer.from('a,b\n1,x"y\n2,3\n'));
  expect(diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['data-bad-quote', 'inbox/bad-quote.csv', 2, 4]]);
  expect(texts(grid?.rows)).toEqual([[1, 'A1=a', 'B1=b'], [3, 'A3=2', 'B3=3']]);
});

test('a .txt export is read as CSV by its bytes', async () => {
  const { grid } = await read('export.txt', Buffer.from('a,b\n1,2\n'));
  expect(grid?.kind).toBe('csv');
  expect(texts(grid?.rows)).toEqual([[1, 'A1=a', 'B1=b'], [2, 'A2=1', 'B2=2']]);
});
