/**
 * A partner's CSV as a sheet (SPEC 4.4), read with the data drops' own byte reader, so every
 * encoding and delimiter of SPEC 4.1 is read the same way: each record is a row (its line), each
 * field a cell. The first record is not treated as a header here: the import finds the header.
 * Rows are handed on as the reader produces them; a field is decoded only when asked for.
 */
import { readCsvFile, type CsvProblem, type CsvSink, type RecordView } from '../data/csv-reader.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Grid, GridCell, GridRow } from './grid.js';
import { gridRowOf, type Sheet, type SheetRow, type SheetVisitor } from './sheet.js';

/** The current record as a row: fields decoded and trimmed on first use, then kept until the next record. */
class CsvRow implements SheetRow {
  row = 0;
  readonly hidden = false;
  private view!: RecordView;
  private texts: (string | undefined)[] = [];

  set(view: RecordView): this {
    this.view = view;
    this.row = view.line;
    this.texts.length = 0;
    return this;
  }

  text(col: number): string | undefined {
    const i = col - 1;
    if (i < 0 || i >= this.view.n) return undefined;
    let t = this.texts[i];
    if (t === undefined) this.texts[i] = t = this.view.text(i).trim();
    return t === '' ? undefined : t;
  }

  cell(): GridCell | undefined {
    return undefined;
  }

  first(): number {
    for (let col = 1; col <= this.view.n; col++) if (this.text(col) !== undefined) return col;
    return 0;
  }

  toGridRow(): GridRow {
    const texts: (string | undefined)[] = [];
    for (let col = 1; col <= this.view.n; col++) texts.push(this.text(col));
    return gridRowOf(this.row, false, texts);
  }
}

class RowSink implements CsvSink {
  private readonly row = new CsvRow();
  private done = false;

  constructor(private file: string, private visit: SheetVisitor, private diagnostics: Diagnostic[] | undefined) {}

  header(view: RecordView): boolean {
    this.record(view);
    return true;
  }

  record(view: RecordView): void {
    if (this.done) return;
    const row = this.row.set(view);
    if (row.first() === 0) return;
    if (this.visit(row) === false) this.done = true;
  }

  problem(p: CsvProblem): void {
    this.diagnostics?.push({
      code: p.code, severity: p.severity, file: this.file, line: p.line, column: p.column, message: p.message,
      ...(p.hint ? { hint: p.hint } : {}),
    });
  }
}

/** The CSV at `absPath` as a sheet; `file` is how diagnostics name it. */
export function csvSheet(absPath: string, file: string): Sheet {
  let walks = 0;
  const sheet: Sheet = {
    file, kind: 'csv', hiddenCols: [], merges: [], diagnostics: [],
    async eachRow(visit) {
      // The reader reports the same problems on every walk: keep the first walk's.
      const result = await readCsvFile(absPath, new RowSink(file, visit, walks++ === 0 ? sheet.diagnostics : undefined));
      sheet.encoding = result.encoding;
      sheet.delimiter = result.delimiter;
    },
  };
  return sheet;
}

/** The whole CSV as a `Grid` (for tests and small files: the import walks the sheet instead). */
export async function readCsvGrid(absPath: string, file: string): Promise<{ grid: Grid; diagnostics: Diagnostic[] }> {
  const sheet = csvSheet(absPath, file);
  const rows: GridRow[] = [];
  await sheet.eachRow((r) => void rows.push(r.toGridRow()));
  const grid: Grid = { file, kind: 'csv', rows, hiddenCols: [], merges: [], encoding: sheet.encoding!, delimiter: sheet.delimiter! };
  return { grid, diagnostics: sheet.diagnostics };
}
