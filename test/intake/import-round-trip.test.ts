/** The request form's round trip (SPEC 8, 4.4): template → filled in by the partner → import with no map → validate → export. */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInitiative } from '../../src/core/load.js';
import { EXAMPLE, runCli } from '../helpers/run.js';

const TODAY = '2026-01-15';
let tmp: string;
let root: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'concert-round-trip-'));
  root = join(tmp, 'eastside');
  await cp(EXAMPLE, root, { recursive: true });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('a returned request form imports with no map', () => {
  it('template → filled totals → import → validate clean → the figures in export', async () => {
    const form = join(tmp, 'schools-form.xlsx');
    const made = await runCli(['data', 'template', root, '--partner', 'eastside-schools', '--period', 'SY2026-27', '--format', 'xlsx', '--out', form, '--today', TODAY]);
    expect(made.code).toBe(0);

    // The partner fills in the totals only (the group rows stay empty), as figures the form asks for.
    const { initiative } = await loadInitiative(root);
    const weighted = new Set(initiative.indicators.filter((i) => i.aggregation === 'weighted').map((i) => i.id));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(form);
    const ws = wb.getWorksheet('Data')!;
    const head = (ws.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => head.indexOf(name);
    let filled = 0;
    ws.eachRow((row, r) => {
      if (r === 1 || row.getCell(col('race-ethnicity')).text || row.getCell(col('neighborhood')).text) return;
      const indicator = row.getCell(col('indicator')).text;
      if (weighted.has(indicator)) {
        row.getCell(col('numerator')).value = 61;
        row.getCell(col('denominator')).value = 100;
      } else row.getCell(col('value')).value = 61;
      filled++;
    });
    await wb.xlsx.writeFile(form);

    const imported = await runCli(['data', 'import', form, root, '--partner', 'eastside-schools', '--format', 'json']);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    const receipt = JSON.parse(imported.stdout);
    expect(receipt).toMatchObject({ status: 'written', out: 'data/eastside-schools/schools-form.csv', sheet: 'Data', rows: { written: filled, rejected: 0 } });
    expect(receipt.rows.skipped).toBe(receipt.rows.read - filled);
    expect(receipt.skipped.every((s: { reason: string }) => s.reason === 'no figure')).toBe(true);

    const validated = await runCli(['validate', root, '--today', TODAY, '--format', 'json']);
    expect(JSON.parse(validated.stdout).errors).toBe(0);
    expect(validated.code).toBe(0);

    const csv = (await readFile(join(root, receipt.out), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('indicator,period,partner,race-ethnicity,neighborhood,value,numerator,denominator,note');
    expect(csv).toHaveLength(filled + 1);
    const exported = (await runCli(['export', root, '--today', TODAY])).stdout.split('\n');
    for (const line of csv.slice(1)) {
      const [indicator, period] = line.split(',');
      const row = exported.find((l) => l.startsWith(`${indicator},${period},eastside-schools,,,`));
      expect(row, line).toMatch(/,,,61,/);
    }
  });
});
