/**
 * Worker threads (issue 12): a large drop is cut into byte ranges checked on other threads, and
 * what the commands print must not change. Every fixture initiative, the example, and generated
 * drops with problems around the cuts run through validate, export and report with
 * CONCERT_THREADS=1 and with threads (on tiny ranges, on a drop large enough to be cut as it is,
 * and with a worker failing); the outputs are compared byte for byte.
 * The built CLI (dist) runs: a worker thread loads compiled JavaScript.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXAMPLE, FIXTURES, REPO } from '../helpers/run.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks (no types)
import { generateDataDrop } from '../../bench/gen-data.js';

const runner = join(REPO, 'test/data/threads-corpus.mjs');

type Outputs = Record<string, { code: number; stdout: string; stderr: string }>;
interface Ranges { byWorkers: number; byMain: number; reread: number; streamed: number }
/** What each command printed, and how its ranges were read, by "folder command". */
interface Run { out: Outputs; ranges: Record<string, Ranges> }

function runAll(dirs: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [runner, JSON.stringify(dirs)], {
    cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`runner failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run;
}

const sum = (run: Run, k: keyof Ranges) => Object.values(run.ranges).reduce((n, r) => n + r[k], 0);

/** Run `dirs` on one thread and with `env`; the outputs must be the same. Returns the threaded run. */
function expectSameBothWays(dirs: string[], env: Record<string, string>): Run {
  const single = runAll(dirs, { CONCERT_THREADS: '1' });
  const threaded = runAll(dirs, { CONCERT_THREADS: '3', ...env });
  for (const r of Object.values(single.ranges)) expect(r).toEqual({ byWorkers: 0, byMain: 0, reread: 0, streamed: 0 });
  // the comparison proves something only if the ranges were read the threaded way
  expect(sum(threaded, 'byWorkers') + sum(threaded, 'byMain')).toBeGreaterThan(0);
  expect(Object.keys(threaded.out)).toEqual(Object.keys(single.out));
  for (const key of Object.keys(single.out)) expect(threaded.out[key], key).toEqual(single.out[key]);
  return threaded;
}

const tmp = mkdtempSync(join(tmpdir(), 'concert-threads-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A drop of `seats` rows (a quarterly count) with `eol` line ends and a dozen kinds of problem, each once in `every` rows. */
function drop(seed: number, rows: number, eol: string, every = 97): string {
  const races = ['', 'black', 'white', 'other'];
  const lines = ['indicator,period,partner,race,value,note'];
  for (let i = 0; i < rows; i++) {
    const year = 2000 + seed * 20 + Math.floor(i / 32);
    const period = `${year}-Q${(i % 4) + 1}`;
    const partner = i % 8 < 4 ? 'schools' : 'library';
    const race = races[Math.floor(i / 4) % 4];
    let value = String(10 + (i % 50));
    let indicator = 'seats';
    let note = '';
    let where = `${period},${partner},${race}`;
    switch (i % every) {
      case 5: value = '12x'; break;
      case 11: indicator = 'seatz'; break;
      case 17: where = `${period},libary,${race}`; break;
      case 23: where = `${period},${partner},purple`; break;
      case 29: note = '"a note, with a comma\nand a second line"'; break;
      case 31: note = 'plain note'; break;
      case 37: value = '"1,234"'; break;
      case 41: lines.push(''); break;
      case 43: where = ` ${period} ,${partner},${race}`; break;
      case 47: value = ''; break;
      case 53: value = '-3'; break;
      case 59: value = '2.5'; break;
    }
    lines.push(`${indicator},${where},${value},${note}`);
    // the same key again, later in the file: a duplicate, or a conflict
    if (i % 89 === 7) lines.push(`${indicator},${where},${value},`);
    if (i % 83 === 3) lines.push(`${indicator},${where},999,`);
  }
  return lines.join(eol) + eol;
}

function generated(): string {
  const dir = join(tmp, 'generated');
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(FIXTURES, 'data-valid'), dir, { recursive: true });
  rmSync(join(dir, 'data'), { recursive: true, force: true });
  mkdirSync(join(dir, 'data', 'library'), { recursive: true });
  writeFileSync(join(dir, 'data', 'a-lf.csv'), drop(0, 3000, '\n'));
  writeFileSync(join(dir, 'data', 'b-crlf.csv'), drop(1, 2000, '\r\n'));
  writeFileSync(join(dir, 'data', 'c-bom.csv'), '\uFEFF' + drop(2, 1500, '\n'));
  writeFileSync(join(dir, 'data', 'd-cr-only.csv'), drop(3, 500, '\r'));
  // Windows-1252: an é (0xE9) that is not UTF-8, late in the file
  const latin = Buffer.from(drop(4, 1500, '\n').replace('plain note', 'caf\u00e9'), 'latin1');
  writeFileSync(join(dir, 'data', 'e-cp1252.csv'), latin);
  // conflicts with another file's rows, and a drop in a partner's folder naming another partner
  writeFileSync(join(dir, 'data', 'library', 'f-again.csv'), drop(0, 800, '\n').replace(/,schools,/g, ',library,'));
  // a quote left open, closed by a stray one far later (the parser gives up on it first), and
  // two stray quotes close together
  const rows = drop(6, 3000, '\n').split('\n');
  rows[100] += ',"left open';
  rows[2900] += ',stray"quote';
  writeFileSync(join(dir, 'data', 'h-open-quote.csv'), rows.join('\n'));
  const near = drop(7, 3000, '\n').split('\n');
  near[500] += ',"stray';
  near[540] += ',stray"';
  writeFileSync(join(dir, 'data', 'i-stray-quotes.csv'), near.join('\n'));
  const early = drop(8, 3000, '\n').split('\n');
  early[2] += ',"early';
  early[1500] += ',late"';
  writeFileSync(join(dir, 'data', 'j-early-quote.csv'), early.join('\n'));
  // problems far apart: most ranges are clean, even long ones
  writeFileSync(join(dir, 'data', 'g-sparse.csv'), drop(5, 6000, '\n', 2999));
  return dir;
}

describe('threads give the same output as one thread', () => {
  test('the CLI is built (a worker thread runs compiled JavaScript)', () => {
    expect(existsSync(join(REPO, 'dist/core/data/worker.js'))).toBe(true);
  });

  test('on every fixture initiative and the example, with ranges of 256 bytes', () => {
    const dirs = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(FIXTURES, d.name));
    expect(dirs.length).toBeGreaterThan(50);
    expectSameBothWays([...dirs, EXAMPLE], { CONCERT_THREAD_CHUNK: '256' });
  }, 300_000);

  test.each(['97', '256', '4096'])('on generated drops with problems around the cuts (ranges of %s bytes)', (chunk) => {
    const run = expectSameBothWays([generated()], { CONCERT_THREAD_CHUNK: chunk });
    // ranges with problems were read again on the main thread, and a quote gone wrong streamed the rest
    expect(sum(run, 'reread')).toBeGreaterThan(0);
    expect(sum(run, 'streamed')).toBeGreaterThan(0);
  }, 120_000);

  test('on a 12 MB drop, cut as without any test setting: workers read ranges in every command', async () => {
    const { dir } = (await generateDataDrop(tmp, 300000)) as { dir: string };
    const run = expectSameBothWays([dir], {});
    // every load starts its workers again: none reads on the main thread alone
    for (const [command, r] of Object.entries(run.ranges)) expect(r.byWorkers, command).toBeGreaterThan(0);
  }, 120_000);

  test('a worker that fails on a range: the main thread reads the rest of the file, with the same output', async () => {
    const { dir } = (await generateDataDrop(tmp, 300000)) as { dir: string };
    const run = expectSameBothWays([dir], { CONCERT_THREAD_FAIL: '5' });
    for (const [command, r] of Object.entries(run.ranges)) expect(r.streamed, command).toBe(1);
  }, 120_000);
});
