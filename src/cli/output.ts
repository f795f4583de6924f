/** Where a command's result goes: stdout, or a file written atomically. */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, type CliIO } from './io.js';

/**
 * Write `text` to `path` atomically: a temp file in the same folder, fsync, then rename, so a
 * failed run never leaves a half-written report and the old one stays intact.
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  let handle;
  try {
    handle = await open(tmp, 'wx');
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (err) {
    await handle?.close().catch(() => {});
    await rm(tmp, { force: true }).catch(() => {});
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot write ${path}: ${e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' ? 'permission denied' : e.message}`);
  }
}

/** Print to stdout, or write to --out (resolved against the working directory). */
export async function emit(io: CliIO, out: unknown, text: string): Promise<void> {
  if (typeof out === 'string' && out !== '' && out !== '-') await writeFileAtomic(resolve(io.cwd, out), text);
  else io.stdout(text);
}
