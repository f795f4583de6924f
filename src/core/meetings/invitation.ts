/** The agenda as a calendar invitation (SPEC 7, `--format ics`). */
import { renderIcs, type CalendarEvent } from '../render/ics.js';
import { agendaText } from './text.js';
import type { AgendaModel } from './types.js';

/**
 * The event: a UID stable across runs (initiative and meeting ids), DTSTAMP from "today", the
 * facilitator as organizer, and one attendee per member partner's leader (the
 * partner itself when its leader is not named).
 */
export function calendarEvent(model: AgendaModel): CalendarEvent {
  const m = model.meeting;
  return {
    uid: `${m.id}@${model.initiative.id}.concert`,
    stamp: model.asOf,
    timezone: m.timezone,
    date: m.date,
    ...(m.time !== null ? { time: m.time } : {}),
    minutes: m.duration,
    summary: `${m.seriesName}: ${model.initiative.name}`,
    ...(m.location !== null ? { location: m.location } : {}),
    description: agendaText(model),
    ...(m.facilitator ? { organizer: { name: m.facilitator.name, ...(m.facilitator.email ? { email: m.facilitator.email } : {}) } } : {}),
    attendees: model.attendance.map((a) =>
      a.leader ? { name: `${a.leader.name} (${a.name})`, ...(a.leader.email ? { email: a.leader.email } : {}) } : { name: a.name },
    ),
  };
}

export function renderInvitation(model: AgendaModel): string {
  return renderIcs(calendarEvent(model), { prodId: '-//Concert//Concert agenda//EN' });
}
