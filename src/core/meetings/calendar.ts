/**
 * Meetings in time: which meeting `--meeting` / `--next` name, a series' meetings before and
 * after one, and the date of the next meeting when the file does not schedule it yet.
 */
import { DEFAULTS } from '../model/defaults.js';
import { addDays, daysInMonth, makeDate } from '../dates.js';
import type { Action, Cadence, Initiative, Meeting, MeetingSeries, StaffRole } from '../model/types.js';
import { didYouMean } from '../suggest.js';
import type { MeetingHeader, MeetingPerson, NextMeeting } from './types.js';

/** A meeting that cannot be selected: the message says why (exit 2 in the CLI). */
export class MeetingSelectionError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'MeetingSelectionError';
  }
}

/** The meeting's start time: its own, else its series'. */
export function timeOf(m: Meeting, series: MeetingSeries | undefined): string | null {
  return m.time ?? series?.time ?? null;
}

/** Chronological order: date, then time (a meeting without a time first), then file order. */
function chronological(initiative: Initiative): Meeting[] {
  const series = new Map(initiative.series.map((s) => [s.id, s]));
  const order = new Map(initiative.meetings.map((m, i) => [m, i]));
  const key = (m: Meeting) => `${m.date} ${timeOf(m, series.get(m.series)) ?? ''}`;
  return [...initiative.meetings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : order.get(a)! - order.get(b)!));
}

export interface Selection {
  meeting?: string;
  next?: boolean;
  /** With `next`: only this series' meetings. */
  series?: string;
  today: string;
}

/** SPEC 7: `--meeting ID`, or `--next`, the first meeting dated on or after today. */
export function selectMeeting(initiative: Initiative, how: Selection): Meeting {
  const all = chronological(initiative);
  if (how.meeting !== undefined) {
    const found = initiative.meetings.find((m) => m.id === how.meeting);
    if (found) return found;
    if (all.length === 0) throw new MeetingSelectionError(`there is no meeting '${how.meeting}': the initiative has no meetings yet`, 'add meetings to meetings.yaml (or meetings/)');
    throw new MeetingSelectionError(`there is no meeting '${how.meeting}'`, didYouMean(how.meeting, all.map((m) => m.id)) ?? `meetings run from '${all[0]!.id}' to '${all[all.length - 1]!.id}'`);
  }
  let pool = all;
  if (how.series !== undefined) {
    if (!initiative.series.some((s) => s.id === how.series)) {
      throw new MeetingSelectionError(`there is no meeting series '${how.series}'`, didYouMean(how.series, initiative.series.map((s) => s.id)));
    }
    pool = all.filter((m) => m.series === how.series);
  }
  const next = pool.find((m) => m.date >= how.today);
  if (next) return next;
  const where = how.series !== undefined ? ` of series '${how.series}'` : '';
  if (pool.length === 0) throw new MeetingSelectionError(`there are no meetings${where} to choose from`, 'add the next meeting to meetings.yaml (or meetings/)');
  const last = pool[pool.length - 1]!;
  throw new MeetingSelectionError(`no meeting${where} is scheduled on or after ${how.today}; the last one was '${last.id}' on ${last.date}`, 'add the next meeting to meetings.yaml, or name one with --meeting');
}

/** The series' meetings in chronological order. */
export function seriesMeetings(initiative: Initiative, series: string): Meeting[] {
  return chronological(initiative).filter((m) => m.series === series);
}

/** Every meeting of any series before `m` (by date and time), oldest first. */
export function allMeetingsBefore(initiative: Initiative, m: Meeting): Meeting[] {
  const list = chronological(initiative);
  return list.slice(0, list.indexOf(m));
}

/** The meetings of `m`'s series before it, oldest first. */
export function meetingsBefore(initiative: Initiative, m: Meeting): Meeting[] {
  const list = seriesMeetings(initiative, m.series);
  return list.slice(0, list.indexOf(m));
}

const CADENCE_DAYS: Partial<Record<Cadence, number>> = { weekly: 7, biweekly: 14 };
const CADENCE_MONTHS: Partial<Record<Cadence, number>> = { monthly: 1, quarterly: 3 };

/** `date` moved by whole months, the day clamped to the month's length (Jan 31 → Feb 28). */
function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return makeDate(year, month, Math.min(d, daysInMonth(year, month)));
}

/**
 * "The next meeting after this one": the series' next scheduled meeting, else the date its
 * cadence implies; null when neither exists.
 */
export function nextMeetingAfter(initiative: Initiative, m: Meeting): NextMeeting | null {
  const series = initiative.series.find((s) => s.id === m.series);
  const list = seriesMeetings(initiative, m.series);
  const after = list[list.indexOf(m) + 1];
  if (after) return { id: after.id, date: after.date, time: timeOf(after, series), scheduled: true };
  const cadence = series?.cadence;
  if (!cadence) return null;
  const days = CADENCE_DAYS[cadence];
  const date = days !== undefined ? addDays(m.date, days) : addMonths(m.date, CADENCE_MONTHS[cadence]!);
  return { id: null, date, time: timeOf(m, series), scheduled: false };
}

/** 'HH:MM' plus minutes, on a 24-hour clock (wrapping past midnight). */
export function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

const ROLE_WORDS: Record<StaffRole, string> = {
  'project-manager': 'Project manager',
  'data-manager': 'Data manager',
  facilitator: 'Facilitator',
  communications: 'Communications',
  coordinator: 'Coordinator',
  other: 'Backbone staff',
};

/** The meeting with its series' defaults filled in, and its facilitator's contact. */
export function meetingHeader(initiative: Initiative, m: Meeting): MeetingHeader {
  const series = initiative.series.find((s) => s.id === m.series);
  const staff = series?.facilitator !== undefined ? initiative.settings.backbone.staff.find((s) => s.name === series.facilitator) : undefined;
  const facilitator: MeetingPerson | null = series?.facilitator !== undefined ? { name: series.facilitator, title: staff ? ROLE_WORDS[staff.role] : null, email: staff?.email ?? null } : null;
  const time = timeOf(m, series);
  const duration = m.duration ?? series?.duration ?? DEFAULTS.meetingMinutes;
  return {
    id: m.id,
    series: m.series,
    seriesName: series?.name ?? m.series,
    date: m.date,
    time,
    endTime: time === null ? null : addMinutes(time, duration),
    duration,
    location: m.location ?? series?.location ?? null,
    facilitator,
    timezone: initiative.settings.reporting.timezone,
  };
}

/**
 * The day an action counts as closed: its `closed` date, else (for lack of one) its due date,
 * else never.
 */
export function closedOn(a: Action): string | null {
  if (a.status === 'open') return null;
  return a.closed ?? a.due ?? null;
}
