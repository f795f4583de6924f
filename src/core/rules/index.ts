/** The consistency rules, run in this order after the schemas (SPEC 3 items 3 and 5). */
import type { Diagnostic } from '../diagnostics.js';
import type { Initiative } from '../model/types.js';
import { aggregationUnit } from './aggregation-unit.js';
import { commentary } from './commentary.js';
import { makeContext, type Rule } from './context.js';
import { coverage } from './coverage.js';
import { dateOrder } from './date-order.js';
import { duplicateIds } from './duplicate-ids.js';
import { indicatorPeriods } from './indicator-periods.js';
import { meetingPeople, meetingSchedule } from './meetings.js';
import { references } from './references.js';
import { reportingSettings } from './reporting-settings.js';
import { targetDirection, targetRange } from './target-values.js';
import { thresholdsOrder } from './thresholds-order.js';

export const RULES: readonly Rule[] = [
  duplicateIds,
  references,
  indicatorPeriods,
  // SPEC 3.1: consistency checks
  targetDirection,
  targetRange,
  aggregationUnit,
  thresholdsOrder,
  dateOrder,
  reportingSettings,
  meetingPeople,
  meetingSchedule,
  commentary,
  coverage,
];

export function runRules(initiative: Initiative, incomplete: ReadonlySet<string> = new Set(), rules: readonly Rule[] = RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) rule.run(makeContext(initiative, out, incomplete, rule));
  return out;
}

export type { Rule, RuleContext, RuleMeta } from './context.js';
