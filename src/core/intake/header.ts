/**
 * Where a partner's table starts: the header row, found below any title block, and the name of
 * each column — for a two-row header under merged cells, the merged cell's text and the cell
 * below it together ("Grade 3" over "ELA" names the column "Grade 3 ELA").
 */
import { normaliseHeader } from '../data/header.js';
import { cellRef, type Grid, type GridRow } from './grid.js';

export interface HeaderColumn {
  col: number;
  /** The header as written (trimmed), both rows joined by a space for a two-row header. */
  name: string;
  /** `name` normalised for matching (NFC, trimmed, lower case). */
  key: string;
  /** The header cell (`C4`) and its row. */
  ref: string;
  row: number;
}

export interface Header {
  /** The first and last rows of the header (the same row unless it is a two-row header). */
  row: number;
  lastRow: number;
  columns: HeaderColumn[];
}

/** Rows looked at for a header when the map does not name one. */
const SEARCH_ROWS = 50;

/**
 * The rows a header can be in (and the one below it), gathered as a file is walked: the first
 * 52 rows with cells, or the rows down to the one below `row` when the map gives it — not a
 * million rows of data.
 */
export class HeaderRows {
  readonly rows: GridRow[] = [];
  private taken = 0;

  constructor(private readonly row?: number) {}

  /** Keep `r`; false (and `r` not kept) once every row that can matter is in. */
  add(r: GridRow): boolean {
    if (this.row !== undefined ? r.row > this.row + 1 : this.taken > SEARCH_ROWS + 1) return false;
    this.rows.push(r);
    if (r.cells.length > 0) this.taken++;
    return true;
  }
}

/**
 * The header: the first row (of the first 50 with cells) naming at least two known columns — or
 * one, when no row names two — or `row` when the map gives it. Undefined when none names any.
 */
export function findHeader(grid: Grid, isKnown: (key: string) => boolean, row?: number): Header | undefined {
  const head = new HeaderRows(row);
  for (const r of grid.rows) if (!head.add(r)) break;
  const byRow = new Map(head.rows.map((r) => [r.row, r]));
  if (row !== undefined) return headerAt(grid, byRow, row);
  let fallback: Header | undefined;
  let looked = 0;
  for (const r of head.rows) {
    if (r.cells.length === 0) continue;
    if (++looked > SEARCH_ROWS) break;
    const h = headerAt(grid, byRow, r.row);
    const known = h.columns.filter((c) => isKnown(c.key)).length;
    if (known >= 2) return h;
    if (known === 1) fallback ??= h;
  }
  return fallback;
}

function headerAt(grid: Grid, byRow: Map<number, GridRow>, row: number): Header {
  const textAt = (r: number, c: number) => byRow.get(r)?.cells.find((x) => x.col === c)?.text ?? '';
  // A merged cell spanning columns of this row (and only this row) heads a two-row header.
  const spans = grid.merges.filter((m) => m.top === row && m.bottom === row && m.right > m.left);
  const twoRows = spans.length > 0 && byRow.has(row + 1);
  const cols = new Set<number>();
  for (const c of byRow.get(row)?.cells ?? []) cols.add(c.col);
  for (const m of spans) for (let c = m.left; c <= m.right; c++) cols.add(c);
  if (twoRows) for (const c of byRow.get(row + 1)!.cells) cols.add(c.col);
  const columns: HeaderColumn[] = [];
  for (const col of [...cols].sort((a, b) => a - b)) {
    let name = textAt(row, col);
    let at = row;
    if (twoRows) {
      const span = spans.find((m) => m.left <= col && col <= m.right);
      const below = textAt(row + 1, col);
      if (span) {
        const top = textAt(row, span.left);
        name = below ? `${top} ${below}`.trim() : top;
        if (below) at = row + 1;
      } else if (!name) {
        name = below;
        at = row + 1;
      }
    }
    name = name.trim();
    if (name) columns.push({ col, name, key: normaliseHeader(name), ref: cellRef(col, at), row: at });
  }
  return { row, lastRow: twoRows ? row + 1 : row, columns };
}
