/** Every problem Concert finds, in one shape. */

import type { DiagnosticCode } from './codes.js';

export { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes.js';
export type Severity = 'error' | 'warning';

export interface Position {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  /**
   * A spreadsheet position (`concert data import`, SPEC 4.4): the sheet and the cell (`B14`).
   * `line` and `column` then hold the cell's row and column numbers.
   */
  sheet?: string;
  cell?: string;
}

export interface RelatedPlace extends Position {
  message: string;
}

export interface Diagnostic extends Position {
  code: DiagnosticCode;
  severity: Severity;
  /** One line, in the data manager's words. */
  message: string;
  hint?: string;
  related?: RelatedPlace[];
  /**
   * How many problems this entry stands for, when more than one: the entry that closes a capped
   * list ("N more … are not listed") stands for those N. Summaries count it (SPEC 9).
   */
  count?: number;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Longest message or hint shown whole; a 500,000-character id quoted in one is cut (BAD-INPUTS 39). */
const MAX_TEXT = 400;

/** One line (SPEC 3), at most MAX_TEXT characters: a line break quoted from a cell shows as ⏎. */
function oneLine(text: string): string {
  const flat = /[\r\n]/.test(text) ? text.replace(/\r\n|\r|\n/g, '⏎') : text;
  if (flat.length <= MAX_TEXT) return flat;
  let cut = MAX_TEXT - 60;
  // never half a character: a high surrogate keeps its pair or goes
  if (/[\uD800-\uDBFF]/.test(flat[cut - 1]!)) cut--;
  const kept = flat.slice(0, cut);
  return `${kept}… (${(flat.length - kept.length).toLocaleString('en-US')} more characters)`;
}

function bounded(d: Diagnostic): Diagnostic {
  const long = (t: string | undefined) => t !== undefined && (t.length > MAX_TEXT || /[\r\n]/.test(t));
  if (!long(d.message) && !long(d.hint) && !d.related?.some((r) => long(r.message))) return d;
  const out: Diagnostic = { ...d, message: oneLine(d.message) };
  if (d.hint !== undefined) out.hint = oneLine(d.hint);
  if (d.related) out.related = d.related.map((r) => ({ ...r, message: oneLine(r.message) }));
  return out;
}

/**
 * Sorted, with exact duplicates removed, so output is stable whatever order the rules ran in;
 * each message and hint one line of bounded length.
 */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const sorted = list.map(bounded).sort(compareDiagnostics);
  return sorted.filter((d, i) => i === 0 || compareDiagnostics(d, sorted[i - 1]!) !== 0 || d.severity !== sorted[i - 1]!.severity);
}

export function countDiagnostics(list: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of list) d.severity === 'error' ? (errors += d.count ?? 1) : (warnings += d.count ?? 1);
  return { errors, warnings };
}
