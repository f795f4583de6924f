/** `concert data import` end to end, on workbooks written by exceljs into a copy of a fixture (SPEC 4.4). */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

const TODAY = '2026-01-15';
let tmp: string;
let root: string;
let n = 0;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'concert-import-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  root = join(tmp, `initiative-${++n}`);
  await cp(join(FIXTURES, 'import-basic'), root, { recursive: true });
});

const importCli = (args: string[]) => runCli(['data', 'import', ...args], { cwd: root });
const validateClean = async () => {
  const r = await runCli(['validate', root, '--today', TODAY]);
  expect(r.stdout).toContain('no problems');
  expect(r.code).toBe(0);
};
const save = async (wb: ExcelJS.Workbook, name: string) => {
  await wb.xlsx.writeFile(join(tmp, name));
  return join(tmp, name);
};
const drops = async (partner: string) => (await readdir(join(root, 'data', partner))).sort();

/** A partner's own layout: a title block, a two-row header under a merged cell, percents both ways, a total row, a hidden row, a hidden sheet first. */
async function messyWorkbook(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const lookup = wb.addWorksheet('Lookup', { state: 'hidden' });
  lookup.getCell('A1').value = 'internal codes';
  const ws = wb.addWorksheet('Results 2024-25');
  ws.getCell('A1').value = 'Eastside Schools — reading and math results';
  ws.getCell('A2').value = 'Prepared 2025-09-01';
  ws.getCell('A4').value = 'Group';
  ws.mergeCells('A4:A5');
  ws.getCell('B4').value = 'Grade 3';
  ws.mergeCells('B4:C4');
  ws.getCell('B5').value = 'ELA';
  ws.getCell('C5').value = 'Math';
  const rows: [string, ExcelJS.CellValue, string][] = [
    ['Black', 0.455, '38%'],
    ['Hispanic or Latino', { formula: '0.25+0.25', result: 0.5 } as ExcelJS.CellFormulaValue, '41%'],
    ['White', 0.6, '52.5%'],
    ['Total', 0.52, '47%'],
  ];
  rows.forEach(([group, ela, math], i) => {
    const r = 6 + i;
    ws.getCell(`A${r}`).value = group;
    ws.getCell(`B${r}`).value = ela;
    ws.getCell(`B${r}`).numFmt = '0.0%';
    ws.getCell(`C${r}`).value = math;
  });
  ws.getRow(8).hidden = true;
  ws.getColumn(5).width = 20; // an empty trailing column, formatted but holding nothing
  return save(wb, 'messy.xlsx');
}

const MESSY_MAP = `# the schools' results sheet
columns:
  Group: race-ethnicity
values:
  indicator:
    Grade 3 ELA: grade3-reading
    Grade 3 Math: math-proficiency
  race-ethnicity:
    Hispanic or Latino: hispanic
unpivot:
  columns: [Grade 3 ELA, Grade 3 Math]
  header: indicator
`;

describe('data import: a messy workbook through a map', () => {
  it('writes the canonical CSV, skips the total row, reports the hidden row, and the drop validates', async () => {
    const file = await messyWorkbook();
    await writeFile(join(tmp, 'messy-map.yaml'), MESSY_MAP);
    const r = await importCli([file, '.', '--partner', 'schools', '--period', 'SY2024-25', '--map', join(tmp, 'messy-map.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await readFile(join(root, 'data/schools/SY2024-25-messy.csv'), 'utf8')).toBe(
      [
        'indicator,period,partner,race-ethnicity,value',
        'grade3-reading,SY2024-25,schools,black,45.5',
        'math-proficiency,SY2024-25,schools,black,38',
        'grade3-reading,SY2024-25,schools,hispanic,50',
        'math-proficiency,SY2024-25,schools,hispanic,41',
        'grade3-reading,SY2024-25,schools,white,60',
        'math-proficiency,SY2024-25,schools,white,52.5',
        '',
      ].join('\n'),
    );
    expect(r.stdout).toContain("Import of " + file + " (sheet 'Results 2024-25') for partner schools");
    expect(r.stdout).toMatch(/rows read\s+4\n\s+rows written\s+6\n\s+rows skipped\s+1\n\s+rows rejected\s+0/);
    expect(r.stdout).toContain("skipped 'Results 2024-25'!A9: a total row");
    expect(r.stdout).toContain("'Results 2024-25'!A8  warning  row 8 is hidden in the spreadsheet; it is imported  import-hidden");
    expect(r.stdout).toContain('wrote data/schools/SY2024-25-messy.csv');
    await validateClean();
  });

  it('reads a decimal-comma, semicolon-delimited CSV (UTF-8 with BOM) with currency and thousands separators', async () => {
    const text = '\ufeffIndicator;Year;Amount\r\nTutoring budget;2024;1.234.567,50 \u20ac\r\nTutoring budget;2025;"980.000,00 \u20ac"\r\n';
    await writeFile(join(tmp, 'budget.csv'), text);
    await writeFile(join(tmp, 'budget-map.yaml'), 'columns:\n  Year: period\n  Amount: value\nnumbers:\n  decimal: comma\n  thousands: true\n  currency: true\n');
    const r = await importCli([join(tmp, 'budget.csv'), '--partner', 'library', '--map', join(tmp, 'budget-map.yaml')]);
    expect(r.code).toBe(0);
    expect(await readFile(join(root, 'data/library/budget.csv'), 'utf8')).toBe('indicator,period,partner,value\nbudget,2024,library,1234567.5\nbudget,2025,library,980000\n');
    await validateClean();
  });

  it('reads a named sheet whose figures are typed with decimal commas, and names its cells', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Summary').getCell('A1').value = 'see the other sheet';
    const ws = wb.addWorksheet('Budget (EUR)');
    ws.addRow(['Indicator', 'Year', 'Amount']);
    ws.addRow(['budget', 2024, '12.500,75']);
    ws.addRow(['budget', 2025, '9.000,5x']);
    const file = await save(wb, 'budget.xlsx');
    await writeFile(join(tmp, 'eur-map.yaml'), 'columns:\n  Year: period\n  Amount: value\nnumbers: { decimal: comma, thousands: true }\n');
    const args = [file, '--partner', 'library', '--map', join(tmp, 'eur-map.yaml'), '--sheet', 'Budget (EUR)'];
    const bad = await importCli(args);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("'Budget (EUR)'!C3  error    value '9.000,5x' is not a plain number  data-bad-number");
    ws.getCell('C3').value = '9.000,5';
    await wb.xlsx.writeFile(file);
    const good = await importCli(args);
    expect(good.code).toBe(0);
    expect(await readFile(join(root, 'data/library/budget.csv'), 'utf8')).toBe('indicator,period,partner,value\nbudget,2024,library,12500.75\nbudget,2025,library,9000.5\n');
    await validateClean();
  });

  it('unpivots a wide sheet with a column per period', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Seats');
    ws.addRow(['Program', 'Q2 2025', 'Q3 2025', 'Q4 2025', 'Comments']);
    ws.addRow(['Tutoring seats', 35, 41, null, 'Q4 not final']);
    const file = await save(wb, 'wide.xlsx');
    await writeFile(join(tmp, 'wide-map.yaml'), [
      'columns:', '  Program: indicator', '  Comments: skip',
      'values:', '  period:', '    Q2 2025: 2025-Q2', '    Q3 2025: 2025-Q3', '    Q4 2025: 2025-Q4',
      'unpivot:', "  columns: ['Q2 2025', 'Q3 2025', 'Q4 2025']", '  header: period', '',
    ].join('\n'));
    const r = await importCli([file, '--partner', 'library', '--map', join(tmp, 'wide-map.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect(await readFile(join(root, 'data/library/wide.csv'), 'utf8')).toBe('indicator,period,partner,value\ntutoring-seats,2025-Q2,library,35\ntutoring-seats,2025-Q3,library,41\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'written', rows: { read: 1, written: 2, skipped: 0, rejected: 0 } });
    await validateClean();
  });
});

describe('data import: the receipt and the rules for writing', () => {
  async function formWorkbook(value: ExcelJS.CellValue, name = 'form.xlsx'): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['indicator', 'period', 'partner', 'race-ethnicity', 'value', 'note']);
    ws.addRow(['grade3-reading', 'SY2024-25', 'schools', '', 48.5, 'spring test']);
    ws.addRow(['grade3-reading', 'SY2024-25', 'schools', 'black', value, '']);
    return save(wb, name);
  }

  it('rejects a bad row: nothing written, exit 1, the receipt names the sheet and cell', async () => {
    const file = await formWorkbook('about 40');
    const r = await importCli([file, '--partner', 'schools']);
    expect(r.code).toBe(1);
    expect(await drops('schools')).toEqual(['SY2023-24.csv']);
    expect(r.stdout).toContain("Data!E3  error    value 'about 40' is not a plain number  data-bad-number");
    expect(r.stdout).toContain('nothing written: 1 row was rejected');

    const j = await importCli([file, '--partner', 'schools', '--format', 'json']);
    const receipt = JSON.parse(j.stdout);
    expect(receipt).toEqual({
      file, sheet: 'Data', partner: 'schools', out: 'data/schools/SY2024-25-form.csv', status: 'rejected',
      rows: { read: 2, written: 0, skipped: 0, rejected: 1 }, skipped: [], errors: 1, warnings: 0,
      diagnostics: [{
        code: 'data-bad-number', severity: 'error', file, line: 3, column: 5, sheet: 'Data', cell: 'E3',
        message: "value 'about 40' is not a plain number", hint: expect.any(String),
      }],
    });
  });

  it('points a decimal comma at the map setting that reads it', async () => {
    const r = await importCli([await formWorkbook('40,5'), '--partner', 'schools', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toMatchObject([{ code: 'data-bad-number', cell: 'E3', hint: 'if the sheet writes numbers this way, say so in the map: numbers: { decimal: comma }' }]);
  });

  it('rejects figures that conflict with the partner\'s other drops, at the cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['indicator', 'period', 'value']);
    ws.addRow(['grade3-reading', 'SY2023-24', 44]);
    const r = await importCli([await save(wb, 'conflict.xlsx'), '--partner', 'schools', '--format', 'json']);
    expect(r.code).toBe(1);
    const [d] = JSON.parse(r.stdout).diagnostics;
    expect(d).toMatchObject({ code: 'data-conflict', sheet: 'Data', cell: 'A2', related: [{ file: 'data/schools/SY2023-24.csv', line: 2 }] });
  });

  it('imports the same file twice without change, writes nothing on --dry-run, and replaces another file only with --force', async () => {
    const file = await formWorkbook(40);
    const dry = await importCli([file, '--partner', 'schools', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run: nothing written (would write data/schools/SY2024-25-form.csv)');
    expect(await drops('schools')).toEqual(['SY2023-24.csv']);

    expect((await importCli([file, '--partner', 'schools'])).code).toBe(0);
    const written = await readFile(join(root, 'data/schools/SY2024-25-form.csv'), 'utf8');
    expect(written).toBe('indicator,period,partner,race-ethnicity,value,note\ngrade3-reading,SY2024-25,schools,,48.5,spring test\ngrade3-reading,SY2024-25,schools,black,40,\n');
    const again = await importCli([file, '--partner', 'schools']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('data/schools/SY2024-25-form.csv is unchanged');

    const changed = await formWorkbook(42);
    const refused = await importCli([changed, '--partner', 'schools']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists with other contents; give --force to replace it');
    expect(await readFile(join(root, 'data/schools/SY2024-25-form.csv'), 'utf8')).toBe(written);
    const forced = await importCli([changed, '--partner', 'schools', '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(join(root, 'data/schools/SY2024-25-form.csv'), 'utf8')).toContain('black,42,');
    await validateClean();
  });

  it('keeps --out inside the partner\'s folder', async () => {
    const file = await formWorkbook(40);
    const r = await importCli([file, '--partner', 'schools', '--out', 'data/library/x.csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out must name a .csv file inside data/schools/');
    const ok = await importCli([file, '--partner', 'schools', '--out', 'data/schools/spring.csv']);
    expect(ok.code).toBe(0);
    expect(await drops('schools')).toEqual(['SY2023-24.csv', 'spring.csv']);
  });

  it('refuses an unknown partner, a missing file and a missing map as usage errors', async () => {
    const r = await importCli([await formWorkbook(40), '--partner', 'school']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--partner 'school' is not a partner of the initiative; did you mean 'schools'?");
    expect(await importCli(['nowhere.xlsx', '--partner', 'schools'])).toMatchObject({ code: 2, stderr: 'concert: no such file: nowhere.xlsx\n' });
    expect(await importCli([await formWorkbook(40), '--partner', 'schools', '--map', 'no-map.yaml'])).toMatchObject({ code: 2, stderr: 'concert: no such file: no-map.yaml\n' });
  });

  it('reads a date in the period column as the period of the row\'s indicator that contains it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Seats');
    ws.addRow(['Indicator', 'Month', 'Figure']);
    // Date cells, as a partner's sheet keeps a month: a quarterly and a yearly indicator.
    ws.addRow(['tutoring-seats', new Date(Date.UTC(2025, 7, 15)), 42]);
    ws.addRow(['budget', new Date(Date.UTC(2025, 2, 31)), 260000]);
    ws.getColumn(2).numFmt = 'yyyy-mm-dd';
    await writeFile(join(tmp, 'dates-map.yaml'), 'columns:\n  Month: period\n  Figure: value\n');
    const r = await importCli([await save(wb, 'dates.xlsx'), '--partner', 'library', '--map', join(tmp, 'dates-map.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    const receipt = JSON.parse(r.stdout);
    expect(receipt.diagnostics).toEqual([]);
    // Two periods: the file is named for neither.
    expect(receipt.out).toBe('data/library/dates.csv');
    expect(await readFile(join(root, receipt.out), 'utf8')).toBe('indicator,period,partner,value\ntutoring-seats,2025-Q3,library,42\nbudget,2025,library,260000\n');
    // Typed as text in a CSV, the same.
    await writeFile(join(tmp, 'dates.csv'), 'indicator,period,value\ntutoring-seats,2025-11-30,44\n');
    const csv = await importCli([join(tmp, 'dates.csv'), '--partner', 'library', '--format', 'json']);
    expect(JSON.parse(csv.stdout).out).toBe('data/library/2025-Q4-dates.csv');
    expect(await readFile(join(root, 'data/library/2025-Q4-dates.csv'), 'utf8')).toBe('indicator,period,partner,value\ntutoring-seats,2025-Q4,library,44\n');
    await validateClean();
  });

  it('refuses --sheet for a CSV file, which has no sheets, and writes nothing', async () => {
    const csv = join(tmp, 'schools.csv');
    await writeFile(csv, 'indicator,period,partner,value\nprek-seats,2025-Q1,schools,40\n');
    const before = await drops('schools');
    const r = await importCli([csv, '--partner', 'schools', '--sheet', 'Data']);
    expect(r).toMatchObject({ code: 2, stderr: 'concert: --sheet names a sheet of a workbook, and ' + csv + ' is a CSV file, which has none\n' });
    expect(await drops('schools')).toEqual(before);
  });

  it('reports a broken map at its line and column', async () => {
    await writeFile(join(tmp, 'bad-map.yaml'), 'columns:\n  Year: perod\nnumbers:\n  decimal: coma\n');
    const r = await importCli([await formWorkbook(40), '--partner', 'schools', '--map', join(tmp, 'bad-map.yaml'), '--format', 'json']);
    expect(r.code).toBe(1);
    const receipt = JSON.parse(r.stdout);
    expect(receipt.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([['schema', 4]]);
  });
});
