/** `concert export [dir] [--format csv|json|parquet] [--out FILE] [--no-suppress]`: the merged tidy dataset. */
import { resolve } from 'node:path';
import { exportChunks, type MergedData } from '../../core/data/index.js';
import type { Initiative } from '../../core/model/types.js';
import { validateInitiative } from '../../core/validate.js';
import { VERSION } from '../../core/version.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { outPath, writeFileAtomic } from '../output.js';
import { count } from '../../core/words.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const format = opts['format'] === 'json' || opts['format'] === 'parquet' ? opts['format'] : 'csv';
  const out = outPath(opts['out']);
  // Parquet is binary: it goes to the file --out names, never to stdout.
  if (format === 'parquet' && out === undefined) throw new UsageError('--format parquet writes a file: give --out FILE (e.g. --out tidy.parquet)');
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const onProgress = progressReporter(io, opts);
  // every error validate would find counts (SPEC 9: exit 1), a reference as much as a bad row
  const validation = await validateInitiative(root, { today, ...(onProgress ? { onProgress } : {}) });
  const { initiative, errors } = validation;
  const data = validation.data!;
  const suppress = opts['suppress'] !== false;
  if (format === 'parquet') {
    await writeFileAtomic(resolve(io.cwd, out!), await parquetBytes(initiative, data, suppress), out, io);
  } else {
    const chunks = exportChunks(initiative, data, { format, suppress });
    if (out !== undefined) {
      const parts: Buffer[] = [];
      for (const c of chunks) parts.push(Buffer.from(c, 'utf8'));
      await writeFileAtomic(resolve(io.cwd, out), Buffer.concat(parts), out, io);
    } else {
      for (const c of chunks) io.stdout(c);
    }
  }
  if (errors > 0) {
    io.stderr(`concert: the initiative has ${count(errors, 'error')} (rows with errors are left out of the export); run concert validate for details\n`);
    return EXIT.invalid;
  }
  return EXIT.ok;
}

/** The Parquet writer is imported only here: CSV and JSON exports never load it. */
async function parquetBytes(initiative: Initiative, data: MergedData, suppress: boolean): Promise<Uint8Array> {
  const { ColumnClash, exportParquet } = await import('../../core/data/parquet.js');
  try {
    return await exportParquet(initiative, data, { suppress, createdBy: `concert version ${VERSION}` });
  } catch (err) {
    if (err instanceof ColumnClash) throw new UsageError(err.message);
    throw err;
  }
}
