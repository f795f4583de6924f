/**
 * The agenda as plain text: the DESCRIPTION of the calendar invitation, which calendar clients
 * show as typed (no Markdown, no HTML).
 */
import { Formatter, STATUS_LOOK } from '../render/format.js';
import type { AgendaModel } from './types.js';
import { count } from '../words.js';

export function agendaText(model: AgendaModel): string {
  const fmt = new Formatter(model.initiative.locale);
  const m = model.meeting;
  const lines: string[] = [];
  lines.push(`${m.seriesName}, ${fmt.day(m.date)}${m.time ? `, ${fmt.time(m.time)}–${fmt.time(m.endTime)}` : ''} (${m.duration} minutes)`);
  if (m.location) lines.push(`Where: ${m.location}`);
  if (m.facilitator) lines.push(`Facilitator: ${m.facilitator.name}`);
  lines.push('', 'AGENDA');
  model.items.forEach((item, k) => {
    const who = item.ownerName ? ` (${item.ownerName})` : '';
    const kind = item.requested ? ` [${item.kind}]` : '';
    lines.push(`${k + 1}. ${item.start ? `${fmt.time(item.start)} ` : ''}${item.title}${kind}${who}, ${item.minutes} min`);
  });
  if (model.overrun > 0) lines.push(`The requested topics run ${model.overrun} minutes over the meeting's ${m.duration}.`);
  if (model.dataReview.length > 0) {
    lines.push('', `DATA REVIEW (${model.reportPeriod})`);
    for (const d of model.dataReview) {
      const was = d.previousStatus !== d.status ? ` (was ${STATUS_LOOK[d.previousStatus].label.toLowerCase()})` : '';
      lines.push(`- ${d.name}: ${STATUS_LOOK[d.status].label.toLowerCase()}${was}${d.latest ? `, ${fmt.value(d.latest.value, d.unit, d.decimals)} in ${d.latest.period}` : ''}`);
    }
  }
  if (model.actions.open.length > 0) {
    lines.push('', 'OPEN ACTION ITEMS');
    for (const a of model.actions.open) {
      const late = a.daysOverdue !== null ? `, ${count(a.daysOverdue, 'day')} overdue` : '';
      lines.push(`- ${a.id} ${a.title} (${a.ownerName}${a.due ? `, due ${fmt.date(a.due)}` : ''}${late})`);
    }
  }
  if (model.dataReminders.length > 0) {
    lines.push('', 'DATA STILL TO COME');
    for (const r of model.dataReminders) lines.push(`- ${r.partnerName}: ${r.indicatorName}, ${r.period} (due ${fmt.date(r.due)})`);
  }
  if (model.nextMeeting) lines.push('', `Next meeting: ${fmt.day(model.nextMeeting.date)}${model.nextMeeting.scheduled ? '' : ' (expected)'}`);
  return lines.join('\n');
}
