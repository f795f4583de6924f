import type { Located } from '../model/types.js';
import type { FileKind } from '../schema/catalogue.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleContext } from './context.js';

/** What a reference may name: the ids, how to say it in a message, and the file kind they come from. */
interface Referent {
  ids: ReadonlySet<string>;
  what: string;
  kind: FileKind;
}

/** Report `id` at `subpath` of `at` unless it names one of `to.ids`. */
function ref(ctx: RuleContext, owner: string, field: string, id: string, to: Referent, at: Located, subpath: (string | number)[]): void {
  // An empty id is a missing field, which the schema already reported.
  if (id === '' || to.ids.has(id)) return;
  // Ids into a file that could not be read whole are not judged: no cascade of errors.
  if (ctx.incomplete.has(to.kind)) return;
  ctx.report('unknown-reference', at, subpath, `${owner} names ${field} '${id}', which is not ${to.what}`, { hint: didYouMean(id, to.ids) });
}

/** Every id reference names an existing entity of the expected kind (SPEC 3 item 3). */
export const references: Rule = {
  name: 'references',
  meta: { description: "every id names an existing entity of the expected kind", codes: ['unknown-reference'] },
  run(ctx) {
    const { agenda, indicators, partners, activities, series, meetings, dimensions } = ctx.initiative;
    const GOAL: Referent = { ids: new Set(agenda.goals.map((g) => g.id)), what: 'a goal of the agenda', kind: 'agenda' };
    const PARTNER: Referent = { ids: new Set(partners.map((p) => p.id)), what: 'a partner', kind: 'partners' };
    const INDICATOR: Referent = { ids: new Set(indicators.map((i) => i.id)), what: 'an indicator', kind: 'indicators' };
    const DIMENSION: Referent = { ids: new Set(dimensions.map((d) => d.id)), what: 'a dimension in dimensions.yaml', kind: 'dimensions' };
    const SERIES: Referent = { ids: new Set(series.map((s) => s.id)), what: 'a meeting series', kind: 'meetings' };

    for (const i of indicators) {
      const who = `indicator '${i.id}'`;
      ref(ctx, who, 'goal', i.goal, GOAL, i.at, ['goal']);
      if (i.owner !== undefined) ref(ctx, who, 'owner', i.owner, PARTNER, i.at, ['owner']);
      i.reporters.forEach((p, k) => ref(ctx, who, 'reporter', p, PARTNER, i.at, ['reporters', k]));
      i.disaggregate_by.forEach((d, k) => ref(ctx, who, 'dimension', d, DIMENSION, i.at, ['disaggregate_by', k]));
    }
    for (const a of activities) {
      const who = `activity '${a.id}'`;
      ref(ctx, who, 'goal', a.goal, GOAL, a.at, ['goal']);
      const goal = agenda.goals.find((g) => g.id === a.goal);
      if (a.strategy !== undefined && goal) {
        const strategies: Referent = { ids: new Set(goal.strategies.map((s) => s.id)), what: `a strategy of goal '${goal.id}'`, kind: 'agenda' };
        ref(ctx, who, 'strategy', a.strategy, strategies, a.at, ['strategy']);
      }
      ref(ctx, who, 'lead', a.lead, PARTNER, a.at, ['lead']);
      a.partners.forEach((p, k) => ref(ctx, who, 'partner', p, PARTNER, a.at, ['partners', k]));
      a.indicators.forEach((p, k) => ref(ctx, who, 'indicator', p, INDICATOR, a.at, ['indicators', k]));
    }
    for (const s of series) {
      s.members.forEach((p, k) => ref(ctx, `meeting series '${s.id}'`, 'member', p, PARTNER, s.at, ['members', k]));
    }
    for (const m of meetings) {
      const who = `meeting '${m.id}'`;
      ref(ctx, who, 'series', m.series, SERIES, m.at, ['series']);
      m.attendees.forEach((a, k) => ref(ctx, who, 'attendee', a.partner, PARTNER, m.at, ['attendees', k, 'partner']));
      m.topics.forEach((t, k) => t.owner !== undefined && ref(ctx, who, 'topic owner', t.owner, PARTNER, m.at, ['topics', k, 'owner']));
      m.actions.forEach((a, k) => ref(ctx, `action '${a.id}'`, 'owner', a.owner, PARTNER, m.at, ['actions', k, 'owner']));
    }
  },
};
