// `concert report --format html` on the example and on the generated 1,000,000-row initiative,
// beside `validate` on the same folder: the report should add little to validate-and-merge
// (rendering is proportional to indicators, not to rows).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateDataDrop } from './gen-data.js';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';

const TODAY = ['--today', '2026-11-23'];

function mustRender(args, label) {
  const r = spawnSync(process.execPath, [CONCERT, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${label}: concert ${args.join(' ')} exited ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`);
  return r.stdout.length;
}

export async function run() {
  const { dir: big } = await generateDataDrop(join(REPO, 'bench/.cache'), 1_000_000);
  const cases = [
    ['examples/eastside-learns', 'example (11 indicators, 15 drops)', 5],
    [big, '1,000,000 rows (200 indicators)', 3],
  ];
  const rows = [];
  for (const [dir, label, runs] of cases) {
    const bytes = mustRender(['report', dir, ...TODAY, '--format', 'html'], label);
    const v = measure(process.execPath, [CONCERT, 'validate', dir, ...TODAY, '--quiet'], { runs });
    const h = measure(process.execPath, [CONCERT, 'report', dir, ...TODAY, '--format', 'html'], { runs, okCodes: [0] });
    const j = measure(process.execPath, [CONCERT, 'report', dir, ...TODAY, '--format', 'json'], { runs, okCodes: [0] });
    rows.push([label, fmtMs(v.ms), fmtMs(h.ms), `${h.ms >= v.ms ? "+" : "−"}${fmtMs(Math.abs(h.ms - v.ms))}`, fmtMs(j.ms), fmtMB(h.rssMB), `${Math.round(bytes / 1024)} KB`]);
  }
  table(['initiative', 'validate', 'report html', 'html − validate', 'report json', 'html peak RSS', 'html size'], rows);
}
