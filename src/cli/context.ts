/** What most commands need first: the initiative folder, "today", and whether to colour. */
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { resolveToday } from '../core/dates.js';
import { UsageError, type CliIO } from './io.js';

/** The initiative folder, resolved and checked to exist (a missing folder is a usage error, exit 2). */
export async function initiativeDir(io: CliIO, dir: string): Promise<string> {
  if (dir.includes('\0')) throw new UsageError('the folder name contains a NUL byte');
  const root = resolve(io.cwd, dir);
  let s;
  try {
    s = await stat(root);
  } catch {
    throw new UsageError(`no such folder: ${dir}`);
  }
  if (!s.isDirectory()) throw new UsageError(`${dir} is not a folder; give the initiative's folder`);
  return root;
}

export function todayFor(io: CliIO, flag: unknown): string {
  const r = resolveToday(typeof flag === 'string' ? flag : undefined, io.env);
  if (!r.ok) throw new UsageError(r.reason);
  return r.today;
}

/** Colour only on a TTY, never with NO_COLOR or --no-color; FORCE_COLOR forces it. */
export function useColor(io: CliIO, opts: Record<string, unknown>, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (opts['color'] === false) return false;
  const env = io.env;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined) return env['FORCE_COLOR'] !== '0' && env['FORCE_COLOR'] !== 'false';
  return stream === 'stdout' ? io.stdoutIsTTY : io.stderrIsTTY;
}

/** The folder as shown to the user: relative to the working directory ('' when it is the cwd). */
export function displayRoot(io: CliIO, root: string): string {
  const rel = relative(io.cwd, root).split('\\').join('/');
  return rel;
}

/** What the data loader reports as it reads: bytes and rows over all the data so far, of `total` bytes. */
export interface ReadProgress {
  file: string;
  bytes: number;
  total: number;
  /** Records read so far; a reader that does not count them leaves it out. */
  rows?: number;
}

const REDRAW_MS = 100;
const ERASE = '\r\x1b[2K';

/**
 * A progress line on stderr for long reads (SPEC 9): only on a terminal, never with --quiet or
 * --format json. Nothing shows until the command has run a second, so short runs stay clean
 * (CONCERT_PROGRESS_AFTER_MS changes that second; the tests set 0). Then the file, percent and
 * rows read, and after half a second of reading, rows per second and time left; redrawn at
 * most ten times a second, and erased when the reading is done. Reports from two threads may
 * arrive out of order: the figures only move forward.
 */
export function progressReporter(io: CliIO, opts: Record<string, unknown>): ((p: ReadProgress) => void) | undefined {
  if (!io.stderrIsTTY || opts['quiet'] || opts['format'] === 'json') return undefined;
  const wait = Number(io.env['CONCERT_PROGRESS_AFTER_MS']);
  const after = Number.isFinite(wait) && wait >= 0 ? wait : 1000;
  // rate and time left wait for half a second of reading: the first files run before the JIT warms up
  const measure = Math.max(Math.min(after, 500), 1);
  let began = Date.now();
  // rates count from the first report: before it the reader makes its first pass (digest, encoding)
  let first: { at: number; bytes: number; rows: number } | undefined;
  let bytes = 0;
  let rows = 0;
  let drawn = -Infinity;
  let shown = false;
  return (p) => {
    const now = Date.now();
    if (p.bytes >= p.total) {
      if (shown) io.stderr(ERASE);
      // a later read (the other side of a diff) starts afresh
      began = now;
      first = undefined;
      bytes = rows = 0;
      drawn = -Infinity;
      shown = false;
      return;
    }
    bytes = Math.max(bytes, p.bytes);
    rows = Math.max(rows, p.rows ?? 0);
    first ??= { at: now, bytes, rows };
    if (now - began < after || now - drawn < REDRAW_MS) return;
    drawn = now;
    shown = true;
    const parts = [`reading ${shortName(p.file)} ${Math.floor((bytes / p.total) * 100)}%`];
    if (rows > 0) parts.push(`${rows.toLocaleString('en-US')} rows`);
    const seconds = (now - first.at) / 1000;
    if (seconds * 1000 >= measure && bytes > first.bytes) {
      if (rows > first.rows) parts.push(`${Math.round((rows - first.rows) / seconds).toLocaleString('en-US')} rows/s`);
      parts.push(`${timeLeft(((p.total - bytes) * seconds) / (bytes - first.bytes))} left`);
    }
    io.stderr(`${ERASE}${parts.join(' · ')}`);
  };
}

/** The file as shown in the line: no control characters (a file name is data), at most 24 characters. */
function shortName(file: string): string {
  const name = file.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return name.length > 24 ? `…${name.slice(-23)}` : name;
}

function timeLeft(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
