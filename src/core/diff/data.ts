/**
 * The data half of `concert diff`: the partners' merged figures on both sides, matched by merge
 * key (indicator, period, partner, groups; SPEC 4.2) — revised, added, removed. Millions of rows
 * are compared as numbers (`RowScan`, an open-addressing table of float keys): no object and no
 * string per row; only the figures that differ are named.
 */
import { suppressionPlan } from '../data/suppress.js';
import type { MergedData, RowScan } from '../data/types.js';
import type { Initiative } from '../model/types.js';
import { comparePeriods, parsePeriod } from '../periods.js';
import type { DataFigure, DataRevision, ShownValue } from './types.js';

export interface DataSide {
  initiative: Initiative;
  data: MergedData | null;
  /**
   * Whether a partner's figure is hidden by privacy.min_count (SPEC 4.5); absent: worked out from
   * `data` (its suppression plan). `partner` is '' when unattributed.
   */
  isHidden?: (indicator: string, period: string, partner: string, groups: Record<string, string>) => boolean;
}

const EMPTY_SCAN: RowScan = { size: 0, indicators: [], periods: [], partners: [''], combos: 1, groups: () => ({}), forEach: () => {} };

/** The scan of merged data; built from the tidy rows when the data did not come from the merger. */
function scanOf(data: MergedData | null): RowScan {
  if (!data) return EMPTY_SCAN;
  if (data.scan) return data.scan;
  if (!data.tidy) return EMPTY_SCAN;
  const rows = [...data.tidy.rows()];
  const index = (list: string[]) => {
    const m = new Map(list.map((v, i) => [v, i]));
    return (v: string) => {
      let i = m.get(v);
      if (i === undefined) m.set(v, (i = list.push(v) - 1));
      return i;
    };
  };
  const indicators: string[] = [];
  const periods: string[] = [];
  const partners: string[] = [''];
  const combos: Record<string, string>[] = [{}];
  const ind = index(indicators);
  const per = index(periods);
  const part = index(partners);
  const comboKeys = new Map<string, number>([['', 0]]);
  const combo = (g: Record<string, string>) => {
    const k = groupsKey(g);
    let c = comboKeys.get(k);
    if (c === undefined) comboKeys.set(k, (c = combos.push(g) - 1));
    return c;
  };
  const coded = rows.map((r) => [ind(r.indicator), per(r.period), part(r.partner), combo(r.dimensions), r.value, r.numerator ?? NaN, r.denominator ?? NaN] as const);
  return {
    size: rows.length,
    indicators,
    periods,
    partners,
    combos: combos.length,
    groups: (c) => ({ ...combos[c] }),
    forEach: (visit) => coded.forEach((r) => visit(...r)),
  };
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A canonical text for a combination of dimension values ('' for a total). */
function groupsKey(groups: Record<string, string>): string {
  return Object.keys(groups)
    .sort(byCodePoint)
    .map((d) => `${d}=${groups[d]}`)
    .join('\u0001');
}

/** A dictionary shared by both sides: text → global index, and each side's local index → global. */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(text: string): number {
    let i = this.ids.get(text);
    if (i === undefined) this.ids.set(text, (i = this.values.push(text) - 1));
    return i;
  }

  localMap(local: readonly string[]): Int32Array {
    return Int32Array.from(local, (t) => this.id(t));
  }
}

/**
 * One side's figures by float key (< 2^53), open addressing. Key and figures share one stride of
 * a Float64Array (key, value[, numerator, denominator]): a probe touches one cache line. A key
 * becomes −1 − key once matched (the other side has it); −0.5 marks an empty slot.
 */
class FigureTable {
  readonly slots: Float64Array;
  readonly stride: number;
  private readonly mask: number;

  constructor(size: number, weighted: boolean) {
    let cap = 1024;
    while (cap < size * 2) cap *= 2;
    this.stride = weighted ? 4 : 2;
    this.slots = new Float64Array(cap * this.stride).fill(EMPTY);
    this.mask = cap - 1;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  private home(key: number): number {
    const lo = key >>> 0;
    const hi = (key / 4294967296) >>> 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 13)) & this.mask;
  }

  insert(key: number, value: number, numerator: number, denominator: number): void {
    const t = this.slots;
    const w = this.stride;
    let i = this.home(key);
    while (t[i * w] !== EMPTY && t[i * w] !== key) i = (i + 1) & this.mask;
    const at = i * w;
    t[at] = key;
    t[at + 1] = value;
    if (w === 4) {
      t[at + 2] = numerator;
      t[at + 3] = denominator;
    }
  }

  /** The slot's offset in `slots`, or −1. Matched keys are not found again. */
  find(key: number): number {
    const t = this.slots;
    const w = this.stride;
    let i = this.home(key);
    for (;;) {
      const x = t[i * w]!;
      if (x === key) return i * w;
      if (x === EMPTY) return -1;
      i = (i + 1) & this.mask;
    }
  }
}

const EMPTY = -0.5;

const differ = (a: number, b: number) => !(a === b || (Number.isNaN(a) && Number.isNaN(b)));

export interface DataDiff {
  revised: DataRevision[];
  added: DataFigure[];
  removed: DataFigure[];
}

/**
 * Revised, added and removed figures between two sides, each list in (indicator id, period in
 * time order, partner id, groups) order. A `weighted` figure is revised when its value, numerator
 * or denominator changed. A figure hidden by `privacy.min_count` on its side (SPEC 4.5) is shown
 * as `suppressed`.
 */
export function compareData(from: DataSide, to: DataSide): DataDiff {
  const a = scanOf(from.data);
  const b = scanOf(to.data);
  const inds = new Dictionary();
  const pers = new Dictionary();
  const parts = new Dictionary();
  const combos = new Dictionary();
  const mapA = { ind: inds.localMap(a.indicators), per: pers.localMap(a.periods), part: parts.localMap(a.partners) };
  const mapB = { ind: inds.localMap(b.indicators), per: pers.localMap(b.periods), part: parts.localMap(b.partners) };
  // A scan's combination → global index, named once per combination.
  const comboOf = (scan: RowScan) => {
    const seen = new Int32Array(Math.min(scan.combos, 1 << 16)).fill(-1);
    const more = new Map<number, number>();
    const name = (c: number) => combos.id(groupsKey(scan.groups(c)));
    return (c: number) => {
      if (c < seen.length) {
        const g = seen[c]!;
        return g >= 0 ? g : (seen[c] = name(c));
      }
      let g = more.get(c);
      if (g === undefined) more.set(c, (g = name(c)));
      return g;
    };
  };
  const comboA = comboOf(a);
  const comboB = comboOf(b);
  // Every global index is below these bounds (the dictionaries may still grow with combinations).
  const NPER = Math.max(pers.values.length, 1);
  const NPART = Math.max(parts.values.length, 1);
  const NC = a.combos + b.combos;
  if (inds.values.length * NPER * NPART * NC >= 2 ** 53) throw new Error('too many distinct data keys to compare');
  const keyOf = (ind: number, per: number, part: number, combo: number) => ((ind * NPER + per) * NPART + part) * NC + combo;

  const weighted = [from, to].some((side) => side.initiative.indicators.some((i) => i.aggregation === 'weighted'));
  const table = new FigureTable(a.size, weighted);
  a.forEach((i, p, q, c, v, n, d) => table.insert(keyOf(mapA.ind[i]!, mapA.per[p]!, mapA.part[q]!, comboA(c)), v, n, d));

  const revised: { key: number; from: number; to: number }[] = [];
  const added: { key: number; value: number }[] = [];
  const t = table.slots;
  b.forEach((i, p, q, c, v, n, d) => {
    const key = keyOf(mapB.ind[i]!, mapB.per[p]!, mapB.part[q]!, comboB(c));
    const s = table.find(key);
    if (s < 0) {
      added.push({ key, value: v });
      return;
    }
    t[s] = -1 - key;
    const v0 = t[s + 1]!;
    if (differ(v0, v) || (weighted && !Number.isNaN(t[s + 2]!) && !Number.isNaN(n) && (differ(t[s + 2]!, n) || differ(t[s + 3]!, d)))) revised.push({ key, from: v0, to: v });
  });
  const removed: { key: number; value: number }[] = [];
  for (let s = 0; s < t.length; s += table.stride) {
    if (t[s]! >= 0) removed.push({ key: t[s]!, value: t[s + 1]! });
  }

  // Order: indicator id, period in time, partner id, groups — ranks of each dictionary.
  const rank = (values: string[], compare: (x: string, y: string) => number) => {
    const order = values.map((_, i) => i).sort((x, y) => compare(values[x]!, values[y]!));
    const r = new Int32Array(values.length);
    order.forEach((v, k) => (r[v] = k));
    return r;
  };
  const sys = to.initiative.settings.school_year_start;
  const parsed = new Map(pers.values.map((t) => [t, parsePeriod(t, sys)]));
  const periodOrder = (x: string, y: string) => {
    const px = parsed.get(x);
    const py = parsed.get(y);
    return px && py ? comparePeriods(px, py) : byCodePoint(x, y);
  };
  const rInd = rank(inds.values, byCodePoint);
  const rPer = rank(pers.values, periodOrder);
  const rPart = rank(parts.values, byCodePoint);
  const rCombo = rank(combos.values, byCodePoint);
  const decode = (key: number) => {
    const c = key % NC;
    let rest = (key - c) / NC;
    const q = rest % NPART;
    rest = (rest - q) / NPART;
    const p = rest % NPER;
    const i = (rest - p) / NPER;
    return { i, p, q, c };
  };
  const sortKey = (key: number) => {
    const { i, p, q, c } = decode(key);
    return ((rInd[i]! * NPER + rPer[p]!) * NPART + rPart[q]!) * NC + rCombo[c]!;
  };
  const sorted = <T extends { key: number }>(list: T[]) =>
    list
      .map((e) => ({ e, k: sortKey(e.key) }))
      .sort((x, y) => x.k - y.k)
      .map((x) => x.e);

  const groupsOf = (c: number): Record<string, string> => {
    const text = combos.values[c]!;
    const out: Record<string, string> = {};
    if (text === '') return out;
    for (const pair of text.split('\u0001')) {
      const eq = pair.indexOf('=');
      out[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return out;
  };
  const hiddenA = hider(from);
  const hiddenB = hider(to);
  const place = (key: number) => {
    const { i, p, q, c } = decode(key);
    const partner = parts.values[q]!;
    return { indicator: inds.values[i]!, period: pers.values[p]!, partner: partner === '' ? null : partner, groups: groupsOf(c) };
  };
  return {
    revised: sorted(revised).map((r) => {
      const at = place(r.key);
      return { ...at, from: hiddenA(at, r.from), to: hiddenB(at, r.to) };
    }),
    added: sorted(added).map((r) => {
      const at = place(r.key);
      return { ...at, value: hiddenB(at, r.value) };
    }),
    removed: sorted(removed).map((r) => {
      const at = place(r.key);
      return { ...at, value: hiddenA(at, r.value) };
    }),
  };
}

type Place = { indicator: string; period: string; partner: string | null; groups: Record<string, string> };

/** `suppressed` for a figure the side's outputs hide (SPEC 4.5); the plan is computed only when asked. */
function hider(side: DataSide): (at: Place, value: number) => ShownValue {
  let hidden = side.isHidden;
  return (at, value) => {
    if (Object.keys(at.groups).length === 0) return value;
    if (!hidden) {
      const plan = suppressionPlan(side.initiative, side.data);
      hidden = (indicator, period, partner, groups) => plan.isHidden(indicator, period, partner, groups);
    }
    return hidden(at.indicator, at.period, at.partner ?? '', at.groups) ? 'suppressed' : value;
  };
}
