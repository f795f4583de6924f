// `concert diff` between two git revisions, beside one `concert validate` of the same folder.
// Goals: the example under 1.5 s; the large initiative (2,000 indicators, 1,000,000 rows, 1% of
// the figures revised) under 2.5× one validate (the diff validates both sides, then compares).
// The repositories are built once under bench/.cache (BENCH_DIFF_ROWS=1000000, BENCH_RUNS=3).
import { execFileSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONCERT, REPO, fmtMB, fmtMs, measure, table } from './lib.js';
import { generateLargeInitiative } from './gen-initiative.js';

const TODAY = ['--today', '2026-11-23'];
const GIT_ENV = { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_CONFIG_NOSYSTEM: '1' };

function git(top, ...args) {
  return execFileSync('git', args, { cwd: top, env: GIT_ENV, encoding: 'utf8', maxBuffer: 1 << 26 });
}

function initRepo(top) {
  git(top, 'init', '-q', '-b', 'main');
  git(top, 'config', 'user.name', 'Concert Bench');
  git(top, 'config', 'user.email', 'bench@example.org');
  git(top, 'config', 'commit.gpgsign', 'false');
}

function commit(top, message) {
  git(top, 'add', '-A');
  git(top, 'commit', '-q', '-m', message);
}

/** The example, committed; then a target moved and a figure revised, committed too. */
function exampleRepo(cache) {
  const top = join(cache, 'diff-example');
  rmSync(top, { recursive: true, force: true });
  mkdirSync(top, { recursive: true });
  initRepo(top);
  const dir = join(top, 'eastside-learns');
  cpSync(join(REPO, 'examples/eastside-learns'), dir, { recursive: true });
  commit(top, 'the example');
  const ind = join(dir, 'indicators/kindergarten-ready.yaml');
  writeFileSync(ind, readFileSync(ind, 'utf8').replace('- { period: SY2026-27, value: 55 }', '- { period: SY2026-27, value: 52 }'));
  const csv = join(dir, 'data/head-start/prek-seats.csv');
  writeFileSync(csv, readFileSync(csv, 'utf8').replace('prek-seats,2026-Q1,493,', 'prek-seats,2026-Q1,473,'));
  commit(top, 'move a target, revise a figure');
  git(top, 'commit', '-q', '--allow-empty', '-m', 'later work');
  return dir;
}

const QUARTERS = ['2023-Q1', '2023-Q2', '2023-Q3', '2023-Q4', '2024-Q1', '2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1', '2025-Q2'];

/** One drop per quarter: every indicator × `partners` partners, a percent with one decimal. */
async function writeDrops(dir, rows, revise) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const indicators = 2000;
  const partners = Math.max(1, Math.round(rows / (indicators * QUARTERS.length)));
  let n = 0;
  let revised = 0;
  for (const [q, period] of QUARTERS.entries()) {
    const out = createWriteStream(join(dir, 'data', `${period}.csv`));
    const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
    let buf = 'indicator,period,partner,value\n';
    for (let i = 0; i < indicators; i++) {
      for (let p = 0; p < partners; p++) {
        let tenths = (i * 7919 + p * 104729 + q * 15485863) % 1000;
        // 1% of the figures revised: every 100th row, by +0.1 (or −0.1 at the top of the range)
        if (revise && n % 100 === 0) {
          tenths = tenths === 999 ? 998 : tenths + 1;
          revised++;
        }
        buf += `ind-${i},${period},partner-${(i + p * 7) % 500},${Math.floor(tenths / 10)}.${tenths % 10}\n`;
        n++;
      }
      if (buf.length > 1 << 20) {
        await write(buf);
        buf = '';
      }
    }
    await write(buf);
    await new Promise((r) => out.end(r));
  }
  return { rows: n, revised };
}

/** The large initiative with ~1M rows, committed; then 1% of the figures revised and a target moved, committed. */
async function largeRepo(cache, rows) {
  const top = join(cache, `diff-large-${rows}-v2`);
  const dir = join(top, 'large');
  if (existsSync(join(top, '.complete'))) return { dir, ...JSON.parse(readFileSync(join(top, '.complete'), 'utf8')) };
  rmSync(top, { recursive: true, force: true });
  mkdirSync(top, { recursive: true });
  initRepo(top);
  generateLargeInitiative(dir);
  const t0 = Date.now();
  const first = await writeDrops(dir, rows, false);
  commit(top, 'the large initiative');
  const file = join(dir, 'indicators/part-000.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('    - { period: 2026-Q4, value: 80 }', '    - { period: 2026-Q4, value: 75 }'));
  const second = await writeDrops(dir, rows, true);
  commit(top, 'revise 1% of the figures, move a target');
  git(top, 'commit', '-q', '--allow-empty', '-m', 'later work');
  const info = { rows: first.rows, revised: second.revised, setupMs: Date.now() - t0 };
  writeFileSync(join(top, '.complete'), JSON.stringify(info));
  return { dir, ...info };
}

function mustDiff(dir, args, label) {
  const r = execFileSync(process.execPath, [CONCERT, 'diff', dir, ...TODAY, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
  return { label, text: r };
}

export async function run() {
  const cache = join(REPO, 'bench/.cache');
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const rowsWanted = Number(process.env.BENCH_DIFF_ROWS ?? 1_000_000);
  const example = exampleRepo(cache);
  const large = await largeRepo(cache, rowsWanted);
  const check = JSON.parse(mustDiff(large.dir, ['--from', 'HEAD~2', '--format', 'json'], 'large').text);
  if (check.data.revised.length !== large.revised) throw new Error(`large: ${check.data.revised.length} revisions found, ${large.revised} made`);

  const rows = [];
  for (const [label, dir, n] of [
    ['example (11 indicators)', example, 5],
    [`large (2,000 indicators, ${large.rows.toLocaleString('en-US')} rows, ${large.revised.toLocaleString('en-US')} revised)`, large.dir, runs],
  ]) {
    const v = measure(process.execPath, [CONCERT, 'validate', dir, ...TODAY, '--quiet'], { runs: n, cwd: dir, okCodes: [0] });
    // HEAD~2 → HEAD~1 is the change; HEAD is an empty commit after it, so both refs are written out of git.
    const worktree = measure(process.execPath, [CONCERT, 'diff', dir, '--from', 'HEAD~2', ...TODAY, '--format', 'md'], { runs: n, cwd: dir, okCodes: [0] });
    const refs = measure(process.execPath, [CONCERT, 'diff', dir, '--from', 'HEAD~2', '--to', 'HEAD~1', ...TODAY, '--format', 'json'], { runs: n, cwd: dir, okCodes: [0] });
    rows.push([label, fmtMs(v.ms), fmtMs(worktree.ms), `${(worktree.ms / v.ms).toFixed(2)}×`, fmtMs(refs.ms), `${(refs.ms / v.ms).toFixed(2)}×`, fmtMB(refs.rssMB)]);
  }
  table(['initiative', 'validate', 'diff, --to the working tree', 'ratio', 'diff of two commits (both written out)', 'ratio', 'peak RSS'], rows);
  console.log(`\n(large repository built once in ${fmtMs(large.setupMs)}; goals: example under 1.5 s, large under 2.5× validate)`);
}
