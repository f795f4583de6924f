/**
 * Small-number suppression (SPEC 4.5), shared by reports, agendas and export.
 *
 * Primary suppression (`isSuppressed`) hides a group figure whose own count is below
 * `privacy.min_count`. Complementary suppression (`suppressionPlan`) then hides more figures, so
 * that no hidden figure can be worked out by adding or subtracting the shown figures of one
 * additive set. The plan is computed once from the merged data; the report builder and the
 * export both consult it, so the same cells are hidden in every output.
 */
import type { Aggregation, Dimension, Indicator, Initiative } from '../model/types.js';
import type { Cell, IndicatorData, MergedData, TidyRow } from './types.js';

export const SUPPRESSED = 'suppressed' as const;

/** The count behind a group figure: the value of a count indicator, the denominator of a weighted one. */
export function countOf(indicator: Pick<Indicator, 'unit' | 'aggregation'>, figure: { value: number; denominator?: number }): number | undefined {
  if (indicator.aggregation === 'weighted') return figure.denominator;
  if (indicator.unit === 'count') return figure.value;
  return undefined;
}

/**
 * True when a *group* figure must be shown as `suppressed`: its count is below `min_count`.
 * A weighted figure without a usable denominator is suppressed too (its count cannot be shown
 * to be safe). No `min_count`, no suppression. Totals are never suppressed: callers pass only
 * group figures. This is primary suppression only; `suppressionPlan` adds the complementary cells.
 */
export function isSuppressed(
  indicator: Pick<Indicator, 'unit' | 'aggregation'>,
  figure: { value: number; denominator?: number },
  minCount: number | null | undefined,
): boolean {
  if (!activeMinCount(minCount)) return false;
  const count = countOf(indicator, figure);
  if (indicator.aggregation === 'weighted' && (count === undefined || !Number.isFinite(count))) return true;
  return count !== undefined && count < minCount!;
}

/** The figure, or 'suppressed' when it is a group figure below the initiative's `privacy.min_count`. */
export function suppressCell<T extends { value: number; denominator?: number }>(
  initiative: Pick<Initiative, 'settings'>,
  indicator: Pick<Indicator, 'unit' | 'aggregation'>,
  figure: T,
  isGroup: boolean,
): T | typeof SUPPRESSED {
  return isGroup && isSuppressed(indicator, figure, initiative.settings.privacy.min_count) ? SUPPRESSED : figure;
}

function activeMinCount(minCount: number | null | undefined): minCount is number {
  return typeof minCount === 'number' && Number.isFinite(minCount) && minCount > 0;
}

// ------------------------------------------------------------------ complementary suppression

/** Why a figure is hidden: its own count is below min_count, or it hides another one. */
export type SuppressionReason = 'small' | 'complementary';

/** One hidden figure of the plan. */
export interface HiddenCell {
  indicator: string;
  period: string;
  /** The partner's row (the export's unit; '' when unattributed), or null for the initiative-level figure (the report's). */
  partner: string | null;
  /** Dimension id → value id; never empty (totals are never hidden). */
  dimensions: Record<string, string>;
  reason: SuppressionReason;
}

/** The set of hidden cells, computed once from the merged data (SPEC 4.5). */
export interface SuppressionPlan {
  readonly minCount: number | null;
  /** Why the figure is hidden, or null when it is shown. `partner` null: the initiative-level figure. */
  reasonFor(indicator: string, period: string, partner: string | null, dimensions: Readonly<Record<string, string>>): SuppressionReason | null;
  isHidden(indicator: string, period: string, partner: string | null, dimensions: Readonly<Record<string, string>>): boolean;
  /** Every hidden cell: by indicator (as declared), period, the initiative figure before partners' rows, partner, dimension values. */
  readonly cells: readonly HiddenCell[];
}

/** Aggregations whose figures add up, so that a hidden one can be subtracted out (SPEC 4.2, 4.5). */
const ADDITIVE: ReadonlySet<Aggregation> = new Set<Aggregation>(['sum', 'weighted', 'mean']);

const INITIATIVE = '\u0000';
const SEP = '\u0001';

type Figure = { value: number; numerator?: number; denominator?: number };
type PlanInitiative = Pick<Initiative, 'indicators' | 'dimensions' | 'settings'>;

/** One figure of an (indicator, period) block: a partner's row or an initiative-level cell. */
interface PlanCell {
  /** Partner id ('' unattributed), or null for the initiative level. */
  partner: string | null;
  /** [dimension index, value index], by dimension; empty for a total. */
  dims: [number, number][];
  combo: string;
  /** The count behind the figure (0 when unknown: it is then suppressed anyway). */
  count: number;
  /** A weighted figure's numerator (0 when unknown), which hidden cells must not give away either; null for other indicators. */
  numerator: number | null;
  hidden: SuppressionReason | null;
  /** The additive sets this cell belongs to (as member or as total). */
  sets: AdditiveSet[];
}

/** Members add up to the total (which may be absent, or a group cell that can itself be hidden). */
interface AdditiveSet {
  total: PlanCell | null;
  members: PlanCell[];
}

/** A plan that hides nothing (no min_count, or `--no-suppress`). */
export const NO_SUPPRESSION: SuppressionPlan = {
  minCount: null,
  reasonFor: () => null,
  isHidden: () => false,
  cells: [],
};

/** Dimension and value ids as indices in dimensions.yaml order; undeclared ids (a validation error elsewhere) come after, as met. */
class DimensionIndex {
  readonly dimIds: string[];
  readonly valueIds: string[][];
  constructor(dimensions: readonly Dimension[]) {
    this.dimIds = dimensions.map((d) => d.id);
    this.valueIds = dimensions.map((d) => d.values.map((v) => v.id));
  }
  /** [dimension, value] index pairs by dimension; with `add` false, null when an id is unknown. */
  of(dimensions: Readonly<Record<string, string>>, add = true): [number, number][] | null {
    const out: [number, number][] = [];
    for (const d in dimensions) {
      const v = dimensions[d]!;
      let di = this.dimIds.indexOf(d);
      if (di < 0) {
        if (!add) return null;
        di = this.dimIds.push(d) - 1;
      }
      const values = (this.valueIds[di] ??= []);
      let vi = values.indexOf(v);
      if (vi < 0) {
        if (!add) return null;
        vi = values.push(v) - 1;
      }
      out.push([di, vi]);
    }
    return out.length > 1 ? out.sort((a, b) => a[0] - b[0]) : out;
  }
  ids(dims: readonly [number, number][]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [d, v] of dims) out[this.dimIds[d]!] = this.valueIds[d]![v]!;
    return out;
  }
}

/** Indicators whose figures have a count (SPEC 4.5): a `count`, or a `weighted` one's denominator. */
function hasCount(ix: Indicator | undefined): ix is Indicator {
  return !!ix && (ix.aggregation === 'weighted' || ix.unit === 'count');
}

interface PlannedBlock {
  /** Undefined for rows of an indicator that is not declared or has no count (never hidden). */
  ix: Indicator | undefined;
  period: string;
  rows: TidyRow[];
  /** The cell of each row, by position; empty when nothing in the block is hidden. */
  rowCells: PlanCell[];
  /** Every hidden cell of the block, partners' rows and initiative figures. */
  hidden: PlanCell[];
}

/**
 * The partners' rows (sorted by indicator and period, as `TidyTable.rows` gives them) one
 * (indicator, period) block at a time, each planned by `planBlock`: memory stays bounded by the
 * largest block, not the dataset.
 */
function* plannedBlocks(initiative: PlanInitiative, data: MergedData, rows: Iterable<TidyRow>, minCount: number, index: DimensionIndex): Generator<PlannedBlock> {
  const byId = new Map(initiative.indicators.map((ix) => [ix.id, ix]));
  let block: TidyRow[] = [];
  const flush = function* (): Generator<PlannedBlock> {
    if (block.length === 0) return;
    const first = block[0]!;
    const ix = byId.get(first.indicator);
    if (!hasCount(ix)) yield { ix: undefined, period: first.period, rows: block, rowCells: [], hidden: [] };
    else yield { ix, period: first.period, rows: block, ...planBlock(ix, first.period, block, data.indicators.get(ix.id), minCount, index) };
    block = [];
  };
  for (const r of rows) {
    const first = block[0];
    if (first && (first.indicator !== r.indicator || first.period !== r.period)) yield* flush();
    block.push(r);
  }
  yield* flush();
}

/**
 * The export's rows in their order, each with the reason it is hidden (null: shown; always with
 * `suppress` false, i.e. `--no-suppress`). The same
 * `planBlock` over the same rows as `suppressionPlan`, so the export hides exactly the cells the
 * report's plan hides; streamed block by block.
 */
export function* rowsWithSuppression(initiative: PlanInitiative, data: MergedData, suppress = true): Generator<[TidyRow, SuppressionReason | null]> {
  const rows = data.tidy ? data.tidy.rows() : [][Symbol.iterator]();
  const minCount = initiative.settings.privacy?.min_count;
  if (!suppress || !activeMinCount(minCount)) {
    for (const r of rows) yield [r, null];
    return;
  }
  for (const b of plannedBlocks(initiative, data, rows, minCount, new DimensionIndex(initiative.dimensions))) {
    for (let k = 0; k < b.rows.length; k++) yield [b.rows[k]!, b.rowCells[k]?.hidden ?? null];
  }
}

/**
 * The cells to hide for `privacy.min_count` (SPEC 4.5), per (indicator, period):
 *
 * 1. primary: every group figure (a partner's row or an initiative-level group) whose count is
 *    below min_count (`isSuppressed`);
 * 2. complementary: in every additive set the hidden members are none, or at least two whose
 *    combined count is at least min_count (or every member, under a total that is published by
 *    design); while a set breaks this, the next smallest shown cell of the set is hidden too,
 *    until no set changes. A set whose total is itself hidden needs one hidden member (else the
 *    total is the sum of the shown ones).
 *
 * The additive sets: the groups of one dimension against their total, for each partner and at
 * initiative level (`sum`, `weighted`, `mean`); and the partners' rows of a group against the
 * initiative-level figure of that group (`sum`, `weighted`, `mean`: a mean is the partners' sum
 * divided by their number, which the export shows). A weighted cell hides its value, numerator
 * and denominator together; its count is the denominator, and the hidden cells of a set must
 * reach min_count in numerators as well as in denominators. Totals are never hidden. Pure: the same data gives the same plan.
 */
export function suppressionPlan(initiative: PlanInitiative, data: MergedData | null | undefined): SuppressionPlan {
  const minCount = initiative.settings.privacy?.min_count;
  if (!activeMinCount(minCount) || !data) return NO_SUPPRESSION;
  const index = new DimensionIndex(initiative.dimensions);
  const hiddenByKey = new Map<string, SuppressionReason>();
  const found: { cell: HiddenCell; dims: [number, number][] }[] = [];
  const solved = new Set<string>();
  const keep = (ix: Indicator, period: string, hidden: PlanCell[]) => {
    solved.add(`${ix.id}${SEP}${period}`);
    for (const c of hidden) {
      hiddenByKey.set(cellKey(ix.id, period, c.partner, c.combo), c.hidden!);
      found.push({ cell: { indicator: ix.id, period, partner: c.partner, dimensions: index.ids(c.dims), reason: c.hidden! }, dims: c.dims });
    }
  };
  const rows = data.tidy ? data.tidy.rows() : [][Symbol.iterator]();
  for (const b of plannedBlocks(initiative, data, rows, minCount, index)) if (b.ix) keep(b.ix, b.period, b.hidden);
  // Initiative-level cells without partner rows (hand-built data).
  for (const ix of initiative.indicators) {
    if (!hasCount(ix)) continue;
    const d = data.indicators.get(ix.id);
    const periods = new Set<string>(d?.totals.keys() ?? []);
    for (const byValue of d?.groups.values() ?? []) for (const byPeriod of byValue.values()) for (const p of byPeriod.keys()) periods.add(p);
    for (const p of periods) if (!solved.has(`${ix.id}${SEP}${p}`)) keep(ix, p, planBlock(ix, p, [], d, minCount, index).hidden);
  }

  const order = new Map(initiative.indicators.map((ix, i) => [ix.id, i]));
  const cells = found
    .sort(({ cell: a, dims: ad }, { cell: b, dims: bd }) =>
      (order.get(a.indicator) ?? 0) - (order.get(b.indicator) ?? 0) ||
      // Canonical period texts of one frequency sort in period order.
      (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
      (a.partner === b.partner ? 0 : a.partner === null ? -1 : b.partner === null ? 1 : a.partner < b.partner ? -1 : 1) ||
      compareDims(ad, bd))
    .map((x) => x.cell);
  const reasonFor = (indicator: string, period: string, partner: string | null, dimensions: Readonly<Record<string, string>>) => {
    const dims = hiddenByKey.size === 0 ? null : index.of(dimensions, false);
    return dims ? (hiddenByKey.get(cellKey(indicator, period, partner, comboOf(dims))) ?? null) : null;
  };
  return {
    minCount,
    reasonFor,
    isHidden: (indicator, period, partner, dimensions) => reasonFor(indicator, period, partner, dimensions) !== null,
    cells,
  };
}

function comboOf(dims: readonly [number, number][]): string {
  return dims.length === 1 ? `${dims[0]![0]}:${dims[0]![1]}` : dims.map(([d, v]) => `${d}:${v}`).join(',');
}

function cellKey(indicator: string, period: string, partner: string | null, combo: string): string {
  return `${indicator}${SEP}${period}${SEP}${partner === null ? INITIATIVE : partner}${SEP}${combo}`;
}

/** The hidden cells of one (indicator, period): primary, then complementary until every additive set holds. */
function planBlock(
  ix: Indicator,
  period: string,
  rows: readonly TidyRow[],
  data: Pick<IndicatorData, 'totals' | 'groups'> | undefined,
  minCount: number,
  index: DimensionIndex,
): { rowCells: PlanCell[]; hidden: PlanCell[] } {
  const all = new Map<string, PlanCell>();
  let anyHidden = false;
  const add = (partner: string | null, dimensions: Readonly<Record<string, string>>, figure: Figure): PlanCell => {
    const dims = index.of(dimensions)!;
    const combo = comboOf(dims);
    const count = countOf(ix, figure);
    const small = dims.length > 0 && isSuppressed(ix, figure, minCount);
    anyHidden ||= small;
    const numerator = ix.aggregation !== 'weighted' ? null : Number.isFinite(figure.numerator) ? figure.numerator! : 0;
    const cell: PlanCell = { partner, dims, combo, count: count !== undefined && Number.isFinite(count) ? count : 0, numerator, hidden: small ? 'small' : null, sets: [] };
    all.set(`${partner === null ? INITIATIVE : partner}${SEP}${combo}`, cell);
    return cell;
  };
  const rowCells = rows.map((r) => add(r.partner, r.dimensions, r));
  const total = data?.totals.get(period);
  if (total) add(null, {}, total);
  for (const [dimension, byValue] of data?.groups ?? []) {
    for (const [value, byPeriod] of byValue) {
      const cell = byPeriod.get(period);
      if (cell) add(null, { [dimension]: value }, cell);
    }
  }
  if (!anyHidden) return { rowCells: [], hidden: [] };

  // The additive sets.
  const sets = new Map<string, AdditiveSet>();
  const member = (key: string, totalCell: PlanCell | null, c: PlanCell) => {
    let s = sets.get(key);
    if (!s) {
      sets.set(key, (s = { total: totalCell, members: [] }));
      if (totalCell) totalCell.sets.push(s);
    }
    s.members.push(c);
    c.sets.push(s);
  };
  const additive = ADDITIVE.has(ix.aggregation);
  for (const c of all.values()) {
    if (c.dims.length === 0) continue;
    const level = c.partner === null ? INITIATIVE : c.partner;
    // The groups of one dimension against their total: a partner's own rows (its counts add up
    // whatever the aggregation), and the initiative's when the aggregation adds up.
    if (c.partner !== null || additive) {
      for (const [d] of c.dims) {
        const parent = comboOf(c.dims.filter(([x]) => x !== d));
        member(`g${SEP}${level}${SEP}${parent}${SEP}${d}`, all.get(`${level}${SEP}${parent}`) ?? null, c);
      }
    }
    // The partners' rows against the initiative figure of the same group.
    if (c.partner !== null && additive) {
      const initiativeCell = all.get(`${INITIATIVE}${SEP}${c.combo}`);
      if (initiativeCell) member(`p${SEP}${c.combo}`, initiativeCell, c);
    }
  }

  // Complementary suppression until every set holds (each step hides one more cell: it ends).
  const queue = [...sets.values()];
  const queued = new Set(queue);
  for (let k = 0; k < queue.length; k++) {
    const s = queue[k]!;
    queued.delete(s);
    const next = breach(s, minCount);
    if (!next) continue;
    next.hidden = 'complementary';
    for (const t of [s, ...next.sets]) {
      if (!queued.has(t)) {
        queued.add(t);
        queue.push(t);
      }
    }
  }
  return { rowCells, hidden: [...all.values()].filter((c) => c.hidden !== null) };
}

/**
 * The cell to hide next when `s` lets a hidden figure be worked out, else null. Candidates are the
 * set's shown members and, when it can be hidden (a group, not a total), its total; the smallest
 * goes first (`byOrder`).
 */
function breach(s: AdditiveSet, minCount: number): PlanCell | null {
  const hideableTotal = s.total !== null && s.total.dims.length > 0 ? s.total : null;
  const hidden = s.members.filter((c) => c.hidden !== null);
  const shown = s.members.filter((c) => c.hidden === null);
  if (hideableTotal?.hidden) return hidden.length === 0 ? smallest(shown) : null;
  if (hidden.length === 0) return null;
  const combined = hidden.reduce((n, c) => n + c.count, 0);
  // for a weighted indicator the rule holds for the numerators too (SPEC 4.5): 3 people in two
  // hidden groups of 105 are as easy to work out as a group of 3
  const numerators = hidden[0]!.numerator === null ? minCount : hidden.reduce((n, c) => n + c.numerator!, 0);
  if (hidden.length >= 2 && combined >= minCount && numerators >= minCount) return null;
  // Every member hidden under a published total (or none): their sum is that total, published by design.
  if (shown.length === 0 && !hideableTotal) return null;
  return smallest(hideableTotal ? [...shown, hideableTotal] : shown);
}

function smallest(cells: PlanCell[]): PlanCell | null {
  return cells.length === 0 ? null : cells.reduce((a, b) => (byOrder(b, a) < 0 ? b : a));
}

/**
 * Tie-breaks (docs/decisions.md): the smaller count first; then a partner's row before the
 * initiative figure (the report keeps its figure when a row will do); then partner id in
 * code-point order ('' unattributed first); then dimension values in dimensions.yaml order.
 */
function byOrder(a: PlanCell, b: PlanCell): number {
  if (a.count !== b.count) return a.count - b.count;
  if ((a.partner === null) !== (b.partner === null)) return a.partner === null ? 1 : -1;
  if (a.partner !== b.partner) return a.partner! < b.partner! ? -1 : 1;
  return compareDims(a.dims, b.dims);
}

/** Dimension values in dimensions.yaml order (dimension first, then value). */
function compareDims(a: readonly [number, number][], b: readonly [number, number][]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const [ad, av] = a[i]!;
    const [bd, bv] = b[i]!;
    if (ad !== bd) return ad - bd;
    if (av !== bv) return av - bv;
  }
  return a.length - b.length;
}
