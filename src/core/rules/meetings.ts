import { didYouMean } from '../suggest.js';
import type { Rule } from './context.js';

/** SPEC 1.6: facilitators are backbone staff; attendees are members of the meeting's series. */
export const meetingPeople: Rule = {
  name: 'meeting-people',
  run(ctx) {
    const { settings, series, meetings, partners } = ctx.initiative;
    const staff = new Set(settings.backbone.staff.map((s) => s.name));
    const partnerIds = new Set(partners.map((p) => p.id));
    for (const s of series) {
      if (s.facilitator !== undefined && !staff.has(s.facilitator) && !ctx.incomplete.has('initiative')) {
        ctx.report('unknown-reference', 'error', s.at, ['facilitator'], `meeting series '${s.id}' names facilitator '${s.facilitator}', who is not on the backbone staff in initiative.yaml`, {
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
          ctx.report('attendee-not-member', 'warning', m.at, ['attendees', k, 'partner'], `meeting '${m.id}' lists attendee '${a.partner}', which is not a member of '${s.id}'`, {
            hint: `add '${a.partner}' to the members of '${s.id}' if it now sits on it`,
          });
        }
      });
    }
  },
};
