import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadInitiative } from '../../src/core/load.js';
import { requestForm, type RequestForm } from '../../src/core/intake/template.js';
import { requestCsv } from '../../src/core/intake/template-csv.js';
import { requestWorkbook } from '../../src/core/intake/template-xlsx.js';
import { EXAMPLE, FIXTURES, REPO, runCli } from '../helpers/run.js';

const MIXED = join(FIXTURES, 'template-mixed');
const TODAY = '2025-11-20';
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'concert-template-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function formFor(partner: string, period?: string, root = MIXED): Promise<RequestForm> {
  const { initiative } = await loadInitiative(root);
  const made = requestForm(initiative, { partner, today: TODAY, ...(period ? { period } : {}) });
  if (!made.ok) throw new Error(made.reason);
  return made.form;
}

describe('the request form as data (SPEC 8)', () => {
  it('asks for every indicator the partner reports, a total row and a row per group, in canonical columns', async () => {
    const form = await formFor('library');
    expect(form.period).toBe('2025-Q3');
    expect(form.due).toBe('2025-10-30');
    expect(form.returnTo).toEqual({ name: 'Kim Data', email: 'kim@example.org' });
    expect(form.columns).toEqual(['indicator', 'period', 'partner', 'gender', 'value', 'numerator', 'denominator', 'note']);
    expect(form.indicators.map((i) => [i.id, i.figures, i.periods.map((p) => p.period)])).toEqual([
      ['visits', 'value', ['2025-07', '2025-08', '2025-09']],
      ['reading-rate', 'ratio', ['SY2024-25']],
      ['satisfaction', 'value', ['2025-Q3']],
    ]);
    expect(form.rows.slice(0, 3)).toEqual([
      { indicator: 'visits', period: '2025-07', partner: 'library', figures: 'value' },
      { indicator: 'visits', period: '2025-07', partner: 'library', group: { dimension: 'gender', value: 'girl' }, figures: 'value' },
      { indicator: 'visits', period: '2025-07', partner: 'library', group: { dimension: 'gender', value: 'boy' }, figures: 'value' },
    ]);
    expect(form.rows).toHaveLength(13);
  });

  it('says what each figure accepts: whole counts, bounded scores, numerator at most denominator for a percent', async () => {
    const form = await formFor('library');
    const check = (id: string) => form.indicators.find((i) => i.id === id)!.check;
    expect(check('visits')).toEqual({ value: { kind: 'whole', min: 0, max: null } });
    expect(check('satisfaction')).toEqual({ value: { kind: 'decimal', min: 1, max: 5 } });
    expect(check('reading-rate')).toEqual({
      numerator: { kind: 'whole', min: 0, max: null },
      denominator: { kind: 'whole', min: 1, max: null },
      numeratorAtMostDenominator: true,
    });
    expect(form.indicators[0]!.guidance).toBe('A whole number, 0 or more.');
  });

  it('a period the partner was not a member for is left out; a longer --period asks for every shorter period inside it', async () => {
    // clinic joined 2025-06-15: April's data was due 2025-05-30, before it joined.
    expect((await formFor('clinic', '2025-Q2')).indicators[0]!.periods.map((p) => p.period)).toEqual(['2025-05', '2025-06']);
    const year = await formFor('library', '2025');
    expect(year.indicators.map((i) => [i.id, i.periods.length])).toEqual([['visits', 12], ['reading-rate', 1], ['satisfaction', 4]]);
  });

  it('refuses, in one line, an unknown partner, a partner that reports nothing, one that owes nothing, a bad period', async () => {
    const { initiative } = await loadInitiative(MIXED);
    const reason = (partner: string, period?: string) => {
      const made = requestForm(initiative, { partner, today: TODAY, ...(period ? { period } : {}) });
      return made.ok ? 'ok' : made.reason;
    };
    expect(reason('librar')).toBe("no partner 'librar' in this initiative — did you mean 'library'?");
    expect(reason('newcomer')).toMatch(/^partner 'newcomer' reports no indicator/);
    expect(reason('clinic', '2025-Q1')).toBe("partner 'clinic' owes nothing for 2025-Q1: it joined on 2025-06-15");
    expect(reason('library', 'Q3 2025')).toMatch(/^--period 'Q3 2025' is not a period/);
  });
});

describe('concert data template --format csv', () => {
  it('prints the form with the identifying columns filled and the figures empty', async () => {
    const r = await runCli(['data', 'template', MIXED, '--partner', 'schools', '--today', TODAY]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'indicator,period,partner,gender,value,numerator,denominator,note\n' +
        'reading-rate,SY2024-25,schools,,,,,\n' +
        'reading-rate,SY2024-25,schools,girl,,,,\n' +
        'reading-rate,SY2024-25,schools,boy,,,,\n' +
        'budget,2024,schools,,,,,\n',
    );
  });

  it('filled with valid figures and filed under data/<partner>/, the form validates clean', async () => {
    const root = join(tmp, 'filled');
    await cp(MIXED, root, { recursive: true });
    const form = await formFor('library', undefined, root);
    const figures: Record<string, string> = {
      '': '30', girl: '14', boy: '16', // visits: a value
      'reading-rate:': ',40,80', 'reading-rate:girl': ',20,38', 'reading-rate:boy': ',20,42',
      'satisfaction:': '4.2',
    };
    const lines = requestCsv(form).trimEnd().split('\n');
    const filled = lines.map((line, k) => {
      if (k === 0) return line;
      const row = form.rows[k - 1]!;
      const group = row.group?.value ?? '';
      const cells = line.split(',');
      const [value, numerator, denominator] = (row.indicator === 'visits' ? figures[group]! : figures[`${row.indicator}:${group}`]!).split(',');
      cells[4] = value ?? '';
      cells[5] = numerator ?? '';
      cells[6] = denominator ?? '';
      return cells.join(',');
    });
    await mkdir(join(root, 'data', 'library'), { recursive: true });
    await writeFile(join(root, 'data', 'library', 'form-2025-Q3.csv'), filled.join('\n') + '\n');
    const r = await runCli(['validate', root, '--today', TODAY, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { errors: number; diagnostics: { file: string; code: string; message: string }[] };
    expect(report.errors).toBe(0);
    expect(report.diagnostics.filter((d) => d.file.startsWith('data/'))).toEqual([]);
    expect(report.diagnostics.filter((d) => d.message.includes("'library'"))).toEqual([]);
  });

  it('exit 2 with one line for an unknown partner, a bad period, and xlsx to a terminal', async () => {
    const unknown = await runCli(['data', 'template', MIXED, '--partner', 'librar', '--today', TODAY]);
    expect([unknown.code, unknown.stderr]).toEqual([2, "concert: no partner 'librar' in this initiative — did you mean 'library'?\n"]);
    const none = await runCli(['data', 'template', MIXED, '--partner', 'newcomer', '--today', TODAY]);
    expect(none.code).toBe(2);
    const period = await runCli(['data', 'template', MIXED, '--partner', 'library', '--period', '2025-13']);
    expect([period.code, period.stderr]).toEqual([2, "concert: --period '2025-13' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)\n"]);
    const binary = await runCli(['data', 'template', MIXED, '--partner', 'library', '--format', 'xlsx', '--today', TODAY], { tty: true });
    expect(binary.code).toBe(2);
    expect(binary.stderr).toMatch(/^concert: --format xlsx writes a workbook, not text: give --out FILE/);
    expect(binary.stdout).toBe('');
  });

  it('xlsx without --out goes to stdout when it is redirected (SPEC 8: --out is optional), the same bytes as --out', async () => {
    const piped = spawnSync(process.execPath, [join(REPO, 'bin/concert.js'), 'data', 'template', MIXED, '--partner', 'library', '--format', 'xlsx', '--today', TODAY], { cwd: REPO });
    expect(piped.status).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'concert-form-')), 'form.xlsx');
    expect((await runCli(['data', 'template', MIXED, '--partner', 'library', '--format', 'xlsx', '--today', TODAY, '--out', file])).code).toBe(0);
    expect(Buffer.compare(piped.stdout, readFileSync(file))).toBe(0);
    expect(piped.stdout.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('an initiative with errors is explained, not turned into a form (exit 1)', async () => {
    const r = await runCli(['data', 'template', join(FIXTURES, 'duplicate-id'), '--partner', 'schools']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('duplicate-id');
    expect(r.stdout).toBe('');
  });
});

describe('concert data template --format xlsx', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function workbook(partner = 'library', root = MIXED, period?: string): Promise<ExcelJS.Workbook> {
    const out = join(tmp, `${partner}-${period ?? 'default'}.xlsx`);
    const r = await runCli(['data', 'template', root, '--partner', partner, '--today', TODAY, '--out', out, ...(period ? ['--period', period] : [])]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await readFile(out));
    return wb;
  }

  it('the Data sheet holds the form: canonical header (bold, frozen), identifying cells filled, figures empty', async () => {
    const wb = await workbook();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Data', 'Instructions']);
    expect(wb.creator).toBe('Concert');
    expect(wb.created.toISOString()).toBe('2025-11-20T00:00:00.000Z');
    const ws = wb.getWorksheet('Data')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'indicator', 'period', 'partner', 'gender', 'value', 'numerator', 'denominator', 'note']);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(14);
    expect(ws.getRow(3).values).toEqual([undefined, 'visits', '2025-07', 'library', 'girl']);
    expect(ws.getRow(11).values).toEqual([undefined, 'reading-rate', 'SY2024-25', 'library']);
  });

  it('identifying cells are locked, asked figures and notes unlocked, on a protected sheet without a password', async () => {
    const ws = (await workbook()).getWorksheet('Data')!;
    const locked = (ref: string) => ws.getCell(ref).protection?.locked !== false;
    expect(ws.sheetProtection).toMatchObject({ sheet: true });
    expect(ws.sheetProtection).not.toHaveProperty('hashValue');
    // Row 2: visits total (value asked); row 11: reading-rate total (numerator and denominator asked).
    expect(['A2', 'B2', 'C2', 'D2', 'E2', 'F2', 'G2', 'H2'].map(locked)).toEqual([true, true, true, true, false, true, true, false]);
    expect(['A11', 'E11', 'F11', 'G11', 'H11'].map(locked)).toEqual([true, true, false, false, false]);
  });

  it('figure cells check what is typed: whole counts, bounded scores, numerator ≤ denominator', async () => {
    const ws = (await workbook()).getWorksheet('Data')!;
    expect(ws.getCell('E2').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual', formulae: [0], prompt: 'A whole number, 0 or more.' });
    expect(ws.getCell('E14').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [1, 5] });
    expect(ws.getCell('F11').dataValidation).toMatchObject({ type: 'custom', formulae: ['AND(ISNUMBER(F11),F11=INT(F11),F11>=0,OR(ISBLANK(G11),F11<=G11))'] });
    expect(ws.getCell('G11').dataValidation).toMatchObject({ type: 'custom', formulae: ['AND(ISNUMBER(G11),G11=INT(G11),G11>=1,OR(ISBLANK(F11),F11<=G11))'] });
    expect(ws.getCell('E11').dataValidation).toBeUndefined();
  });

  it('a percent asked as one value is a decimal between 0 and 100', async () => {
    const ws = (await workbook('lincoln-charter', EXAMPLE)).getWorksheet('Data')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'indicator', 'period', 'partner', 'race-ethnicity', 'neighborhood', 'numerator', 'denominator', 'note']);
    const { initiative } = await loadInitiative(MIXED);
    const percent = { ...initiative.indicators[2]!, id: 'share', unit: 'percent' as const, aggregation: 'mean' as const, range: [0, 100] as [number, number] };
    const made = requestForm({ ...initiative, indicators: [percent] }, { partner: 'library', today: TODAY });
    expect(made.ok && made.form.indicators[0]!.check.value).toEqual({ kind: 'decimal', min: 0, max: 100 });
    expect(made.ok && made.form.indicators[0]!.guidance).toBe('A percentage between 0 and 100, without the % sign (write 45.5 for 45.5%).');
  });

  it('the Instructions sheet says, in plain words, who, which period, when, and what each indicator means', async () => {
    const ws = (await workbook()).getWorksheet('Instructions')!;
    const text: string[][] = [];
    ws.eachRow((row) => text.push((row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)))));
    expect(text.slice(0, 5)).toEqual([
      ['Riverside Reads: data request'],
      ['Partner', 'Riverside Library (library)'],
      ['Period', '2025-Q3'],
      ['Due', '2025-10-30'],
      ['Send it back to', 'Kim Data <kim@example.org>'],
    ]);
    const visits = text.find((r) => r[0] === 'visits')!;
    expect(visits).toEqual(['visits', 'Library visits by children', 'A whole number, 0 or more.', 'Visits by children under 12, counted at the door.', '', '2025-07, 2025-08, 2025-09', '2025-08-30, 2025-09-30, 2025-10-30', 'Gender (gender): girl = Girls, boy = Boys']);
    expect(text.find((r) => r[0] === 'reading-rate')![2]).toMatch(/^Two whole numbers: the numerator/);
    expect(text.flat().join('\n')).toContain('Type plain numbers: no % sign');
  });

  it('the returned workbook, filled in, imports without a map and validates clean', async () => {
    const root = join(tmp, 'returned');
    await cp(MIXED, root, { recursive: true });
    const wb = await workbook('library', root);
    const ws = wb.getWorksheet('Data')!;
    const counts: Record<string, number> = { '': 30, girl: 14, boy: 16 };
    const ratios: Record<string, [number, number]> = { '': [40, 80], girl: [20, 38], boy: [20, 42] };
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const indicator = String(row.getCell(1).value);
      const group = String(row.getCell(4).value ?? '');
      if (indicator === 'visits') row.getCell(5).value = counts[group]!;
      if (indicator === 'satisfaction') row.getCell(5).value = 4.2;
      if (indicator === 'reading-rate') [row.getCell(6).value, row.getCell(7).value] = ratios[group]!;
    });
    const filled = join(tmp, 'library-returned.xlsx');
    await wb.xlsx.writeFile(filled);
    const imported = await runCli(['data', 'import', filled, root, '--partner', 'library']);
    expect(imported.code).toBe(0);
    expect(await readFile(join(root, 'data', 'library', 'library-returned.csv'), 'utf8')).toContain('reading-rate,SY2024-25,library,girl,,20,38,\n');
    const r = await runCli(['validate', root, '--today', TODAY, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { errors: number; diagnostics: { file: string; message: string }[] };
    expect(report.errors).toBe(0);
    expect(report.diagnostics.filter((d) => d.file.startsWith('data/') || d.message.includes("'library'"))).toEqual([]);
  });

  it('the same form on the same day is the same bytes, whatever the clock says', async () => {
    const { initiative } = await loadInitiative(MIXED);
    const made = requestForm(initiative, { partner: 'library', today: TODAY });
    if (!made.ok) throw new Error(made.reason);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-03-04T05:06:07Z'));
    const first = await requestWorkbook(made.form, TODAY);
    vi.setSystemTime(new Date('2032-08-09T10:11:13Z'));
    const second = await requestWorkbook(made.form, TODAY);
    expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
  });
});

describe('exceljs loads only for an .xlsx form', () => {
  it('not at start-up, not for validate, not for a CSV form', () => {
    const probe = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const { main } = await import(${JSON.stringify(join(REPO, 'dist/cli/main.js'))});
      const io = { stdout() {}, stderr() {}, cwd: process.cwd(), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
      const code = await main(process.argv.slice(1), io);
      process.stdout.write(JSON.stringify({ code, exceljs: Object.keys(require.cache).some((k) => k.includes('exceljs')) }));`;
    const loads = (...argv: string[]) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe, '--', ...argv], { cwd: REPO, encoding: 'utf8' })) as { code: number; exceljs: boolean };
    const ex = 'examples/eastside-learns';
    expect(loads('--help')).toEqual({ code: 0, exceljs: false });
    expect(loads('validate', ex, '--today', '2026-11-23')).toEqual({ code: 0, exceljs: false });
    expect(loads('data', 'template', ex, '--partner', 'ymca', '--today', '2026-11-23')).toEqual({ code: 0, exceljs: false });
    expect(loads('data', 'template', ex, '--partner', 'ymca', '--today', '2026-11-23', '--out', join(tmp, 'probe.xlsx'))).toEqual({ code: 0, exceljs: true });
  });
});
