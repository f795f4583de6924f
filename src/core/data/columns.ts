/**
 * The header of a drop (SPEC 4.1): which field holds the indicator, the period, the value, the
 * numerator and denominator, the partner, the note and each dimension. Problems with the header
 * are reported on the file; a header missing a required column skips the file.
 */
import type { Dimension } from '../model/types.js';
import { closest } from '../suggest.js';
import type { DropFile } from './drop-file.js';
import { normaliseHeader } from './header.js';
import type { DataRecord } from './record.js';

export const NO_COLUMN = -1;

/** Field index of each column, NO_COLUMN when absent. */
export interface Columns {
  /** Fields in the header; 0 when the file is skipped. */
  readonly count: number;
  readonly indicator: number;
  readonly period: number;
  readonly value: number;
  readonly numerator: number;
  readonly denominator: number;
  readonly partner: number;
  readonly note: number;
  /** Field index of each dimension column, in header order… */
  readonly dimensions: Int32Array;
  /** …and which of the initiative's dimensions it is. */
  readonly dimensionOf: Int32Array;
  /**
   * Columns of no known name while dimensions.yaml could not be read whole: each may be a
   * dimension, so a row with a value in one cannot be keyed and is left unchecked.
   */
  readonly unread: Int32Array;
  /** Columns with no name in the header: ignored, but a value in one is worth a word. */
  readonly unnamed: Int32Array;
}

export const NO_COLUMNS: Columns = {
  count: 0, indicator: NO_COLUMN, period: NO_COLUMN, value: NO_COLUMN, numerator: NO_COLUMN, denominator: NO_COLUMN,
  partner: NO_COLUMN, note: NO_COLUMN, dimensions: new Int32Array(0), dimensionOf: new Int32Array(0), unread: new Int32Array(0), unnamed: new Int32Array(0),
};

const KNOWN = ['indicator', 'period', 'value', 'numerator', 'denominator', 'partner', 'note'] as const;

/**
 * Map a header; the columns come back with count 0 when the file cannot be read.
 * `dimensionsIncomplete`: dimensions.yaml could not be read whole, so a column of no known name
 * is not reported as unknown (its own error says what is wrong) but kept in `unread`.
 */
export function mapColumns(header: DataRecord, dimensions: readonly Dimension[], file: DropFile, dimensionsIncomplete = false): Columns {
  const names: string[] = [];
  for (let i = 0; i < header.n; i++) names.push(normaliseHeader(header.text(i)));
  const at = { indicator: NO_COLUMN, period: NO_COLUMN, value: NO_COLUMN, numerator: NO_COLUMN, denominator: NO_COLUMN, partner: NO_COLUMN, note: NO_COLUMN };
  const seen = new Map<string, number>();
  const dimensionColumns: number[] = [];
  const dimensionOf: number[] = [];
  const unread: number[] = [];
  const unnamed: number[] = [];
  let duplicates = false;
  names.forEach((name, i) => {
    if (name === '') {
      unnamed.push(i);
      return;
    }
    const prev = seen.get(name);
    if (prev !== undefined) {
      file.report('data-duplicate-column', 'error', header.line, header.column(i), `column '${name}' appears twice in the header (columns ${prev + 1} and ${i + 1})`, 'keep one of them');
      duplicates = true;
      return;
    }
    seen.set(name, i);
    if ((KNOWN as readonly string[]).includes(name)) {
      at[name as (typeof KNOWN)[number]] = i;
      return;
    }
    const d = dimensions.findIndex((x) => x.id === name);
    if (d >= 0) {
      dimensionColumns.push(i);
      dimensionOf.push(d);
      return;
    }
    if (dimensionsIncomplete) {
      unread.push(i);
      return;
    }
    const hint = closest(name, [...KNOWN, ...dimensions.map((x) => x.id)]);
    file.report('data-unknown-column', 'warning', header.line, header.column(i), `unknown column '${header.text(i).trim()}' is ignored`,
      hint ? `did you mean '${hint}'?` : 'columns are indicator, period, value (or numerator and denominator), partner, note and dimension ids');
  });
  const missing: string[] = [];
  if (at.indicator < 0) missing.push('indicator');
  if (at.period < 0) missing.push('period');
  if (at.value < 0 && (at.numerator < 0 || at.denominator < 0)) missing.push('value');
  for (const m of missing) {
    file.report('data-missing-column', 'error', header.line, 1, `the header has no '${m}' column; the file is skipped`,
      m === 'value' ? "a drop needs a 'value' column, or 'numerator' and 'denominator'" : `found: ${names.filter(Boolean).join(', ') || 'no names'} (is the delimiter right?)`);
  }
  // one object shape for every file, so the row checks read it monomorphically
  return {
    count: missing.length > 0 || duplicates ? 0 : header.n,
    indicator: at.indicator, period: at.period, value: at.value, numerator: at.numerator, denominator: at.denominator,
    partner: at.partner, note: at.note,
    dimensions: Int32Array.from(dimensionColumns), dimensionOf: Int32Array.from(dimensionOf), unread: Int32Array.from(unread), unnamed: Int32Array.from(unnamed),
  };
}
