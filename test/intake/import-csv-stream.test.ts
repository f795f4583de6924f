/** A partner's CSV is imported as it is read, row by row (SPEC 4.3, 4.4): the same rows, positions and hints as a grid. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadInitiative } from '../../src/core/load.js';
import { CanonicalCsv } from '../../src/core/intake/canonical-csv.js';
import { csvSheet } from '../../src/core/intake/csv-grid.js';
import { canonicalCsv, planImport } from '../../src/core/intake/import.js';
import { emptyMap } from '../../src/core/intake/map.js';
import type { Sheet, SheetRow } from '../../src/core/intake/sheet.js';
import { FIXTURES, runCli } from '../helpers/run.js';

let tmp: string;
let root: string;
let n = 0;
beforeAll(async () => void (tmp = await mkdtemp(join(tmpdir(), 'concert-import-stream-'))));
afterAll(() => rm(tmp, { recursive: true, force: true }));
beforeEach(async () => {
  root = join(tmp, `initiative-${++n}`);
  await cp(join(FIXTURES, 'import-basic'), root, { recursive: true });
});

const quarter = (i: number) => `${2000 + Math.floor(i / 4)}-Q${(i % 4) + 1}`;

/** A title block, then `rows` rows of tutoring seats, one quarter each (row i is on line i + 4). */
function seatsCsv(rows: number, figure: (i: number) => string = (i) => String(i)): string {
  const lines = ['Seats report,,', ',,', 'Program,Quarter,Seats,Remarks'];
  for (let i = 0; i < rows; i++) lines.push(`Tutoring seats,${quarter(i)},${figure(i)},${i === 7 ? '"late, ""estimated"" — café"' : ''}`);
  return lines.join('\n') + '\n';
}
const MAP = 'columns:\n  Program: indicator\n  Quarter: period\n  Seats: value\n  Remarks: note\n';

/** The sheet, counting the rows it was asked to hold as cells. */
function counting(sheet: Sheet): { sheet: Sheet; held: () => number } {
  let held = 0;
  const wrap = (r: SheetRow): SheetRow => ({
    row: r.row, hidden: r.hidden, text: (c) => r.text(c), cell: (c) => r.cell(c), first: () => r.first(),
    toGridRow: () => (held++, r.toGridRow()),
  });
  return { sheet: { ...sheet, eachRow: (visit) => sheet.eachRow((r) => visit(wrap(r))) }, held: () => held };
}

describe('a CSV is walked row by row', async () => {
  const { initiative } = await loadInitiative(join(FIXTURES, 'import-basic'));

  it('holds only the rows a header can be in as cells, and plans every row below them', async () => {
    const path = join(tmp, 'seats.csv');
    await writeFile(path, seatsCsv(300));
    await writeFile(join(tmp, 'map.yaml'), MAP);
    const map = emptyMap();
    for (const [header, column] of [['program', 'indicator'], ['quarter', 'period'], ['seats', 'value'], ['remarks', 'note']] as const) map.columns.set(header, column);
    const read = csvSheet(path, 'inbox/seats.csv');
    const { sheet, held } = counting(read);
    const plan = await planImport(sheet, map, initiative, { partner: 'library' });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.header).toMatchObject({ row: 3, lastRow: 3 });
    expect(held()).toBeLessThanOrEqual(53);
    const csv = Buffer.from(await canonicalCsv(plan)).toString('utf8').split('\n');
    expect(plan).toMatchObject({ read: 300, written: 300 });
    expect(held()).toBeLessThanOrEqual(53);
    expect(csv[0]).toBe('indicator,period,partner,value,note');
    expect(csv[8]).toBe('tutoring-seats,2001-Q4,library,7,"late, ""estimated"" — café"');
    expect(csv[300]).toBe('tutoring-seats,2074-Q4,library,299,');
    expect([read.encoding, read.delimiter]).toEqual(['utf-8', ',']);
  });

  it('places a bad figure far below the header at its line and column, with the number-style hint', async () => {
    await writeFile(join(tmp, 'seats.csv'), seatsCsv(300, (i) => (i === 250 ? '"1,250"' : String(i))));
    await writeFile(join(tmp, 'map.yaml'), MAP);
    const r = await runCli(['data', 'import', join(tmp, 'seats.csv'), '--partner', 'library', '--map', join(tmp, 'map.yaml'), '--format', 'json'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const receipt = JSON.parse(r.stdout);
    expect(receipt).toMatchObject({ status: 'rejected', out: 'data/library/seats.csv', rows: { read: 300, written: 0, rejected: 1 } });
    const bad = receipt.diagnostics.filter((d: { code: string }) => d.code === 'data-bad-number');
    expect(bad).toMatchObject([{ line: 254, column: 3, hint: 'if the sheet writes numbers this way, say so in the map: numbers: { thousands: true }' }]);
    expect(bad[0].cell).toBeUndefined();
  });

  it('names the drop for its period only when every row names it, rows past the first fifty included', async () => {
    const lines = (last: string) => ['indicator,period,race-ethnicity,value', ...Array.from({ length: 60 }, (_, i) => `grade3-reading,${i === 59 ? last : 'SY2024-25'},${['black', 'hispanic', 'white'][i % 3]},${i}`)].join('\n') + '\n';
    const out = async (last: string) => {
      await writeFile(join(tmp, 'Reading List.csv'), lines(last));
      const r = await runCli(['data', 'import', join(tmp, 'Reading List.csv'), '--partner', 'schools', '--dry-run', '--format', 'json'], { cwd: root });
      return JSON.parse(r.stdout).out;
    };
    expect(await out('SY2024-25')).toBe('data/schools/SY2024-25-reading-list.csv');
    expect(await out('SY2025-26')).toBe('data/schools/reading-list.csv');
  });
});

describe('the canonical CSV writer (canonical-csv.ts)', () => {
  // What the import has always written: quotes only where a field needs them.
  const field = (t: string) => (/[",\r\n]|^\s|\s$/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  const cases = ['plain', '', 'a,b', 'say "hi"', ' lead', 'trail ', 'tab\t', 'Café', 'nbsp\u00a0', '\u3000wide', 'line\nbreak', 'cr\rx', 'crème, brûlée', '12.5', '日本語'];

  it.each(cases)('writes %j as before, and the merge reads the field from the line\'s own bytes', (text) => {
    const out = new CanonicalCsv();
    const exact = out.write(['a', text, 'z'], 9, [1, 2, 3]);
    expect(Buffer.from(out.bytes()).toString('utf8')).toBe(`a,${field(text)},z\n`);
    expect(exact).toBe(!text.includes('"'));
    if (exact) {
      expect(Buffer.from(out.src.subarray(out.starts[1]!, out.ends[1]!)).toString('utf8')).toBe(text);
      expect([out.n, out.line, out.column(1), out.text(1)]).toEqual([3, 9, 2, text]);
    }
  });

  it('keeps every line across its 1 MB chunks', () => {
    const out = new CanonicalCsv();
    const expected: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      const fields = [`indicator-${i}`, 'Éléments, divers', String(i * 7)];
      out.write(fields);
      expected.push(fields.map(field).join(',') + '\n');
    }
    expect(Buffer.from(out.bytes()).toString('utf8')).toBe(expected.join(''));
  });
});
