/**
 * The totals check (SPEC 4.2): for sum and weighted indicators, when a partner gives a total and
 * every value of a dimension, the groups should add up to the total. Group sums are gathered as
 * rows merge; the check runs once all files are read.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Indicator } from '../model/types.js';
import { partnerLabel, type MergeState } from './merge-state.js';
import { NumTable } from './num-table.js';

export class GroupSums {
  /** [key, value sum, (numerator sum, denominator sum,) rows] per (submission id, dimension) */
  private readonly sums: NumTable;
  private readonly stride: number;
  private readonly checked: boolean[];
  private lastKey = -1;
  private lastSlot = -1;

  constructor(indicators: readonly Indicator[], private readonly dimensionCount: number, private readonly weighted: boolean) {
    this.stride = weighted ? 5 : 3;
    this.sums = new NumTable(this.stride, 4096);
    this.checked = indicators.map((i) => i.aggregation === 'sum' || i.aggregation === 'weighted');
  }

  /** Make room for the groups of `submissions` submissions at once. */
  reserve(submissions: number): void {
    if (this.dimensionCount > 0) this.sums.reserve(submissions);
  }

  /** Add a row that gives one dimension's value (figures at `figures[at]`: value, numerator, denominator). */
  add(indicator: number, submission: number, dimension: number, figures: Float64Array, at: number): void {
    if (!this.checked[indicator]) return;
    const key = submission * this.dimensionCount + dimension;
    // consecutive rows usually share one
    let slot = this.lastSlot;
    if (key !== this.lastKey) {
      slot = this.sums.upsert(key);
      this.lastKey = key;
      this.lastSlot = slot;
    }
    const d = this.sums.data;
    const s = slot * this.stride;
    d[s + 1] += figures[at]!;
    if (this.weighted) {
      d[s + 2] += figures[at + 1]!;
      d[s + 3] += figures[at + 2]!;
    }
    d[s + this.stride - 1]++;
  }

  /** The groups that do not add up to their partner's total. */
  check(state: MergeState): Diagnostic[] {
    const dims = state.dimensions;
    const found: Diagnostic[] = [];
    if (dims.length === 0) return found;
    const rows = state.rows;
    const d = this.sums.data;
    const stride = this.stride;
    this.sums.forEachSlot((slot, key) => {
      const s = slot * stride;
      const dimension = key % dims.length;
      const id = (key - dimension) / dims.length;
      const dim = dims[dimension]!;
      if (d[s + stride - 1] !== dim.values.length) return;
      const total = rows.find(id * state.keys.combinations);
      if (total < 0) return;
      const { indicator, period, partner } = state.keys.decodeBase(state.submissions.baseKey(id));
      const ix = state.indicators[indicator]!;
      let message: string | null = null;
      if (ix.aggregation === 'weighted') {
        const n = d[s + 2]!;
        const dn = d[s + 3]!;
        const tn = rows.nd![total * 2]!;
        const tdn = rows.nd![total * 2 + 1]!;
        if (!near(n, tn) || !near(dn, tdn)) message = `the '${dim.id}' groups add up to ${String(n)}/${String(dn)}, the total is ${String(tn)}/${String(tdn)}`;
      } else {
        const sum = d[s + 1]!;
        const tv = rows.value(total);
        if (!near(sum, tv)) message = `the '${dim.id}' groups add up to ${String(Number(sum.toFixed(6)))}, the total is ${String(tv)}`;
      }
      if (!message) return;
      const at = state.lines.place(rows.line(total));
      found.push({
        code: 'data-total-mismatch', severity: 'warning',
        file: state.files[at.file]!.path, line: at.line, column: 1,
        message: `indicator '${ix.id}', ${state.periods.list[period]!.text}, ${partnerLabel(state, partner)}: ${message}`,
        hint: 'a partner reports its own total; its groups should add up to it',
      });
    });
    return found;
  }
}

function near(x: number, y: number): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
