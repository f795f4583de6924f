import { resolve } from 'node:path';
import { completeness } from '../../core/data/index.js';
import { buildReport, defaultReportPeriod, parseReportPeriod, provenanceOf, renderCsv } from '../../core/report/index.js';
import { validateInitiative } from '../../core/validate.js';
import { FORMATTERS } from '../../formatters/index.js';
import { displayRoot, initiativeDir, progressReporter, todayFor, useColor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { emit } from '../output.js';

type ReportFormat = 'md' | 'html' | 'json' | 'csv';

/** `concert report`: validate, merge, compute progress, render (SPEC 6). */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = ((opts['format'] as string | undefined) ?? 'md') as ReportFormat;
  const template = typeof opts['template'] === 'string' ? opts['template'] : undefined;
  if (template !== undefined && (format === 'json' || format === 'csv')) throw new UsageError(`--template applies to md and html reports, not ${format}`);
  if (template?.includes('\0')) throw new UsageError('the template path contains a NUL byte');
  const onProgress = progressReporter(io, opts);

  const result = await validateInitiative(root, { today, ...(onProgress ? { onProgress } : {}) });
  if (result.errors > 0) {
    const rel = displayRoot(io, root);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    io.stderr(FORMATTERS.stylish(errors, { color: useColor(io, opts, 'stderr'), root: rel || '.', rootRelative: rel, valid: false, errors: result.errors, warnings: 0 }));
    io.stderr(`concert: the report was not rendered: fix the error${result.errors === 1 ? '' : 's'} above first\n`);
    return EXIT.invalid;
  }
  const { initiative } = result;
  const data = result.data ?? { indicators: new Map(), files: [], submissions: [] };

  let period = defaultReportPeriod(initiative.settings, today);
  if (typeof opts['period'] === 'string') {
    const asked = parseReportPeriod(opts['period'], initiative.settings);
    if (!asked) throw new UsageError(`--period '${opts['period']}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)`);
    period = asked;
  }
  const out = typeof opts['out'] === 'string' && opts['out'] !== '-' ? resolve(io.cwd, opts['out']) : null;
  const provenance = await provenanceOf(root, data.files, out ? [out] : []);
  const rows = completeness(initiative, data, { today, period: period.text }).rows;
  const model = buildReport({ initiative, data, completeness: rows, today, period, provenance });

  let text: string;
  if (format === 'json') text = JSON.stringify(model, null, 2) + '\n';
  else if (format === 'csv') text = renderCsv(model);
  else {
    // Handlebars and the templates load only here, never at start-up or for validate.
    const { loadTemplates, renderReport, TemplateError } = await import('../../core/render/engine.js');
    try {
      const templates = await loadTemplates(format, {
        root,
        ...(template !== undefined ? { templateFile: resolve(io.cwd, template), displayFile: template } : {}),
      });
      text = renderReport(model, templates, format);
    } catch (err) {
      if (err instanceof TemplateError) {
        io.stderr(`concert: ${err.message}\n`);
        return EXIT.invalid;
      }
      throw err;
    }
  }
  await emit(io, opts['out'], text);
  return EXIT.ok;
}
