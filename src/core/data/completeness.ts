/**
 * Completeness (SPEC 3.5, 3.1, 8): which reporters owe which indicator for the latest due period,
 * counting a partner only while it is a member and only periods since the initiative started.
 */
import { addDays, daysBetween, isValidDate } from '../dates.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Indicator, Initiative, InitiativeSettings, Partner } from '../model/types.js';
import { fromIndex, parsePeriod, periodContaining, shiftPeriod, type Period, type PeriodType } from '../periods.js';
import { positionOf } from '../source/positions.js';
import type { MergedData } from './types.js';
import { count } from '../words.js';


export interface CompletenessRow {
  partner: string;
  indicator: string;
  period: string;
  /** The date the data was due: the period's end + data_due_days. */
  due: string;
  received: boolean;
  /** Days past due when not received (0 on the due date); null when received or not yet due. */
  daysLate: number | null;
  /** The first file that brought data for it. */
  file?: string;
}

/** A duty that is not expected, and why (SPEC 3.1): what `data status` says when nothing is. */
export type NotExpected =
  | { reason: 'before-start'; indicator: string; period: string; started: string }
  | { reason: 'not-member'; indicator: string; period: string; partner: string; joined?: string; left?: string };

export interface Completeness {
  /** The period asked for (`--period`), or null: the latest due period of each indicator. */
  period: string | null;
  rows: CompletenessRow[];
  diagnostics: Diagnostic[];
  /** Reporters' duties left out of `rows`: periods before the initiative started, partners not members then. */
  notExpected: NotExpected[];
}

/** The initiative's `started` date when it is a real date, else null. */
function startedOf(settings: Pick<InitiativeSettings, 'started'>): string | null {
  return settings.started !== undefined && isValidDate(settings.started) ? settings.started : null;
}

/**
 * The latest period of `type` whose data is due on or before `today` (its end plus
 * `data_due_days`), but never one that ends before the initiative `started` (SPEC 3.1): while no
 * period since the start is due yet, the first period, the one containing `started`.
 */
export function duePeriodOf(type: PeriodType, settings: Pick<InitiativeSettings, 'school_year_start' | 'reporting' | 'started'>, today: string): Period {
  const sys = settings.school_year_start;
  const days = settings.reporting.data_due_days;
  let p = periodContaining(type, today, sys);
  while (addDays(p.end, days) > today) p = shiftPeriod(p, -1, sys);
  const started = startedOf(settings);
  return started !== null && p.end < started ? periodContaining(type, started, sys) : p;
}

/** The period of the indicator's frequency whose submissions are checked today (see duePeriodOf). */
export function latestDuePeriod(indicator: Pick<Indicator, 'frequency'>, initiative: Initiative, today: string): Period {
  return duePeriodOf(indicator.frequency, initiative.settings, today);
}

/**
 * SPEC 3.1: a partner owes data for period `p` only while it is a member: it joined on or before
 * the end of the period's due window (`due`) and did not leave before the period started.
 * A partner that is not declared (an unknown reporter, reported elsewhere) counts as a member.
 */
export function isMemberFor(partner: Pick<Partner, 'joined' | 'left'> | undefined, p: Period, due: string): boolean {
  if (!partner) return true;
  const { joined, left } = partner;
  if (typeof joined === 'string' && isValidDate(joined) && joined > due) return false;
  return !(typeof left === 'string' && isValidDate(left) && left < p.start);
}

/** The period of `indicator`'s frequency to check for the report period `asked` (SPEC 2). */
function periodFor(indicator: Indicator, asked: Period, initiative: Initiative): Period {
  if (asked.type === indicator.frequency) return asked;
  const sys = initiative.settings.school_year_start;
  let p = periodContaining(indicator.frequency, asked.end, sys);
  while (p.end > asked.end) p = shiftPeriod(p, -1, sys);
  return fromIndex(p.type, p.index, sys);
}

function submittedLookup(data: MergedData): (indicator: string, period: string, partner: string) => string | undefined {
  if (data.submitted) return data.submitted;
  const map = new Map<string, string>();
  for (const s of data.submissions) {
    const k = `${s.indicator}\u0000${s.period}\u0000${s.partner}`;
    if (!map.has(k)) map.set(k, s.file);
  }
  return (i, p, partner) => map.get(`${i}\u0000${p}\u0000${partner}`);
}

/**
 * Expected vs received submissions per reporter and indicator, for the latest due period (or
 * `options.period`), with `data-missing` warnings for what is due and missing, and
 * `indicator-without-data` for indicators no row mentions. `options.incomplete`: kinds whose YAML
 * could not be read whole; while partners is one, rows naming a partner the model lacks were not
 * merged, so a reporter it lacks is not called missing and no indicator is called data-less;
 * while initiative is one, due dates rest on default settings and nothing is called missing.
 */
export function completeness(initiative: Initiative, data: MergedData, options: { today: string; period?: string; incomplete?: ReadonlySet<string> }): Completeness {
  const sys = initiative.settings.school_year_start;
  const asked = options.period !== undefined ? parsePeriod(options.period, sys) : null;
  const rows: CompletenessRow[] = [];
  const diagnostics: Diagnostic[] = [];
  const notExpected: NotExpected[] = [];
  const lookup = submittedLookup(data);
  const dueDays = initiative.settings.reporting.data_due_days;
  const withData = new Set<string>();
  for (const [id, d] of data.indicators) if ((d.rows ?? d.totals.size + d.groups.size) > 0) withData.add(id);
  if (!data.submitted) for (const s of data.submissions) withData.add(s.indicator);

  const partners = new Map(initiative.partners.map((p) => [p.id, p]));
  const started = startedOf(initiative.settings);
  const partnersIncomplete = options.incomplete?.has('partners') ?? false;
  // with initiative.yaml unreadable, due dates come from default settings: no one is called late on them
  const settingsKnown = !(options.incomplete?.has('initiative') ?? false);
  for (const ix of initiative.indicators) {
    const at = (ix as { at?: { file: string; path: (string | number)[] } }).at;
    if (!withData.has(ix.id) && !partnersIncomplete) {
      diagnostics.push({
        code: 'indicator-without-data', severity: 'warning',
        ...(at ? positionOf(initiative, at) : { file: 'indicators.yaml', line: 1, column: 1 }),
        message: `indicator '${ix.id}' has no data rows in data/`,
        hint: ix.reporters.length ? `expected from ${ix.reporters.map((r) => `'${r}'`).join(', ')}` : 'add a data drop under data/, or reporters to say who should send it',
      });
    }
    if (ix.reporters.length === 0) continue;
    const p = asked ? periodFor(ix, asked, initiative) : latestDuePeriod(ix, initiative, options.today);
    // Nothing is owed for a period that ended before the initiative started.
    if (started !== null && p.end < started) {
      notExpected.push({ reason: 'before-start', indicator: ix.id, period: p.text, started });
      continue;
    }
    const due = addDays(p.end, dueDays);
    const isDue = due <= options.today;
    ix.reporters.forEach((partner, k) => {
      const member = partners.get(partner);
      if (!isMemberFor(member, p, due)) {
        notExpected.push({
          reason: 'not-member', indicator: ix.id, period: p.text, partner,
          ...(typeof member?.joined === 'string' && isValidDate(member.joined) && member.joined > due ? { joined: member.joined } : {}),
          ...(typeof member?.left === 'string' && isValidDate(member.left) && member.left < p.start ? { left: member.left } : {}),
        });
        return;
      }
      const file = lookup(ix.id, p.text, partner);
      const row: CompletenessRow = {
        partner, indicator: ix.id, period: p.text, due, received: file !== undefined,
        daysLate: file === undefined && isDue ? daysBetween(due, options.today) : null,
      };
      if (file !== undefined) row.file = file;
      rows.push(row);
      if (file === undefined && isDue && settingsKnown && !(partnersIncomplete && !partners.has(partner))) {
        diagnostics.push({
          code: 'data-missing', severity: 'warning',
          ...(at ? positionOf(initiative, at, ['reporters', k]) : { file: 'indicators.yaml', line: 1, column: 1 }),
          message: `partner '${partner}' has not sent '${ix.id}' for ${p.text} (due ${due}, ${count(daysBetween(due, options.today), 'day')} ago)`,
          hint: `expected under data/${partner}/`,
        });
      }
    });
  }
  rows.sort((a, b) => (a.partner < b.partner ? -1 : a.partner > b.partner ? 1 : 0) || indexOf(initiative, a.indicator) - indexOf(initiative, b.indicator));
  return { period: asked ? asked.text : null, rows, diagnostics, notExpected };
}

function indexOf(initiative: Initiative, id: string): number {
  return initiative.indicators.findIndex((i) => i.id === id);
}

