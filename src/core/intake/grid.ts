/**
 * A partner's own file, read as a grid of cells (SPEC 4.4): what `concert data import` maps
 * into canonical rows. The `.xlsx` reader and the CSV reader both produce a `Grid`, so the
 * mapping, unpivoting and checks never care which kind of file came in.
 */

/** One non-empty cell. Empty cells are absent from `GridRow.cells`. */
export interface GridCell {
  /** 1-based row and column in the sheet (for CSV: the record's line and the field's number). */
  row: number;
  col: number;
  /** The cell's address, `B14`: for CSV too (row 14 is the record's line, B its second field). */
  ref: string;
  /**
   * The cell as the partner sees it, trimmed: the text of a text cell; a number as a plain
   * decimal at 15 significant digits (`1200`, `3.5`, never `1.2E+3`), or `45%` under a percent
   * format; a date as YYYY-MM-DD (`YYYY-MM-DD HH:MM` with a time of day); `TRUE`/`FALSE`; an error
   * as Excel shows it (`#DIV/0!`). A formula gives its cached value.
   */
  text: string;
  /** Present when the cell holds a number (xlsx numeric cells; never set for CSV text). */
  number?: number;
  /** The number format says percent (`0%`, `0.0%`): `number` is a fraction (0.125 shows as 12.5%). */
  percent?: boolean;
  /** The cell is a date (stored as a serial number): ISO date YYYY-MM-DD. */
  date?: string;
}

export interface GridRow {
  /** 1-based row number in the sheet, or line of the CSV record. */
  row: number;
  hidden: boolean;
  /** Non-empty cells, in column order. */
  cells: GridCell[];
}

export interface Grid {
  /** The file as given on the command line, relative to the initiative root when inside it. */
  file: string;
  kind: 'xlsx' | 'csv';
  /** The sheet read (xlsx), else undefined. */
  sheet?: string;
  /** Every sheet of the workbook, with whether it is hidden (xlsx). */
  sheets?: { name: string; hidden: boolean }[];
  /** Rows in order, including empty ones only when they are hidden (so they can be reported). */
  rows: GridRow[];
  /** 1-based column numbers that are hidden (xlsx). */
  hiddenCols: number[];
  /**
   * Merged ranges (xlsx), e.g. a header cell spanning two columns: the top-left cell holds the
   * text; the reader does not copy it into the other cells (the header finder does that).
   */
  merges: { top: number; left: number; bottom: number; right: number }[];
  /** CSV only: what the byte reader found. */
  encoding?: string;
  delimiter?: string;
}

/** `B14` from 1-based column and row. */
export function cellRef(col: number, row: number): string {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return `${s}${row}`;
}

/** `'Survey results'!C5` (quoted when the sheet name is not a plain word, as Excel writes it). */
export function sheetCellRef(sheet: string, ref: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet);
  return `${plain ? sheet : `'${sheet.replace(/'/g, "''")}'`}!${ref}`;
}
