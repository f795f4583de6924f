/** `concert data status [dir] [--period P] [--format table|json]`: expected vs received submissions. */
import { countDiagnostics } from '../../core/diagnostics.js';
import { loadInitiative } from '../../core/load.js';
import { completeness, loadData } from '../../core/data/index.js';
import { describePeriodType, parsePeriod } from '../../core/periods.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const period = typeof opts['period'] === 'string' ? opts['period'] : undefined;
  if (period !== undefined && !parsePeriod(period)) {
    throw new UsageError(`--period '${period}' is not a period (${['year', 'school-year', 'half', 'quarter', 'month'].map((t) => describePeriodType(t as 'year')).join(', ')})`);
  }
  const { initiative, diagnostics } = await loadInitiative(root);
  const onProgress = progressReporter(io, opts);
  const read = await loadData(initiative, { today, ...(onProgress ? { onProgress } : {}) });
  const status = completeness(initiative, read.data, { today, ...(period !== undefined ? { period } : {}) });
  const { errors } = countDiagnostics([...diagnostics, ...read.diagnostics]);
  if (opts['format'] === 'json') {
    const received = status.rows.filter((r) => r.received).length;
    io.stdout(JSON.stringify({ today, period: status.period, expected: status.rows.length, received, missing: status.rows.length - received, rows: status.rows }, null, 2) + '\n');
  } else {
    io.stdout(renderTable(status.rows, today));
  }
  if (errors > 0 && !opts['quiet']) io.stderr(`concert: the initiative has ${errors} ${errors === 1 ? 'error' : 'errors'}; run concert validate for details\n`);
  return EXIT.ok;
}

function renderTable(rows: ReturnType<typeof completeness>['rows'], today: string): string {
  if (rows.length === 0) return `No reporting duties: no indicator names reporters (today ${today}).\n`;
  const head = ['partner', 'indicator', 'period', 'due', 'status'];
  const body = rows.map((r) => [
    r.partner, r.indicator, r.period, r.due,
    r.received ? 'received' : r.daysLate === null ? 'not yet due' : `missing, ${r.daysLate} ${r.daysLate === 1 ? 'day' : 'days'} late`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  const received = rows.filter((r) => r.received).length;
  return line(head) + line(widths.map((w) => '-'.repeat(w))) + body.map(line).join('') + `\n${received} of ${rows.length} received (today ${today})\n`;
}
