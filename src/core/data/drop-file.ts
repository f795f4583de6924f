/**
 * The file being merged: where it is, what its header maps, how many rows it had, and its
 * diagnostics — at most MAX_PER_CODE_PER_FILE of each code, the rest counted in one closing line.
 */
import type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics.js';
import { NO_COLUMNS, type Columns } from './columns.js';

/** Diagnostics of one code kept per file; the rest are counted in one closing line. */
export const MAX_PER_CODE_PER_FILE = 100;

export class DropFile {
  columns: Columns = NO_COLUMNS;
  headerSeen = false;
  /** Data rows (blank lines aside), skipped ones included. */
  rows = 0;
  unattributedWarned = false;
  /** Told already that a column with no name holds values. */
  unnamedWarned = false;
  /** Weighted indicators already told that the file lacks numerator and denominator columns. */
  readonly missingCountsWarned = new Set<number>();
  private readonly counts = new Map<DiagnosticCode, number>();
  private readonly firstSeverity = new Map<DiagnosticCode, Severity>();
  /** Errors found in the file: rows the reader rejected (NUL bytes, a record too long) are not rows, but they are not nothing. */
  private errors = 0;

  /**
   * `folderPartner`: the partner number (1-based) of the data/<partner>/ folder the file is in,
   * else 0. `partnerUnknown`: the file is in folders none of which names a partner while
   * partners.yaml could not be read whole: one of them may be a partner's, so rows that name
   * no partner themselves cannot be keyed.
   */
  constructor(readonly path: string, readonly index: number, readonly folderPartner: number, private readonly diagnostics: Diagnostic[], readonly partnerUnknown = false) {}

  report(code: DiagnosticCode, severity: Severity, line: number, column: number, message: string, hint?: string, related?: Diagnostic['related']): void {
    if (!this.count(code, severity)) return;
    const d: Diagnostic = { code, severity, message, file: this.path, line, column };
    if (hint) d.hint = hint;
    if (related) d.related = related;
    this.diagnostics.push(d);
  }

  /**
   * Count a problem; true when it is still to be listed. A caller whose message is costly to
   * build (a duplicate row's, on data that repeats a million rows) counts first, then reports.
   */
  count(code: DiagnosticCode, severity: Severity): boolean {
    if (severity === 'error') this.errors++;
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    if (n === 1) this.firstSeverity.set(code, severity);
    return n <= MAX_PER_CODE_PER_FILE;
  }

  /** Report a problem already counted with `count`. */
  reportCounted(code: DiagnosticCode, severity: Severity, line: number, column: number, message: string, hint: string, related: Diagnostic['related']): void {
    this.diagnostics.push({ code, severity, message, file: this.path, line, column, hint, related });
  }

  /** Say what the file lacked (unless its errors say why), and count the diagnostics left out. */
  close(): void {
    // "no data rows" beside the errors that rejected them would be wrong
    if (this.errors === 0 && this.columns.count > 0 && this.rows === 0) this.report('data-no-rows', 'warning', 1, 1, 'the file has a header but no data rows');
    else if (this.errors === 0 && this.columns.count === 0 && !this.headerSeen) this.report('data-no-rows', 'warning', 1, 1, 'the file is empty: no header and no data rows');
    for (const [code, n] of this.counts) {
      if (n > MAX_PER_CODE_PER_FILE) {
        this.diagnostics.push({
          code, severity: this.firstSeverity.get(code)!, file: this.path, line: 1, column: 1,
          message: `${n - MAX_PER_CODE_PER_FILE} more '${code}' problems in this file are not listed`,
          count: n - MAX_PER_CODE_PER_FILE,
        });
      }
    }
  }
}
