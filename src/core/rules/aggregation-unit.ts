import type { Unit } from '../model/types.js';
import type { Rule } from './context.js';

/** Units whose figures are shares or levels: adding partners' figures up gives nonsense. */
const NOT_ADDITIVE: readonly Unit[] = ['percent', 'rate', 'ratio', 'score'];

/** SPEC 3.1 `aggregation-unit`: `aggregation: sum` on a percent, rate, ratio or score. */
export const aggregationUnit: Rule = {
  name: 'aggregation-unit',
  meta: { description: "partners' figures are not summed where a sum means nothing", codes: ['aggregation-unit'] },
  run(ctx) {
    for (const i of ctx.initiative.indicators) {
      if (i.aggregation !== 'sum' || !NOT_ADDITIVE.includes(i.unit)) continue;
      ctx.report('aggregation-unit', i.at, ['aggregation'], `indicator '${i.id}' adds up its partners' figures (aggregation: sum), but its unit is ${i.unit}: a sum of ${i.unit === 'percent' ? 'percentages' : i.unit + 's'} means nothing`, {
        hint: 'use aggregation: weighted (with numerator and denominator columns) to combine the counts behind it, or mean',
      });
    }
  },
};
