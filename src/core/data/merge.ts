/**
 * The merge (SPEC 4.1, 4.2): every record of every drop is checked and folded into a compact
 * table keyed by (indicator, period, partner, dimension values), with numbers for keys: ids are
 * interned to small integers when the file is read, so the hot path builds no strings.
 */
import type { Diagnostic, DiagnosticCode, Severity } from '../diagnostics.js';
import type { Dimension, Indicator, Initiative } from '../model/types.js';
import { comparePeriods, describePeriodType, parsePeriod, type Period } from '../periods.js';
import type { CsvProblem, CsvSink, RecordView } from './csv-reader.js';
import { decodeBytes } from './csv-reader.js';
import { badNumberHint, parseDecimalBytes } from './decimal.js';
import { normaliseHeader } from './header.js';
import { ByteInterner, isBlank } from './interner.js';
import { NumTable } from './num-table.js';
import { MAX_ROW_KEY, RowTable } from './row-table.js';
import { closest } from '../suggest.js';
import type { Cell, DataNote, IndicatorData, MergedData, RowScan, Submission, TidyRow, TidyTable, DataFileInfo } from './types.js';

/** Diagnostics of one code kept per file; the rest are counted in one closing line. */
export const MAX_PER_CODE_PER_FILE = 100;
const NPER = 4096;
const NO_COL = -1;
const BATCH = 256;
/** Dimension combinations beyond this are interned (rows keys must stay below 2^32). */
const MAX_COMBOS = 4096;

interface FileState {
  path: string;
  index: number;
  folderPartner: number;
  ncols: number;
  ci: number;
  cp: number;
  cv: number;
  cn: number;
  cd: number;
  cpart: number;
  cnote: number;
  dimCols: Int32Array;
  dimIdx: Int32Array;
  names: string[];
  rows: number;
  counts: Map<DiagnosticCode, number>;
  firstSeverity: Map<DiagnosticCode, Severity>;
  unattributedWarned: boolean;
  headerSeen: boolean;
  missingNumDenWarned: Set<number>;
}

export class Merger implements CsvSink {
  readonly diagnostics: Diagnostic[] = [];
  readonly files: DataFileInfo[] = [];
  private readonly inds: Indicator[];
  private readonly indIds: ByteInterner;
  private readonly partnerIds: ByteInterner;
  private readonly dims: Dimension[];
  private readonly dimValues: ByteInterner[];
  private readonly periodIds = new ByteInterner();
  /** interned period text id → dense id of a valid period (or -1) */
  private periodDense: number[] = [];
  private readonly periods: Period[] = [];
  private readonly periodBad: boolean[] = [];
  private readonly NPART: number;
  private readonly NCOMBO: number;
  private readonly radix: number[];
  private readonly comboInterned: Map<string, number> | null;
  private readonly comboTuples: Int32Array[] = [];
  private readonly dimOffset: number[];
  private readonly NCELL: number;
  private readonly weightedAny: boolean;

  /** Rows are placed by a line number counted across all files: file i starts after fileStarts[i]. */
  private readonly fileStarts: number[] = [];
  private lineBase = 0;
  /** Partner group sums for the total check: [key, value sum, (numerator sum, denominator sum,) groups]. */
  private readonly acc: NumTable;
  private readonly AS: number;
  private lastAccKey = -1;
  private lastAcc = -1;
  private readonly checked: boolean[];
  /** The merged rows, keyed by base id × NCOMBO + combination. */
  readonly table: RowTable;
  /** base id → base key ((indicator, period, partner)), for decoding row keys. */
  private baseKeys = new Float64Array(1024);
  private lastBaseId = -1;
  private overflowReported = false;
  /** [key, sum, rows, min, max, numerator sum, denominator sum, partner bitset index] */
  private readonly cellIndex = new NumTable(2, 1024);
  /**
   * Cells in blocks of NCELL per (indicator, period) — the total and each dimension value — so
   * the rows of one partner's block update neighbouring memory: 8 float64 per cell,
   * [present, sum, rows, min, max, numerator sum, denominator sum, partner bitset index].
   */
  private cellPool = new Float64Array(8 * 1024);
  private cellBlocks = 0;
  private cellCount = 0;
  private lastCellKey = -1;
  private lastCellBlock = 0;
  /** [key, file index, base id]: which (indicator, period, partner) arrived */
  private readonly subs = new NumTable(3, 4096);
  private lastSub = -1;
  private readonly notes = new Map<number, string>();
  private partnerBits: Uint32Array = new Uint32Array(1024);
  private readonly words: number;
  private f!: FileState;
  private readonly decimalsOf: number[];
  /** Per indicator: 1 for a `count` given as values (whole numbers), 2 when also not negative (no `range`). */
  private readonly countOf: Uint8Array;
  private readonly rowsOf: Uint32Array;

  /** Make room for `rows` more merged rows at once (avoids growing a large table step by step). */
  reserve(rows: number): void {
    this.table.reserve(this.table.size + rows);
  }

  /**
   * Kinds whose YAML could not be read whole (load's `incomplete`): a row naming an id the model
   * does not know is not judged unknown then, since the id may be in the unreadable part.
   */
  private readonly incomplete: ReadonlySet<string>;

  constructor(private readonly initiative: Initiative, options: { capacityHint?: number; files?: number; incomplete?: ReadonlySet<string> } = {}) {
    this.incomplete = options.incomplete ?? new Set();
    this.inds = initiative.indicators;
    this.indIds = new ByteInterner(this.inds.map((i) => i.id));
    this.partnerIds = new ByteInterner(initiative.partners.map((p) => p.id));
    this.dims = initiative.dimensions;
    this.dimValues = this.dims.map((d) => new ByteInterner(d.values.map((v) => v.id)));
    this.NPART = initiative.partners.length + 1;
    this.words = Math.ceil(this.NPART / 32);
    this.decimalsOf = this.inds.map((i) => i.decimals);
    this.countOf = Uint8Array.from(this.inds, (i) => (i.unit !== 'count' || i.aggregation === 'weighted' ? 0 : i.range ? 1 : 2));
    this.rowsOf = new Uint32Array(this.inds.length);
    // dimension combinations: mixed radix when it fits, else interned
    const head = Math.max(1, this.inds.length) * NPER * this.NPART;
    const maxCombo = Math.floor(2 ** 53 / head);
    let product = 1;
    this.radix = [];
    for (const d of this.dims) {
      this.radix.push(product);
      product *= d.values.length + 1;
    }
    if (product <= Math.min(maxCombo, MAX_COMBOS)) {
      this.NCOMBO = product;
      this.comboInterned = null;
    } else {
      this.NCOMBO = Math.min(maxCombo, MAX_COMBOS);
      this.comboInterned = new Map();
    }
    this.dimOffset = [];
    let off = 1;
    for (const d of this.dims) {
      this.dimOffset.push(off);
      off += d.values.length;
    }
    this.NCELL = off;
    this.weightedAny = this.inds.some((i) => i.aggregation === 'weighted');
    this.checked = this.inds.map((i) => i.aggregation === 'sum' || i.aggregation === 'weighted');
    this.table = new RowTable(options.capacityHint ?? 1024, this.weightedAny);
    this.AS = this.weightedAny ? 5 : 3;
    this.acc = new NumTable(this.AS, 4096);
  }

  // ---------------------------------------------------------------- files

  beginFile(path: string): void {
    this.fileStarts.push(this.lineBase);
    const parts = path.split('/');
    let folderPartner = 0;
    if (parts.length > 2) {
      const id = this.partnerIds.values.indexOf(parts[1]!);
      if (id >= 0) folderPartner = id + 1;
    }
    this.f = {
      path, index: this.files.length, folderPartner, ncols: 0,
      ci: NO_COL, cp: NO_COL, cv: NO_COL, cn: NO_COL, cd: NO_COL, cpart: NO_COL, cnote: NO_COL,
      dimCols: new Int32Array(0), dimIdx: new Int32Array(0), names: [], rows: 0,
      counts: new Map(), firstSeverity: new Map(), unattributedWarned: false, headerSeen: false, missingNumDenWarned: new Set(),
    };
  }

  endFile(info: { bytes: number; sha256: string; lines?: number }): void {
    this.flush();
    this.lineBase += (info.lines ?? 0) + 1;
    const f = this.f;
    if (f.ncols > 0 && f.rows === 0) this.report('data-no-rows', 'warning', 1, 1, 'the file has a header but no data rows');
    else if (f.ncols === 0 && !f.headerSeen) this.report('data-no-rows', 'warning', 1, 1, 'the file is empty: no header and no data rows');
    for (const [code, n] of f.counts) {
      if (n > MAX_PER_CODE_PER_FILE) {
        this.diagnostics.push({
          code, severity: f.firstSeverity.get(code)!, file: f.path, line: 1, column: 1,
          message: `${n - MAX_PER_CODE_PER_FILE} more '${code}' problems in this file are not listed`,
          count: n - MAX_PER_CODE_PER_FILE,
        });
      }
    }
    this.files.push({ path: f.path, rows: f.rows, sha256: info.sha256, bytes: info.bytes });
  }

  /** Report a problem in the current file (capped per code). */
  report(code: DiagnosticCode, severity: Severity, line: number, column: number, message: string, hint?: string, related?: Diagnostic['related']): void {
    const f = this.f;
    const n = (f.counts.get(code) ?? 0) + 1;
    f.counts.set(code, n);
    if (n === 1) f.firstSeverity.set(code, severity);
    if (n > MAX_PER_CODE_PER_FILE) return;
    const d: Diagnostic = { code, severity, message, file: f.path, line, column };
    if (hint) d.hint = hint;
    if (related) d.related = related;
    this.diagnostics.push(d);
  }

  problem(p: CsvProblem): void {
    this.report(p.code, p.severity, p.line, p.column, p.message, p.hint);
  }

  // ---------------------------------------------------------------- header

  header(v: RecordView): boolean {
    const f = this.f;
    f.headerSeen = true;
    const names: string[] = [];
    for (let i = 0; i < v.n; i++) names.push(normaliseHeader(v.text(i)));
    f.names = names;
    f.ncols = v.n;
    const seen = new Map<string, number>();
    const dimCols: number[] = [];
    const dimIdx: number[] = [];
    let ok = true;
    names.forEach((name, i) => {
      if (name === '') return;
      const prev = seen.get(name);
      if (prev !== undefined) {
        this.report('data-duplicate-column', 'error', v.line, v.column(i), `column '${name}' appears twice in the header (columns ${prev + 1} and ${i + 1})`, 'keep one of them');
        ok = false;
        return;
      }
      seen.set(name, i);
      switch (name) {
        case 'indicator': f.ci = i; return;
        case 'period': f.cp = i; return;
        case 'value': f.cv = i; return;
        case 'numerator': f.cn = i; return;
        case 'denominator': f.cd = i; return;
        case 'partner': f.cpart = i; return;
        case 'note': f.cnote = i; return;
      }
      const d = this.dims.findIndex((x) => x.id === name);
      if (d >= 0) {
        dimCols.push(i);
        dimIdx.push(d);
        return;
      }
      const hint = closest(name, ['indicator', 'period', 'value', 'numerator', 'denominator', 'partner', 'note', ...this.dims.map((x) => x.id)]);
      this.report('data-unknown-column', 'warning', v.line, v.column(i), `unknown column '${v.text(i).trim()}' is ignored`,
        hint ? `did you mean '${hint}'?` : 'columns are indicator, period, value (or numerator and denominator), partner, note and dimension ids');
    });
    f.dimCols = Int32Array.from(dimCols);
    f.dimIdx = Int32Array.from(dimIdx);
    const missing: string[] = [];
    if (f.ci < 0) missing.push('indicator');
    if (f.cp < 0) missing.push('period');
    if (f.cv < 0 && (f.cn < 0 || f.cd < 0)) missing.push('value');
    for (const m of missing) {
      this.report('data-missing-column', 'error', v.line, 1, `the header has no '${m}' column; the file is skipped`,
        m === 'value' ? "a drop needs a 'value' column, or 'numerator' and 'denominator'" : `found: ${names.filter(Boolean).join(', ') || 'no names'} (is the delimiter right?)`);
    }
    if (missing.length > 0 || !ok) {
      if (ok) f.ncols = 0;
      f.ncols = 0;
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- rows

  private periodOf(src: Uint8Array, s: number, e: number): number {
    let id = this.periodIds.lookup(src, s, e);
    if (id < 0) {
      const text = decodeBytes(src, s, e, false).trim();
      const p = parsePeriod(text, this.initiative.settings.school_year_start);
      if (!p && this.periodIds.size > 10000) return -2;
      id = this.periodIds.add(text);
      if (p) {
        this.periodDense[id] = this.periods.length;
        this.periods.push(p);
      } else this.periodDense[id] = -1;
      this.periodBad[id] = !p;
    }
    return id;
  }

  record(v: RecordView): void {
    const f = this.f;
    const src = v.src;
    const st = v.starts;
    const en = v.ends;
    const line = v.line;
    if (v.n !== f.ncols) {
      if (blankRecord(v)) return;
      f.rows++;
      this.report('data-row-shape', 'error', line, 1, `${v.n} ${v.n === 1 ? 'value' : 'values'}, the header has ${f.ncols}; the row is skipped`,
        v.n === 1 ? 'is the delimiter the same as in the header?' : 'a missing or extra delimiter, or a value with a delimiter that should be quoted');
      return;
    }
    const ci = f.ci;
    const ind = this.indIds.lookup(src, st[ci]!, en[ci]!);
    if (ind < 0 && isBlank(src, st[ci]!, en[ci]!) && blankRecord(v)) return;
    f.rows++;
    let bad = false;
    let indicator: Indicator | undefined;
    if (ind < 0) {
      bad = true;
      const text = v.text(ci).trim();
      if (text === '') this.report('data-unknown-indicator', 'error', line, v.column(ci), 'the row names no indicator');
      else if (!this.incomplete.has('indicators')) {
        const hint = closest(text, this.indIds.values);
        this.report('data-unknown-indicator', 'error', line, v.column(ci), `'${text}' is not an indicator`, hint ? `did you mean '${hint}'?` : undefined);
      }
    } else indicator = this.inds[ind]!;

    // period
    const cp = f.cp;
    const pid = this.periodOf(src, st[cp]!, en[cp]!);
    let per = -1;
    if (pid < 0 || this.periodBad[pid]) {
      bad = true;
      const text = v.text(cp).trim();
      this.report('period-format', 'error', line, v.column(cp), text === '' ? 'the row has no period' : `'${text}' is not a period`,
        indicator ? `write ${describePeriodType(indicator.frequency)}` : 'periods look like 2025, SY2024-25, 2025-H2, 2025-Q3 or 2025-07');
    } else {
      per = this.periodDense[pid]!;
      const p = this.periods[per]!;
      if (indicator && p.type !== indicator.frequency) {
        bad = true;
        this.report('period-type-mismatch', 'error', line, v.column(cp), `period '${p.text}' is not ${describePeriodType(indicator.frequency).replace(/ like .*/, '')} (indicator '${indicator.id}' is reported by ${indicator.frequency})`,
          `write ${describePeriodType(indicator.frequency)}`);
      }
      if (per >= NPER) {
        bad = true;
        this.report('period-format', 'error', line, v.column(cp), `too many distinct periods in the data (more than ${NPER})`);
      }
    }

    // partner
    let part = f.folderPartner;
    const cpart = f.cpart;
    if (cpart >= 0 && !isBlank(src, st[cpart]!, en[cpart]!)) {
      const p = this.partnerIds.lookup(src, st[cpart]!, en[cpart]!);
      if (p < 0) {
        bad = true;
        const text = v.text(cpart).trim();
        const hint = closest(text, this.partnerIds.values);
        if (!this.incomplete.has('partners')) this.report('data-unknown-partner', 'error', line, v.column(cpart), `'${text}' is not a partner`, hint ? `did you mean '${hint}'?` : undefined);
      } else if (f.folderPartner !== 0 && p + 1 !== f.folderPartner) {
        // a drop filed in another partner's folder would count as that partner's submission
        bad = true;
        const named = this.partnerIds.values[p]!;
        const folder = this.partnerIds.values[f.folderPartner - 1]!;
        this.report('data-partner-mismatch', 'error', line, v.column(cpart), `the row names partner '${named}', but the file is in data/${folder}/, the folder of partner '${folder}'`,
          `move the file (or the row) to data/${named}/, or correct the partner column`);
      } else part = p + 1;
    }

    // dimensions
    let combo = 0;
    let nSet = 0;
    let cellCombo = 0;
    let singleDimIndex = -1;
    let tuple: number[] | null = null;
    const dimCols = f.dimCols;
    for (let j = 0; j < dimCols.length; j++) {
      const c = dimCols[j]!;
      if (isBlank(src, st[c]!, en[c]!)) continue;
      const d = f.dimIdx[j]!;
      const vi = this.dimValues[d]!.lookup(src, st[c]!, en[c]!);
      if (vi < 0) {
        bad = true;
        const text = v.text(c).trim();
        const hint = closest(text, this.dimValues[d]!.values);
        this.report('data-unknown-dimension', 'error', line, v.column(c), `'${text}' is not a value of dimension '${this.dims[d]!.id}'`,
          hint ? `did you mean '${hint}'?` : `values: ${this.dimValues[d]!.values.join(', ')}; leave it empty for the total`);
        continue;
      }
      nSet++;
      singleDimIndex = d;
      cellCombo = this.dimOffset[d]! + vi;
      if (this.comboInterned) (tuple ??= new Array(this.dims.length).fill(0))[d] = vi + 1;
      else combo += (vi + 1) * this.radix[d]!;
    }
    if (nSet > 1) cellCombo = -1;

    // numbers
    const weighted = indicator?.aggregation === 'weighted';
    let value = NaN;
    let num = NaN;
    let den = NaN;
    let valueEmpty = true;
    const cv = f.cv;
    if (cv >= 0 && !isBlank(src, st[cv]!, en[cv]!)) {
      valueEmpty = false;
      value = parseDecimalBytes(src, st[cv]!, en[cv]!);
      if (value !== value) {
        bad = true;
        this.badNumber(v, cv, 'value');
      }
    }
    let numDen = false;
    if (f.cn >= 0 && f.cd >= 0) {
      const cn = f.cn;
      const cd = f.cd;
      const nb = isBlank(src, st[cn]!, en[cn]!);
      const db = isBlank(src, st[cd]!, en[cd]!);
      if (!nb || !db) {
        numDen = true;
        if (nb || db) {
          bad = true;
          this.report('data-missing-value', 'error', line, v.column(nb ? cn : cd), `the ${nb ? 'numerator' : 'denominator'} is empty`, 'give both the numerator and the denominator');
        } else {
          num = parseDecimalBytes(src, st[cn]!, en[cn]!);
          den = parseDecimalBytes(src, st[cd]!, en[cd]!);
          if (num !== num) {
            bad = true;
            this.badNumber(v, cn, 'numerator');
          }
          if (den !== den) {
            bad = true;
            this.badNumber(v, cd, 'denominator');
          } else if (den <= 0) {
            bad = true;
            this.report('data-out-of-range', 'error', line, v.column(cd), `denominator ${fmt(den)} must be more than 0`);
          }
          if (num < 0) {
            bad = true;
            this.report('data-out-of-range', 'error', line, v.column(cn), `numerator ${fmt(num)} must not be negative`);
          }
        }
      }
    }
    if (!numDen && valueEmpty) {
      if (weighted && !bad) {
        this.report('data-missing-value', 'error', line, v.column(cv >= 0 ? cv : 0),
          `indicator '${indicator!.id}' is weighted: the row needs a numerator and a denominator`, 'add numerator and denominator columns');
      } else if (!bad) this.report('data-missing-value', 'warning', line, v.column(cv >= 0 ? cv : 0), 'the value is empty; the row is skipped', 'leave the row out, or fill in the figure');
      return;
    }
    if (bad) return;
    const ix = indicator!;
    if (weighted) {
      if (!numDen) {
        // the file has no numerator/denominator columns: say so once per indicator
        if (!f.missingNumDenWarned.has(ind)) {
          f.missingNumDenWarned.add(ind);
          this.report('data-missing-column', 'error', line, v.column(cv),
            `indicator '${ix.id}' is weighted: its rows need numerator and denominator columns; they are skipped`, 'add numerator and denominator columns');
        }
        return;
      }
      const computed = (num / den) * ix.scale;
      if (!valueEmpty) {
        const d = this.decimalsOf[ind]!;
        if (Math.abs(value - computed) > 0.5 * 10 ** -d + 1e-9) {
          this.report('data-value-mismatch', 'error', line, v.column(cv), `value ${fmt(value)} does not match numerator/denominator (${fmt(num)}/${fmt(den)} × ${ix.scale} = ${round(computed, d)})`,
            'leave the value empty, or correct it');
          return;
        }
      } else value = computed;
    } else if (valueEmpty) {
      value = (num / den) * ix.scale;
    }
    const count = this.countOf[ind]!;
    if (count !== 0 && !valueEmpty) {
      if (!Number.isInteger(value)) {
        this.report('data-bad-number', 'error', line, v.column(cv), `value '${v.text(cv).trim()}' is not a whole number; '${ix.id}' is a count`,
          'a count is a whole number (people, seats, visits); a figure with decimals needs another unit, like number or rate');
        return;
      }
      if (count === 2 && value < 0) {
        this.report('data-out-of-range', 'error', line, v.column(cv), `${fmt(value)} is negative; '${ix.id}' is a count`,
          'a count is not negative; if negative figures are real here, give the indicator a range, e.g. range: [-1000, 1000]');
        return;
      }
    }
    const range = ix.range;
    if (range && (value < range[0] || value > range[1])) {
      this.report('data-out-of-range', 'error', line, v.column(cv >= 0 && !valueEmpty ? cv : f.cn), `${fmt(value)} is outside the range of '${ix.id}' [${range[0]}, ${range[1]}]`,
        ix.unit === 'percent' ? 'a percent is written like 45.5' : undefined);
      return;
    }
    if (this.comboInterned && tuple) {
      const k = tuple.join(',');
      let c = this.comboInterned.get(k);
      if (c === undefined) {
        c = this.comboInterned.size + 1;
        if (c >= this.NCOMBO) {
          this.report('data-unknown-dimension', 'error', line, 1, 'too many combinations of dimension values');
          return;
        }
        this.comboInterned.set(k, c);
        this.comboTuples[c] = Int32Array.from(tuple);
      }
      combo = c;
    }
    // queue the row: inserts run in batches, after touching their slots, so that the cache misses
    // of a large table overlap instead of coming one after another
    const q = this.qn++;
    const qi = this.qi;
    qi[q * 8] = ind;
    qi[q * 8 + 1] = per;
    qi[q * 8 + 2] = part;
    qi[q * 8 + 3] = cellCombo;
    qi[q * 8 + 4] = nSet;
    qi[q * 8 + 5] = singleDimIndex;
    qi[q * 8 + 6] = line;
    qi[q * 8 + 7] = combo;
    this.qf[q * 3] = value;
    this.qf[q * 3 + 1] = num;
    this.qf[q * 3 + 2] = den;
    const sk = (ind * NPER + per) * this.NPART + part;
    if (sk !== this.lastSub) {
      this.lastSub = sk;
      const ss = this.subs.upsert(sk);
      if (this.subs.inserted) {
        const id = this.subs.size - 1;
        this.subs.data[ss * 3 + 1] = f.index;
        this.subs.data[ss * 3 + 2] = id;
        if (id >= this.baseKeys.length) {
          const nb = new Float64Array(this.baseKeys.length * 2);
          nb.set(this.baseKeys);
          this.baseKeys = nb;
        }
        this.baseKeys[id] = sk;
        this.lastBaseId = id;
      } else this.lastBaseId = this.subs.data[ss * 3 + 2]!;
    }
    const rowKey = this.lastBaseId * this.NCOMBO + combo;
    if (rowKey >= MAX_ROW_KEY) {
      if (!this.overflowReported) {
        this.overflowReported = true;
        this.report('data-record-too-large', 'error', line, 1, 'too many distinct (indicator, period, partner, dimension values) keys in one run; the rest are skipped');
      }
      this.qn--;
      return;
    }
    this.qkey[q] = rowKey;
    if (f.cnote >= 0) {
      const c = f.cnote;
      this.qnote[q] = isBlank(src, st[c]!, en[c]!) ? undefined : v.text(c).trim();
    }
    if (q + 1 === BATCH) this.flush();
  }

  private qn = 0;
  private readonly qi = new Int32Array(BATCH * 8);
  private readonly qf = new Float64Array(BATCH * 3);
  private readonly qkey = new Float64Array(BATCH);
  private readonly qnote: (string | undefined)[] = new Array(BATCH);
  /** Keeps the touch loop from being optimised away. */
  touched = 0;

  /** Insert the queued rows (call before anything reads the table). */
  flush(): void {
    const n = this.qn;
    if (n === 0) return;
    const t = this.table;
    let sum = 0;
    for (let q = 0; q < n; q++) sum += t.touch(this.qkey[q]!);
    this.touched += sum;
    const hasNotes = this.f.cnote >= 0;
    for (let q = 0; q < n; q++) this.insert(q, hasNotes ? this.qnote[q] : undefined);
    this.qn = 0;
    if (hasNotes) this.qnote.fill(undefined);
  }

  private badNumber(v: RecordView, col: number, what: string): void {
    const raw = v.text(col);
    this.report('data-bad-number', 'error', v.line, v.column(col), `${what} '${raw.trim()}' is not a plain number`,
      badNumberHint(raw) ?? 'write digits with an optional minus sign and a decimal point, like -3, 0.5 or 1234.5');
  }

  private positionAt(slot: number): { file: number; line: number } {
    const g = this.table.line(slot);
    const starts = this.fileStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! < g) lo = mid;
      else hi = mid - 1;
    }
    return { file: lo, line: g - starts[lo]! };
  }

  /** Insert queued row q (numbers are read from the queue, not passed, so they stay unboxed). */
  private insert(q: number, note: string | undefined): void {
    const qi = this.qi;
    const b = q * 8;
    const ind = qi[b]!;
    const per = qi[b + 1]!;
    const part = qi[b + 2]!;
    const cellCombo = qi[b + 3]!;
    const nSet = qi[b + 4]!;
    const singleDim = qi[b + 5]!;
    const line = qi[b + 6]!;
    const combo = qi[b + 7]!;
    const value = this.qf[q * 3]!;
    const num = this.qf[q * 3 + 1]!;
    const den = this.qf[q * 3 + 2]!;
    const key = this.qkey[q]!;
    const f = this.f;
    const t = this.table;
    const slot = t.upsert(key);
    if (!t.inserted) {
      const nd = t.nd;
      // weighted figures are their counts (a given value only has to agree with them)
      const same = nd && num === num ? nd[slot * 2] === num && nd[slot * 2 + 1] === den : t.value(slot) === value;
      const { file: fi, line: otherLine } = this.positionAt(slot);
      const otherFile = this.files[fi]?.path ?? f.path;
      const where = this.describeKey(ind, per, part, combo);
      if (same) {
        // the first non-empty note of the key is kept (SPEC 4.1 `note`)
        if (note !== undefined && !this.notes.has(key)) this.notes.set(key, note);
        this.report('data-duplicate', 'warning', line, 1, `${where} is given twice with the same value (${fmt(value)}); first at ${otherFile}:${otherLine}`, 'remove one of the rows',
          [{ file: otherFile, line: otherLine, column: 1, message: 'first given here' }]);
      } else {
        const old = t.value(slot);
        this.report('data-conflict', 'error', line, 1, `${where} is ${fmt(value)} here but ${fmt(old)} at ${otherFile}:${otherLine}`, 'keep one figure: correct or remove the other row',
          [{ file: otherFile, line: otherLine, column: 1, message: `first given here as ${fmt(old)}` }]);
      }
      return;
    }
    t.f64[slot * 2] = value;
    t.u32[slot * 4 + 3] = this.lineBase + line;
    if (t.nd) {
      t.nd[slot * 2] = num;
      t.nd[slot * 2 + 1] = den;
    }
    const sk = (ind * NPER + per) * this.NPART + part;
    // partner group sums for the total check (consecutive rows usually share one)
    if (nSet === 1 && this.checked[ind]) {
      const ak = sk * this.dims.length + singleDim;
      let a = this.lastAcc;
      if (ak !== this.lastAccKey) {
        a = this.acc.upsert(ak);
        this.lastAccKey = ak;
        this.lastAcc = a;
      }
      const ad = this.acc.data;
      const as = this.AS;
      ad[a * as + 1] += value;
      if (this.weightedAny) {
        ad[a * as + 2] += num;
        ad[a * as + 3] += den;
      }
      ad[a * as + as - 1]++;
    }
    this.rowsOf[ind]!++;
    if (note !== undefined) this.notes.set(key, note);
    if (part === 0 && !f.unattributedWarned) {
      f.unattributedWarned = true;
      this.report('data-unattributed', 'warning', line, 1, 'rows in this file name no partner (no partner column, and the folder is not a partner id)',
        'put the file under data/<partner-id>/ or add a partner column');
    }
    // cells
    if (cellCombo < 0) return;
    const ck = ind * NPER + per;
    if (ck !== this.lastCellKey) {
      const ci = this.cellIndex;
      const slot = ci.upsert(ck);
      if (ci.inserted) {
        const block = this.cellBlocks++;
        ci.data[slot * 2 + 1] = block;
        const need = this.cellBlocks * this.NCELL * 8;
        if (need > this.cellPool.length) {
          const np = new Float64Array(Math.max(need, this.cellPool.length * 2));
          np.set(this.cellPool);
          this.cellPool = np;
        }
        this.lastCellBlock = block;
      } else this.lastCellBlock = ci.data[slot * 2 + 1]!;
      this.lastCellKey = ck;
    }
    const cd = this.cellPool;
    const ca = (this.lastCellBlock * this.NCELL + cellCombo) * 8;
    let bi: number;
    if (cd[ca] === 0) {
      cd[ca] = 1;
      cd[ca + 1] = value;
      cd[ca + 2] = 1;
      cd[ca + 3] = value;
      cd[ca + 4] = value;
      cd[ca + 5] = num;
      cd[ca + 6] = den;
      const need = ++this.cellCount * this.words;
      if (need > this.partnerBits.length) {
        const nb = new Uint32Array(Math.max(need, this.partnerBits.length * 2));
        nb.set(this.partnerBits);
        this.partnerBits = nb;
      }
      bi = (this.cellCount - 1) * this.words;
      cd[ca + 7] = bi;
    } else {
      cd[ca + 1] += value;
      cd[ca + 2]++;
      if (value < cd[ca + 3]!) cd[ca + 3] = value;
      if (value > cd[ca + 4]!) cd[ca + 4] = value;
      cd[ca + 5] += num;
      cd[ca + 6] += den;
      bi = cd[ca + 7]!;
    }
    this.partnerBits[bi + (part >>> 5)]! |= 1 << (part & 31);
  }

  // ---------------------------------------------------------------- keys

  decodeKey(key: number): { ind: number; per: number; part: number; combo: number } {
    const combo = key % this.NCOMBO;
    let rest = (key - combo) / this.NCOMBO;
    const part = rest % this.NPART;
    rest = (rest - part) / this.NPART;
    const per = rest % NPER;
    const ind = (rest - per) / NPER;
    return { ind, per, part, combo };
  }

  /** Dimension value index + 1 per dimension (0 = total) for a combo. */
  comboValues(combo: number): number[] {
    if (this.comboInterned) {
      const t = this.comboTuples[combo];
      return t ? Array.from(t) : this.dims.map(() => 0);
    }
    return this.dims.map((d, i) => Math.floor(combo / this.radix[i]!) % (d.values.length + 1));
  }

  private describeKey(ind: number, per: number, part: number, combo: number): string {
    const vals = this.comboValues(combo);
    const dims = vals.map((x, d) => (x > 0 ? `${this.dims[d]!.id}=${this.dims[d]!.values[x - 1]!.id}` : '')).filter(Boolean);
    return `indicator '${this.inds[ind]!.id}', ${this.periods[per]!.text}, ${part === 0 ? 'no partner' : `partner '${this.partnerIds.values[part - 1]}'`}${dims.length ? `, ${dims.join(', ')}` : ''}`;
  }

  // ---------------------------------------------------------------- results

  /** Groups that do not add up to the partner's total (SPEC 4.2), for sum and weighted indicators. */
  checkTotals(): void {
    if (this.dims.length === 0) return;
    const ND = this.dims.length;
    const acc = this.acc;
    const t = this.table;
    const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
    const found: Diagnostic[] = [];
    const ad = acc.data;
    acc.forEachSlot((a, ak) => {
      const d = ak % ND;
      const base = (ak - d) / ND;
      const dim = this.dims[d]!;
      const as = this.AS;
      if (ad[a * as + as - 1] !== dim.values.length) return;
      const ss = this.subs.find(base);
      if (ss < 0) return;
      const s = t.find(this.subs.data[ss * 3 + 2]! * this.NCOMBO);
      if (s < 0) return;
      const pos = this.positionAt(s);
      const { ind, per, part } = this.decodeKey(base * this.NCOMBO);
      const ix = this.inds[ind]!;
      let message: string | null = null;
      if (ix.aggregation === 'weighted') {
        const n = ad[a * as + 2]!;
        const dn = ad[a * as + 3]!;
        const tn = t.nd![s * 2]!;
        const tdn = t.nd![s * 2 + 1]!;
        if (!near(n, tn) || !near(dn, tdn)) message = `the '${dim.id}' groups add up to ${fmt(n)}/${fmt(dn)}, the total is ${fmt(tn)}/${fmt(tdn)}`;
      } else {
        const sum = ad[a * as + 1]!;
        const tv = t.value(s);
        if (!near(sum, tv)) message = `the '${dim.id}' groups add up to ${fmt(round(sum, 6))}, the total is ${fmt(tv)}`;
      }
      if (!message) return;
      found.push({
        code: 'data-total-mismatch', severity: 'warning',
        file: this.files[pos.file]!.path, line: pos.line, column: 1,
        message: `indicator '${ix.id}', ${this.periods[per]!.text}, ${part === 0 ? 'no partner' : `partner '${this.partnerIds.values[part - 1]}'`}: ${message}`,
        hint: 'a partner reports its own total; its groups should add up to it',
      });
    });
    this.diagnostics.push(...found);
  }

  private makeCell(ix: Indicator, c: number): Cell {
    const cd = this.cellPool;
    const a = c * 8;
    const rows = cd[a + 2]!;
    const sum = cd[a + 1]!;
    let value: number;
    switch (ix.aggregation) {
      case 'sum': value = sum; break;
      case 'mean': value = sum / rows; break;
      case 'min': value = cd[a + 3]!; break;
      case 'max': value = cd[a + 4]!; break;
      case 'weighted': value = (cd[a + 5]! / cd[a + 6]!) * ix.scale; break;
    }
    const bi = cd[a + 7]!;
    const bits = this.partnerBits.slice(bi, bi + this.words);
    const cell = new MergedCell(value, rows, bits, this.partnerIds.values);
    if (ix.aggregation === 'weighted') {
      cell.numerator = cd[a + 5]!;
      cell.denominator = cd[a + 6]!;
    }
    return cell;
  }

  /** The merged data (SPEC 4.2) once every file was read. */
  result(): MergedData {
    const byInd: { ind: number; per: number; cellCombo: number; slot: number }[] = [];
    this.cellIndex.forEachSlot((slot, key) => {
      const per = key % NPER;
      const ind = (key - per) / NPER;
      const block = this.cellIndex.data[slot * 2 + 1]!;
      for (let cellCombo = 0; cellCombo < this.NCELL; cellCombo++) {
        const c = block * this.NCELL + cellCombo;
        if (this.cellPool[c * 8] !== 0) byInd.push({ ind, per, cellCombo, slot: c });
      }
    });
    byInd.sort((a, b) => a.ind - b.ind || comparePeriods(this.periods[a.per]!, this.periods[b.per]!) || a.cellCombo - b.cellCombo);
    const indicators = new Map<string, IndicatorData>();
    this.inds.forEach((ix, i) => indicators.set(ix.id, { indicator: ix.id, totals: new Map(), groups: new Map(), rows: this.rowsOf[i]! }));
    for (const e of byInd) {
      const ix = this.inds[e.ind]!;
      const data = indicators.get(ix.id)!;
      const period = this.periods[e.per]!.text;
      const cell = this.makeCell(ix, e.slot);
      if (e.cellCombo === 0) {
        data.totals.set(period, cell);
        continue;
      }
      let d = this.dims.length - 1;
      while (this.dimOffset[d]! > e.cellCombo) d--;
      const dim = this.dims[d]!;
      const value = dim.values[e.cellCombo - this.dimOffset[d]!]!.id;
      let byValue = data.groups.get(dim.id);
      if (!byValue) data.groups.set(dim.id, (byValue = new Map()));
      let byPeriod = byValue.get(value);
      if (!byPeriod) byValue.set(value, (byPeriod = new Map()));
      byPeriod.set(period, cell);
    }
    const self = this;
    let subsCache: Submission[] | undefined;
    const data: MergedData = {
      indicators,
      files: this.files,
      get submissions(): Submission[] {
        return (subsCache ??= self.submissionList());
      },
      set submissions(v: Submission[]) {
        subsCache = v;
      },
      tidy: this.tidyTable(),
      submitted: (indicator, period, partner) => this.submitted(indicator, period, partner),
      scan: this.rowScan(),
      notes: () => this.totalNotes(),
    };
    return data;
  }

  /** The notes of total rows, one per (indicator, period, partner). */
  private totalNotes(): DataNote[] {
    const out: DataNote[] = [];
    const NC = this.NCOMBO;
    for (const [key, text] of this.notes) {
      const combo = key % NC;
      if (!this.comboValues(combo).every((x) => x === 0)) continue;
      const { ind, per, part } = this.decodeKey(this.baseKeys[(key - combo) / NC]! * NC);
      out.push({ indicator: this.inds[ind]!.id, period: this.periods[per]!.text, partner: part === 0 ? '' : this.partnerIds.values[part - 1]!, text });
    }
    return out;
  }

  private periodIndex(text: string): number {
    const id = this.periodIds.lookupExact(Buffer.from(text), 0, Buffer.byteLength(text));
    return id < 0 ? -1 : (this.periodDense[id] ?? -1);
  }

  private submitted(indicator: string, period: string, partner: string): string | undefined {
    const ind = this.inds.findIndex((i) => i.id === indicator);
    const per = this.periodIndex(period);
    const part = partner === '' ? 0 : this.partnerIds.values.indexOf(partner) + 1;
    if (ind < 0 || per < 0 || (partner !== '' && part === 0)) return undefined;
    const s = this.subs.find((ind * NPER + per) * this.NPART + part);
    return s < 0 ? undefined : this.files[this.subs.data[s * 3 + 1]!]!.path;
  }

  private submissionList(): Submission[] {
    const list: { key: number; s: Submission }[] = [];
    this.subs.forEachSlot((slot, key) => {
      const part = key % this.NPART;
      const rest = (key - part) / this.NPART;
      const per = rest % NPER;
      const ind = (rest - per) / NPER;
      list.push({
        key,
        s: {
          partner: part === 0 ? '' : this.partnerIds.values[part - 1]!,
          indicator: this.inds[ind]!.id,
          period: this.periods[per]!.text,
          file: this.files[this.subs.data[slot * 3 + 1]!]!.path,
        },
      });
    });
    list.sort((a, b) => a.s.indicator === b.s.indicator
      ? comparePeriods(parsePeriodCached(this.periods, a.s.period), parsePeriodCached(this.periods, b.s.period)) || (a.s.partner < b.s.partner ? -1 : a.s.partner > b.s.partner ? 1 : 0)
      : this.inds.findIndex((i) => i.id === a.s.indicator) - this.inds.findIndex((i) => i.id === b.s.indicator));
    return list.map((x) => x.s);
  }

  private tidyTable(): TidyTable {
    const self = this;
    const dims = this.dims.map((d) => d.id);
    return {
      size: this.table.size,
      dimensions: dims,
      *rows(): IterableIterator<TidyRow> {
        yield* self.tidyRows();
      },
    };
  }

  private rowScan(): RowScan {
    const self = this;
    const groups = (combo: number): Record<string, string> => {
      const out: Record<string, string> = {};
      this.comboValues(combo).forEach((x, d) => {
        if (x > 0) out[this.dims[d]!.id] = this.dims[d]!.values[x - 1]!.id;
      });
      return out;
    };
    return {
      size: this.table.size,
      indicators: this.inds.map((i) => i.id),
      periods: this.periods.map((p) => p.text),
      partners: ['', ...this.partnerIds.values.slice(0, this.NPART - 1)],
      combos: this.NCOMBO,
      groups,
      forEach(visit) {
        const t = self.table;
        const nd = t.nd;
        const NC = self.NCOMBO;
        const NP = self.NPART;
        const weighted = self.inds.map((i) => i.aggregation === 'weighted');
        t.forEachSlot((s, key) => {
          const combo = key % NC;
          const base = self.baseKeys[(key - combo) / NC]!;
          const part = base % NP;
          const rest = (base - part) / NP;
          const per = rest % NPER;
          const ind = (rest - per) / NPER;
          const w = nd !== null && weighted[ind]!;
          visit(ind, per, part, combo, t.value(s), w ? nd[s * 2]! : NaN, w ? nd[s * 2 + 1]! : NaN);
        });
      },
    };
  }

  private *tidyRows(): IterableIterator<TidyRow> {
    // sort by (indicator, chronological period, partner, combo)
    const rank = new Int32Array(this.periods.length);
    const order = this.periods.map((_, i) => i).sort((a, b) => comparePeriods(this.periods[a]!, this.periods[b]!));
    order.forEach((p, r) => (rank[p] = r));
    const t = this.table;
    const sortKeys = new Float64Array(t.size);
    let n = 0;
    const NC = this.NCOMBO;
    t.forEachSlot((_, key) => {
      const combo = key % NC;
      const k = this.decodeKey(this.baseKeys[(key - combo) / NC]! * NC + combo);
      sortKeys[n++] = ((k.ind * NPER + rank[k.per]!) * this.NPART + k.part) * NC + combo;
    });
    sortKeys.sort();
    for (let j = 0; j < n; j++) {
      const sk = sortKeys[j]!;
      const k = this.decodeKey(sk);
      const per = order[k.per]!;
      const ss = this.subs.find((k.ind * NPER + per) * this.NPART + k.part);
      const key = this.subs.data[ss * 3 + 2]! * NC + k.combo;
      const s = t.find(key);
      const pos = this.positionAt(s);
      const dimensions: Record<string, string> = {};
      this.comboValues(k.combo).forEach((x, d) => {
        if (x > 0) dimensions[this.dims[d]!.id] = this.dims[d]!.values[x - 1]!.id;
      });
      const row: TidyRow = {
        indicator: this.inds[k.ind]!.id,
        period: this.periods[per]!.text,
        partner: k.part === 0 ? '' : this.partnerIds.values[k.part - 1]!,
        dimensions,
        value: t.value(s),
        file: this.files[pos.file]!.path,
        line: pos.line,
      };
      if (this.weightedAny && this.inds[k.ind]!.aggregation === 'weighted') {
        row.numerator = t.nd![s * 2]!;
        row.denominator = t.nd![s * 2 + 1]!;
      }
      const note = this.notes.get(key);
      if (note !== undefined) row.note = note;
      yield row;
    }
  }
}

function parsePeriodCached(periods: Period[], text: string): Period {
  return periods.find((p) => p.text === text)!;
}

/** A combined figure; the contributing partners are kept as a bitset and listed on demand. */
class MergedCell implements Cell {
  numerator?: number;
  denominator?: number;
  #bits: Uint32Array;
  #names: string[];
  constructor(public value: number, public rows: number, bits: Uint32Array, names: string[]) {
    this.#bits = bits;
    this.#names = names;
  }
  get partners(): string[] {
    const out: string[] = [];
    for (let p = 0; p < this.#bits.length * 32; p++) {
      if (this.#bits[p >>> 5]! & (1 << (p & 31))) out.push(p === 0 ? '' : this.#names[p - 1]!);
    }
    return out.sort();
  }
  toJSON(): Cell {
    const c: Cell = { value: this.value, rows: this.rows, partners: this.partners };
    if (this.numerator !== undefined) c.numerator = this.numerator;
    if (this.denominator !== undefined) c.denominator = this.denominator;
    return c;
  }
}

function blankRecord(v: RecordView): boolean {
  for (let f = 0; f < v.n; f++) if (!isBlank(v.src, v.starts[f]!, v.ends[f]!)) return false;
  return true;
}

function fmt(n: number): string {
  return String(n);
}

function round(n: number, d: number): number {
  return Number(n.toFixed(d));
}
