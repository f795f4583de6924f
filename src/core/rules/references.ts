import type { Located } from '../model/types.js';
import { didYouMean } from '../suggest.js';
import type { Rule, RuleContext } from './context.js';

/** Report `id` at `subpath` of `at` unless it names one of `known`. */
const KIND_FILES: Record<string, string> = {
  'a goal of the agenda': 'agenda',
  'a partner': 'partners',
  'an indicator': 'indicators',
  'a dimension in dimensions.yaml': 'dimensions',
  'a meeting series': 'meetings',
};

function ref(ctx: RuleContext, owner: string, field: string, id: string, known: Set<string>, kind: string, at: Located, subpath: (string | number)[]): void {
  // An empty id is a missing field, which the schema already reported.
  if (id === '' || known.has(id)) return;
  if (ctx.incomplete.has(KIND_FILES[kind] ?? (kind.startsWith('a strategy') ? 'agenda' : ''))) return;
  ctx.report('unknown-reference', 'error', at, subpath, `${owner} names ${field} '${id}', which is not ${kind}`, { hint: didYouMean(id, known) });
}

/** Every id reference names an existing entity of the expected kind (SPEC 3 item 3). */
export const references: Rule = {
  name: 'references',
  run(ctx) {
    const { agenda, indicators, partners, activities, series, meetings, dimensions } = ctx.initiative;
    const goals = new Set(agenda.goals.map((g) => g.id));
    const partnerIds = new Set(partners.map((p) => p.id));
    const indicatorIds = new Set(indicators.map((i) => i.id));
    const dimensionIds = new Set(dimensions.map((d) => d.id));
    const seriesIds = new Set(series.map((s) => s.id));
    const A_GOAL = 'a goal of the agenda';
    const A_PARTNER = 'a partner';

    for (const i of indicators) {
      const who = `indicator '${i.id}'`;
      ref(ctx, who, 'goal', i.goal, goals, A_GOAL, i.at, ['goal']);
      if (i.owner !== undefined) ref(ctx, who, 'owner', i.owner, partnerIds, A_PARTNER, i.at, ['owner']);
      i.reporters.forEach((p, k) => ref(ctx, who, 'reporter', p, partnerIds, A_PARTNER, i.at, ['reporters', k]));
      i.disaggregate_by.forEach((d, k) => ref(ctx, who, 'dimension', d, dimensionIds, 'a dimension in dimensions.yaml', i.at, ['disaggregate_by', k]));
    }
    for (const a of activities) {
      const who = `activity '${a.id}'`;
      ref(ctx, who, 'goal', a.goal, goals, A_GOAL, a.at, ['goal']);
      const goal = agenda.goals.find((g) => g.id === a.goal);
      if (a.strategy !== undefined && goal) {
        ref(ctx, who, 'strategy', a.strategy, new Set(goal.strategies.map((s) => s.id)), `a strategy of goal '${goal.id}'`, a.at, ['strategy']);
      }
      ref(ctx, who, 'lead', a.lead, partnerIds, A_PARTNER, a.at, ['lead']);
      a.partners.forEach((p, k) => ref(ctx, who, 'partner', p, partnerIds, A_PARTNER, a.at, ['partners', k]));
      a.indicators.forEach((p, k) => ref(ctx, who, 'indicator', p, indicatorIds, 'an indicator', a.at, ['indicators', k]));
    }
    for (const s of series) {
      s.members.forEach((p, k) => ref(ctx, `meeting series '${s.id}'`, 'member', p, partnerIds, A_PARTNER, s.at, ['members', k]));
    }
    for (const m of meetings) {
      const who = `meeting '${m.id}'`;
      ref(ctx, who, 'series', m.series, seriesIds, 'a meeting series', m.at, ['series']);
      m.attendees.forEach((a, k) => ref(ctx, who, 'attendee', a.partner, partnerIds, A_PARTNER, m.at, ['attendees', k, 'partner']));
      m.topics.forEach((t, k) => t.owner !== undefined && ref(ctx, who, 'topic owner', t.owner, partnerIds, A_PARTNER, m.at, ['topics', k, 'owner']));
      m.actions.forEach((a, k) => ref(ctx, `action '${a.id}'`, 'owner', a.owner, partnerIds, A_PARTNER, m.at, ['actions', k, 'owner']));
    }
  },
};
