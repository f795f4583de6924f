/**
 * SPEC 9, progress on long work: the line on stderr (file, percent, rows, rate, time left) shows
 * under a real pseudo-terminal (`script` from util-linux) and is erased when the reading is done;
 * it never shows when stderr is not a terminal, with --quiet, or with --format json.
 * CONCERT_PROGRESS_AFTER_MS=0 lets it show at once, so no test depends on how fast the machine is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { progressReporter } from '../../src/cli/context.js';
import type { CliIO } from '../../src/cli/io.js';
import { REPO } from '../helpers/run.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks (no types)
import { generateDataDrop } from '../../bench/gen-data.js';

const BIN = join(REPO, 'bin/concert.js');
const SCRIPT = '/usr/bin/script';
const ERASE = '\r\x1b[2K';
const ENV = { ...process.env, CONCERT_PROGRESS_AFTER_MS: '0', NO_COLOR: '1' };
const shellQuote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

let cache: string;
let initiative: string;

beforeAll(async () => {
  cache = mkdtempSync(join(tmpdir(), 'concert-progress-'));
  // 600,000 rows (24 MB): streamed in 1 MB chunks, the reader reports 24 times, and the reading
  // lasts well over the tenth of a second after the first report that a rate needs
  ({ dir: initiative } = (await generateDataDrop(cache, 600000)) as { dir: string });
}, 60000);

afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** Everything the terminal received (stdout and stderr both go to the pseudo-terminal). */
function underTerminal(args: string[], env: Record<string, string> = {}): { code: number | null; screen: string } {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  const r = spawnSync(SCRIPT, ['-qefc', command, '/dev/null'], { cwd: REPO, env: { ...ENV, ...env }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, screen: r.stdout };
}

describe.skipIf(!existsSync(SCRIPT))('the progress line under a real terminal', () => {
  test('shows file, percent, rows, rate and time left, then is erased', () => {
    const { code, screen } = underTerminal(['validate', initiative, '--today', '2026-01-31']);
    expect(code).toBe(0);
    const first = /\r\x1b\[2Kreading data\/drop\.csv (\d+)% · ([\d,]+) rows/.exec(screen);
    expect(first, JSON.stringify(screen.slice(0, 400))).not.toBeNull();
    expect(Number(first![1])).toBeLessThan(100);
    expect(Number(first![2]!.replace(/,/g, ''))).toBeGreaterThan(0);
    expect(screen).toMatch(/\r\x1b\[2Kreading data\/drop\.csv \d+% · [\d,]+ rows · [\d,]+ rows\/s · (\d+ s|\d+ min \d+ s) left/);
    // the last thing written about progress is the erase: no leftover line
    const lastDraw = screen.lastIndexOf('reading data/drop.csv');
    expect(screen.indexOf(ERASE, lastDraw)).toBeGreaterThan(lastDraw);
  });

  test('with two threads: the same line, its figures only moving forward, then erased', () => {
    const { code, screen } = underTerminal(['validate', initiative, '--today', '2026-01-31'], { CONCERT_THREADS: '2' });
    expect(code).toBe(0);
    const draws = [...screen.matchAll(/\r\x1b\[2Kreading data\/drop\.csv (\d+)% · ([\d,]+) rows/g)]
      .map((m) => ({ percent: Number(m[1]), rows: Number(m[2]!.replace(/,/g, '')) }));
    expect(draws.length, JSON.stringify(screen.slice(0, 400))).toBeGreaterThan(0);
    for (let i = 1; i < draws.length; i++) {
      expect(draws[i]!.percent).toBeGreaterThanOrEqual(draws[i - 1]!.percent);
      expect(draws[i]!.rows).toBeGreaterThanOrEqual(draws[i - 1]!.rows);
    }
    expect(draws.at(-1)!.rows).toBeLessThanOrEqual(600000);
    const lastDraw = screen.lastIndexOf('reading data/drop.csv');
    expect(screen.indexOf(ERASE, lastDraw)).toBeGreaterThan(lastDraw);
    // and what it printed is what one thread prints
    const single = underTerminal(['validate', initiative, '--today', '2026-01-31', '--quiet']);
    const threaded = underTerminal(['validate', initiative, '--today', '2026-01-31', '--quiet'], { CONCERT_THREADS: '2' });
    expect(threaded.screen).toBe(single.screen);
  });

  test('never shows with --quiet', () => {
    const { code, screen } = underTerminal(['validate', initiative, '--today', '2026-01-31', '--quiet']);
    expect(code).toBe(0);
    expect(screen).not.toContain('reading ');
    expect(screen).not.toContain('\x1b[2K');
  });

  test('never shows with --format json', () => {
    const { code, screen } = underTerminal(['validate', initiative, '--today', '2026-01-31', '--format', 'json']);
    expect(code).toBe(0);
    expect(screen).not.toContain('reading ');
    expect(screen).not.toContain('\x1b[2K');
    expect(JSON.parse(screen.slice(screen.indexOf('{'))).valid).toBe(true);
  });
});

test('never shows when stderr is not a terminal', () => {
  const r = spawnSync(process.execPath, [BIN, 'validate', initiative, '--today', '2026-01-31'], { cwd: REPO, env: ENV, encoding: 'utf8', timeout: 60000 });
  expect(r.status).toBe(0);
  expect(r.stderr).not.toContain('reading ');
  expect(r.stderr).not.toContain('\x1b[');
});

test('reports from two readers arriving out of order never move the figures back', () => {
  let stderr = '';
  const io: CliIO = {
    stdout: () => {}, stderr: (t) => void (stderr += t), cwd: REPO,
    env: { CONCERT_PROGRESS_AFTER_MS: '0' }, stdoutIsTTY: true, stderrIsTTY: true,
  };
  vi.useFakeTimers({ now: 0 });
  try {
    const report = progressReporter(io, {})!;
    report({ file: 'data/a.csv', bytes: 600, total: 1000, rows: 60 });
    expect(stderr).toBe(`${ERASE}reading data/a.csv 60% · 60 rows`); // nothing to measure a rate on yet
    stderr = '';
    vi.advanceTimersByTime(50);
    report({ file: 'data/a.csv', bytes: 700, total: 1000, rows: 70 });
    expect(stderr).toBe(''); // at most ten redraws a second
    vi.advanceTimersByTime(100);
    report({ file: 'data/b.csv', bytes: 400, total: 1000, rows: 40 }); // the other reader's older report
    // 100 bytes and 10 rows in 0.15 s since the first report; 300 bytes to go
    expect(stderr).toBe(`${ERASE}reading data/b.csv 70% · 70 rows · 67 rows/s · 1 s left`);
    stderr = '';
    report({ file: 'data/b.csv', bytes: 1000, total: 1000, rows: 100 });
    expect(stderr).toBe(ERASE);
  } finally {
    vi.useRealTimers();
  }
});

test('a short read shows nothing at all', () => {
  let stderr = '';
  const io: CliIO = { stdout: () => {}, stderr: (t) => void (stderr += t), cwd: REPO, env: {}, stdoutIsTTY: true, stderrIsTTY: true };
  const report = progressReporter(io, {})!;
  report({ file: 'data/a.csv', bytes: 500, total: 1000, rows: 50 });
  report({ file: 'data/a.csv', bytes: 1000, total: 1000, rows: 100 });
  expect(stderr).toBe('');
});
