/**
 * A partner's file as the import walks it (SPEC 4.4): one row at a time, as the reader produces
 * it, so a million-row CSV is never held as a million rows of cell objects. A workbook, read
 * whole into a `Grid`, is walked the same way.
 */
import type { Diagnostic } from '../diagnostics.js';
import { cellRef, type Grid, type GridCell, type GridRow } from './grid.js';

/** What a sheet is, without its rows: where diagnostics point, and what the reader found. */
export type SheetInfo = Omit<Grid, 'rows'>;

/** The row being visited; valid only during the visit (readers reuse it). */
export interface SheetRow {
  /** 1-based row number in the sheet, or line of the CSV record. */
  readonly row: number;
  readonly hidden: boolean;
  /** The trimmed text of the cell at the 1-based column, undefined when there is no cell. */
  text(col: number): string | undefined;
  /** The workbook cell at `col` (for a stored number and its format); undefined for CSV. */
  cell(col: number): GridCell | undefined;
  /** The column of the first cell with text, 0 when there is none. */
  first(): number;
  /** The row as a `GridRow` of its own (for the few rows a header is looked for in). */
  toGridRow(): GridRow;
}

/** Return false to end the walk early (the rest of the file is not visited). */
export type SheetVisitor = (row: SheetRow) => boolean | void;

export interface Sheet extends SheetInfo {
  /**
   * Visit the rows in order (hidden empty rows of a workbook included, empty CSV records not).
   * Each walk reads the file again; the reader's own problems (an encoding, a quote) are added
   * to `diagnostics` by the first walk.
   */
  eachRow(visit: SheetVisitor): Promise<void>;
  diagnostics: Diagnostic[];
}

/** A row of a `Grid`, its cells indexed by column while it is visited. */
class GridRowView implements SheetRow {
  row = 0;
  hidden = false;
  private source: GridRow | undefined;
  private readonly byCol: (GridCell | undefined)[] = [];

  set(r: GridRow): this {
    if (this.source) for (const c of this.source.cells) this.byCol[c.col] = undefined;
    this.source = r;
    this.row = r.row;
    this.hidden = r.hidden;
    for (const c of r.cells) this.byCol[c.col] = c;
    return this;
  }

  text(col: number): string | undefined {
    return this.byCol[col]?.text;
  }

  cell(col: number): GridCell | undefined {
    return this.byCol[col];
  }

  first(): number {
    return this.source?.cells.find((c) => c.text !== '')?.col ?? 0;
  }

  toGridRow(): GridRow {
    return this.source!;
  }
}

/** A grid already in memory, walked as a sheet. */
export function gridSheet(grid: Grid, diagnostics: Diagnostic[] = []): Sheet {
  const { rows, ...info } = grid;
  return {
    ...info,
    diagnostics,
    async eachRow(visit) {
      const view = new GridRowView();
      for (const r of rows) if (visit(view.set(r)) === false) break;
    },
  };
}

/** A row's cells as `GridCell`s (`texts[i]` is column i + 1; empty texts are no cell). */
export function gridRowOf(row: number, hidden: boolean, texts: (string | undefined)[]): GridRow {
  const cells: GridCell[] = [];
  texts.forEach((text, i) => {
    if (text) cells.push({ row, col: i + 1, ref: cellRef(i + 1, row), text });
  });
  return { row, hidden, cells };
}
