/**
 * The checks of one data row (SPEC 4.1): known indicator, a period of the indicator's frequency,
 * a known partner (agreeing with the file's folder), known dimension values, plain numbers in
 * range, numerator and denominator agreeing with the value. A row that passes leaves its figures
 * in the checker's fields as numbers; the hot path builds no strings and no objects.
 */
import type { Dimension, Indicator, Initiative } from '../model/types.js';
import { describePeriodType } from '../periods.js';
import { closest } from '../suggest.js';
import { describeChar, firstStrangeChar, visible } from '../source/chars.js';
import { badNumberHint, parseDecimalBytes } from './decimal.js';
import type { DropFile } from './drop-file.js';
import { ByteInterner, isBlank } from './interner.js';
import { MAX_PERIODS, type KeySpace } from './keys.js';
import type { PeriodIds } from './period-ids.js';
import type { DataRecord } from './record.js';
import { count } from '../words.js';

export class RowChecker {
  // the figures of the row that passed last
  indicator = 0;
  period = 0;
  /** 0 for no partner, else the partner's index + 1. */
  partner = 0;
  /** The row's dimension values as a key combination (0 = the total). */
  combination = 0;
  /** The row's cell in its (indicator, period) block, -1 when it gives two or more dimension values. */
  cell = 0;
  /** How many dimension values the row gives. */
  groupsGiven = 0;
  /** The dimension of the row's only dimension value. */
  dimension = -1;
  value = NaN;
  numerator = NaN;
  denominator = NaN;

  readonly indicatorIds: ByteInterner;
  readonly partnerIds: ByteInterner;
  private readonly indicators: readonly Indicator[];
  private readonly dimensions: readonly Dimension[];
  private readonly dimensionValues: ByteInterner[];
  /** Cell of each dimension's first value in a block (the total is cell 0). */
  readonly firstCell: number[] = [];
  readonly cellsPerBlock: number;
  /** Per indicator: 1 for a `count` given as values (whole numbers), 2 when also not negative (no `range`). */
  private readonly countCheck: Uint8Array;
  /** The row's dimension values (value index + 1 per dimension), filled when the key space numbers combinations. */
  readonly tuple: Int32Array;
  /** Kinds whose YAML could not be read whole: ids they may hold are not judged unknown. */
  private readonly incomplete: ReadonlySet<string>;

  get incompleteKinds(): ReadonlySet<string> {
    return this.incomplete;
  }

  constructor(initiative: Initiative, private readonly periods: PeriodIds, private readonly keys: KeySpace, incomplete: ReadonlySet<string>) {
    this.indicators = initiative.indicators;
    this.dimensions = initiative.dimensions;
    this.indicatorIds = new ByteInterner(this.indicators.map((i) => i.id));
    this.partnerIds = new ByteInterner(initiative.partners.map((p) => p.id));
    this.dimensionValues = this.dimensions.map((d) => new ByteInterner(d.values.map((v) => v.id)));
    this.countCheck = Uint8Array.from(this.indicators, (i) => (i.unit !== 'count' || i.aggregation === 'weighted' ? 0 : i.range ? 1 : 2));
    let cell = 1;
    for (const d of this.dimensions) {
      this.firstCell.push(cell);
      cell += d.values.length;
    }
    this.cellsPerBlock = cell;
    this.tuple = new Int32Array(this.dimensions.length);
    this.incomplete = incomplete;
  }

  /**
   * Check a data row; true when it passed (its figures are in the fields). Rows that fail are
   * reported on the file; blank rows are neither counted nor reported.
   */
  check(row: DataRecord, file: DropFile): boolean {
    const columns = file.columns;
    const src = row.src;
    const starts = row.starts;
    const ends = row.ends;
    const line = row.line;
    if (row.n !== columns.count) {
      if (isBlankRow(row)) return false;
      file.rows++;
      file.report('data-row-shape', 'error', line, 1, `${count(row.n, 'value')}, the header has ${columns.count}; the row is skipped`,
        row.n === 1 ? 'is the delimiter the same as in the header?' : 'a missing or extra delimiter, or a value with a delimiter that should be quoted');
      return false;
    }
    const ic = columns.indicator;
    const ind = this.indicatorIds.lookup(src, starts[ic]!, ends[ic]!);
    if (ind < 0 && isBlank(src, starts[ic]!, ends[ic]!) && isBlankRow(row)) return false;
    file.rows++;
    // two steps, each compiled on its own: one inlining budget each for the id lookups and the number parsing
    const idsKnown = this.checkIds(row, file, ind);
    return this.checkFigures(row, file, idsKnown);
  }

  /** The row's indicator, period, partner and dimension values; false when one is not known. */
  private checkIds(row: DataRecord, file: DropFile, ind: number): boolean {
    const columns = file.columns;
    const src = row.src;
    const starts = row.starts;
    const ends = row.ends;
    const line = row.line;
    const ic = columns.indicator;
    let bad = false;
    let indicator: Indicator | undefined;
    if (ind < 0) {
      bad = true;
      const text = cellText(row, ic);
      if (text === '') file.report('data-unknown-indicator', 'error', line, row.column(ic), 'the row names no indicator');
      else if (!this.incomplete.has('indicators')) {
        const hint = closest(text, this.indicatorIds.values);
        file.report('data-unknown-indicator', 'error', line, row.column(ic), `'${visible(text)}' is not an indicator`, hint ? `did you mean '${hint}'?` : strangeHint(text));
      }
    } else indicator = this.indicators[ind]!;

    const pc = columns.period;
    const pid = this.periods.idOf(src, starts[pc]!, ends[pc]!);
    const per = pid < 0 ? -1 : this.periods.index(pid);
    if (per < 0) {
      bad = true;
      const text = cellText(row, pc);
      file.report('period-format', 'error', line, row.column(pc), text === '' ? 'the row has no period' : `'${visible(text)}' is not a period`,
        indicator ? `write ${describePeriodType(indicator.frequency)}` : 'periods look like 2025, SY2024-25, 2025-H2, 2025-Q3 or 2025-07');
    } else {
      const p = this.periods.list[per]!;
      if (indicator && p.type !== indicator.frequency) {
        bad = true;
        file.report('period-type-mismatch', 'error', line, row.column(pc), `period '${p.text}' is not ${describePeriodType(indicator.frequency).replace(/ like .*/, '')} (indicator '${indicator.id}' is reported by ${indicator.frequency})`,
          `write ${describePeriodType(indicator.frequency)}`);
      }
      if (per >= MAX_PERIODS) {
        bad = true;
        file.report('period-format', 'error', line, row.column(pc), `too many distinct periods in the data (more than ${MAX_PERIODS})`);
      }
    }

    let part = file.folderPartner;
    const rc = columns.partner;
    if (rc >= 0 && !isBlank(src, starts[rc]!, ends[rc]!)) {
      const p = this.partnerIds.lookup(src, starts[rc]!, ends[rc]!);
      if (p < 0) {
        bad = true;
        const text = cellText(row, rc);
        const hint = closest(text, this.partnerIds.values);
        if (!this.incomplete.has('partners')) file.report('data-unknown-partner', 'error', line, row.column(rc), `'${visible(text)}' is not a partner`, hint ? `did you mean '${hint}'?` : strangeHint(text));
      } else if (file.folderPartner !== 0 && p + 1 !== file.folderPartner) {
        // a drop filed in another partner's folder would count as that partner's submission
        bad = true;
        const named = this.partnerIds.values[p]!;
        const folder = this.partnerIds.values[file.folderPartner - 1]!;
        // the folder that names the partner, at whatever depth (data/2025/schools/)
        const parts = file.path.split('/');
        const inFolder = parts.slice(0, parts.indexOf(folder) + 1).join('/');
        const instead = [...parts.slice(0, parts.indexOf(folder)), named].join('/');
        file.report('data-partner-mismatch', 'error', line, row.column(rc), `the row names partner '${named}', but the file is in ${inFolder}/, the folder of partner '${folder}'`,
          `move the file (or the row) to ${instead}/, or correct the partner column`);
      } else part = p + 1;
    }
    // partners.yaml unreadable and the file in a folder: the folder may be a partner's, so the
    // row's key is unknown; it is left unchecked rather than matched against other folders' rows
    if (part === 0 && file.partnerUnknown) bad = true;

    let combination = 0;
    let groupsGiven = 0;
    let cell = 0;
    let dimension = -1;
    const numbered = this.keys.numbersCombinations;
    if (numbered) this.tuple.fill(0);
    const dimensionColumns = columns.dimensions;
    for (let j = 0; j < dimensionColumns.length; j++) {
      const c = dimensionColumns[j]!;
      if (isBlank(src, starts[c]!, ends[c]!)) continue;
      const d = columns.dimensionOf[j]!;
      const vi = this.dimensionValues[d]!.lookup(src, starts[c]!, ends[c]!);
      if (vi < 0) {
        bad = true;
        if (this.incomplete.has('dimensions')) continue;
        const text = cellText(row, c);
        const hint = closest(text, this.dimensionValues[d]!.values);
        file.report('data-unknown-dimension', 'error', line, row.column(c), `'${visible(text)}' is not a value of dimension '${this.dimensions[d]!.id}'`,
          hint ? `did you mean '${hint}'?` : `values: ${this.dimensionValues[d]!.values.join(', ')}; leave it empty for the total`);
        continue;
      }
      groupsGiven++;
      dimension = d;
      cell = this.firstCell[d]! + vi;
      if (numbered) this.tuple[d] = vi + 1;
      else combination += (vi + 1) * this.keys.radix[d]!;
    }
    if (groupsGiven > 1) cell = -1;
    // a value in a column that may be a dimension dimensions.yaml did not give: no key to check it by
    const unread = columns.unread;
    for (let j = 0; j < unread.length; j++) if (!isBlank(src, starts[unread[j]!]!, ends[unread[j]!]!)) bad = true;
    if (!file.unnamedWarned) {
      const unnamed = columns.unnamed;
      for (let j = 0; j < unnamed.length; j++) {
        const c = unnamed[j]!;
        if (isBlank(src, starts[c]!, ends[c]!)) continue;
        file.unnamedWarned = true;
        file.report('data-unknown-column', 'warning', line, row.column(c), `column ${c + 1} has no name in the header, but rows have values in it ('${visible(cellText(row, c))}' here); they are ignored`,
          'name the column in the header (a dimension id, or note), or delete it');
        break;
      }
    }
    this.indicator = ind;
    this.period = per;
    this.partner = part;
    this.combination = combination;
    this.cell = cell;
    this.groupsGiven = groupsGiven;
    this.dimension = dimension;
    return !bad;
  }

  /** The row's value, or numerator and denominator: plain numbers, in range, agreeing. */
  private checkFigures(row: DataRecord, file: DropFile, idsKnown: boolean): boolean {
    const columns = file.columns;
    const src = row.src;
    const starts = row.starts;
    const ends = row.ends;
    const line = row.line;
    const ind = this.indicator;
    const indicator = ind >= 0 ? this.indicators[ind] : undefined;
    let bad = !idsKnown;

    const weighted = indicator?.aggregation === 'weighted';
    let value = NaN;
    let num = NaN;
    let den = NaN;
    let valueEmpty = true;
    const vc = columns.value;
    if (vc >= 0 && !isBlank(src, starts[vc]!, ends[vc]!)) {
      valueEmpty = false;
      value = parseDecimalBytes(src, starts[vc]!, ends[vc]!);
      if (value !== value) {
        bad = true;
        reportBadNumber(row, vc, 'value', file);
      }
    }
    let counts = false;
    const nc = columns.numerator;
    const dc = columns.denominator;
    if (nc >= 0 && dc >= 0) {
      const numBlank = isBlank(src, starts[nc]!, ends[nc]!);
      const denBlank = isBlank(src, starts[dc]!, ends[dc]!);
      if (!numBlank || !denBlank) {
        counts = true;
        if (numBlank || denBlank) {
          bad = true;
          file.report('data-missing-value', 'error', line, row.column(numBlank ? nc : dc), `the ${numBlank ? 'numerator' : 'denominator'} is empty`, 'give both the numerator and the denominator');
        } else {
          num = parseDecimalBytes(src, starts[nc]!, ends[nc]!);
          den = parseDecimalBytes(src, starts[dc]!, ends[dc]!);
          if (num !== num) {
            bad = true;
            reportBadNumber(row, nc, 'numerator', file);
          }
          if (den !== den) {
            bad = true;
            reportBadNumber(row, dc, 'denominator', file);
          } else if (den <= 0) {
            bad = true;
            file.report('data-out-of-range', 'error', line, row.column(dc), `denominator ${String(den)} must be more than 0`);
          }
          if (num < 0) {
            bad = true;
            file.report('data-out-of-range', 'error', line, row.column(nc), `numerator ${String(num)} must not be negative`);
          }
        }
      }
    }
    if (!counts && valueEmpty && !weighted) {
      if (!bad) file.report('data-missing-value', 'warning', line, row.column(vc >= 0 ? vc : 0), 'the value is empty; the row is skipped', 'leave the row out, or fill in the figure');
      return false;
    }
    if (bad) return false;
    const ix = indicator!;
    if (weighted) {
      if (!counts && nc >= 0 && dc >= 0) {
        // the columns are there, this row left them empty (a value alone does not do)
        file.report('data-missing-value', 'error', line, row.column(nc),
          `indicator '${ix.id}' is weighted: the row needs a numerator and a denominator; it is skipped`, 'give the numerator and the denominator (a value beside them may stay, if it agrees)');
        return false;
      }
      if (!counts) {
        // the file has no numerator/denominator columns: say so once per indicator
        if (!file.missingCountsWarned.has(ind)) {
          file.missingCountsWarned.add(ind);
          file.report('data-missing-column', 'error', line, row.column(vc),
            `indicator '${ix.id}' is weighted: its rows need numerator and denominator columns; they are skipped`, 'add numerator and denominator columns');
        }
        return false;
      }
      const computed = (num / den) * ix.scale;
      if (!valueEmpty) {
        if (Math.abs(value - computed) > 0.5 * 10 ** -ix.decimals + 1e-9) {
          file.report('data-value-mismatch', 'error', line, row.column(vc), `value ${String(value)} does not match numerator/denominator (${String(num)}/${String(den)} × ${ix.scale} = ${Number(computed.toFixed(ix.decimals))})`,
            'leave the value empty, or correct it');
          return false;
        }
      } else value = computed;
    } else if (valueEmpty) {
      value = (num / den) * ix.scale;
    }
    const count = this.countCheck[ind]!;
    if (count !== 0 && !valueEmpty) {
      if (!Number.isInteger(value)) {
        file.report('data-bad-number', 'error', line, row.column(vc), `value '${visible(cellText(row, vc))}' is not a whole number; '${ix.id}' is a count`,
          'a count is a whole number (people, seats, visits); a figure with decimals needs another unit, like number or rate');
        return false;
      }
      if (count === 2 && value < 0) {
        file.report('data-out-of-range', 'error', line, row.column(vc), `${String(value)} is negative; '${ix.id}' is a count`,
          'a count is not negative; if negative figures are real here, give the indicator a range, e.g. range: [-1000, 1000]');
        return false;
      }
    }
    const range = ix.range;
    if (range && (value < range[0] || value > range[1])) {
      file.report('data-out-of-range', 'error', line, row.column(vc >= 0 && !valueEmpty ? vc : nc), `${String(value)} is outside the range of '${ix.id}' [${range[0]}, ${range[1]}]`,
        ix.unit === 'percent' ? 'a percent is written like 45.5' : undefined);
      return false;
    }
    if (this.keys.numbersCombinations && this.groupsGiven > 0) {
      const combination = this.keys.number(this.tuple);
      if (combination < 0) {
        file.report('data-unknown-dimension', 'error', line, 1, 'too many combinations of dimension values');
        return false;
      }
      this.combination = combination;
    }
    this.value = value;
    this.numerator = num;
    this.denominator = den;
    return true;
  }
}

function reportBadNumber(row: DataRecord, column: number, what: string, file: DropFile): void {
  const raw = cellText(row, column);
  file.report('data-bad-number', 'error', row.line, row.column(column), `${what} '${visible(raw)}' is not a plain number`,
    badNumberHint(raw) ?? strangeHint(raw) ?? 'write digits with an optional minus sign and a decimal point, like -3, 0.5 or 1234.5');
}

/** A field's text as the checks see it: spaces and tabs around it trimmed (a no-break space stays, and shows). */
function cellText(row: DataRecord, field: number): string {
  return row.text(field).replace(/^[ \t]+|[ \t]+$/g, '');
}

/** What to do about a character the data manager cannot see, or cannot tell from the one meant. */
function strangeHint(text: string): string | undefined {
  const strange = firstStrangeChar(text);
  return strange && strange.ch !== ' ' ? `it holds ${describeChar(strange.ch)}: delete it` : undefined;
}

function isBlankRow(row: DataRecord): boolean {
  for (let f = 0; f < row.n; f++) if (!isBlank(row.src, row.starts[f]!, row.ends[f]!)) return false;
  return true;
}
