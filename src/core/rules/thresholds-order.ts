import type { Located } from '../model/types.js';
import type { Rule, RuleContext } from './context.js';

const NAMES = ['high', 'mid', 'low'] as const;

function check(ctx: RuleContext, what: string, thresholds: readonly number[] | undefined, at: Located, subpath: (string | number)[]): void {
  if (!thresholds) return;
  const k = thresholds.findIndex((v, j) => j > 0 && !(v < thresholds[j - 1]!));
  if (k < 0) return;
  ctx.report('thresholds-order', at, [...subpath, k], `${what} [${thresholds.join(', ')}] are not from high to low: ${NAMES[k]} (${thresholds[k]}) is not below ${NAMES[k - 1]} (${thresholds[k - 1]})`, {
    hint: 'write the cut-offs from high to low, each below the one before, like [0.95, 0.6, 0]',
  });
}

/** SPEC 3.1 `thresholds-order`: `reporting.thresholds` and an indicator's `thresholds` strictly decreasing. */
export const thresholdsOrder: Rule = {
  name: 'thresholds-order',
  meta: { description: "progress cut-offs run from high to low", codes: ['thresholds-order'] },
  run(ctx) {
    const { settings, indicators } = ctx.initiative;
    check(ctx, 'reporting.thresholds', settings.reporting.thresholds, settings.at, ['reporting', 'thresholds']);
    for (const i of indicators) check(ctx, `the thresholds of indicator '${i.id}'`, i.thresholds, i.at, ['thresholds']);
  },
};
