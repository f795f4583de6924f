import { validateInitiative } from '../../core/validate.js';
import { FORMATTERS, type FormatName } from '../../formatters/index.js';
import { displayRoot, initiativeDir, progressReporter, todayFor, useColor } from '../context.js';
import { EXIT } from '../io.js';
import type { CommandRun } from '../main.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const onProgress = progressReporter(io, opts);
  const result = await validateInitiative(root, { data: opts['data'] !== false, today, ...(onProgress ? { onProgress } : {}) });
  const format = (opts['format'] as FormatName | undefined) ?? 'stylish';
  const shown = opts['quiet'] && format === 'stylish' ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
  const rel = displayRoot(io, root);
  const text = FORMATTERS[format](shown, {
    color: useColor(io, opts),
    root: rel || '.',
    rootRelative: rel,
    valid: result.valid,
    errors: result.errors,
    warnings: result.warnings,
    strict: opts['strict'] === true,
  });
  if (!(opts['quiet'] && format === 'stylish' && shown.length === 0)) io.stdout(text);
  const failed = result.errors > 0 || (opts['strict'] === true && result.warnings > 0);
  return failed ? EXIT.invalid : EXIT.ok;
}
