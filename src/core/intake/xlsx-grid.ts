/**
 * An `.xlsx` workbook read into a `Grid` (SPEC 4.4): one sheet's cells as the partner sees them,
 * with merged ranges, hidden rows and hidden columns.
 *
 * Read straight from the zip with Node's zlib and a small XML tag scanner rather than through
 * exceljs: exceljs's in-memory reader needs ~590 MB for 100,000 rows × 8 columns, and its streaming
 * reader drops merges, hidden rows and hidden columns, which the import must report. The sheet's
 * XML is inflated and scanned chunk by chunk, so memory holds the grid and little else.
 */
import type { Diagnostic } from '../diagnostics.js';
import { cellRef, type Grid, type GridCell, type GridRow } from './grid.js';
import { readStyles, type Styles } from './xlsx-styles.js';
import { readSharedStrings, readWorkbook } from './xlsx-workbook.js';
import { attr, cellString, isTrue, scanTags, type Tag } from './xlsx-xml.js';
import { Unreadable, Zip } from './xlsx-zip.js';

export interface XlsxOptions {
  file: string;
  sheet?: string;
}

const UNREADABLE_HINT = 'save it as .xlsx (Excel Workbook) or CSV';

export async function readXlsxGrid(bytes: Buffer, options: XlsxOptions): Promise<{ grid?: Grid; diagnostics: Diagnostic[] }> {
  const at = { file: options.file, line: 1, column: 1 };
  try {
    const zip = new Zip(bytes);
    const book = readWorkbook(zip);
    const sheets = book.sheets.map(({ name, hidden }) => ({ name, hidden }));
    const chosen = options.sheet === undefined ? book.sheets.find((s) => !s.hidden) : book.sheets.find((s) => s.name === options.sheet);
    if (!chosen) {
      if (options.sheet === undefined) throw new Unreadable('every sheet of the workbook is hidden');
      const names = sheets.map((s) => `'${s.name}'${s.hidden ? ' (hidden)' : ''}`).join(', ');
      return {
        diagnostics: [{
          ...at, code: 'import-unknown-sheet', severity: 'error',
          message: `the workbook has no sheet named '${options.sheet}'; its sheets are ${names}`,
          hint: 'give --sheet one of these names exactly, as on the sheet tab',
        }],
      };
    }
    const styles = book.stylesPath && zip.has(book.stylesPath) ? readStyles(zip.text(book.stylesPath)) : { percent: [], date: [] };
    const strings = book.stringsPath && zip.has(book.stringsPath) ? readSharedStrings(zip.text(book.stringsPath)) : [];
    if (!zip.has(chosen.path)) throw new Unreadable(`sheet '${chosen.name}' is missing from the file`);
    const read = new SheetReader(strings, styles, book.date1904);
    for await (const text of zip.textChunks(chosen.path)) read.feed(text);
    const grid: Grid = { file: options.file, kind: 'xlsx', sheet: chosen.name, sheets, ...read.finish() };
    return { grid, diagnostics: [] };
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    return { diagnostics: [{ ...at, code: 'import-unreadable', severity: 'error', message: `cannot read this spreadsheet: ${error.message}`, hint: UNREADABLE_HINT }] };
  }
}


/** Column number and row number of `B14` (either part may be absent). */
function decodeRef(ref: string): { col: number; row: number } {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return { col, row: Number(ref.slice(i)) || 0 };
}

/** Plain decimal text at 15 significant digits: no exponent, no float noise (0.1 + 0.2 → `0.3`). */
export function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return '0';
  const shortest = String(n);
  if (!shortest.includes('e') && shortest.replace(/^-|\./g, '').replace(/^0+/, '').length <= 15) return shortest;
  const [digits, exp] = n.toExponential(14).split('e') as [string, string];
  const negative = digits.startsWith('-');
  const mantissa = digits.replace(/^-/, '').replace('.', '').replace(/0+$/, '') || '0';
  const point = Number(exp) + 1;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${mantissa}`;
  else if (point >= mantissa.length) out = mantissa + '0'.repeat(point - mantissa.length);
  else out = `${mantissa.slice(0, point)}.${mantissa.slice(point)}`;
  return negative ? `-${out}` : out;
}

const DAY_MS = 86_400_000;

/** A date serial as a UTC date (1900 system with Excel's phantom 29 Feb 1900, or 1904 system). */
function serialToDate(serial: number, date1904: boolean): Date {
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  return new Date(Math.round((days - 25569) * DAY_MS / 1000) * 1000);
}

interface PendingCell {
  col: number;
  style: number;
  type: string;
  value: string | undefined;
  inline: string;
}

class SheetReader {
  private rest = '';
  private rows: GridRow[] = [];
  private hiddenCols: number[] = [];
  private merges: Grid['merges'] = [];
  private row: GridRow | null = null;
  private lastRow = 0;
  private lastCol = 0;
  private cell: PendingCell | null = null;
  private textFrom = -1;
  private inInline = false;
  private inPhonetic = 0;
  private maxCol = 0;

  constructor(private strings: string[], private styles: Styles, private date1904: boolean) {}

  feed(chunk: string): void {
    const text = this.rest + chunk;
    const end = scanTags(text, 0, (t) => this.tag(t, text));
    // a value cut by the chunk boundary: keep its start, the next chunk brings its end
    if (this.textFrom >= 0) {
      this.rest = text.slice(this.textFrom);
      this.textFrom = 0;
    } else this.rest = text.slice(end);
  }

  private tag(t: Tag, text: string): void {
    switch (t.name) {
      case 'row':
        if (t.close) this.endRow();
        else {
          const r = Number(attr(t.attrs, 'r')) || this.lastRow + 1;
          this.row = { row: r, hidden: isTrue(attr(t.attrs, 'hidden')), cells: [] };
          this.lastRow = r;
          this.lastCol = 0;
          if (t.empty) this.endRow();
        }
        return;
      case 'c':
        if (t.close) this.endCell();
        else {
          const ref = attr(t.attrs, 'r');
          const col = (ref ? decodeRef(ref).col : 0) || this.lastCol + 1;
          this.lastCol = col;
          this.cell = { col, style: Number(attr(t.attrs, 's') ?? 0), type: attr(t.attrs, 't') ?? 'n', value: undefined, inline: '' };
          if (t.empty) this.endCell();
        }
        return;
      case 'v':
      case 't':
        if (!this.cell || (t.name === 't' && (!this.inInline || this.inPhonetic > 0))) return;
        if (t.close) {
          if (this.textFrom < 0) return;
          const raw = text.slice(this.textFrom, t.start);
          if (t.name === 'v') this.cell.value = raw;
          else this.cell.inline += cellString(raw);
          this.textFrom = -1;
        } else if (!t.empty) this.textFrom = t.end;
        return;
      case 'is':
        if (this.cell) this.inInline = !t.close && !t.empty;
        return;
      case 'rPh':
        if (!t.empty) this.inPhonetic += t.close ? -1 : 1;
        return;
      case 'col':
        if (!t.close && isTrue(attr(t.attrs, 'hidden'))) {
          const min = Number(attr(t.attrs, 'min'));
          const max = Math.min(Number(attr(t.attrs, 'max')), 16384);
          for (let c = min; c <= max; c++) this.hiddenCols.push(c);
        }
        return;
      case 'mergeCell':
        if (!t.close) {
          const [a, b] = (attr(t.attrs, 'ref') ?? '').split(':');
          if (!a) return;
          const from = decodeRef(a);
          const to = decodeRef(b ?? a);
          this.merges.push({ top: from.row, left: from.col, bottom: to.row, right: to.col });
          this.maxCol = Math.max(this.maxCol, to.col);
        }
        return;
    }
  }

  private endCell(): void {
    const pending = this.cell;
    this.cell = null;
    this.inInline = false;
    if (!pending || !this.row) return;
    const cell = this.toGridCell(pending, this.row.row);
    if (!cell) return;
    this.row.cells.push(cell);
    this.maxCol = Math.max(this.maxCol, cell.col);
  }

  private toGridCell(p: PendingCell, row: number): GridCell | null {
    const raw = p.value;
    let text = '';
    let number: number | undefined;
    let percent = false;
    let date: string | undefined;
    switch (p.type) {
      case 'inlineStr':
        text = p.inline.trim();
        break;
      case 's':
        text = (this.strings[Number(raw)] ?? '').trim();
        break;
      case 'str':
      case 'e':
        text = raw === undefined ? '' : cellString(raw).trim();
        break;
      case 'b':
        if (raw !== undefined) text = raw.trim() === '1' || raw.trim() === 'true' ? 'TRUE' : 'FALSE';
        break;
      case 'd':
        text = (raw ?? '').trim();
        if (/^\d{4}-\d{2}-\d{2}/.test(text)) text = date = text.slice(0, 10);
        break;
      default: {
        if (raw === undefined) break;
        const stored = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(stored)) {
          text = raw.trim();
        } else if (this.styles.date[p.style]) {
          const d = serialToDate(stored, this.date1904);
          const time = d.toISOString().slice(11, 19).replace(/:00$/, '');
          if (stored < 1 && !this.date1904) {
            text = time;
            number = stored;
          } else {
            date = d.toISOString().slice(0, 10);
            text = time === '00:00' ? date : `${date} ${time}`;
          }
        } else {
          // Excel keeps 15 significant digits: 0.1 + 0.2 is 0.3 to the partner, and here
          number = Number(plainDecimal(stored));
          percent = this.styles.percent[p.style] === true;
          text = percent ? `${plainDecimal(number * 100)}%` : plainDecimal(number);
        }
      }
    }
    if (!text) return null;
    // one object literal, then only the fields that apply (spreading costs ~3× the memory)
    const cell: GridCell = { row, col: p.col, ref: cellRef(p.col, row), text };
    if (number !== undefined) cell.number = number;
    if (percent) cell.percent = true;
    if (date !== undefined) cell.date = date;
    return cell;
  }

  private endRow(): void {
    const row = this.row;
    this.row = null;
    if (row && (row.cells.length > 0 || row.hidden)) this.rows.push(row);
  }

  finish(): Pick<Grid, 'rows' | 'hiddenCols' | 'merges'> {
    let lastFilled = this.rows.length;
    while (lastFilled > 0 && this.rows[lastFilled - 1]!.cells.length === 0) lastFilled--;
    const lastMergeRow = Math.max(0, ...this.merges.map((m) => m.bottom));
    const rows = this.rows.filter((r, i) => i < lastFilled || r.row <= lastMergeRow);
    const hiddenCols = [...new Set(this.hiddenCols)].filter((c) => c <= this.maxCol).sort((a, b) => a - b);
    return { rows, hiddenCols, merges: this.merges };
  }
}
