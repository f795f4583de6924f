/**
 * The agenda model (SPEC 7): the initiative's state on the meeting date, as a facilitator hands
 * it out. Pure: the same initiative, data, meeting and today give the same model.
 */
import { completeness } from '../data/completeness.js';
import type { MergedData } from '../data/types.js';
import { daysBetween } from '../dates.js';
import type { Initiative, Meeting, Partner } from '../model/types.js';
import { shiftPeriod } from '../periods.js';
import { computeProgress } from '../progress.js';
import { defaultReportPeriod } from '../report/build.js';
import { addMinutes, allMeetingsBefore, closedOn, meetingHeader, meetingsBefore, nextMeetingAfter } from './calendar.js';
import { STANDING_ITEMS, timebox } from './timebox.js';
import type {
  AgendaAction,
  AgendaItem,
  AgendaModel,
  AttendanceMark,
  DataReminder,
  DataReviewEntry,
  InitiativeHeader,
  MeetingPerson,
  MilestoneEntry,
  RollCallEntry,
  StandingKind,
} from './types.js';

/** How many of the series' previous meetings the roll call looks back on. */
export const ROLL_CALL_WINDOW = 3;

export interface AgendaInput {
  initiative: Initiative;
  data: MergedData | null;
  meeting: Meeting;
  today: string;
}

export function initiativeHeader(initiative: Initiative): InitiativeHeader {
  const s = initiative.settings;
  return { id: s.id, name: s.name, backbone: s.backbone.organization, locale: s.reporting.locale, timezone: s.reporting.timezone };
}

export function person(p: { name: string; title?: string; email?: string } | undefined): MeetingPerson | null {
  return p ? { name: p.name, title: p.title ?? null, email: p.email ?? null } : null;
}

/** A partner is a member on `date` when it had joined by then and had not left. */
export function memberOn(partner: Partner | undefined, date: string): boolean {
  if (!partner) return true;
  if (partner.joined !== undefined && partner.joined > date) return false;
  return !(partner.left !== undefined && partner.left !== null && partner.left <= date);
}

/**
 * SPEC 7 item 2: attendance at the series' last three meetings before this one (those where
 * attendance was taken), counting only meetings held while the partner was a member. `absent`:
 * the last two or more counted in a row missed; else `delegate`: a delegate sent to two or more.
 */
/** The series' last meetings before this one where attendance was taken, oldest first. */
function rollCallWindow(initiative: Initiative, meeting: Meeting): Meeting[] {
  return meetingsBefore(initiative, meeting).filter((m) => m.recorded).slice(-ROLL_CALL_WINDOW);
}

function rollCall(initiative: Initiative, meeting: Meeting, window: readonly Meeting[], partners: Map<string, Partner>): RollCallEntry[] {
  const series = initiative.series.find((s) => s.id === meeting.series);
  return (series?.members ?? [])
    .filter((id) => memberOn(partners.get(id), meeting.date))
    .map((id) => {
      const partner = partners.get(id);
      const history = window.map((m) => {
        const came = m.attendees.find((a) => a.partner === id);
        const mark: AttendanceMark = !memberOn(partner, m.date) ? 'not-yet-member' : came ? came.by : 'absent';
        return { meeting: m.id, date: m.date, mark };
      });
      const counted = history.filter((h) => h.mark !== 'not-yet-member');
      const attended = counted.filter((h) => h.mark !== 'absent').length;
      const byDelegate = counted.filter((h) => h.mark === 'delegate').length;
      const lastTwo = counted.slice(-2);
      const flag = lastTwo.length === 2 && lastTwo.every((h) => h.mark === 'absent') ? 'absent' : byDelegate >= 2 ? 'delegate' : null;
      return {
        partner: id,
        name: partner?.name ?? id,
        leader: person(partner?.leader),
        delegate: person(partner?.delegate),
        attended,
        of: counted.length,
        byDelegate,
        flag,
        history,
      };
    });
}

/**
 * Every action open on the meeting date (SPEC 7): agreed at any meeting before this one, of any
 * series, overdue first (most overdue first). An action of another series says which.
 */
function openActions(initiative: Initiative, meeting: Meeting, name: (id: string) => string): AgendaAction[] {
  const seriesName = new Map(initiative.series.map((s) => [s.id, s.name]));
  const list = allMeetingsBefore(initiative, meeting).flatMap((m) =>
    m.actions
      // open on the meeting date: still open, or closed after it (as the minutes count closing)
      .filter((a) => a.status === 'open' || (closedOn(a) ?? '') > meeting.date)
      .map((a) => ({
        id: a.id,
        title: a.title,
        owner: a.owner,
        ownerName: name(a.owner),
        due: a.due ?? null,
        daysOverdue: a.due !== undefined && a.due < meeting.date ? daysBetween(a.due, meeting.date) : null,
        meeting: m.id,
        meetingDate: m.date,
        otherSeries: m.series === meeting.series ? null : (seriesName.get(m.series) ?? m.series),
      })),
  );
  const dueKey = (a: AgendaAction) => a.due ?? '9999-99-99';
  return list.sort(
    (a, b) =>
      Number(b.daysOverdue !== null) - Number(a.daysOverdue !== null) ||
      (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) ||
      (dueKey(a) < dueKey(b) ? -1 : dueKey(a) > dueKey(b) ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * Indicators off track or regressing at the report period in force on the meeting date, and
 * those whose status changed since the period before; progress comes from the one progress module.
 */
function dataReview(input: AgendaInput): { entries: DataReviewEntry[]; period: string; previous: string } {
  const { initiative, data, meeting } = input;
  const settings = initiative.settings;
  const period = defaultReportPeriod(settings, meeting.date);
  const before = shiftPeriod(period, -1, settings.school_year_start);
  const goals = new Map(initiative.agenda.goals.map((g) => [g.id, g.title]));
  const entries: DataReviewEntry[] = [];
  for (const ix of initiative.indicators) {
    const series = data?.indicators.get(ix.id);
    const now = computeProgress(ix, series, period, settings, initiative.dimensions);
    const then = computeProgress(ix, series, before, settings, initiative.dimensions);
    const reasons: DataReviewEntry['reasons'] = [];
    if (now.status === 'off-track' || now.status === 'regressing') reasons.push(now.status);
    if (now.status !== then.status) reasons.push('status-changed');
    if (reasons.length === 0) continue;
    entries.push({
      indicator: ix.id,
      name: ix.name,
      goal: ix.goal,
      goalTitle: goals.get(ix.goal) ?? ix.goal,
      unit: ix.unit,
      decimals: ix.decimals,
      direction: ix.direction,
      status: now.status,
      previousStatus: then.status,
      reasons,
      latest: now.latest,
      target: now.target,
      trend: now.trend,
      activities: initiative.activities.filter((a) => a.indicators.includes(ix.id)).map((a) => ({ id: a.id, title: a.title, status: a.status })),
    });
  }
  // Problems first (regressing, then off track), then the other changes, each in file order.
  const rank = (e: DataReviewEntry) => (e.status === 'regressing' ? 0 : e.status === 'off-track' ? 1 : 2);
  entries.sort((a, b) => rank(a) - rank(b));
  return { entries, period: period.text, previous: before.text };
}

/** Milestones of live activities, not done, due before the next meeting (overdue ones included). */
function milestones(initiative: Initiative, meeting: Meeting, until: string | null, name: (id: string) => string): MilestoneEntry[] {
  const out: MilestoneEntry[] = [];
  for (const a of initiative.activities) {
    if (a.status === 'completed' || a.status === 'dropped') continue;
    for (const m of a.milestones) {
      if (m.done || m.due === undefined) continue;
      const overdue = m.due < meeting.date;
      if (!overdue && until !== null && m.due >= until) continue;
      if (!overdue && until === null) continue;
      out.push({
        activity: a.id,
        activityTitle: a.title,
        activityStatus: a.status,
        lead: a.lead,
        leadName: name(a.lead),
        title: m.title,
        due: m.due,
        state: overdue ? 'overdue' : 'due',
        daysOverdue: overdue ? daysBetween(m.due, meeting.date) : null,
      });
    }
  }
  return out.sort((a, b) => Number(b.state === 'overdue') - Number(a.state === 'overdue') || (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** SPEC 7 item 5, with `data status`'s rules, as of the meeting date. */
function dataReminders(input: AgendaInput, name: (id: string) => string): DataReminder[] {
  const { initiative, data, meeting } = input;
  if (!data) return [];
  const indicatorNames = new Map(initiative.indicators.map((i) => [i.id, i.name]));
  return completeness(initiative, data, { today: meeting.date })
    .rows.filter((r) => !r.received && r.daysLate !== null)
    .map((r) => ({
      partner: r.partner,
      partnerName: name(r.partner),
      indicator: r.indicator,
      indicatorName: indicatorNames.get(r.indicator) ?? r.indicator,
      period: r.period,
      due: r.due,
      daysLate: r.daysLate!,
    }));
}

export function buildAgenda(input: AgendaInput): AgendaModel {
  const { initiative, meeting, today } = input;
  const partners = new Map(initiative.partners.map((p) => [p.id, p]));
  const name = (id: string) => partners.get(id)?.name ?? id;
  const header = meetingHeader(initiative, meeting);
  const next = nextMeetingAfter(initiative, meeting);
  const previous = meetingsBefore(initiative, meeting).at(-1) ?? null;

  const open = openActions(initiative, meeting, name);
  const review = dataReview(input);
  const due = milestones(initiative, meeting, next?.date ?? null, name);
  const topics = meeting.topics.map((t) => ({ ...t, ownerName: t.owner !== undefined ? name(t.owner) : null }));

  // A standing item with nothing to review is left out rather than given empty minutes.
  const wanted = new Set<StandingKind>(STANDING_ITEMS.map((s) => s.kind));
  if (open.length === 0) wanted.delete('review');
  if (review.entries.length === 0) wanted.delete('data-review');
  if (due.length === 0) wanted.delete('activities');
  const box = timebox(header.duration, topics.map((t) => t.minutes), wanted);

  const minutesOf = new Map(box.standing.map((s) => [s.kind, s]));
  const standing = (kind: StandingKind): AgendaItem[] => {
    const s = minutesOf.get(kind);
    return s ? [{ title: s.title, minutes: s.minutes, kind, start: null, owner: null, ownerName: null, requested: false }] : [];
  };
  const items: AgendaItem[] = [
    ...standing('welcome'),
    ...standing('review'),
    ...standing('data-review'),
    ...standing('activities'),
    ...topics.map((t) => ({ title: t.title, minutes: t.minutes, kind: t.kind, start: null, owner: t.owner ?? null, ownerName: t.ownerName, requested: true })),
    ...standing('partner-updates'),
    ...standing('next-steps'),
  ];
  if (header.time !== null) {
    let clock = header.time;
    for (const item of items) {
      item.start = clock;
      clock = addMinutes(clock, item.minutes);
    }
  }

  const window = rollCallWindow(initiative, meeting);
  return {
    document: 'agenda',
    initiative: initiativeHeader(initiative),
    meeting: header,
    asOf: today,
    reportPeriod: review.period,
    previousPeriod: review.previous,
    previousMeeting: previous ? { id: previous.id, date: previous.date } : null,
    nextMeeting: next,
    items,
    plannedMinutes: items.reduce((sum, item) => sum + item.minutes, 0),
    overrun: box.overrun,
    rollCallMeetings: window.map((m) => ({ id: m.id, date: m.date })),
    attendance: rollCall(initiative, meeting, window, partners),
    actions: { open, overdue: open.filter((a) => a.daysOverdue !== null) },
    dataReview: review.entries,
    milestones: due,
    topics,
    dataReminders: dataReminders(input, name),
  };
}
