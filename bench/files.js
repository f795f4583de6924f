// `concert validate` on many small data drops: 10,000 files of 10 rows (goal: under 3 s).
// Shape and runs: BENCH_FILES=10000 BENCH_FILE_ROWS=10 BENCH_RUNS=3 (defaults).
import { join } from 'node:path';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';
import { generateDataFiles } from './gen-data.js';

export async function run() {
  const files = Number(process.env.BENCH_FILES ?? 10000);
  const rows = Number(process.env.BENCH_FILE_ROWS ?? 10);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const { dir } = await generateDataFiles(join(REPO, 'bench/.cache'), files, rows);
  const r = measure(process.execPath, [CONCERT, 'validate', dir, '--format', 'json', '--today', '2026-01-31'], { runs });
  table(['drops', 'command', `median of ${runs}`, 'peak RSS'], [[`${files.toLocaleString('en-US')} files × ${rows} rows`, 'concert validate', fmtMs(r.ms), fmtMB(r.rssMB)]]);
}
