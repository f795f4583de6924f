/**
 * Where a command's result goes: stdout, or `--out PATH` (SPEC 9). The one write path of every
 * command, so the rules hold everywhere:
 * - a regular file is replaced atomically (temp file in the same folder, then rename), keeping its mode;
 * - a symlink is followed and its target written (the link stays a link);
 * - anything else (a device such as /dev/null, a FIFO, /dev/stdout) is written straight, never replaced;
 * - a folder is a usage error.
 */
import { constants } from 'node:fs';
import { lstat, open, readlink, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, type CliIO } from './io.js';

/** An errno in the user's words (one line, no stack). */
export function describeIOError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT': return 'its folder does not exist';
    case 'ENOTDIR': return 'a part of the path is not a folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOSPC': return 'no space left on device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EROFS': return 'read-only file system';
    case 'EISDIR': return 'it is a folder';
    case 'ENXIO': return 'nothing is reading it (or it is a socket)';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EIO': return 'input/output error';
    default: return e?.code ? `${e.code}` : String(e?.message ?? err);
  }
}

type Target =
  | { kind: 'new'; path: string }
  | { kind: 'file'; path: string; mode: number }
  | { kind: 'folder'; path: string }
  | { kind: 'special'; path: string }
  | { kind: 'stdio'; fd: 1 | 2 };

/** What `path` is, after following symlinks; the folder part is resolved at each step. */
async function targetOf(path: string): Promise<Target> {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    // Resolve the folder part (so /dev/fd/1 is seen as /proc/<pid>/fd/1, a descriptor, not a name).
    p = join(await realpath(dirname(p)), basename(p));
    let s;
    try {
      s = await lstat(p);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'new', path: p };
      throw err;
    }
    // Our own stdout and stderr (`/dev/stdout`, `/dev/fd/1`) are written like stdout itself: a
    // socket cannot be reopened by name, and a `>>` redirection must stay an append.
    const own = /^\/proc\/(\d+)\/fd\/([12])$/.exec(p);
    if (own && Number(own[1]) === process.pid) return { kind: 'stdio', fd: own[2] === '1' ? 1 : 2 };
    // /proc/<pid>/fd/N are open descriptors (a pipe, a terminal, a file opened with `>>`): never replace them.
    if (p.startsWith('/proc/')) return s.isDirectory() ? { kind: 'folder', path: p } : { kind: 'special', path: p };
    if (s.isSymbolicLink()) {
      p = resolve(dirname(p), await readlink(p));
      continue;
    }
    if (s.isDirectory()) return { kind: 'folder', path: p };
    if (s.isFile()) return { kind: 'file', path: p, mode: s.mode & 0o7777 };
    return { kind: 'special', path: p };
  }
  throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
}

async function replaceAtomically(path: string, data: string | Uint8Array, mode: number | undefined): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let handle;
  try {
    handle = await open(tmp, 'wx');
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
}

/** Write straight into a device, FIFO or descriptor (appending, so a `>>` redirection stays one). */
async function writeStraight(path: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
  try {
    await handle.writeFile(data);
  } catch (err) {
    // The reader went away (`--out /dev/stdout | head`): the run ends quietly, like a closed stdout.
    if ((err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Write `data` to `path` by SPEC 9's rules (see the top of this file). Any failure is a
 * UsageError (exit 2) naming `shown` (the path as the user gave it).
 */
export async function writeOutput(path: string, data: string | Uint8Array, shown: string = path, io?: CliIO): Promise<void> {
  let target: Target;
  try {
    target = await targetOf(path);
  } catch (err) {
    throw new UsageError(`cannot write ${shown}: ${describeIOError(err)}`);
  }
  if (target.kind === 'folder') throw new UsageError(`cannot write ${shown}: it is a folder; give a file name`);
  if (target.kind === 'stdio') {
    // Bytes stay bytes: a binary file (Parquet, .xlsx) must not pass through a text decoder.
    if (io && target.fd === 1) io.stdout(data);
    else if (io) io.stderr(typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));
    else (target.fd === 1 ? process.stdout : process.stderr).write(data);
    return;
  }
  try {
    if (target.kind === 'special') await writeStraight(target.path, data);
    else await replaceAtomically(target.path, data, target.kind === 'file' ? target.mode : undefined);
  } catch (err) {
    throw new UsageError(`cannot write ${shown}: ${describeIOError(err)}`);
  }
}

/** The name the other commands know; every file Concert writes goes through writeOutput. */
export const writeFileAtomic = writeOutput;

/** The `--out` value when it names a file (absent, empty and `-` mean stdout). */
export function outPath(out: unknown): string | undefined {
  return typeof out === 'string' && out !== '' && out !== '-' ? out : undefined;
}

/** Print to stdout, or write to --out (resolved against the working directory). */
export async function emit(io: CliIO, out: unknown, text: string | Uint8Array): Promise<void> {
  const path = outPath(out);
  if (path !== undefined) await writeOutput(resolve(io.cwd, path), text, path, io);
  else io.stdout(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
}
