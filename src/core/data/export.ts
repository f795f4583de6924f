/** The merged tidy dataset as CSV or JSON for BI tools (SPEC 8), with suppression (SPEC 4.5). */
import type { Initiative } from '../model/types.js';
import { isSuppressed, rowsWithSuppression, type SuppressionReason } from './suppress.js';
import type { MergedData, TidyRow } from './types.js';

export type ExportFormat = 'csv' | 'json';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * A text cell made safe for spreadsheets (BAD-INPUTS 32): a leading = + - @ tab or CR (or a
 * full-width = + - @) gets a leading apostrophe, then RFC 4180 quoting when needed.
 */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell: always a plain number, never neutralised (a negative number stays a number). */
export function csvNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  return String(n);
}

export interface ExportOptions {
  format: ExportFormat;
  /** Apply privacy.min_count (default true). */
  suppress?: boolean;
}

/**
 * Whether a tidy row is a group figure (some dimension set) below min_count: primary suppression
 * only. The export hides more (complementary suppression, `suppressionPlan`).
 */
export function rowSuppressed(initiative: Initiative, row: TidyRow): boolean {
  if (Object.keys(row.dimensions).length === 0) return false;
  const ix = initiative.indicators.find((i) => i.id === row.indicator);
  return ix !== undefined && isSuppressed(ix, row, initiative.settings.privacy.min_count);
}

/**
 * What every export format writes: the dimension columns in order, and each merged row with the
 * reason it is hidden (null when shown). Primary and complementary suppression: the cells the
 * report's plan hides too (SPEC 4.5), unless `suppress` is false.
 */
export function exportRows(initiative: Initiative, data: MergedData, suppress = true): { dims: string[]; rows: Iterable<[TidyRow, SuppressionReason | null]> } {
  const dims = data.tidy?.dimensions ?? initiative.dimensions.map((d) => d.id);
  return { dims, rows: rowsWithSuppression(initiative, data, suppress) };
}

/** The export, as chunks of text (large datasets never become one huge string). */
export function* exportChunks(initiative: Initiative, data: MergedData, options: ExportOptions): Generator<string> {
  const { dims, rows } = exportRows(initiative, data, options.suppress !== false);
  let buf = '';
  if (options.format === 'csv') {
    buf = ['indicator', 'period', 'partner', ...dims, 'value', 'numerator', 'denominator', 'note'].map(csvText).join(',') + '\n';
    for (const [r, reason] of rows) {
      const h = reason !== null;
      buf += [
        csvText(r.indicator), csvText(r.period), csvText(r.partner),
        ...dims.map((d) => csvText(r.dimensions[d] ?? '')),
        h ? 'suppressed' : csvNumber(r.value),
        h ? '' : csvNumber(r.numerator), h ? '' : csvNumber(r.denominator),
        csvText(r.note ?? ''),
      ].join(',') + '\n';
      if (buf.length > 1 << 20) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
    return;
  }
  buf = '[';
  let first = true;
  for (const [r, reason] of rows) {
    const h = reason !== null;
    const o: Record<string, unknown> = { indicator: r.indicator, period: r.period, partner: r.partner === '' ? null : r.partner };
    for (const d of dims) o[d] = r.dimensions[d] ?? null;
    o['value'] = h ? null : r.value;
    if (!h && r.numerator !== undefined) o['numerator'] = r.numerator;
    if (!h && r.denominator !== undefined) o['denominator'] = r.denominator;
    if (h) o['suppressed'] = true;
    if (r.note !== undefined) o['note'] = r.note;
    buf += (first ? '\n  ' : ',\n  ') + JSON.stringify(o);
    first = false;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield buf + (first ? ']\n' : '\n]\n');
}
