/** A partner's .xlsx read into a Grid (SPEC 4.4): what the import maps into canonical rows. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readGrid } from '../../src/core/intake/read-grid.js';
import { plainDecimal } from '../../src/core/intake/xlsx-grid.js';
import type { GridCell } from '../../src/core/intake/grid.js';
import { writeMessyWorkbook, writeRowsWorkbook, writeWorkbook, writeZip } from '../helpers/workbooks.js';

let dir: string;
let messy: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'concert-grid-xlsx-'));
  messy = join(dir, 'messy.xlsx');
  await writeMessyWorkbook(messy);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = (ref: string, text: string, extra: Partial<GridCell> = {}): GridCell => {
  const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { row: Number(m[2]), col, ref, text, ...extra };
};

const SHEETS = [
  { name: 'Lookup', hidden: true },
  { name: 'Survey results', hidden: false },
  { name: "Partner's data", hidden: false },
];

describe('a messy partner workbook', () => {
  test('the first visible sheet is read exactly: title block, merged header, formats, hidden row and column', async () => {
    const { grid, diagnostics } = await readGrid(messy, { file: 'inbox/messy.xlsx' });
    expect(diagnostics).toEqual([]);
    expect(grid).toEqual({
      file: 'inbox/messy.xlsx',
      kind: 'xlsx',
      sheet: 'Survey results',
      sheets: SHEETS,
      rows: [
        { row: 1, hidden: false, cells: [cell('A1', 'Eastside Family Center — quarterly report')] },
        { row: 2, hidden: false, cells: [cell('A2', 'Prepared by: J. Smith')] },
        { row: 4, hidden: false, cells: [cell('A4', 'School'), cell('B4', 'Grade 3'), cell('D4', 'Attendance'), cell('E4', 'Reported on')] },
        { row: 5, hidden: false, cells: [cell('B5', 'ELA'), cell('C5', 'Math')] },
        {
          row: 6, hidden: false, cells: [
            cell('A6', 'Lincoln'),
            cell('B6', '45%'),
            cell('C6', '45%', { number: 0.45, percent: true }),
            cell('D6', '12.5%', { number: 0.125, percent: true }),
            cell('E6', '2026-03-31', { date: '2026-03-31' }),
            cell('F6', 'check with Ana'),
          ],
        },
        {
          row: 7, hidden: true, cells: [
            cell('A7', 'Washington Elementary'),
            cell('B7', '0.3', { number: 0.3 }),
            cell('C7', '90%', { number: 0.9, percent: true }),
            cell('D7', 'see report'),
          ],
        },
        {
          row: 8, hidden: false, cells: [
            cell('A8', 'Total'),
            cell('B8', '#DIV/0!'),
            cell('C8', '1.35', { number: 1.35 }),
            cell('D8', 'TRUE'),
            cell('E8', '1234567.5', { number: 1234567.5 }),
          ],
        },
      ],
      hiddenCols: [6],
      merges: [
        { top: 4, left: 2, bottom: 4, right: 3 },
        { top: 4, left: 4, bottom: 5, right: 4 },
      ],
    });
  });

  test('a sheet named with a quote is read by name: decimal commas stay text, periods across, a formula gives its cached text', async () => {
    const { grid, diagnostics } = await readGrid(messy, { file: 'messy.xlsx', sheet: "Partner's data" });
    expect(diagnostics).toEqual([]);
    expect(grid?.sheet).toBe("Partner's data");
    expect(grid?.rows).toEqual([
      { row: 1, hidden: false, cells: [cell('A1', 'Indicator'), cell('B1', '2026-Q1'), cell('C1', '2026-Q2'), cell('D1', '2026-Q3')] },
      { row: 2, hidden: false, cells: [cell('A2', 'reading-proficiency'), cell('B2', '12,5'), cell('C2', '13,0'), cell('D2', '14,25')] },
      {
        row: 3, hidden: false, cells: [
          cell('A3', 'attendance-rate'),
          cell('B3', '0.000001', { number: 0.000001 }),
          cell('C3', '-42', { number: -42 }),
          cell('D3', '123456789012345', { number: 123456789012345 }),
        ],
      },
      { row: 4, hidden: false, cells: [cell('A4', 'Total'), cell('B4', 'n/a')] },
    ]);
    expect(grid?.hiddenCols).toEqual([]);
    expect(grid?.merges).toEqual([]);
  });

  test('a hidden sheet is skipped by default but read when named', async () => {
    const { grid } = await readGrid(messy, { file: 'messy.xlsx', sheet: 'Lookup' });
    expect(grid?.sheet).toBe('Lookup');
    expect(grid?.sheets).toEqual(SHEETS);
    expect(grid?.rows).toEqual([{ row: 1, hidden: false, cells: [cell('A1', 'schools')] }]);
  });

  test('an unknown sheet is one diagnostic listing the sheets', async () => {
    const result = await readGrid(messy, { file: 'messy.xlsx', sheet: 'Survey' });
    expect(result.grid).toBeUndefined();
    expect(result.diagnostics).toEqual([{
      code: 'import-unknown-sheet', severity: 'error', file: 'messy.xlsx', line: 1, column: 1,
      message: "the workbook has no sheet named 'Survey'; its sheets are 'Lookup' (hidden), 'Survey results', 'Partner's data'",
      hint: 'give --sheet one of these names exactly, as on the sheet tab',
    }]);
  });
});

describe('cells as the partner sees them', () => {
  test('dates are ISO dates in UTC whatever the time zone; times keep their time', async () => {
    const path = join(dir, 'dates.xlsx');
    await writeWorkbook(path, (wb) => {
      const ws = wb.addWorksheet('Dates');
      const dates: [string, Date, string][] = [
        ['A1', new Date(Date.UTC(2026, 0, 1)), 'd/m/yyyy'],
        ['A2', new Date(Date.UTC(2025, 11, 31)), 'mmm yyyy'],
        ['A3', new Date(Date.UTC(2026, 5, 30, 14, 30)), 'yyyy-mm-dd hh:mm'],
      ];
      for (const [ref, value, numFmt] of dates) {
        ws.getCell(ref).value = value;
        ws.getCell(ref).numFmt = numFmt;
      }
      ws.getCell('A4').value = 45_000;
      ws.getCell('A4').numFmt = '14';
      ws.getCell('A5').value = 45_000;
      ws.getCell('A5').numFmt = '#,##0 "days"';
      ws.getCell('A6').value = 0.5;
      ws.getCell('A6').numFmt = 'h:mm';
    });
    const { grid } = await readGrid(path, { file: 'dates.xlsx' });
    expect(grid?.rows.map((r) => r.cells[0])).toEqual([
      cell('A1', '2026-01-01', { date: '2026-01-01' }),
      cell('A2', '2025-12-31', { date: '2025-12-31' }),
      cell('A3', '2026-06-30 14:30', { date: '2026-06-30' }),
      cell('A4', '45000', { number: 45_000 }),
      cell('A5', '45000', { number: 45_000 }),
      cell('A6', '12:00', { number: 0.5 }),
    ]);
  });

  test('numbers are plain decimals at 15 significant digits, never with an exponent', () => {
    expect(plainDecimal(0.1 + 0.2)).toBe('0.3');
    expect(plainDecimal(0.145 * 100)).toBe('14.5');
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(-2.5e-3)).toBe('-0.0025');
    expect(plainDecimal(123456789.123456789)).toBe('123456789.123457');
    expect(plainDecimal(42)).toBe('42');
    expect(plainDecimal(-0)).toBe('0');
  });

  test('empty trailing columns and formatted empty cells produce no cells; whitespace is trimmed', async () => {
    const path = join(dir, 'trailing.xlsx');
    await writeWorkbook(path, (wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(['  a  ', 'b', '', '   ']);
      ws.getColumn(8).width = 40;
      ws.getCell('H1').numFmt = '0.00';
      ws.getColumn(9).hidden = true;
    });
    const { grid } = await readGrid(path, { file: 'trailing.xlsx' });
    expect(grid?.rows).toEqual([{ row: 1, hidden: false, cells: [cell('A1', 'a'), cell('B1', 'b')] }]);
    // a hidden column beyond the last filled one hides nothing
    expect(grid?.hiddenCols).toEqual([]);
  });

  test('a hidden empty row is kept (so it can be reported) unless it trails the data', async () => {
    const path = join(dir, 'hidden-rows.xlsx');
    await writeWorkbook(path, (wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.getCell('A1').value = 'header';
      ws.getRow(2).hidden = true;
      ws.getRow(2).height = 20;
      ws.getCell('A3').value = 'data';
      ws.getRow(9).hidden = true;
      ws.getRow(9).height = 20;
    });
    const { grid } = await readGrid(path, { file: 'hidden-rows.xlsx' });
    expect(grid?.rows).toEqual([
      { row: 1, hidden: false, cells: [cell('A1', 'header')] },
      { row: 2, hidden: true, cells: [] },
      { row: 3, hidden: false, cells: [cell('A3', 'data')] },
    ]);
  });
});

describe('workbooks from other writers (hand-made parts)', () => {
  const part = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

  function workbookParts(sheetXml: string, extra: Record<string, string> = {}, sheetTarget = 'worksheets/sheet1.xml'): Record<string, string> {
    return {
      '[Content_Types].xml': part('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      '_rels/.rels': part(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      'xl/workbook.xml': part(`<workbook ${NS}><workbookPr date1904="1"/><sheets><sheet name="Daten &amp; mehr" sheetId="1" r:id="rId1"/></sheets></workbook>`),
      'xl/_rels/workbook.xml.rels': part(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="${sheetTarget}"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`),
      'xl/sharedStrings.xml': part(`<sst ${NS}><si><r><t xml:space="preserve">Taux </t></r><r><rPr><b/></rPr><t>réussite</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>line_x000D_break</t></si></sst>`),
      'xl/styles.xml': part(`<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="[&gt;=100]0.0&quot;%&quot;;0.0%"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`),
      ...extra,
      [sheetTarget.startsWith('/') ? sheetTarget.slice(1) : `xl/${sheetTarget}`]: part(sheetXml),
    };
  }

  test('prefixed tags, absolute targets, cells without refs, inline and shared rich strings, 1904 dates', async () => {
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row r="2"><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>A &lt; B</x:t></x:is></x:c></x:row>
      <x:row><x:c r="B3" s="1"><x:v>0</x:v></x:c><x:c s="2"><x:v>0.5</x:v></x:c><x:c t="d"><x:v>2026-04-01T00:00:00</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const path = join(dir, 'other-writer.xlsx');
    writeZip(path, workbookParts(sheet, {}, '/xl/worksheets/data.xml'));
    const { grid, diagnostics } = await readGrid(path, { file: 'other-writer.xlsx' });
    expect(diagnostics).toEqual([]);
    expect(grid?.sheet).toBe('Daten & mehr');
    expect(grid?.rows).toEqual([
      { row: 2, hidden: false, cells: [cell('A2', 'Taux réussite'), cell('B2', 'line\rbreak'), cell('C2', 'A < B')] },
      {
        row: 3, hidden: false, cells: [
          cell('B3', '1904-01-01', { date: '1904-01-01' }),
          cell('C3', '50%', { number: 0.5, percent: true }),
          cell('D3', '2026-04-01', { date: '2026-04-01' }),
          cell('E3', 'FALSE'),
        ],
      },
    ]);
  });

  test('a workbook whose every sheet is hidden gives one diagnostic', async () => {
    const path = join(dir, 'all-hidden.xlsx');
    const parts = workbookParts('<worksheet><sheetData/></worksheet>');
    parts['xl/workbook.xml'] = part(`<workbook ${NS}><sheets><sheet name="S" sheetId="1" state="veryHidden" r:id="rId1"/></sheets></workbook>`);
    writeZip(path, parts);
    const { grid, diagnostics } = await readGrid(path, { file: 'all-hidden.xlsx' });
    expect(grid).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['import-unreadable', 'cannot read this spreadsheet: every sheet of the workbook is hidden']]);
  });
});

describe('files that are not a readable .xlsx: one diagnostic each, never a throw', () => {
  const cases: [name: string, file: string, bytes: () => Buffer, message: string, hint: string][] = [
    ['an old .xls (OLE header)', 'old.xls', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'cannot read this spreadsheet: it is an Excel 97–2003 workbook (.xls) or a password-protected one', 'open it in Excel and save it as .xlsx (Excel Workbook) without a password, or as CSV UTF-8'],
    ['a corrupt zip', 'corrupt.xlsx', () => Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]), 'cannot read this spreadsheet: the file is damaged or not a complete .xlsx (no zip directory)', 'save it as .xlsx (Excel Workbook) or CSV'],
    ['a cut-short workbook', 'cut.xlsx', () => readFileSync(messy).subarray(0, 3000), 'cannot read this spreadsheet: the file is damaged or not a complete .xlsx (no zip directory)', 'save it as .xlsx (Excel Workbook) or CSV'],
    ['an empty file', 'empty.xlsx', () => Buffer.alloc(0), 'cannot read this spreadsheet: the file is empty', 'ask the partner to send the file again'],
    ['an empty CSV', 'empty.csv', () => Buffer.alloc(0), 'cannot read this spreadsheet: the file is empty', 'ask the partner to send the file again'],
    ['a text file renamed .xlsx', 'renamed.xlsx', () => Buffer.from('indicator,period,value\n'), 'cannot read this spreadsheet: it is named like a workbook but is not one (a text file or a web page renamed?)', 'open it in Excel and save it as .xlsx (Excel Workbook) or CSV'],
  ];
  test.each(cases)('%s', async (_name, file, bytes, message, hint) => {
    const path = join(dir, file);
    writeFileSync(path, bytes());
    const result = await readGrid(path, { file });
    expect(result.grid).toBeUndefined();
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'import-unreadable', severity: 'error', file, line: 1, column: 1, message, hint });
  });

  test('a zip that is not a workbook', async () => {
    const path = join(dir, 'not-a-workbook.xlsx');
    writeZip(path, { 'content.xml': '<office:document-content/>', mimetype: 'application/vnd.oasis.opendocument.spreadsheet' });
    const { grid, diagnostics } = await readGrid(path, { file: 'not-a-workbook.xlsx' });
    expect(grid).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['import-unreadable', 'cannot read this spreadsheet: it is a zip file but not an Excel workbook']]);
  });

  test('a file that does not exist', async () => {
    const { diagnostics } = await readGrid(join(dir, 'absent.xlsx'), { file: 'absent.xlsx' });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['unreadable-file', 'cannot read absent.xlsx: there is no such file']]);
  });
});

describe('a long sheet', () => {
  test('every row of a streamed workbook is read, with inline strings too', async () => {
    for (const sharedStrings of [true, false]) {
      const path = join(dir, `rows-${sharedStrings}.xlsx`);
      await writeRowsWorkbook(path, 2_000, { sharedStrings });
      const { grid } = await readGrid(path, { file: 'rows.xlsx' });
      expect(grid?.rows).toHaveLength(2_001);
      expect(grid?.rows[2_000]).toEqual({
        row: 2_001, hidden: false, cells: [
          cell('A2001', 'kindergarten-readiness'), cell('B2001', '2026-Q1'), cell('C2001', 'eastside-library'),
          cell('D2001', 'school-0'), cell('E2001', 'grade-2'), cell('F2001', '0', { number: 0 }),
          cell('G2001', '0', { number: 0 }), cell('H2001', '200', { number: 200 }),
        ],
      });
    }
  });
});

test('a workbook damaged anywhere gives a grid or a diagnostic, never a throw', async () => {
  const original = readFileSync(messy);
  let seed = 11;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < 150; i++) {
    const damaged = Buffer.from(original);
    for (let k = 0; k < 1 + (i % 4); k++) damaged[Math.floor(random() * damaged.length)] = Math.floor(random() * 256);
    const path = join(dir, 'damaged.xlsx');
    writeFileSync(path, i % 10 === 9 ? damaged.subarray(0, Math.floor(random() * damaged.length)) : damaged);
    const result = await readGrid(path, { file: 'damaged.xlsx' });
    expect(result.grid !== undefined || result.diagnostics.length === 1).toBe(true);
  }
});
