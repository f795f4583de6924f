import type { Indicator } from '../model/types.js';
import { positionOf } from '../source/positions.js';
import type { Rule } from './context.js';

const show = (n: number): string => String(n);

/**
 * SPEC 3.1 `target-direction`: a target on the wrong side of the baseline for the indicator's
 * direction would be "achieved" the day the figure gets worse. Equal is a warning
 * (`target-equals-baseline`): holding steady is a real target, but the status can then only be
 * achieved or regressing.
 */
export const targetDirection: Rule = {
  name: 'target-direction',
  meta: { description: "targets lie on the better side of the baseline for the indicator's direction", codes: ['target-direction', 'target-equals-baseline'] },
  run(ctx) {
    for (const i of ctx.initiative.indicators) {
      const base = i.baseline;
      if (!base) continue;
      const d = i.direction === 'decrease' ? -1 : 1;
      const better = i.direction === 'decrease' ? 'lower' : 'higher';
      i.targets.forEach((t, k) => {
        const where = `its target for ${t.period} (${show(t.value)})`;
        const baseline = `its baseline (${show(base.value)} in ${base.period})`;
        if (t.value === base.value) {
          ctx.report('target-equals-baseline', i.at, ['targets', k, 'value'], `indicator '${i.id}' has ${where} equal to ${baseline}: it can only be achieved or regressing`, {
            hint: 'fine if holding steady is the goal; otherwise set the value the coalition aims for',
          });
        } else if (d * (t.value - base.value) < 0) {
          ctx.report('target-direction', i.at, ['targets', k, 'value'], `indicator '${i.id}' should ${i.direction} (${better} is better), but ${where} is ${d > 0 ? 'below' : 'above'} ${baseline}`, {
            hint: `if ${d > 0 ? 'lower' : 'higher'} is better, write direction: ${d > 0 ? 'decrease' : 'increase'}; otherwise correct the target or the baseline`,
            related: [{ ...positionOf(ctx.initiative, i.at, ['direction']), message: `direction: ${i.direction}` }],
          });
        }
      });
    }
  },
};

function rangeHint(i: Indicator, lo: number, hi: number): string {
  if (i.unit === 'percent' && lo === 0 && hi === 100) return 'a percent runs from 0 to 100 (write 45 for 45%, not 0.45); if this one can go beyond, give it a range: [min, max]';
  return `correct the value, or widen the indicator's range: [${show(lo)}, ${show(hi)}]`;
}

/** SPEC 3.1 `target-range`: a baseline or target outside the indicator's (effective) range. */
export const targetRange: Rule = {
  name: 'target-range',
  meta: { description: "baselines and targets lie within the indicator's range", codes: ['target-range'] },
  run(ctx) {
    for (const i of ctx.initiative.indicators) {
      if (!i.range) continue;
      const [lo, hi] = i.range;
      if (!(lo <= hi)) continue;
      const range = `[${show(lo)}, ${show(hi)}]`;
      const check = (what: string, value: number, subpath: (string | number)[]) => {
        if (value >= lo && value <= hi) return;
        ctx.report('target-range', i.at, subpath, `indicator '${i.id}' has ${what} of ${show(value)}, outside its range ${range}`, { hint: rangeHint(i, lo, hi) });
      };
      if (i.baseline) check(`a baseline for ${i.baseline.period}`, i.baseline.value, ['baseline', 'value']);
      i.targets.forEach((t, k) => check(`a target for ${t.period}`, t.value, ['targets', k, 'value']));
    }
  },
};
