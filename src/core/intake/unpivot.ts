/**
 * A wide sheet made long (SPEC 4.4): with a column per period (or per indicator, or per dimension
 * value), each filled cell of those columns becomes a row of its own, carrying the row's other
 * columns, the column's header as a label, and the cell as its figure.
 */
import type { HeaderColumn } from './header.js';
import type { SheetRow } from './sheet.js';

/** A wide column: where it is and what its header says. */
export interface WideColumn {
  col: number;
  label: string;
}

/** The header columns the map names as wide, in sheet order. */
export function wideColumns(columns: readonly HeaderColumn[], wanted: readonly string[]): WideColumn[] {
  const set = new Set(wanted);
  return columns.filter((c) => set.has(c.key)).map((c) => ({ col: c.col, label: c.name }));
}

/**
 * The long rows a sheet row gives: one per filled wide cell (that column's header is the row's
 * label, its cell the figure); a row whose wide cells are all empty gives none. A sheet that is
 * not wide gives each row as it is (`[undefined]`).
 */
export function longRows(wide: readonly WideColumn[], row: SheetRow): (WideColumn | undefined)[] {
  if (wide.length === 0) return AS_IS;
  return wide.filter((w) => (row.text(w.col) ?? '') !== '');
}

const AS_IS: (WideColumn | undefined)[] = [undefined];
