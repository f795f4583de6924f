// `concert data import` (SPEC 4.4): a 100,000-row workbook (a returned request form, no map;
// target < 10 s and < 400 MB peak RSS) and a 1,000,000-row CSV through a map that renames
// columns and unpivots two wide columns into 2,000,000 rows (target < 5 s). Each figure is one
// cold process (`--dry-run`, so every run does the same work): median wall time and peak RSS.
//
//   BENCH_IMPORT_XLSX_ROWS=100000   BENCH_IMPORT_CSV_ROWS=1000000   BENCH_RUNS=3
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { CONCERT, REPO, fmtMB, measure, table } from './lib.js';

const INDICATORS = 500;
const GROUPS = 20;
const log = (line) => process.stderr.write(`${line}\n`);
const secs = (m) => `${(m.ms / 1000).toFixed(2)} s`;

/** 500 monthly `number` indicators, one partner, a 20-value `group` dimension and a 2-value `sex`. */
function initiative(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'initiative.yaml'), 'version: 1\nid: bench-import\nname: Bench Import\nperiod: month\nbackbone:\n  organization: Bench Backbone\n');
  writeFileSync(join(dir, 'agenda.yaml'), 'goals:\n  - id: g1\n    title: Goal one\n');
  const inds = [];
  for (let i = 0; i < INDICATORS; i++) inds.push(`- { id: ind-${i}, name: Indicator ${i}, goal: g1, unit: number, aggregation: mean, direction: increase, frequency: month, disaggregate_by: [group, sex] }`);
  writeFileSync(join(dir, 'indicators.yaml'), inds.join('\n') + '\n');
  writeFileSync(join(dir, 'partners.yaml'), '- { id: partner-a, name: Partner A, sector: nonprofit }\n');
  const groups = Array.from({ length: GROUPS }, (_, g) => `    - { id: g${g}, label: Group ${g} }`).join('\n');
  writeFileSync(join(dir, 'dimensions.yaml'), `- id: group\n  name: Group\n  values:\n${groups}\n- id: sex\n  name: Sex\n  values:\n    - { id: f, label: Female }\n    - { id: m, label: Male }\n`);
}

const month = (k) => `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

/** Row r of the key space: (indicator, month, group), every one distinct. */
function key(r) {
  const g = r % GROUPS;
  const i = Math.floor(r / GROUPS) % INDICATORS;
  const m = Math.floor(r / (GROUPS * INDICATORS));
  return { indicator: `ind-${i}`, period: month(m), group: `g${g}` };
}

async function workbook(path, rows) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const ws = wb.addWorksheet('Data');
  ws.addRow(['indicator', 'period', 'partner', 'group', 'value', 'note']).commit();
  for (let r = 0; r < rows; r++) {
    const k = key(r);
    ws.addRow([k.indicator, k.period, 'partner-a', k.group, (r % 997) + 0.25, null]).commit();
  }
  ws.commit();
  await wb.commit();
}

async function wideCsv(path, rows) {
  const out = createWriteStream(path);
  out.write('Measure,Month,Cohort,Female,Male\n');
  for (let r = 0; r < rows; r++) {
    const k = key(r);
    if (!out.write(`${k.indicator},${k.period},${k.group},${r % 500},${(r % 700) + 0.5}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const MAP = `columns:
  Measure: indicator
  Month: period
  Cohort: group
unpivot:
  columns: [Female, Male]
  header: sex
values:
  sex:
    Female: f
    Male: m
`;

export async function run() {
  const xlsxRows = Number(process.env.BENCH_IMPORT_XLSX_ROWS ?? 100000);
  const csvRows = Number(process.env.BENCH_IMPORT_CSV_ROWS ?? 1000000);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const cache = join(REPO, 'bench/.cache/import');
  const dir = join(cache, 'initiative');
  initiative(dir);
  mkdirSync(cache, { recursive: true });
  const xlsx = join(cache, `form-${xlsxRows}.xlsx`);
  const csv = join(cache, `wide-${csvRows}.csv`);
  const map = join(cache, 'wide-map.yaml');
  writeFileSync(map, MAP);
  if (!existsSync(xlsx)) {
    log(`writing a ${xlsxRows}-row workbook…`);
    await workbook(xlsx, xlsxRows);
  }
  if (!existsSync(csv)) {
    log(`writing a ${csvRows}-row wide CSV…`);
    await wideCsv(csv, csvRows);
  }
  const rows = [];
  log('import: workbook…');
  const a = measure(process.execPath, [CONCERT, 'data', 'import', xlsx, dir, '--partner', 'partner-a', '--dry-run', '--format', 'json'], { runs, okCodes: [0] });
  const ra = JSON.parse(a.out).rows;
  rows.push([`.xlsx, ${xlsxRows.toLocaleString('en-US')} rows, no map`, ra.read, ra.written === 0 ? xlsxRows : ra.written, secs(a), fmtMB(a.rssMB), '< 10 s, < 400 MB']);
  log('import: wide CSV through a map…');
  const b = measure(process.execPath, [CONCERT, 'data', 'import', csv, dir, '--partner', 'partner-a', '--map', map, '--dry-run', '--format', 'json'], { runs, okCodes: [0] });
  const rb = JSON.parse(b.out).rows;
  rows.push([`CSV, ${csvRows.toLocaleString('en-US')} rows, rename + unpivot`, rb.read, 2 * csvRows, secs(b), fmtMB(b.rssMB), '< 5 s']);
  table(['import (--dry-run)', 'rows read', 'rows checked', 'time', 'peak RSS', 'target'], rows);
}
