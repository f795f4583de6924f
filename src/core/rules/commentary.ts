/** `commentary/<period>.yaml` (SPEC 6.1): named for a report period, about real indicators and goals, by real partners. */
import type { Commentary } from '../model/types.js';
import { commentaryPeriodOf } from '../model/build.js';
import { describePeriodType, parsePeriod } from '../periods.js';
import { positionOf } from '../source/positions.js';
import { didYouMean } from '../suggest.js';
import type { Rule } from './context.js';

const FILE_START = { line: 1, column: 1 };

export const commentary: Rule = {
  name: 'commentary',
  meta: {
    description: 'commentary files are named for a report period and each entry names a real indicator or goal, once, and a real partner as author',
    codes: ['period-format', 'period-type-mismatch', 'unknown-reference', 'duplicate-id'],
  },
  run(ctx) {
    const { settings, agenda, indicators, partners } = ctx.initiative;
    const entries = ctx.initiative.commentary ?? [];
    const files = [...new Set([...(ctx.initiative.sources?.keys() ?? []), ...entries.map((c) => c.at.file)])].filter((f) => f.startsWith('commentary/')).sort();
    for (const file of files) {
      const name = commentaryPeriodOf(file);
      const at = { file, path: [] };
      const p = parsePeriod(name, settings.school_year_start);
      const want = `${describePeriodType(settings.period)} (initiative.period is ${settings.period})`;
      if (!p) {
        ctx.report('period-format', at, [], `${file} is not named for a period: '${name}' is not one of the period forms`, {
          hint: `name the file for the report period it is about: ${want}, e.g. commentary/${exampleName(settings.period)}.yaml`,
          position: FILE_START,
        });
      } else if (p.type !== settings.period && !ctx.incomplete.has('initiative')) {
        // (with initiative.yaml unreadable, settings.period is only the default)
        ctx.report('period-type-mismatch', at, [], `${file} is named for a ${p.type} period, but reports are by ${settings.period}; the report never shows it`, {
          hint: `name it for ${want}`,
          position: FILE_START,
        });
      }
    }

    const checks: [field: 'indicator' | 'goal' | 'author', ids: ReadonlySet<string>, what: string, kind: string][] = [
      ['indicator', new Set(indicators.map((i) => i.id)), 'an indicator', 'indicators'],
      ['goal', new Set(agenda.goals.map((g) => g.id)), 'a goal of the agenda', 'agenda'],
      ['author', new Set(partners.map((p) => p.id)), 'a partner', 'partners'],
    ];
    const seen = new Map<string, Commentary>();
    for (const c of entries) {
      const who = c.indicator !== undefined ? `the commentary on indicator '${c.indicator}'` : `the commentary on goal '${c.goal}'`;
      for (const [field, ids, what, kind] of checks) {
        const id = c[field];
        if (id === undefined || id === '' || ids.has(id) || ctx.incomplete.has(kind)) continue;
        const message = field === 'author'
          ? `${who} names author '${id}', which is not ${what}`
          : `${c.at.file} has a commentary on ${field} '${id}', which is not ${what}`;
        ctx.report('unknown-reference', c.at, [field], message, { hint: didYouMean(id, ids) });
      }
      // One entry per indicator or goal and period: the report shows one story under each.
      if (c.indicator !== undefined && c.goal !== undefined) continue; // the schema reported it
      const key = `${parsePeriod(c.period, settings.school_year_start)?.text ?? c.period}\u0000${c.indicator !== undefined ? `i:${c.indicator}` : `g:${c.goal}`}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, c);
        continue;
      }
      const field = c.indicator !== undefined ? 'indicator' : 'goal';
      ctx.report('duplicate-id', c.at, [field], `${who} appears twice for ${c.period}; the report shows one story per ${field}`, {
        hint: 'merge the two entries into one',
        related: [{ ...positionOf(ctx.initiative, first.at, [field]), message: 'the first entry' }],
      });
    }
  },
};

function exampleName(type: string): string {
  return ({ year: '2025', 'school-year': 'SY2024-25', half: '2025-H2', quarter: '2025-Q3', month: '2025-07' } as Record<string, string>)[type] ?? '2025-Q3';
}
