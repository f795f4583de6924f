/** `concert data status [dir] [--period P] [--format table|json]`: expected vs received submissions. */
import { completeness, type Completeness } from '../../core/data/index.js';
import { validateInitiative } from '../../core/validate.js';
import { describePeriodType, parsePeriod } from '../../core/periods.js';
import { initiativeDir, progressReporter, todayFor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { count } from '../../core/words.js';

export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const period = typeof opts['period'] === 'string' ? opts['period'] : undefined;
  if (period !== undefined && !parsePeriod(period)) {
    throw new UsageError(`--period '${period}' is not a period (${['year', 'school-year', 'half', 'quarter', 'month'].map((t) => describePeriodType(t as 'year')).join(', ')})`);
  }
  const onProgress = progressReporter(io, opts);
  // every error validate would find counts (SPEC 9: exit 1), a reference as much as a bad row
  const { initiative, data, errors, incomplete } = await validateInitiative(root, { today, ...(onProgress ? { onProgress } : {}) });
  const status = completeness(initiative, data!, { today, incomplete, ...(period !== undefined ? { period } : {}) });
  if (opts['format'] === 'json') {
    const received = status.rows.filter((r) => r.received).length;
    io.stdout(JSON.stringify({ today, period: status.period, expected: status.rows.length, received, missing: status.rows.length - received, rows: status.rows }, null, 2) + '\n');
  } else {
    io.stdout(status.rows.length === 0 ? nothingExpected(status, today) : renderTable(status.rows, today));
  }
  if (errors > 0) {
    if (!opts['quiet']) io.stderr(`concert: the initiative has ${count(errors, 'error')}; run concert validate for details\n`);
    return EXIT.invalid;
  }
  return EXIT.ok;
}

/**
 * Why the table is empty: no indicator names reporters, or (SPEC 3.1) nothing is owed for the
 * period: it ended before the initiative started, or no reporter was a member then.
 */
function nothingExpected(status: Completeness, today: string): string {
  const skipped = status.notExpected;
  if (skipped.length === 0) return `No reporting duties: no indicator names reporters (today ${today}).\n`;
  const unique = (xs: string[]) => [...new Set(xs)];
  const periods = unique(skipped.map((n) => n.period));
  const what = status.period ?? (periods.length === 1 ? periods[0]! : `the latest due periods (${periods.join(', ')})`);
  const reasons: string[] = [];
  const before = skipped.filter((n) => n.reason === 'before-start');
  if (before.length > 0) reasons.push(`the initiative started on ${before[0]!.started}, after ${unique(before.map((n) => n.period)).join(', ')} ended`);
  const partners = unique(skipped.flatMap((n) => (n.reason === 'not-member' ? [n.partner] : [])));
  if (partners.length > 0) {
    const detail = partners.map((p) => {
      const n = skipped.find((x) => x.reason === 'not-member' && x.partner === p);
      return n?.reason === 'not-member' && n.joined ? `${p} joined on ${n.joined}` : n?.reason === 'not-member' && n.left ? `${p} left on ${n.left}` : p;
    });
    const shown = detail.length > 5 ? `${detail.slice(0, 5).join(', ')} and ${detail.length - 5} more` : detail.join(', ');
    reasons.push(`no reporter was a member then (${shown})`);
  }
  return `Nothing is expected for ${what} (today ${today}): ${reasons.join('; ')}.\n`;
}

function renderTable(rows: Completeness['rows'], today: string): string {
  const head = ['partner', 'indicator', 'period', 'due', 'status'];
  const body = rows.map((r) => [
    r.partner, r.indicator, r.period, r.due,
    r.received ? 'received' : r.daysLate === null ? 'not yet due' : `missing, ${count(r.daysLate, 'day')} late`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n';
  const received = rows.filter((r) => r.received).length;
  return line(head) + line(widths.map((w) => '-'.repeat(w))) + body.map(line).join('') + `\n${received} of ${rows.length} received (today ${today})\n`;
}
