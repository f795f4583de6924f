/**
 * The merged rows as callers read them: the tidy table (one object per row, in a stable order),
 * the row scan (no object per row, for millions of rows) and the notes of total rows.
 */
import { MAX_PERIODS } from './keys.js';
import type { MergeState } from './merge-state.js';
import type { DataNote, RowScan, TidyRow, TidyTable } from './types.js';

export function tidyTable(state: MergeState): TidyTable {
  return {
    size: state.rows.size,
    dimensions: state.dimensions.map((d) => d.id),
    *rows(): IterableIterator<TidyRow> {
      yield* tidyRows(state);
    },
  };
}

/** Rows by (indicator, chronological period, partner, combination). */
function* tidyRows(state: MergeState): IterableIterator<TidyRow> {
  const { rows, keys, submissions, periods } = state;
  const order = periods.chronological();
  const rank = new Int32Array(order.length);
  order.forEach((p, r) => (rank[p] = r));
  // sort keys are merge keys with the period replaced by its rank
  const sortKeys = new Float64Array(rows.size);
  let n = 0;
  const NC = keys.combinations;
  rows.forEachSlot((_, key) => {
    const combination = key % NC;
    const { indicator, period, partner } = keys.decodeBase(submissions.baseKey((key - combination) / NC));
    sortKeys[n++] = keys.baseKey(indicator, rank[period]!, partner) * NC + combination;
  });
  sortKeys.sort();
  const weighted = state.indicators.map((i) => i.aggregation === 'weighted');
  for (let j = 0; j < n; j++) {
    const combination = sortKeys[j]! % NC;
    const k = keys.decodeBase((sortKeys[j]! - combination) / NC);
    const period = order[k.period]!;
    const key = submissions.find(keys.baseKey(k.indicator, period, k.partner)) * NC + combination;
    const s = rows.find(key);
    const at = state.lines.place(rows.line(s));
    const row: TidyRow = {
      indicator: state.indicators[k.indicator]!.id,
      period: periods.list[period]!.text,
      partner: k.partner === 0 ? '' : state.partnerIds[k.partner - 1]!,
      dimensions: keys.groups(combination),
      value: rows.value(s),
      file: state.files[at.file]!.path,
      line: at.line,
    };
    if (rows.nd && weighted[k.indicator]) {
      row.numerator = rows.nd[s * 2]!;
      row.denominator = rows.nd[s * 2 + 1]!;
    }
    const note = rows.note(s);
    if (note >= 0) row.note = state.notes.text(note);
    yield row;
  }
}

export function rowScan(state: MergeState): RowScan {
  const { rows, keys, submissions } = state;
  return {
    size: rows.size,
    indicators: state.indicators.map((i) => i.id),
    periods: state.periods.list.map((p) => p.text),
    partners: ['', ...state.partnerIds.slice(0, keys.partners - 1)],
    combos: keys.combinations,
    groups: (combination) => keys.groups(combination),
    forEach(visit) {
      const nd = rows.nd;
      const NC = keys.combinations;
      const NP = keys.partners;
      const weighted = state.indicators.map((i) => i.aggregation === 'weighted');
      rows.forEachSlot((s, key) => {
        const combination = key % NC;
        const base = submissions.baseKey((key - combination) / NC);
        const partner = base % NP;
        const rest = (base - partner) / NP;
        const period = rest % MAX_PERIODS;
        const indicator = (rest - period) / MAX_PERIODS;
        const w = nd !== null && weighted[indicator]!;
        visit(indicator, period, partner, combination, rows.value(s), w ? nd[s * 2]! : NaN, w ? nd[s * 2 + 1]! : NaN);
      });
    },
  };
}

/** The notes of total rows, one per (indicator, period, partner), unordered. */
export function totalNotes(state: MergeState): DataNote[] {
  const out: DataNote[] = [];
  const NC = state.keys.combinations;
  const rows = state.rows;
  if (!rows.hasNotes) return out;
  rows.forEachSlot((slot, key) => {
    const note = rows.note(slot);
    if (note < 0) return;
    const combination = key % NC;
    if (!state.keys.isTotal(combination)) return;
    const { indicator, period, partner } = state.keys.decodeBase(state.submissions.baseKey((key - combination) / NC));
    out.push({ indicator: state.indicators[indicator]!.id, period: state.periods.list[period]!.text, partner: partner === 0 ? '' : state.partnerIds[partner - 1]!, text: state.notes.text(note) });
  });
  return out;
}
