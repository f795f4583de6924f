/** `concert export [dir] [--format csv|json] [--out FILE] [--no-suppress]`: the merged tidy dataset. */
import { resolve } from 'node:path';
import { countDiagnostics } from '../../core/diagnostics.js';
import { loadInitiative } from '../../core/load.js';
import { exportChunks, loadData, type ExportFormat } from '../../core/data/index.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { EXIT } from '../io.js';
import type { CommandRun } from '../main.js';
import { writeFileAtomic } from '../output.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = (opts['format'] === 'json' ? 'json' : 'csv') as ExportFormat;
  const { initiative, diagnostics, incomplete } = await loadInitiative(root);
  const onProgress = progressReporter(io, opts);
  const read = await loadData(initiative, { today, incomplete, ...(onProgress ? { onProgress } : {}) });
  const { errors } = countDiagnostics([...diagnostics, ...read.diagnostics]);
  const chunks = exportChunks(initiative, read.data, { format, suppress: opts['suppress'] !== false });
  const out = opts['out'];
  if (typeof out === 'string' && out !== '' && out !== '-') {
    const parts: Buffer[] = [];
    for (const c of chunks) parts.push(Buffer.from(c, 'utf8'));
    await writeFileAtomic(resolve(io.cwd, out), Buffer.concat(parts), out, io);
  } else {
    for (const c of chunks) io.stdout(c);
  }
  if (errors > 0) {
    io.stderr(`concert: the initiative has ${errors} ${errors === 1 ? 'error' : 'errors'} (rows with errors are left out of the export); run concert validate for details\n`);
    return EXIT.invalid;
  }
  return EXIT.ok;
}
