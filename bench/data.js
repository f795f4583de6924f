// `concert validate` on generated data drops of 1M and 5M rows, against Miller and DuckDB doing
// the comparable group-by on the same file, and against merely reading the bytes in Node.
// Sizes and runs: BENCH_DATA_ROWS=1000000,5000000 BENCH_RUNS=3 (defaults).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';
import { generateDataDrop } from './gen-data.js';

const READ_BYTES = `
const fs = require('fs'); const fd = fs.openSync(process.argv[1], 'r'); const b = Buffer.allocUnsafe(1 << 20);
let n = 0; for (;;) { const r = fs.readSync(fd, b, 0, b.length, null); if (!r) break; n += r; } console.log(n);`;

const DUCKDB = `
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
const file = process.argv[1].replace(/'/g, "''");
const r = await con.runAndReadAll(\`SELECT indicator, period, "group", sum(value), count(*) FROM read_csv('\${file}') GROUP BY ALL\`);
console.log(r.getRows().length);`;

function available(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0;
}

const ratio = (a, b) => (a && b ? `${(a.ms / b.ms).toFixed(2)}×` : 'n/a');

export async function run() {
  const sizes = (process.env.BENCH_DATA_ROWS ?? '1000000,5000000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const hasMlr = available('mlr', ['--version']);
  const hasDuck = available(process.execPath, ['--input-type=module', '-e', "await import('@duckdb/node-api')"]);
  if (!hasMlr) console.log('(Miller not found: apt-get install miller)');
  if (!hasDuck) console.log('(DuckDB not found: npm install --no-save @duckdb/node-api)');
  const rows = [];
  for (const n of sizes) {
    const { dir, csv } = await generateDataDrop(join(REPO, 'bench/.cache'), n);
    const concert = measure(process.execPath, [CONCERT, 'validate', dir, '--format', 'json', '--today', '2026-01-31'], { runs });
    const mlr = hasMlr ? measure('mlr', ['--icsv', '--ojson', 'stats1', '-a', 'sum,count', '-f', 'value', '-g', 'indicator,period,group', csv], { runs }) : null;
    const duck = hasDuck ? measure(process.execPath, ['--input-type=module', '-e', DUCKDB, csv], { runs }) : null;
    const bytes = measure(process.execPath, ['-e', READ_BYTES, csv], { runs });
    const label = `${(n / 1e6).toFixed(0)}M rows`;
    rows.push([label, 'concert validate', fmtMs(concert.ms), fmtMB(concert.rssMB), '1.00×']);
    if (mlr) rows.push([label, 'mlr stats1 (Miller)', fmtMs(mlr.ms), fmtMB(mlr.rssMB), `Miller/concert ${ratio(mlr, concert)}`]);
    if (duck) rows.push([label, 'DuckDB GROUP BY (node-api)', fmtMs(duck.ms), fmtMB(duck.rssMB), `concert/DuckDB ${ratio(concert, duck)}`]);
    rows.push([label, 'read the bytes (node)', fmtMs(bytes.ms), fmtMB(bytes.rssMB), `concert/read ${ratio(concert, bytes)}`]);
  }
  table(['drop', 'tool', `median of ${runs}`, 'peak RSS', 'ratio'], rows);
}
