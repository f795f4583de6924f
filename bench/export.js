// `concert export` of the generated 1,000,000-row initiative to CSV and to Parquet (to a file),
// beside `validate` on the same folder (read and merge, without building the tidy rows): what
// the export adds in time and in peak memory, and how large each file is.
//
//   BENCH_EXPORT_ROWS=1000000   sizes (rows of the generated drop)
//   BENCH_RUNS=3                runs per figure (the median is shown)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataDrop } from './gen-data.js';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';

const TODAY = ['--today', '2026-11-23'];
const rowsLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const size = (path) => `${(statSync(path).size / 1e6).toFixed(1)} MB`;

export async function run() {
  const sizes = (process.env.BENCH_EXPORT_ROWS ?? '1000000').split(',').map(Number);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const out = mkdtempSync(join(tmpdir(), 'concert-bench-export-'));
  const rows = [];
  try {
    for (const n of sizes) {
      const { dir } = await generateDataDrop(join(REPO, 'bench/.cache'), n);
      const csv = join(out, 'tidy.csv');
      const parquet = join(out, 'tidy.parquet');
      const v = measure(process.execPath, [CONCERT, 'validate', dir, ...TODAY, '--quiet'], { runs });
      const c = measure(process.execPath, [CONCERT, 'export', dir, ...TODAY, '--format', 'csv', '--out', csv], { runs, okCodes: [0] });
      const p = measure(process.execPath, [CONCERT, 'export', dir, ...TODAY, '--format', 'parquet', '--out', parquet], { runs, okCodes: [0] });
      rows.push([rowsLabel(n), `${fmtMs(v.ms)} / ${fmtMB(v.rssMB)}`, `${fmtMs(c.ms)} / ${fmtMB(c.rssMB)}`, size(csv), `${fmtMs(p.ms)} / ${fmtMB(p.rssMB)}`, size(parquet)]);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`Median of ${runs} cold runs, wall time / peak RSS; both exports write a file (--out).\n`);
  table(['rows', 'validate', 'export csv', 'csv size', 'export parquet', 'parquet size'], rows);
}
