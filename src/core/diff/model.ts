/**
 * The model half of `concert diff`: entities added, removed and changed, field by field, and the
 * changes that break comparability (SPEC 8.1). Compares the loaded models, never the text, so
 * moving `partners.yaml` to `partners/*.yaml` or reordering a list of entities changes nothing.
 */
import type { Indicator, Initiative, PeriodValue } from '../model/types.js';
import type { ComparabilityFlag, ComparabilityKind, EntityChange, EntityKind, FieldChange } from './types.js';

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Leaves of an entity by dotted path: objects are walked, lists and scalars are leaves; absent and null drop out. */
function leaves(value: Plain, skip: ReadonlySet<string>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    if (prefix === '' && skip.has(k)) continue;
    if (v === undefined || v === null) continue;
    const path = prefix === '' ? k : `${prefix}.${k}`;
    if (isPlain(v)) leaves(v, skip, path, out);
    else out.set(path, v);
  }
  return out;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** The fields that differ, in the `to` entity's field order, then the fields only `from` had. */
export function fieldChanges(from: Plain, to: Plain, skip: ReadonlySet<string> = new Set()): FieldChange[] {
  const a = leaves(from, skip);
  const b = leaves(to, skip);
  const out: FieldChange[] = [];
  for (const [field, v] of b) if (!a.has(field) || !same(a.get(field), v)) out.push({ field, from: a.has(field) ? a.get(field) : null, to: v });
  for (const [field, v] of a) if (!b.has(field)) out.push({ field, from: v, to: null });
  return out;
}

interface Keyed {
  id: string;
}

const ID_ONLY = new Set(['id']);

/** Added, removed and changed entities of one kind, by id (code-point order). */
function compareKind(kind: EntityKind, from: readonly Keyed[], to: readonly Keyed[]): EntityChange[] {
  const a = new Map(from.map((e) => [e.id, e]));
  const b = new Map(to.map((e) => [e.id, e]));
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint);
  const out: EntityChange[] = [];
  for (const id of ids) {
    const x = a.get(id);
    const y = b.get(id);
    if (!x) out.push({ kind, id, change: 'added', fields: [] });
    else if (!y) out.push({ kind, id, change: 'removed', fields: [] });
    else {
      const fields = fieldChanges(x as unknown as Plain, y as unknown as Plain, ID_ONLY);
      if (fields.length > 0) out.push({ kind, id, change: 'changed', fields });
    }
  }
  return out;
}

/** A single entity per initiative (its settings, its agenda): changed or not, never added or removed. */
function compareSingle(kind: EntityKind, id: string, from: Plain, to: Plain, skip: ReadonlySet<string>): EntityChange[] {
  const fields = fieldChanges(from, to, skip);
  return fields.length > 0 ? [{ kind, id, change: 'changed', fields }] : [];
}

/** Every entity change, kind by kind (initiative, agenda, goals, indicators, partners, activities, dimensions, meeting series, meetings). */
export function compareEntities(from: Initiative, to: Initiative): EntityChange[] {
  const id = to.settings.id;
  return [
    ...compareSingle('initiative', id, from.settings as unknown as Plain, to.settings as unknown as Plain, new Set()),
    ...compareSingle('agenda', id, from.agenda as unknown as Plain, to.agenda as unknown as Plain, new Set(['goals'])),
    ...compareKind('goal', from.agenda.goals, to.agenda.goals),
    ...compareKind('indicator', from.indicators, to.indicators),
    ...compareKind('partner', from.partners, to.partners),
    ...compareKind('activity', from.activities, to.activities),
    ...compareKind('dimension', from.dimensions, to.dimensions),
    ...compareKind('meeting-series', from.series, to.series),
    ...compareKind('meeting', from.meetings, to.meetings),
  ];
}

const target = (t: PeriodValue | undefined | null) => (t ? { period: String(t.period), value: t.value } : null);

/**
 * The targets that moved, as pairs (from, to): a target whose period stayed and whose value
 * changed; then, in period order, targets whose period changed; then targets added (from null)
 * or dropped (to null). Unchanged targets drop out.
 */
export function movedTargets(from: readonly PeriodValue[], to: readonly PeriodValue[]): [PeriodValue | null, PeriodValue | null][] {
  const key = (t: PeriodValue) => `${t.period}\u0000${t.value}`;
  const keep = new Set(from.map(key));
  const stay = new Set(to.map(key));
  let a = from.filter((t) => !stay.has(key(t)));
  let b = to.filter((t) => !keep.has(key(t)));
  const pairs: [PeriodValue | null, PeriodValue | null][] = [];
  const samePeriod = new Map(b.map((t) => [String(t.period), t]));
  for (const t of a) {
    const u = samePeriod.get(String(t.period));
    if (u) {
      pairs.push([t, u]);
      samePeriod.delete(String(t.period));
    }
  }
  const paired = new Set(pairs.flatMap(([x, y]) => [x, y]));
  a = a.filter((t) => !paired.has(t));
  b = b.filter((t) => !paired.has(t));
  for (let i = 0; i < Math.max(a.length, b.length); i++) pairs.push([a[i] ?? null, b[i] ?? null]);
  return pairs;
}

/** The indicator fields whose change makes figures before and after incomparable, with their kinds. */
const MEASURE_FIELDS: [keyof Indicator, ComparabilityKind][] = [
  ['definition', 'definition-changed'],
  ['unit', 'unit-changed'],
  ['direction', 'direction-changed'],
  ['aggregation', 'aggregation-changed'],
  ['scale', 'scale-changed'],
  ['frequency', 'frequency-changed'],
];

/**
 * Changes that break comparability (SPEC 8.1), by indicator id, each indicator's in the order
 * targets, baseline, definition, unit, direction, aggregation, scale, frequency. `rowsOf` gives
 * an indicator's merged data rows on the `from` side (an indicator removed with data is flagged).
 */
export function compareComparability(from: Initiative, to: Initiative, rowsOf: (indicator: string) => number): ComparabilityFlag[] {
  const a = new Map(from.indicators.map((i) => [i.id, i]));
  const b = new Map(to.indicators.map((i) => [i.id, i]));
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort(byCodePoint);
  const out: ComparabilityFlag[] = [];
  for (const id of ids) {
    const x = a.get(id);
    const y = b.get(id);
    if (!x) continue;
    if (!y) {
      const rows = rowsOf(id);
      if (rows > 0) out.push({ kind: 'indicator-removed-with-data', indicator: id, field: 'data', from: rows, to: null });
      continue;
    }
    for (const [t, u] of movedTargets(x.targets ?? [], y.targets ?? [])) {
      out.push({ kind: 'target-moved', indicator: id, field: 'targets', from: target(t), to: target(u) });
    }
    if (!same(target(x.baseline), target(y.baseline))) {
      out.push({ kind: 'baseline-changed', indicator: id, field: 'baseline', from: target(x.baseline), to: target(y.baseline) });
    }
    for (const [field, kind] of MEASURE_FIELDS) {
      const v = x[field] ?? null;
      const w = y[field] ?? null;
      if (!same(v, w)) out.push({ kind, indicator: id, field, from: v, to: w });
    }
  }
  return out;
}
