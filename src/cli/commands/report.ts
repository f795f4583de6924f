import { resolve } from 'node:path';
import { completeness } from '../../core/data/index.js';
import { DOCUMENTS } from '../../core/render/documents.js';
import { defaultReportPeriod, parseReportPeriod, provenanceOf } from '../../core/report/index.js';
import { formatOf, renderAndEmit, templateOf } from '../document.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { validOrExplain } from '../validated.js';

/** `concert report`: validate, merge, compute progress, render (SPEC 6). */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const doc = DOCUMENTS.report;
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = formatOf(doc, opts);
  templateOf(doc, format, opts, io.cwd);
  const onProgress = progressReporter(io, opts);

  const checked = await validOrExplain(io, opts, root, { today, ...(onProgress ? { onProgress } : {}) }, 'report');
  if (typeof checked === 'number') return checked;
  const { initiative } = checked;
  const data = checked.data ?? { indicators: new Map(), files: [], submissions: [] };

  let period = defaultReportPeriod(initiative.settings, today);
  if (typeof opts['period'] === 'string') {
    const asked = parseReportPeriod(opts['period'], initiative.settings);
    if (!asked) throw new UsageError(`--period '${opts['period']}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)`);
    period = asked;
  }
  const out = typeof opts['out'] === 'string' && opts['out'] !== '-' ? resolve(io.cwd, opts['out']) : null;
  const provenance = await provenanceOf(root, data.files, out ? [out] : []);
  const rows = completeness(initiative, data, { today, period: period.text }).rows;
  const model = doc.build({ initiative, data, completeness: rows, today, period, provenance });
  return renderAndEmit(io, opts, doc, model, format, root);
}
