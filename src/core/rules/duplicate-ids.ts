import type { Located } from '../model/types.js';
import { positionOf } from '../source/positions.js';
import type { Rule, RuleContext } from './context.js';

function checkUnique(ctx: RuleContext, kind: string, items: { id: string; at: Located }[], sub: (i: number) => (string | number)[] = () => ['id']): void {
  const first = new Map<string, { at: Located; index: number }>();
  items.forEach((item, index) => {
    const prev = first.get(item.id);
    if (!prev) {
      first.set(item.id, { at: item.at, index });
      return;
    }
    const where = positionOf(ctx.initiative, prev.at, sub(prev.index));
    ctx.report('duplicate-id', item.at, sub(index), `${kind} id '${item.id}' is used twice`, {
      hint: `ids must be unique among ${kind === 'activity' ? 'activities' : kind + 's'}; the first is at ${where.file}:${where.line}`,
      related: [{ ...where, message: `first ${kind} '${item.id}'` }],
    });
  });
}

/** Every entity's id is unique within its kind (SPEC 1). */
export const duplicateIds: Rule = {
  name: 'duplicate-ids',
  meta: { description: "every id is unique within its kind (action ids across all meetings)", codes: ['duplicate-id'] },
  run(ctx) {
    const { agenda, indicators, partners, activities, series, meetings, dimensions } = ctx.initiative;
    checkUnique(ctx, 'goal', agenda.goals);
    checkUnique(ctx, 'strategy', agenda.goals.flatMap((g) => g.strategies));
    checkUnique(ctx, 'indicator', indicators);
    checkUnique(ctx, 'partner', partners);
    checkUnique(ctx, 'activity', activities);
    checkUnique(ctx, 'meeting series', series);
    checkUnique(ctx, 'meeting', meetings);
    checkUnique(ctx, 'dimension', dimensions);
    for (const d of dimensions) {
      checkUnique(ctx, `'${d.id}' value`, d.values.map((v) => ({ id: v.id, at: d.at })), (i) => ['values', i, 'id']);
    }
    const actions = meetings.flatMap((m) => m.actions.map((a, i) => ({ id: a.id, at: { file: m.at.file, path: [...m.at.path, 'actions', i] } })));
    checkUnique(ctx, 'action', actions);
  },
};
