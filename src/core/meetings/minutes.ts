/** The minutes model (SPEC 7.1): what was recorded in meetings.yaml, as it goes to partners. */
import type { Action, Initiative, Meeting } from '../model/types.js';
import { initiativeHeader, memberOn } from './agenda.js';
import { closedOn, meetingHeader, meetingsBefore, nextMeetingAfter } from './calendar.js';
import type { MinutesAction, MinutesAttendance, MinutesModel } from './types.js';

export interface MinutesInput {
  initiative: Initiative;
  meeting: Meeting;
  today: string;
}

export function buildMinutes(input: MinutesInput): MinutesModel {
  const { initiative, meeting, today } = input;
  const partners = new Map(initiative.partners.map((p) => [p.id, p]));
  const name = (id: string) => partners.get(id)?.name ?? id;
  const series = initiative.series.find((s) => s.id === meeting.series);
  const members = (series?.members ?? []).filter((id) => memberOn(partners.get(id), meeting.date));
  const came = new Map(meeting.attendees.map((a) => [a.partner, a.by]));

  const attendance: MinutesAttendance[] = !meeting.recorded ? [] : members.map((id) => {
    const by = came.get(id);
    const p = partners.get(id);
    const who = by === 'leader' ? p?.leader : by === 'delegate' ? p?.delegate : undefined;
    return { partner: id, name: name(id), mark: by ?? 'absent', person: who?.name ?? null, member: true };
  });
  // Guests: attendees that are not members of the series, after the members.
  for (const a of meeting.attendees) {
    if (members.includes(a.partner)) continue;
    const p = partners.get(a.partner);
    attendance.push({ partner: a.partner, name: name(a.partner), mark: a.by, person: (a.by === 'leader' ? p?.leader : p?.delegate)?.name ?? null, member: false });
  }

  const action = (a: Action, m: Meeting): MinutesAction => ({
    id: a.id,
    title: a.title,
    owner: a.owner,
    ownerName: name(a.owner),
    due: a.due ?? null,
    status: a.status,
    meeting: m.id,
    closed: closedOn(a),
  });
  const before = meetingsBefore(initiative, meeting);
  const previous = before.at(-1) ?? null;
  const since = previous?.date ?? '0000-00-00';
  const closed = before
    .flatMap((m) => m.actions.map((a) => action(a, m)))
    .filter((a) => a.closed !== null && a.closed > since && a.closed <= meeting.date);

  return {
    document: 'minutes',
    initiative: initiativeHeader(initiative),
    meeting: meetingHeader(initiative, meeting),
    asOf: today,
    attendanceTaken: meeting.recorded,
    attendance,
    present: attendance.filter((a) => a.member && a.mark !== 'absent').length,
    members: members.length,
    topics: meeting.topics.map((t) => ({ ...t, ownerName: t.owner !== undefined ? name(t.owner) : null })),
    decisions: [...meeting.decisions],
    actions: meeting.actions.map((a) => action(a, meeting)),
    closed,
    previousMeeting: previous ? { id: previous.id, date: previous.date } : null,
    nextMeeting: nextMeetingAfter(initiative, meeting),
  };
}
