// `concert agenda` in each format on the example, beside `validate` on it (goal: within 1.2× of
// validate), and on a generated 200-meeting, 2,000-action history (goal: under 1 s).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generateMeetingsInitiative } from './gen-meetings.js';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';

const TODAY = ['--today', '2026-11-23'];
const EXAMPLE = 'examples/eastside-learns';

/** One run first: a format that fails (say, one not written yet) is a "failed" row, not a crash. */
function attempt(args, runs) {
  const r = spawnSync(process.execPath, [CONCERT, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30 });
  const firstLine = (text) => (text ?? '').trim().split('\n')[0] || `exit ${r.status}`;
  if (r.status !== 0) return { failed: firstLine(r.stderr) };
  try {
    return { ...measure(process.execPath, [CONCERT, ...args], { runs, okCodes: [0] }), bytes: r.stdout.length };
  } catch (err) {
    return { failed: firstLine(err.message) };
  }
}

const size = (bytes) => (bytes < 10 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${Math.round(bytes / 1024)} KB`);

export async function run() {
  const v = measure(process.execPath, [CONCERT, 'validate', EXAMPLE, ...TODAY], { runs: 5 });
  const rows = [[`validate ${EXAMPLE}`, fmtMs(v.ms), fmtMB(v.rssMB), '1.00×', '', '']];
  for (const format of ['md', 'html', 'json', 'ics']) {
    const a = attempt(['agenda', EXAMPLE, '--meeting', '2026-12-steering', ...TODAY, '--format', format], 5);
    const label = `agenda --format ${format}`;
    if (a.failed) rows.push([label, `failed: ${a.failed}`, '', '', '', '']);
    else {
      const ratio = a.ms / v.ms;
      rows.push([label, fmtMs(a.ms), fmtMB(a.rssMB), `${ratio.toFixed(2)}×`, size(a.bytes), `within 1.2× of validate: ${ratio <= 1.2 ? 'yes' : 'no'}`]);
    }
  }
  table(['example (2026-12-steering)', 'median', 'peak RSS', 'vs validate', 'size', 'goal'], rows);

  const dir = join(REPO, 'bench/.cache/meetings-initiative');
  const ids = generateMeetingsInitiative(dir);
  const last = ids[ids.length - 1];
  const bv = measure(process.execPath, [CONCERT, 'validate', dir, ...TODAY, '--quiet'], { runs: 3 });
  const big = [['validate', fmtMs(bv.ms), fmtMB(bv.rssMB), '', '']];
  for (const format of ['json', 'md']) {
    const a = attempt(['agenda', dir, '--meeting', last, ...TODAY, '--format', format], 3);
    const label = `agenda --format ${format}`;
    if (a.failed) big.push([label, `failed: ${a.failed}`, '', '', '']);
    else big.push([label, fmtMs(a.ms), fmtMB(a.rssMB), size(a.bytes), `under 1 s: ${a.ms < 1000 ? 'yes' : 'no'}`]);
  }
  console.log('');
  table([`200 meetings, 2,000 actions (--meeting ${last})`, 'median', 'peak RSS', 'size', 'goal'], big);
}
