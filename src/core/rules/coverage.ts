import type { Rule } from './context.js';

/** SPEC 3 item 5: goals nothing measures or works on, partners with no part to play. */
export const coverage: Rule = {
  name: 'coverage',
  run(ctx) {
    const { agenda, indicators, activities, partners } = ctx.initiative;
    const measured = new Set(indicators.map((i) => i.goal));
    const worked = new Set(activities.filter((a) => a.status !== 'dropped').map((a) => a.goal));
    for (const g of agenda.goals) {
      if (!measured.has(g.id)) {
        ctx.report('goal-without-indicator', 'warning', g.at, ['id'], `goal '${g.id}' has no indicator: nothing measures it`, { hint: 'add an indicator with goal: ' + g.id });
      }
      if (!worked.has(g.id)) {
        ctx.report('goal-without-activity', 'warning', g.at, ['id'], `goal '${g.id}' has no activity working on it`, { hint: 'add an activity with goal: ' + g.id });
      }
    }
    const involved = new Set<string>();
    for (const a of activities) [a.lead, ...a.partners].forEach((p) => involved.add(p));
    for (const i of indicators) [...i.reporters, ...(i.owner ? [i.owner] : [])].forEach((p) => involved.add(p));
    for (const p of partners) {
      if (!involved.has(p.id) && !p.left) {
        ctx.report('partner-without-role', 'warning', p.at, ['id'], `partner '${p.id}' takes part in no activity and reports no data`, {
          hint: 'add it to an activity or to an indicator\u2019s reporters',
        });
      }
    }
  },
};
