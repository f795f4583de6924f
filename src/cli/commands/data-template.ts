/** `concert data template [dir] --partner ID [--period P] [--format csv|xlsx] [--out PATH]`: the request form for a partner (SPEC 8). */
import { resolve } from 'node:path';
import { requestForm } from '../../core/intake/template.js';
import { requestCsv } from '../../core/intake/template-csv.js';
import { parsePeriod } from '../../core/periods.js';
import { initiativeDir, todayFor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { emit, outPath, writeFileAtomic } from '../output.js';
import { validOrExplain } from '../validated.js';
import { count } from '../../core/words.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const out = outPath(opts['out']);
  const format = opts['format'] ?? (out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  const partner = String(opts['partner']);
  const period = typeof opts['period'] === 'string' ? opts['period'] : undefined;
  // A workbook is binary: to a file, or to stdout when that is redirected, never to a terminal.
  if (format === 'xlsx' && out === undefined && io.stdoutIsTTY) throw new UsageError(`--format xlsx writes a workbook, not text: give --out FILE (e.g. --out ${partner}-form.xlsx), or redirect the output`);
  if (period !== undefined && !parsePeriod(period)) throw new UsageError(`--period '${period}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)`);
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);

  // The form depends on the YAML only: a broken data drop does not stop a request for the next one.
  const checked = await validOrExplain(io, opts, root, { today, data: false }, 'request form');
  if (typeof checked === 'number') return checked;
  const made = requestForm(checked.initiative, { partner, today, ...(period !== undefined ? { period } : {}) });
  if (!made.ok) throw new UsageError(made.reason);
  const { form } = made;

  if (format === 'xlsx') {
    const { requestWorkbook } = await import('../../core/intake/template-xlsx.js');
    const bytes = await requestWorkbook(form, today);
    if (out === undefined) io.stdout(bytes);
    else await writeFileAtomic(resolve(io.cwd, out), bytes, out, io);
  } else {
    await emit(io, out, requestCsv(form));
  }
  if (out !== undefined && !opts['quiet']) {
    const n = form.rows.length;
    io.stderr(`wrote ${out}: ${count(n, 'row')} for ${form.partner.id}, ${count(form.indicators.length, 'indicator')}, period ${form.period}, due ${form.due}\n`);
  }
  return EXIT.ok;
}
