/** The story behind the curve (SPEC 6.1): the report period's `commentary/<period>.yaml` entries, for the report model. */
import type { Initiative } from '../model/types.js';
import { parsePeriod, type Period } from '../periods.js';
import type { Status } from '../progress.js';
import type { ReportCommentary } from './types.js';

/** Statuses that call for a story: the report lists those indicators without one. */
export const NEEDS_STORY: readonly Status[] = ['off-track', 'regressing'];

/** The entry about `kind` `id` in the report period's commentary, or null. */
export function commentaryOf(initiative: Initiative, period: Period, kind: 'indicator' | 'goal', id: string): ReportCommentary | null {
  const sys = initiative.settings.school_year_start;
  const c = (initiative.commentary ?? []).find((e) => e[kind] === id && parsePeriod(e.period, sys)?.text === period.text && (kind === 'goal' || e.goal === undefined));
  if (!c) return null;
  const author = c.author !== undefined ? initiative.partners.find((p) => p.id === c.author) : undefined;
  return {
    story: c.story,
    helping: [...c.helping],
    hurting: [...c.hurting],
    nextSteps: [...c.next_steps],
    author: c.author ?? null,
    authorName: author?.name ?? null,
    file: c.at.file,
  };
}

/** Off-track or regressing indicators with no story for the period, in report order. */
export function withoutCommentary(indicators: readonly { id: string; status: Status; commentary: ReportCommentary | null }[]): string[] {
  return indicators.filter((i) => NEEDS_STORY.includes(i.status) && i.commentary === null).map((i) => i.id);
}
