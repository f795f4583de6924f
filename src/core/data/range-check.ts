/**
 * A worker's share of a large drop (threads): parse the records of one byte range and check each
 * row as the merge would. The range is CLEAN when every row passes without a word from the
 * checker or the reader; its rows then go back encoded as numbers. Any doubt makes the range
 * NOT CLEAN, and the main thread reads it again itself, with the real per-file state.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Initiative } from '../model/types.js';
import type { Columns } from './columns.js';
import { CsvParser, decodeBytes } from './csv-reader.js';
import { DropFile } from './drop-file.js';
import { ByteInterner, isBlank } from './interner.js';
import { KeySpace } from './keys.js';
import { PeriodIds } from './period-ids.js';
import type { DataRecord, RecordSink } from './record.js';
import { RowChecker } from './row-checks.js';

/** Numbers per row before the dimension tuple: indicator, period (range-local), partner, cell, groups given, dimension, combination, line, note (range-local, -1: none). */
export const ROW_IDS = 9;

export interface RangeJob {
  id: number;
  path: string;
  start: number;
  end: number;
  columns: Columns;
  folderPartner: number;
  partnerUnknown: boolean;
  delimiter: number;
}

export interface RangeResult {
  id: number;
  /** Which worker made it (its arrays go back there), -1: the main thread. */
  worker: number;
  clean: boolean;
  /** The reader itself found a problem (a quote, a record too long): the cuts after it may not be record boundaries. */
  readerProblem: boolean;
  rows: number;
  /** ROW_IDS + dimensions numbers per row (for `rows` rows; the array may be longer); lines are 1-based within the range. */
  ids: Int32Array;
  /** value, numerator, denominator per row. */
  figures: Float64Array;
  /** Raw bytes of each range-local period, in order of first appearance. */
  periods: Uint8Array[];
  /** The field bytes of each range-local note (unquoted, not trimmed). */
  notes: Uint8Array[];
  /** Lines in the range. */
  lines: number;
}

/** Arrays of a result sent back to the worker that made them. */
export interface Recycle {
  recycle: true;
  ids: Int32Array;
  figures: Float64Array;
}

/** The part of the model a worker needs, as plain data. */
export type RangeModel = Pick<Initiative, 'indicators' | 'dimensions'> & { partners: { id: string }[]; settings: { school_year_start: number } };

export class RangeChecker implements RecordSink {
  private readonly checker: RowChecker;
  private readonly stride: number;
  private file!: DropFile;
  private parser!: CsvParser;
  private clean = true;
  private readerProblem = false;
  private rows = 0;
  private ids: Int32Array = new Int32Array(0);
  private figures: Float64Array = new Float64Array(0);
  /** Worker period index → range-local period number (-1: not met in this range). */
  private localPeriod: number[] = [];
  private periods: Uint8Array[] = [];
  private notes: Uint8Array[] = [];
  private noteNumbers = new ByteInterner();
  private workerPeriods: PeriodIds;
  private readonly spare: { ids: Int32Array; figures: Float64Array }[] = [];
  private readonly reports: Diagnostic[] = [];

  constructor(model: RangeModel, incomplete: ReadonlySet<string>) {
    this.workerPeriods = new PeriodIds(model.settings.school_year_start);
    const keys = new KeySpace(model.dimensions, model.indicators.length, model.partners.length);
    this.checker = new RowChecker(model as unknown as Initiative, this.workerPeriods, keys, incomplete);
    this.stride = ROW_IDS + model.dimensions.length;
  }

  check(job: RangeJob, bytes: Uint8Array): RangeResult {
    // anything the checks report (a warning on a row that passes too) leaves the range to the main thread
    this.reports.length = 0;
    this.file = new DropFile(job.path, 0, job.folderPartner, this.reports, job.partnerUnknown);
    this.file.headerSeen = true;
    this.file.columns = job.columns;
    this.clean = true;
    this.readerProblem = false;
    this.rows = 0;
    this.localPeriod.fill(-1);
    this.periods = [];
    this.notes = [];
    this.noteNumbers = new ByteInterner();
    // arrays are transferred to the main thread, not copied, and come back to be used again
    const guess = Math.max(16, Math.ceil(bytes.length / 24));
    const spare = this.spare.pop();
    this.ids = spare && spare.ids.length >= guess * this.stride ? spare.ids : new Int32Array(guess * this.stride);
    this.figures = spare && spare.figures.length >= guess * 3 ? spare.figures : new Float64Array(guess * 3);
    this.parser = new CsvParser(this);
    this.parser.resume(job.delimiter, 1);
    this.parser.consume(bytes, bytes.length, true);
    const rows = this.rows;
    return {
      id: job.id, worker: -1, clean: this.clean, readerProblem: this.readerProblem, rows,
      ids: this.ids, figures: this.figures,
      periods: this.periods, notes: this.notes, lines: this.parser.line - 1,
    };
  }

  header(): boolean {
    return true;
  }

  problem(): void {
    this.clean = false;
    this.readerProblem = true;
    this.parser.stop();
  }

  record(row: DataRecord): void {
    // past a row the main thread will check again, read on only to learn of reader problems
    if (!this.clean) return;
    const c = this.checker;
    const columns = this.file.columns;
    if (!c.check(row, this.file) || this.reports.length > 0) return this.notClean();
    const nc = columns.note;
    let note = -1;
    if (nc >= 0 && !isBlank(row.src, row.starts[nc]!, row.ends[nc]!)) {
      const ns = row.starts[nc]!;
      const ne = row.ends[nc]!;
      note = this.noteNumbers.lookupExact(row.src, ns, ne);
      if (note < 0) {
        // the range is UTF-8 (threads split only such files), so the text gives back these bytes
        note = this.noteNumbers.add(decodeBytes(row.src, ns, ne, false));
        this.notes.push(Uint8Array.prototype.slice.call(row.src, ns, ne));
      }
    }
    // a period with spaces around it is interned anew on every row: leave it to the main thread
    const pc = columns.period;
    const ps = row.starts[pc]!;
    const pe = row.ends[pc]!;
    const first = row.src[ps]!;
    const last = row.src[pe - 1]!;
    if (first === 32 || first === 9 || last === 32 || last === 9) return this.notClean();
    // without surrounding blanks, one period index is one text: number them as they come
    let period = this.localPeriod[c.period]!;
    if (period === undefined || period < 0) {
      period = this.localPeriod[c.period] = this.periods.length;
      this.periods.push(Uint8Array.prototype.slice.call(row.src, ps, pe));
    }
    const r = this.rows;
    if ((r + 1) * 3 > this.figures.length) this.grow();
    const ids = this.ids;
    const b = r * this.stride;
    ids[b] = c.indicator;
    ids[b + 1] = period;
    ids[b + 2] = c.partner;
    ids[b + 3] = c.cell;
    ids[b + 4] = c.groupsGiven;
    ids[b + 5] = c.dimension;
    ids[b + 6] = c.combination;
    ids[b + 7] = row.line;
    ids[b + 8] = note;
    const tuple = c.tuple;
    for (let d = 0; d < tuple.length; d++) ids[b + ROW_IDS + d] = tuple[d]!;
    this.figures[r * 3] = c.value;
    this.figures[r * 3 + 1] = c.numerator;
    this.figures[r * 3 + 2] = c.denominator;
    this.rows = r + 1;
  }

  /** Arrays of a result the main thread is done with. */
  recycle(ids: Int32Array, figures: Float64Array): void {
    this.spare.push({ ids, figures });
  }

  private notClean(): void {
    this.clean = false;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
    const figures = new Float64Array(this.figures.length * 2);
    figures.set(this.figures);
    this.figures = figures;
  }
}
