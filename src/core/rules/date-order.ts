import { isValidDate } from '../dates.js';
import type { Rule } from './context.js';

/** Both dates real (a bad one is already `invalid-date`) and `later` strictly before `earlier`. */
const before = (later: string | null | undefined, earlier: string | null | undefined): boolean =>
  typeof later === 'string' && typeof earlier === 'string' && isValidDate(later) && isValidDate(earlier) && later < earlier;

/**
 * SPEC 3.1 `date-order`: an activity that ends before it starts and a partner that leaves before
 * it joins are errors; a milestone due before its activity starts is a warning.
 */
export const dateOrder: Rule = {
  name: 'date-order',
  meta: { description: "things end after they start", codes: ['date-order'] },
  run(ctx) {
    for (const a of ctx.initiative.activities) {
      if (before(a.end, a.start)) {
        ctx.report('date-order', a.at, ['end'], `activity '${a.id}' ends on ${a.end}, before it starts on ${a.start}`, {
          hint: 'swap start and end, or correct the year',
        });
      }
      a.milestones.forEach((m, k) => {
        if (!before(m.due, a.start)) return;
        ctx.report('date-order', a.at, ['milestones', k, 'due'], `milestone '${m.title}' of activity '${a.id}' is due on ${m.due}, before the activity starts on ${a.start}`, {
          severity: 'warning',
          hint: 'if it prepares the activity, move the activity\u2019s start to when that work begins; otherwise correct the due date',
        });
      });
    }
    for (const p of ctx.initiative.partners) {
      if (before(p.left, p.joined)) {
        ctx.report('date-order', p.at, ['left'], `partner '${p.id}' left on ${p.left}, before it joined on ${p.joined}`, {
          hint: 'swap joined and left, or correct the year',
        });
      }
    }
  },
};
