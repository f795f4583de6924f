/** Every problem Concert finds, in one shape. */

export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-too-large',
  'schema',
  'duplicate-id',
  'unknown-reference',
  'period-format',
  'period-type-mismatch',
  'invalid-date',
  'target-order',
  'target-direction',
  'target-equals-baseline',
  'target-range',
  'aggregation-unit',
  'thresholds-order',
  'date-order',
  'invalid-locale',
  'invalid-timezone',
  'layout-conflict',
  'missing-file',
  'unreadable-file',
  'misnamed-file',
  'attendee-not-member',
  'meeting-clash',
  'partner-without-role',
  'goal-without-indicator',
  'goal-without-activity',
  'indicator-without-data',
  'data-unknown-indicator',
  'data-unknown-partner',
  'data-unknown-dimension',
  'data-bad-number',
  'data-out-of-range',
  'data-conflict',
  'data-duplicate',
  'data-missing-column',
  'data-row-shape',
  'data-encoding',
  'data-missing',
  'data-missing-value',
  'data-unknown-column',
  'data-total-mismatch',
  'data-duplicate-column',
  'data-no-rows',
  'data-bad-quote',
  'data-control-character',
  'data-value-mismatch',
  'data-unattributed',
  'data-record-too-large',
  'data-unsupported-file',
  'data-partner-mismatch',
  'template-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
export type Severity = 'error' | 'warning';

export interface Position {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
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

/** Sorted, with exact duplicates removed, so output is stable whatever order the rules ran in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...list].sort(compareDiagnostics);
  return sorted.filter((d, i) => i === 0 || compareDiagnostics(d, sorted[i - 1]!) !== 0 || d.severity !== sorted[i - 1]!.severity);
}

export function countDiagnostics(list: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of list) d.severity === 'error' ? (errors += d.count ?? 1) : (warnings += d.count ?? 1);
  return { errors, warnings };
}
