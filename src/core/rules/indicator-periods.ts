import { comparePeriods, describePeriodType, parsePeriod, type Period } from '../periods.js';
import type { Indicator } from '../model/types.js';
import type { Rule, RuleContext } from './context.js';

/** Parse a baseline/target period, reporting a bad form or a type that is not the indicator's frequency. */
function checkedPeriod(ctx: RuleContext, i: Indicator, text: string, subpath: (string | number)[]): Period | null {
  const p = parsePeriod(text, ctx.initiative.settings.school_year_start);
  if (!p) {
    ctx.report('period-format', i.at, subpath, `indicator '${i.id}' has period '${text}', which is not a period`, {
      hint: `write ${describePeriodType(i.frequency)} (the indicator's frequency)`,
    });
    return null;
  }
  if (p.type !== i.frequency) {
    ctx.report('period-type-mismatch', i.at, subpath, `indicator '${i.id}' is reported by ${i.frequency}, but '${text}' is a ${p.type} period`, {
      hint: `write ${describePeriodType(i.frequency)}`,
    });
    return null;
  }
  return p;
}

/** Baselines, targets and breaks: periods of the indicator's frequency, targets after the baseline and in order (SPEC 1.3, 6.1). */
export const indicatorPeriods: Rule = {
  name: 'indicator-periods',
  meta: { description: "baseline, target and series-break periods are periods of the indicator's frequency, targets in order", codes: ['period-format', 'period-type-mismatch', 'target-order'] },
  run(ctx) {
    for (const i of ctx.initiative.indicators) {
      const base = i.baseline ? checkedPeriod(ctx, i, i.baseline.period, ['baseline', 'period']) : null;
      let previous: { period: Period; index: number } | null = null;
      i.targets.forEach((t, k) => {
        const p = checkedPeriod(ctx, i, t.period, ['targets', k, 'period']);
        if (!p) return;
        if (base && comparePeriods(p, base) <= 0) {
          ctx.report('target-order', i.at, ['targets', k, 'period'], `indicator '${i.id}' has a target for ${p.text}, which is not after its baseline ${base.text}`);
        } else if (previous && comparePeriods(p, previous.period) <= 0) {
          ctx.report('target-order', i.at, ['targets', k, 'period'], `indicator '${i.id}' lists its target for ${p.text} after the one for ${previous.period.text}; list targets in period order`);
        }
        previous = { period: p, index: k };
      });
      // Series breaks (SPEC 6.1): periods of the indicator's frequency too.
      (i.breaks ?? []).forEach((b, k) => void checkedPeriod(ctx, i, b.period, ['breaks', k, 'period']));
    }
  },
};
