/**
 * SPEC 9, output that never destroys: `--out` onto regular files, symlinks, devices, FIFOs and
 * folders; stdout closed early (`| head`) or full (/dev/full). One write path for every command.
 * Also: the validate formatters stay linear (issue 8 item 10: stylish was quadratic).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { FORMATTERS, type FormatName } from '../../src/formatters/index.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { EXAMPLE, REPO, runCli } from '../helpers/run.js';
// @ts-expect-error: a plain JavaScript module of the benchmarks (no types)
import { generateManyGoals } from '../../bench/formats.js';

const BIN = join(REPO, 'bin/concert.js');
const TODAY = ['--today', '2025-11-01'];
const tmp = () => mkdtempSync(join(tmpdir(), 'concert-out-'));
const isRoot = process.getuid?.() === 0;
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

/** Run the built CLI as a user would, with stdout wired as given. */
function spawnCli(args: string[], stdout: 'pipe' | number, onStdout?: (child: ReturnType<typeof spawn>, chunk: Buffer) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', stdout, 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      onStdout?.(child, c);
    });
    child.stdout?.on('error', () => {});
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout: out, stderr: err }));
  });
}

describe('--out PATH (SPEC 9)', () => {
  test('a regular file is replaced atomically (a new inode by rename), keeping its mode, with no temp file left', async () => {
    const dir = tmp();
    const file = join(dir, 'report.md');
    writeFileSync(file, 'old report\n');
    chmodSync(file, 0o640);
    const before = statSync(file);
    const r = await runCli(['report', EXAMPLE, ...TODAY, '--out', 'report.md'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const after = statSync(file);
    expect(readFileSync(file, 'utf8')).toMatch(/^# Eastside Learns: progress report/);
    expect(after.mode & 0o7777).toBe(0o640);
    expect(after.ino).not.toBe(before.ino);
    expect(readdirSync(dir)).toEqual(['report.md']);
  });

  test('a new file gets the usual mode (umask), and a missing folder is exit 2 in one line', async () => {
    const dir = tmp();
    expect((await runCli(['report', EXAMPLE, ...TODAY, '--out', 'new.md'], { cwd: dir })).code).toBe(0);
    expect(statSync(join(dir, 'new.md')).mode & 0o7777).toBe(0o666 & ~process.umask());
    const r = await runCli(['report', EXAMPLE, ...TODAY, '--out', 'no/such/folder/x.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('concert: cannot write no/such/folder/x.md: its folder does not exist\n');
  });

  test("a symlink: the link's target is written and the link stays a link (also a dangling link and a chain)", async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'published'));
    writeFileSync(join(dir, 'published/report.md'), 'old\n');
    chmodSync(join(dir, 'published/report.md'), 0o600);
    symlinkSync('published/report.md', join(dir, 'latest.md'));
    symlinkSync('latest.md', join(dir, 'chain.md'));
    symlinkSync('published/not-yet.md', join(dir, 'dangling.md'));
    expect((await runCli(['report', EXAMPLE, ...TODAY, '--out', 'chain.md'], { cwd: dir })).code).toBe(0);
    expect(lstatSync(join(dir, 'latest.md')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'chain.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'published/report.md'), 'utf8')).toMatch(/^# Eastside Learns/);
    expect(statSync(join(dir, 'published/report.md')).mode & 0o7777).toBe(0o600);
    expect((await runCli(['report', EXAMPLE, ...TODAY, '--out', 'dangling.md'], { cwd: dir })).code).toBe(0);
    expect(lstatSync(join(dir, 'dangling.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'published/not-yet.md'), 'utf8')).toMatch(/^# Eastside Learns/);
    expect(readdirSync(join(dir, 'published')).sort()).toEqual(['not-yet.md', 'report.md']);
  });

  test('a FIFO is written straight (a reader gets the report) and stays a FIFO', async () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.on('data', (c: Buffer) => (got += c.toString('utf8')));
    const closed = new Promise((done) => reader.on('close', done));
    const r = await runCli(['report', EXAMPLE, ...TODAY, '--out', fifo]);
    await closed;
    expect(r.code).toBe(0);
    expect(got).toMatch(/^# Eastside Learns: progress report/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  // A private copy of /dev/null (mknod needs root): the real one is never put at risk by a regression.
  test.runIf(isRoot)('a character device (a copy of /dev/null) is written, not replaced by a regular file', async () => {
    const dir = tmp();
    const dev = join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    for (const args of [['report', EXAMPLE, ...TODAY], ['export', EXAMPLE, ...TODAY], ['agenda', EXAMPLE, '--meeting', '2025-01-steering', ...TODAY]]) {
      const r = await runCli([...args, '--out', dev]);
      expect(r.code).toBe(0);
      expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    }
    expect(readdirSync(dir)).toEqual(['null']);
  });

  test('/dev/stdout is written straight: the report reaches the pipe', async () => {
    const r = await spawnCli(['report', EXAMPLE, ...TODAY, '--out', '/dev/stdout'], 'pipe');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^# Eastside Learns: progress report/);
  });

  test.each([
    ['report', ['report', EXAMPLE, ...TODAY]],
    ['agenda', ['agenda', EXAMPLE, '--meeting', '2025-01-steering', ...TODAY]],
    ['minutes', ['minutes', EXAMPLE, '--meeting', '2025-01-steering', ...TODAY]],
    ['export', ['export', EXAMPLE, ...TODAY]],
  ])('onto a folder: %s is a usage error (exit 2) with a plain message, and the folder is untouched', async (_name, args) => {
    const dir = tmp();
    mkdirSync(join(dir, 'reports'));
    const r = await runCli([...args, '--out', 'reports'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('concert: cannot write reports: it is a folder; give a file name\n');
    expect(readdirSync(dir)).toEqual(['reports']);
    expect(readdirSync(join(dir, 'reports'))).toEqual([]);
  });

  test('schema --out onto a file: a usage error that says --out names a folder, and the file is left as it was', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'schemas'), 'mine\n');
    const r = await runCli(['schema', '--out', 'schemas'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('concert: cannot write the schemas into schemas: it is a file, and --out names a folder\n');
    expect(readFileSync(join(dir, 'schemas'), 'utf8')).toBe('mine\n');
  });

  test('schema --out DIR writes each schema through the same path (a schema file that is a symlink stays one)', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'schemas'));
    writeFileSync(join(dir, 'kept.json'), '{}\n');
    symlinkSync('../kept.json', join(dir, 'schemas/agenda.schema.json'));
    expect((await runCli(['schema', '--out', 'schemas'], { cwd: dir })).code).toBe(0);
    expect(lstatSync(join(dir, 'schemas/agenda.schema.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'kept.json'), 'utf8')).toBe(readFileSync(join(REPO, 'schemas/agenda.schema.json'), 'utf8'));
  });
});

describe('stdout that goes away or fills up (SPEC 9)', () => {
  // As a user types it, through a real pipe: the HTML report is 80+ kB, more than a pipe holds,
  // so the writer is still writing when `head` has printed its line and gone.
  test('`concert report … --format html | head -1` ends quietly', async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn('bash', ['-c', '"$0" "$@" | head -1; exit ${PIPESTATUS[0]}', process.execPath, BIN, 'report', EXAMPLE, '--format', 'html', ...TODAY], { cwd: REPO });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.on('close', (code) => done({ code, stdout: out, stderr: err }));
    });
    expect(r.stdout).toBe('<!doctype html>\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  test('the reader closes its end after the first chunk: quiet, exit 0', async () => {
    const r = await spawnCli(['report', EXAMPLE, '--format', 'html', ...TODAY], 'pipe', (child) => child.stdout!.destroy());
    expect(r.stderr).toBe('');
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
  });

  test.each([
    ['report', ['report', EXAMPLE, '--format', 'html', ...TODAY]],
    ['export', ['export', EXAMPLE, ...TODAY]],
    ['schema', ['schema']],
    ['validate', ['validate', EXAMPLE, ...TODAY]],
  ])('%s into a pipe closed before it writes: quiet, no EPIPE error event', async (_name, args) => {
    const r = await spawnCli(args, 'pipe', undefined);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const closedEarly = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.on('close', (code) => done({ code, stderr: err }));
    });
    expect(closedEarly.stderr).toBe('');
    expect(closedEarly.code).toBe(r.code);
  });

  test.runIf(existsSync('/dev/full')).each([
    ['report', ['report', EXAMPLE, ...TODAY]],
    ['validate', ['validate', EXAMPLE, ...TODAY]],
    ['schema', ['schema']],
    ['export', ['export', EXAMPLE, ...TODAY]],
  ])('%s > /dev/full: one line on stderr, exit 2', async (_name, args) => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = await spawnCli(args, fd);
      expect(r.stderr).toBe('concert: cannot write to stdout: no space left on device\n');
      expect(r.code).toBe(2);
    } finally {
      closeSync(fd);
    }
  });

  test.runIf(existsSync('/dev/full'))('--out /dev/full: one line, exit 2, the device left as it is', async () => {
    const r = await runCli(['report', EXAMPLE, ...TODAY, '--out', '/dev/full']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('concert: cannot write /dev/full: no space left on device\n');
    expect(lstatSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  test('main() reports the write error its IO settles with; EPIPE keeps the exit code', async () => {
    const io = (code: string): CliIO => ({
      stdout: () => {},
      stderr: (t) => void (stderr += t),
      cwd: REPO,
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      settle: async () => Object.assign(new Error(code), { code }),
    });
    let stderr = '';
    expect(await main(['schema'], io('ENOSPC'))).toBe(2);
    expect(stderr).toBe('concert: cannot write to stdout: no space left on device\n');
    stderr = '';
    expect(await main(['schema'], io('EPIPE'))).toBe(0);
    expect(stderr).toBe('');
    noStack(stderr);
  });
});

describe('validate formatters are linear (issue 8 item 10)', () => {
  const many = (n: number): Diagnostic[] =>
    Array.from({ length: n }, (_, i) => ({ severity: 'warning', code: i % 2 ? 'goal-without-activity' : 'goal-without-indicator', message: `goal 'goal-${i >> 1}' …`, file: 'agenda.yaml', line: 3 + (i >> 1) * 2, column: 9, hint: 'add one' }) as Diagnostic);

  test.each(['stylish', 'json', 'github', 'junit', 'sarif'] as FormatName[])('%s formats 40,000 diagnostics of one file in under 2 s', (format) => {
    const list = many(40_000);
    const start = performance.now();
    const text = FORMATTERS[format](list, { color: false, root: '.', rootRelative: '', valid: true, errors: 0, warnings: list.length });
    const ms = performance.now() - start;
    expect(text.length).toBeGreaterThan(400_000);
    expect(ms).toBeLessThan(2000);
  });

  test('20,000 goals without indicators or activities: 40,000 warnings, all listed and counted', async () => {
    const dir = generateManyGoals(join(tmp(), 'many-goals'), 20_000) as string;
    const stylish = await runCli(['validate', dir, '--today', '2026-11-23']);
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toMatch(/⚠ 0 errors, 4000\d warnings\n$/);
    const json = JSON.parse((await runCli(['validate', dir, '--today', '2026-11-23', '--format', 'json'])).stdout);
    expect(json.diagnostics.filter((d: { code: string }) => d.code.startsWith('goal-without-')).length).toBe(40_000);
    expect(stylish.stdout).toContain(`0 errors, ${json.warnings} warnings`);
  });
});
