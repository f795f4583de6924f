/** Meetings (SPEC 7, 7.1): selecting one, its agenda and its minutes, as plain models. */
export { buildAgenda, ROLL_CALL_WINDOW, type AgendaInput } from './agenda.js';
export { buildMinutes, type MinutesInput } from './minutes.js';
export { MeetingSelectionError, meetingHeader, nextMeetingAfter, selectMeeting, type Selection } from './calendar.js';
export { DROP_ORDER, MIN_ITEM_MINUTES, STANDING_ITEMS, timebox, type TimeBox } from './timebox.js';
export { agendaText } from './text.js';
export type * from './types.js';
