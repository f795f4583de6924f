/** Documents render only from an initiative without errors: else the errors, and exit 1. */
import { validateInitiative, type ValidateOptions, type Validation } from '../core/validate.js';
import { FORMATTERS } from '../formatters/index.js';
import { displayRoot, useColor } from './context.js';
import { EXIT, type CliIO } from './io.js';

export async function validOrExplain(io: CliIO, opts: Record<string, unknown>, root: string, options: ValidateOptions, what: string): Promise<Validation | number> {
  const result = await validateInitiative(root, options);
  if (result.errors === 0) return result;
  const rel = displayRoot(io, root);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  io.stderr(FORMATTERS.stylish(errors, { color: useColor(io, opts, 'stderr'), root: rel || '.', rootRelative: rel, valid: false, errors: result.errors, warnings: result.warnings }));
  io.stderr(`concert: the ${what} was not rendered: fix the error${result.errors === 1 ? '' : 's'} above first\n`);
  return EXIT.invalid;
}
