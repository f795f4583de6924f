/**
 * The merged data table: what reports, agendas and exports consume.
 * Produced by `loadData` (src/core/data/index.ts) from every data drop under data/.
 */
import type { Diagnostic } from '../diagnostics.js';

/** One combined figure: a total or a group, for one indicator and period. */
export interface Cell {
  value: number;
  /** Present for `weighted` indicators: the sums behind the rate. */
  numerator?: number;
  denominator?: number;
  /** Partner rows combined into this cell. */
  rows: number;
  /** Partner ids that contributed (sorted), '' for unattributed rows. */
  partners: string[];
  /** Set on group cells below `privacy.min_count` when loadData was asked to suppress (SPEC 4.5). */
  suppressed?: boolean;
}

/** Everything known about one indicator's data, combined across partners. */
export interface IndicatorData {
  indicator: string;
  /** period text → initiative-level total (rows with every dimension column empty). */
  totals: Map<string, Cell>;
  /** dimension id → dimension value id → period text → combined group figure. */
  groups: Map<string, Map<string, Map<string, Cell>>>;
  /** Merged rows of this indicator (any partner, period or dimension values), when known. */
  rows?: number;
}

/** One merged, tidy row per (indicator, period, partner, dimension values): the export's unit. */
export interface TidyRow {
  indicator: string;
  period: string;
  /** '' when unattributed. */
  partner: string;
  /** dimension id → value id; absent dimension = total. */
  dimensions: Record<string, string>;
  value: number;
  numerator?: number;
  denominator?: number;
  note?: string;
  file: string;
  line: number;
}

export interface DataFileInfo {
  /** POSIX path relative to the initiative root. */
  path: string;
  rows: number;
  sha256: string;
  bytes: number;
}

/** A (partner, indicator, period) for which data arrived; used for completeness. */
export interface Submission {
  partner: string;
  indicator: string;
  period: string;
  file: string;
}

export interface MergedData {
  indicators: Map<string, IndicatorData>;
  files: DataFileInfo[];
  submissions: Submission[];
  /**
   * The merged tidy rows, produced on demand (export), so validating a large drop does not
   * build millions of objects. Absent on hand-built data.
   */
  tidy?: TidyTable;
  /** The file of the first row for (indicator, period, partner), if any arrived (fast lookup). */
  submitted?: (indicator: string, period: string, partner: string) => string | undefined;
  /** The merged rows as plain numbers, for bulk comparisons (`concert diff`). Absent on hand-built data. */
  scan?: RowScan;
  /**
   * The `note`s of total rows (every dimension column empty), one per (indicator, period,
   * partner): the first non-empty one in file order. Absent on hand-built data.
   */
  notes?: () => DataNote[];
}

/** A partner's note on its total row for an indicator and period (SPEC 4.1 `note`). */
export interface DataNote {
  indicator: string;
  period: string;
  /** '' when unattributed. */
  partner: string;
  text: string;
}

/**
 * The merged rows without an object per row: each row is visited as small integers that index
 * the lists below, and its figures. For comparing millions of rows (`concert diff`), where
 * `TidyTable.rows()` would build millions of objects.
 */
export interface RowScan {
  readonly size: number;
  /** Index → indicator id. */
  readonly indicators: readonly string[];
  /** Index → period text. */
  readonly periods: readonly string[];
  /** Index → partner id; index 0 is '' (unattributed). */
  readonly partners: readonly string[];
  /** Dimension combinations are numbered below this. */
  readonly combos: number;
  /** A dimension combination → dimension id → value id (empty for a total). */
  groups(combo: number): Record<string, string>;
  /** Visit every row, unordered; numerator and denominator are NaN unless the indicator is `weighted`. */
  forEach(visit: (indicator: number, period: number, partner: number, combo: number, value: number, numerator: number, denominator: number) => void): void;
}

/** The merged rows, one per merge key, kept compactly and expanded only when asked. */
export interface TidyTable {
  /** Number of merged rows. */
  readonly size: number;
  /** Dimension ids in column order (the initiative's dimensions). */
  readonly dimensions: string[];
  /** Rows in a stable order: indicator (as declared), period (chronological), partner, dimension values. */
  rows(): IterableIterator<TidyRow>;
}

export interface DataResult {
  data: MergedData;
  diagnostics: Diagnostic[];
}
