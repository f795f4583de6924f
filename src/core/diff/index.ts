/**
 * `concert diff` (SPEC 8.1): what a change to the initiative means. Two loaded sides (model and
 * merged data) in, one `Diff` out: entities, comparability flags, data revisions and the
 * statuses that change at a period. Pure; reading revisions out of git is `./git.ts`.
 */
import { parsePeriod, type Period } from '../periods.js';
import { computeProgress } from '../progress.js';
import { compareData, type DataSide } from './data.js';
import { compareComparability, compareEntities } from './model.js';
import type { Diff, DiffDocument, DiffRevision, StatusChange } from './types.js';

export type * from './types.js';
export { compareData, type DataSide, type DataDiff } from './data.js';
export { compareComparability, compareEntities, fieldChanges, movedTargets } from './model.js';
export { renderDiffMarkdown, renderDiffJson } from './render.js';

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Indicators on both sides whose status at `period` differs, by id. */
export function compareStatuses(from: DataSide, to: DataSide, period: Period): StatusChange[] {
  const before = new Map(from.initiative.indicators.map((i) => [i.id, i]));
  const out: StatusChange[] = [];
  // The period as each side reads it (a school year starts in its own month).
  const at = (side: DataSide) => parsePeriod(period.text, side.initiative.settings.school_year_start) ?? period;
  const pa = at(from);
  const pb = at(to);
  for (const y of [...to.initiative.indicators].sort((p, q) => byCodePoint(p.id, q.id))) {
    const x = before.get(y.id);
    if (!x) continue;
    const s0 = computeProgress(x, from.data?.indicators.get(x.id), pa, from.initiative.settings, from.initiative.dimensions).status;
    const s1 = computeProgress(y, to.data?.indicators.get(y.id), pb, to.initiative.settings, to.initiative.dimensions).status;
    if (s0 !== s1) out.push({ indicator: y.id, from: s0, to: s1 });
  }
  return out;
}

export interface DiffInput {
  from: DataSide & { revision: DiffRevision };
  to: DataSide & { revision: DiffRevision };
  /** The period statuses are compared at (the report period at `to`, by default). */
  period: Period;
}

/** Compare two sides of an initiative. Deterministic: every list has a fixed order (docs/diff.md). */
export function diffInitiatives({ from, to, period }: DiffInput): Diff {
  const rowsOf = (id: string) => {
    const d = from.data?.indicators.get(id);
    return d ? (d.rows ?? d.totals.size) : 0;
  };
  return {
    from: from.revision,
    to: to.revision,
    entities: compareEntities(from.initiative, to.initiative),
    comparability: compareComparability(from.initiative, to.initiative, rowsOf),
    data: compareData(from, to),
    statuses: compareStatuses(from, to, period),
  };
}

/** The document model the md and json formats render (the json is `diff` alone). */
export function buildDiffDocument(input: DiffInput): DiffDocument {
  const diff = diffInitiatives(input);
  const indicators: DiffDocument['indicators'] = {};
  for (const side of [input.from, input.to]) {
    for (const i of side.initiative.indicators) indicators[i.id] = { name: i.name, unit: i.unit, decimals: i.decimals };
  }
  const s = input.to.initiative.settings;
  return { initiative: { id: s.id, name: s.name, locale: s.reporting.locale }, period: input.period.text, diff, indicators };
}
