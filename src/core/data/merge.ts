/**
 * The merge (SPEC 4.1, 4.2): every record of every drop is checked and folded into a compact
 * table keyed by (indicator, period, partner, dimension values), with numbers for keys: ids are
 * interned to small integers as the file is read, so the hot path builds no strings.
 *
 * The parts: `columns` maps a header, `row-checks` checks a row, `keys` numbers merge keys,
 * `submissions` records which (indicator, period, partner) arrived, `cells` combines figures,
 * `totals` checks groups against totals, `tidy` reads the merged rows back.
 */
import type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics.js';
import type { Dimension, Indicator, Initiative } from '../model/types.js';
import { CellTable } from './cells.js';
import { mapColumns } from './columns.js';
import { partnerFolder } from './files.js';
import { DropFile } from './drop-file.js';
import { KeySpace } from './keys.js';
import { LineNumbers } from './line-numbers.js';
import { NoteTexts } from './notes.js';
import type { MergeState } from './merge-state.js';
import { partnerLabel } from './merge-state.js';
import { PeriodIds } from './period-ids.js';
import type { DataRecord, RecordProblem, RecordSink } from './record.js';
import { MAX_ROW_KEY, RowTable } from './row-table.js';
import { RowChecker } from './row-checks.js';
import { SubmissionIndex, submissionList, submittedIn } from './submissions.js';
import { rowScan, tidyTable, totalNotes } from './tidy.js';
import { GroupSums } from './totals.js';
import type { DataFileInfo, IndicatorData, MergedData, Submission } from './types.js';

export { MAX_PER_CODE_PER_FILE } from './drop-file.js';

/** Rows checked, then inserted together (see `flush`). */
const BATCH = 256;
/** Offsets of a queued row's numbers (QUEUED_IDS of them per row). */
const INDICATOR = 0;
const PERIOD = 1;
const PARTNER = 2;
const CELL = 3;
const GROUPS_GIVEN = 4;
const DIMENSION = 5;
const LINE = 6;
const COMBINATION = 7;
const SUBMISSION = 8;
const QUEUED_IDS = 9;

export class Merger implements RecordSink, MergeState {
  readonly diagnostics: Diagnostic[] = [];
  readonly files: DataFileInfo[] = [];
  readonly indicators: readonly Indicator[];
  readonly dimensions: readonly Dimension[];
  readonly partnerIds: string[];
  /** Partner id → its number (1-based, as rows and folders give partners). */
  private readonly partnerNumber: Map<string, number>;
  readonly periods: PeriodIds;
  readonly keys: KeySpace;
  /** The merged rows, keyed by submission id × combinations + combination. */
  readonly rows: RowTable;
  readonly submissions = new SubmissionIndex();
  readonly lines = new LineNumbers();
  readonly notes = new NoteTexts();
  private readonly checker: RowChecker;
  private readonly cells: CellTable;
  private readonly groupSums: GroupSums;
  /** Merged rows per indicator. */
  private readonly rowsOf: Uint32Array;
  private file!: DropFile;
  private overflowReported = false;

  // rows waiting for `flush`: their numbers (see QUEUED_IDS), [value, numerator, denominator], key and note number
  private queued = 0;
  private readonly queuedIds = new Int32Array(BATCH * QUEUED_IDS);
  private readonly queuedFigures = new Float64Array(BATCH * 3);
  private readonly queuedKeys = new Float64Array(BATCH);
  private readonly queuedNotes = new Int32Array(BATCH);
  /** Keeps the touch loop from being optimised away. */
  touched = 0;

  /**
   * `incomplete`: kinds whose YAML could not be read whole (load's `incomplete`): a row naming an
   * id the model does not know is not judged unknown then, since the id may be in the unreadable part.
   */
  constructor(initiative: Initiative, options: { capacityHint?: number; files?: number; incomplete?: ReadonlySet<string> } = {}) {
    this.indicators = initiative.indicators;
    this.dimensions = initiative.dimensions;
    this.periods = new PeriodIds(initiative.settings.school_year_start);
    this.keys = new KeySpace(this.dimensions, this.indicators.length, initiative.partners.length);
    this.checker = new RowChecker(initiative, this.periods, this.keys, options.incomplete ?? new Set());
    this.partnerIds = this.checker.partnerIds.values;
    this.partnerNumber = new Map(this.partnerIds.map((id, i) => [id, i + 1]));
    const weighted = this.indicators.some((i) => i.aggregation === 'weighted');
    this.rows = new RowTable(options.capacityHint ?? 1024, weighted);
    this.cells = new CellTable(this.checker.cellsPerBlock, this.keys.partners);
    this.groupSums = new GroupSums(this.indicators, this.dimensions.length, weighted);
    this.rowsOf = new Uint32Array(this.indicators.length);
  }

  /**
   * Make room for `rows` more merged rows at once (avoids growing a large table step by step),
   * and for the submissions and group sums of that many rows when each gives every combination.
   */
  reserve(rows: number): void {
    this.rows.reserve(this.rows.size + rows);
    const submissions = this.submissions.size + Math.ceil(rows / this.keys.combinations);
    this.submissions.reserve(submissions);
    this.groupSums.reserve(submissions);
  }

  // ---------------------------------------------------------------- files

  beginFile(path: string): void {
    this.lines.beginFile();
    this.notes.beginFile();
    const folder = partnerFolder(path, (name) => this.partnerNumber.has(name));
    const partnerUnknown = folder === null && path.split('/').length > 2 && this.checker.incompleteKinds.has('partners');
    this.file = new DropFile(path, this.files.length, folder === null ? 0 : this.partnerNumber.get(folder)!, this.diagnostics, partnerUnknown);
  }

  endFile(info: { bytes: number; sha256: string; lines?: number }): void {
    this.flush();
    this.lines.endFile(info.lines ?? 0);
    this.file.close();
    this.files.push({ path: this.file.path, rows: this.file.rows, sha256: info.sha256, bytes: info.bytes });
  }

  /** Report a problem in the current file (capped per code). */
  report(code: DiagnosticCode, severity: Severity, line: number, column: number, message: string, hint?: string, related?: Diagnostic['related']): void {
    this.file.report(code, severity, line, column, message, hint, related);
  }

  problem(p: RecordProblem): void {
    this.file.report(p.code, p.severity, p.line, p.column, p.message, p.hint);
  }

  header(record: DataRecord): boolean {
    this.file.headerSeen = true;
    this.file.columns = mapColumns(record, this.dimensions, this.file, this.checker.incompleteKinds.has('dimensions'));
    return this.file.columns.count > 0;
  }

  // ---------------------------------------------------------------- rows

  record(record: DataRecord): void {
    const c = this.checker;
    const file = this.file;
    if (!c.check(record, file)) return;
    this.queue(record.line, record, file.columns.note);
  }

  /** Queue the row the checker passed last, its note in field `noteField` of `notes` (null: no note). */
  private queue(line: number, notes: DataRecord | null, noteField: number): void {
    const c = this.checker;
    const file = this.file;
    const q = this.queued;
    const ids = this.queuedIds;
    const b = q * QUEUED_IDS;
    ids[b + INDICATOR] = c.indicator;
    ids[b + PERIOD] = c.period;
    ids[b + PARTNER] = c.partner;
    ids[b + CELL] = c.cell;
    ids[b + GROUPS_GIVEN] = c.groupsGiven;
    ids[b + DIMENSION] = c.dimension;
    ids[b + LINE] = line;
    ids[b + COMBINATION] = c.combination;
    this.queuedFigures[q * 3] = c.value;
    this.queuedFigures[q * 3 + 1] = c.numerator;
    this.queuedFigures[q * 3 + 2] = c.denominator;
    const id = this.submissions.idOf(this.keys.baseKey(c.indicator, c.period, c.partner), file.index);
    ids[b + SUBMISSION] = id;
    const rowKey = id * this.keys.combinations + c.combination;
    if (rowKey >= MAX_ROW_KEY) {
      if (!this.overflowReported) {
        this.overflowReported = true;
        file.report('data-record-too-large', 'error', line, 1, 'too many distinct (indicator, period, partner, dimension values) keys in one run; the rest are skipped');
      }
      return;
    }
    this.queuedKeys[q] = rowKey;
    const nc = file.columns.note;
    if (nc >= 0) this.queuedNotes[q] = notes ? this.notes.numberOf(notes, noteField) : -1;
    this.queued = q + 1;
    if (this.queued === BATCH) this.flush();
  }

  /**
   * A row a worker checked and found clean (the checker would report nothing): its ids and
   * figures as the checker would have left them; `period`: the period's text id (PeriodIds.idOf),
   * `ids[tupleAt…]`: its dimension values when the key space numbers combinations; `note`: a
   * record whose first field is the row's note, null when it has none. Same effects as `record`.
   */
  cleanRow(ind: number, period: number, part: number, cell: number, groupsGiven: number, dimension: number, combination: number, ids: Int32Array, tupleAt: number,
    value: number, numerator: number, denominator: number, line: number, note: DataRecord | null): void {
    const file = this.file;
    file.rows++;
    const c = this.checker;
    if (this.keys.numbersCombinations && groupsGiven > 0) {
      const tuple = c.tuple;
      for (let d = 0; d < tuple.length; d++) tuple[d] = ids[tupleAt + d]!;
      combination = this.keys.number(tuple);
      if (combination < 0) {
        file.report('data-unknown-dimension', 'error', line, 1, 'too many combinations of dimension values');
        return;
      }
    }
    c.indicator = ind;
    c.period = this.periods.index(period);
    c.partner = part;
    c.cell = cell;
    c.groupsGiven = groupsGiven;
    c.dimension = dimension;
    c.combination = combination;
    c.value = value;
    c.numerator = numerator;
    c.denominator = denominator;
    this.queue(line, note, 0);
  }

  /** The current file (threads read its header and folder). */
  get currentFile(): DropFile {
    return this.file;
  }

  /**
   * Insert the queued rows (call before anything reads the table). They go in batches, after
   * touching their slots, so that the cache misses of a large table overlap instead of coming
   * one after another.
   */
  flush(): void {
    const n = this.queued;
    if (n === 0) return;
    const t = this.rows;
    let sum = 0;
    for (let q = 0; q < n; q++) sum += t.touch(this.queuedKeys[q]!);
    this.touched += sum;
    const hasNotes = this.file.columns.note >= 0;
    for (let q = 0; q < n; q++) this.insert(q, hasNotes ? this.queuedNotes[q]! : -1);
    this.queued = 0;
  }

  /** Insert queued row q (figures are read from the queue, not passed, so they stay unboxed); `note`: its number, or -1. */
  private insert(q: number, note: number): void {
    const ids = this.queuedIds;
    const b = q * QUEUED_IDS;
    const ind = ids[b + INDICATOR]!;
    const per = ids[b + PERIOD]!;
    const part = ids[b + PARTNER]!;
    const line = ids[b + LINE]!;
    const figures = this.queuedFigures;
    const key = this.queuedKeys[q]!;
    const t = this.rows;
    const slot = t.upsert(key);
    if (!t.inserted) {
      this.reportRepeat(slot, q, key, note);
      return;
    }
    t.f64[slot * 2] = figures[q * 3]!;
    t.u32[slot * 4 + 3] = this.lines.base + line;
    if (t.nd) {
      t.nd[slot * 2] = figures[q * 3 + 1]!;
      t.nd[slot * 2 + 1] = figures[q * 3 + 2]!;
    }
    if (ids[b + GROUPS_GIVEN] === 1) this.groupSums.add(ind, ids[b + SUBMISSION]!, ids[b + DIMENSION]!, figures, q * 3);
    this.rowsOf[ind]!++;
    if (note >= 0) t.keepNote(slot, note);
    if (part === 0 && !this.file.unattributedWarned) {
      this.file.unattributedWarned = true;
      this.file.report('data-unattributed', 'warning', line, 1, 'rows in this file name no partner (no partner column, and the folder is not a partner id)',
        'put the file under data/<partner-id>/ or add a partner column');
    }
    const cell = ids[b + CELL]!;
    if (cell >= 0) this.cells.add(ind, per, cell, part, figures, q * 3);
  }

  /** A key given before: the same figure is a duplicate, another one a conflict. */
  private reportRepeat(slot: number, q: number, key: number, note: number): void {
    const ids = this.queuedIds;
    const b = q * QUEUED_IDS;
    const line = ids[b + LINE]!;
    const value = this.queuedFigures[q * 3]!;
    const num = this.queuedFigures[q * 3 + 1]!;
    const den = this.queuedFigures[q * 3 + 2]!;
    const t = this.rows;
    const nd = t.nd;
    // weighted figures are their counts (a given value only has to agree with them)
    const same = nd && num === num ? nd[slot * 2] === num && nd[slot * 2 + 1] === den : t.value(slot) === value;
    // the first non-empty note of the key is kept (SPEC 4.1 `note`)
    if (same && note >= 0) t.keepNote(slot, note);
    const code = same ? 'data-duplicate' : 'data-conflict';
    const severity = same ? 'warning' : 'error';
    if (!this.file.count(code, severity)) return;
    const first = this.lines.place(t.line(slot));
    const otherFile = this.files[first.file]?.path ?? this.file.path;
    const where = this.describeKey(ids[b + INDICATOR]!, ids[b + PERIOD]!, ids[b + PARTNER]!, ids[b + COMBINATION]!);
    const related = [{ file: otherFile, line: first.line, column: 1, message: same ? 'first given here' : `first given here as ${String(t.value(slot))}` }];
    const message = same
      ? `${where} is given twice with the same value (${String(value)}); first at ${otherFile}:${first.line}`
      : `${where} is ${String(value)} here but ${String(t.value(slot))} at ${otherFile}:${first.line}`;
    this.file.reportCounted(code, severity, line, 1, message, same ? 'remove one of the rows' : 'keep one figure: correct or remove the other row', related);
  }

  private describeKey(ind: number, per: number, part: number, combination: number): string {
    const groups = this.keys.values(combination).flatMap((x, d) => (x > 0 ? [`${this.dimensions[d]!.id}=${this.dimensions[d]!.values[x - 1]!.id}`] : []));
    return `indicator '${this.indicators[ind]!.id}', ${this.periods.list[per]!.text}, ${partnerLabel(this, part)}${groups.length ? `, ${groups.join(', ')}` : ''}`;
  }

  // ---------------------------------------------------------------- results

  /** Groups that do not add up to the partner's total (SPEC 4.2), for sum and weighted indicators. */
  checkTotals(): void {
    this.diagnostics.push(...this.groupSums.check(this));
  }

  /** The merged data (SPEC 4.2) once every file was read. */
  result(): MergedData {
    let submissions: Submission[] | undefined;
    const state: MergeState = this;
    return {
      indicators: this.indicatorData(),
      files: this.files,
      get submissions(): Submission[] {
        return (submissions ??= submissionList(state));
      },
      set submissions(v: Submission[]) {
        submissions = v;
      },
      tidy: tidyTable(this),
      submitted: (indicator, period, partner) => submittedIn(this, indicator, period, partner),
      scan: rowScan(this),
      notes: () => totalNotes(this),
    };
  }

  /** Combined figures per indicator: totals by period, and each dimension value's by period. */
  private indicatorData(): Map<string, IndicatorData> {
    const rank = this.periods.ranks();
    const found: { indicator: number; period: number; position: number; cell: number }[] = [];
    this.cells.forEach((indicator, period, position, cell) => found.push({ indicator, period, position, cell }));
    found.sort((a, b) => a.indicator - b.indicator || rank[a.period]! - rank[b.period]! || a.position - b.position);
    const byIndicator = new Map<string, IndicatorData>();
    this.indicators.forEach((ix, i) => byIndicator.set(ix.id, { indicator: ix.id, totals: new Map(), groups: new Map(), rows: this.rowsOf[i]! }));
    const firstCell = this.checker.firstCell;
    for (const e of found) {
      const ix = this.indicators[e.indicator]!;
      const data = byIndicator.get(ix.id)!;
      const period = this.periods.list[e.period]!.text;
      const cell = this.cells.combine(e.cell, ix.aggregation, ix.scale, this.partnerIds);
      if (e.position === 0) {
        data.totals.set(period, cell);
        continue;
      }
      let d = this.dimensions.length - 1;
      while (firstCell[d]! > e.position) d--;
      const dim = this.dimensions[d]!;
      const value = dim.values[e.position - firstCell[d]!]!.id;
      let byValue = data.groups.get(dim.id);
      if (!byValue) data.groups.set(dim.id, (byValue = new Map()));
      let byPeriod = byValue.get(value);
      if (!byPeriod) byValue.set(value, (byPeriod = new Map()));
      byPeriod.set(period, cell);
    }
    return byIndicator;
  }
}
