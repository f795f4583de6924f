import { positionOf } from '../source/positions.js';
import { didYouMean } from '../suggest.js';
import type { Rule } from './context.js';

/** SPEC 1.6: facilitators are backbone staff; attendees are members of the meeting's series. */
export const meetingPeople: Rule = {
  name: 'meeting-people',
  meta: { description: "facilitators are backbone staff; attendees are members of the series", codes: ['unknown-reference', 'attendee-not-member'] },
  run(ctx) {
    const { settings, series, meetings, partners } = ctx.initiative;
    const staff = new Set(settings.backbone.staff.map((s) => s.name));
    const partnerIds = new Set(partners.map((p) => p.id));
    for (const s of series) {
      if (s.facilitator !== undefined && !staff.has(s.facilitator) && !ctx.incomplete.has('initiative')) {
        ctx.report('unknown-reference', s.at, ['facilitator'], `meeting series '${s.id}' names facilitator '${s.facilitator}', who is not on the backbone staff in initiative.yaml`, {
          hint: didYouMean(s.facilitator, staff) ?? 'add them to backbone.staff, or name a staff member',
        });
      }
    }
    const seriesById = new Map(series.map((s) => [s.id, s]));
    for (const m of meetings) {
      const s = seriesById.get(m.series);
      if (!s) continue;
      const members = new Set(s.members);
      m.attendees.forEach((a, k) => {
        if (partnerIds.has(a.partner) && !members.has(a.partner)) {
          ctx.report('attendee-not-member', m.at, ['attendees', k, 'partner'], `meeting '${m.id}' lists attendee '${a.partner}', which is not a member of '${s.id}'`, {
            hint: `add '${a.partner}' to the members of '${s.id}' if it now sits on it`,
          });
        }
      });
    }
  },
};

/**
 * Two meetings of one series on the same date at the same effective time (the meeting's `time`,
 * else its series' `time`, else none: two without a time count as the same) clash. Reported at
 * the later one's date, by file order, with the first as related place.
 */
export const meetingSchedule: Rule = {
  name: 'meeting-schedule',
  meta: { description: "no two meetings of a series at the same date and time", codes: ['meeting-clash'] },
  run(ctx) {
    const { series, meetings } = ctx.initiative;
    const seriesTime = new Map(series.map((s) => [s.id, s.time]));
    const first = new Map<string, (typeof meetings)[number]>();
    for (const m of meetings) {
      if (m.series === '' || m.date === '') continue;
      const time = m.time ?? seriesTime.get(m.series);
      const key = JSON.stringify([m.series, m.date, time ?? null]);
      const prev = first.get(key);
      if (!prev) {
        first.set(key, m);
        continue;
      }
      // The same id twice is already a duplicate-id error.
      if (prev.id === m.id) continue;
      const when = time === undefined ? `${m.date}, no time set` : `${m.date} ${time}`;
      const where = positionOf(ctx.initiative, prev.at, ['date']);
      ctx.report('meeting-clash', m.at, ['date'], `meeting '${m.id}' is at the same date and time as '${prev.id}' (${when}) in series '${m.series}'`, {
        hint: `move one of them to another date or time; the first is at ${where.file}:${where.line}`,
        related: [{ ...where, message: `meeting '${prev.id}'` }],
      });
    }
  },
};
