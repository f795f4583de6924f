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

/** A progress line on stderr for long reads, only when stderr is a terminal. */
export function progressReporter(io: CliIO, opts: Record<string, unknown>): ((p: { file: string; bytes: number; total: number }) => void) | undefined {
  if (!io.stderrIsTTY || opts['quiet']) return undefined;
  let last = 0;
  return ({ file, bytes, total }) => {
    const now = Date.now();
    if (now - last < 200 && bytes < total) return;
    last = now;
    const pct = total > 0 ? Math.floor((bytes / total) * 100) : 100;
    io.stderr(`\r\x1b[2Kreading ${file} ${pct}%${bytes >= total ? '\r\x1b[2K' : ''}`);
  };
}
