import type { Rule } from './context.js';

/** SPEC 3 item 5: goals nothing measures or works on, partners with no part to play. */
export const coverage: Rule = {
  name: 'coverage',
  meta: { description: "every goal is measured and worked on; every partner has a role", codes: ['goal-without-indicator', 'goal-without-activity', 'partner-without-role'] },
  run(ctx) {
    const { agenda, indicators, activities, partners } = ctx.initiative;
    // A kind that could not be read whole cannot show what it covers: no judgement from it (no cascades).
    const judge = (...kinds: string[]) => !kinds.some((k) => ctx.incomplete.has(k));
    const measured = new Set(indicators.map((i) => i.goal));
    const worked = new Set(activities.filter((a) => a.status !== 'dropped').map((a) => a.goal));
    for (const g of agenda.goals) {
      if (!measured.has(g.id) && judge('indicators')) {
        ctx.report('goal-without-indicator', g.at, ['id'], `goal '${g.id}' has no indicator: nothing measures it`, { hint: 'add an indicator with goal: ' + g.id });
      }
      if (!worked.has(g.id) && judge('activities')) {
        ctx.report('goal-without-activity', g.at, ['id'], `goal '${g.id}' has no activity working on it`, { hint: 'add an activity with goal: ' + g.id });
      }
    }
    const involved = new Set<string>();
    for (const a of activities) [a.lead, ...a.partners].forEach((p) => involved.add(p));
    for (const i of indicators) [...i.reporters, ...(i.owner ? [i.owner] : [])].forEach((p) => involved.add(p));
    for (const p of partners) {
      if (!involved.has(p.id) && !p.left && judge('activities', 'indicators')) {
        ctx.report('partner-without-role', p.at, ['id'], `partner '${p.id}' takes part in no activity and reports no data`, {
          hint: 'add it to an activity or to an indicator\u2019s reporters',
        });
      }
    }
  },
};
