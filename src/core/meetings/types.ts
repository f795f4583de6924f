/** The agenda and minutes models (SPEC 7, 7.1): plain data that the templates and JSON render. */
import type { Status, Trend } from '../progress/types.js';
import type { ActivityStatus, Topic, Unit } from '../model/types.js';

export interface MeetingPerson {
  name: string;
  title: string | null;
  email: string | null;
}

/** A meeting as the documents show it: the series' defaults filled in. */
export interface MeetingHeader {
  id: string;
  series: string;
  seriesName: string;
  date: string;
  /** 'HH:MM' in the initiative's time zone, or null when neither the meeting nor its series says. */
  time: string | null;
  /** 'HH:MM' of the end, when the start is known (may pass midnight: then the next day's time). */
  endTime: string | null;
  duration: number;
  location: string | null;
  facilitator: MeetingPerson | null;
  timezone: string;
}

/** Where the next meeting of the series stands: scheduled in meetings.yaml, or implied by its cadence. */
export interface NextMeeting {
  id: string | null;
  date: string;
  time: string | null;
  scheduled: boolean;
}

export type StandingKind = 'welcome' | 'review' | 'data-review' | 'activities' | 'partner-updates' | 'next-steps';
export type ItemKind = StandingKind | Topic['kind'];

export interface AgendaItem {
  title: string;
  minutes: number;
  kind: ItemKind;
  /** 'HH:MM' the item starts, when the meeting's time is known. */
  start: string | null;
  /** The partner bringing a requested topic. */
  owner: string | null;
  ownerName: string | null;
  /** True for items asked for in advance (they keep their minutes). */
  requested: boolean;
}

export interface AgendaAction {
  id: string;
  title: string;
  owner: string;
  ownerName: string;
  due: string | null;
  /** Days past due at the meeting date; null when not overdue or undated. */
  daysOverdue: number | null;
  /** The meeting it was agreed at. */
  meeting: string;
  meetingDate: string;
  /** The name of that meeting's series when it is not this meeting's; null for this series. */
  otherSeries: string | null;
}

export type AttendanceMark = 'leader' | 'delegate' | 'absent' | 'not-yet-member';

export interface RollCallEntry {
  partner: string;
  name: string;
  leader: MeetingPerson | null;
  delegate: MeetingPerson | null;
  /** Meetings counted (of the series' last three before this one, those held while a member). */
  attended: number;
  of: number;
  byDelegate: number;
  flag: 'absent' | 'delegate' | null;
  /** The series' last three meetings before this one, oldest first. */
  history: { meeting: string; date: string; mark: AttendanceMark }[];
}

export type ReviewReason = 'off-track' | 'regressing' | 'status-changed';

export interface DataReviewEntry {
  indicator: string;
  name: string;
  goal: string;
  goalTitle: string;
  unit: Unit;
  decimals: number;
  direction: 'increase' | 'decrease';
  status: Status;
  previousStatus: Status;
  reasons: ReviewReason[];
  latest: { period: string; value: number } | null;
  target: { period: string; value: number } | null;
  trend: Trend | null;
  /** Activities meant to move it. */
  activities: { id: string; title: string; status: ActivityStatus }[];
}

export interface MilestoneEntry {
  activity: string;
  activityTitle: string;
  activityStatus: ActivityStatus;
  lead: string;
  leadName: string;
  title: string;
  due: string;
  state: 'overdue' | 'due';
  daysOverdue: number | null;
}

export interface DataReminder {
  partner: string;
  partnerName: string;
  indicator: string;
  indicatorName: string;
  period: string;
  due: string;
  daysLate: number;
}

export interface InitiativeHeader {
  id: string;
  name: string;
  backbone: string;
  locale: string;
  timezone: string;
}

export interface AgendaModel {
  document: 'agenda';
  initiative: InitiativeHeader;
  meeting: MeetingHeader;
  asOf: string;
  /** The report period in force on the meeting date, and the one before it. */
  reportPeriod: string;
  previousPeriod: string;
  previousMeeting: { id: string; date: string } | null;
  nextMeeting: NextMeeting | null;
  items: AgendaItem[];
  /** The items' minutes added up: the duration, unless the topics overrun it. */
  plannedMinutes: number;
  /** Minutes by which the requested topics exceed the meeting (0 when they fit). */
  overrun: number;
  /** The series' meetings the roll call looks back on (up to three, attendance taken), oldest first. */
  rollCallMeetings: { id: string; date: string }[];
  attendance: RollCallEntry[];
  actions: { open: AgendaAction[]; overdue: AgendaAction[] };
  dataReview: DataReviewEntry[];
  milestones: MilestoneEntry[];
  topics: (Topic & { ownerName: string | null })[];
  dataReminders: DataReminder[];
}

export interface MinutesAttendance {
  partner: string;
  name: string;
  mark: 'leader' | 'delegate' | 'absent';
  /** Who came: the leader's or delegate's name when the partners file knows it. */
  person: string | null;
  member: boolean;
}

export interface MinutesAction {
  id: string;
  title: string;
  owner: string;
  ownerName: string;
  due: string | null;
  status: 'open' | 'done' | 'dropped';
  meeting: string;
  closed: string | null;
}

export interface MinutesModel {
  document: 'minutes';
  initiative: InitiativeHeader;
  meeting: MeetingHeader;
  asOf: string;
  /** False when meetings.yaml has no `attendees` for the meeting: attendance was not taken. */
  attendanceTaken: boolean;
  attendance: MinutesAttendance[];
  present: number;
  members: number;
  topics: (Topic & { ownerName: string | null })[];
  decisions: string[];
  actions: MinutesAction[];
  closed: MinutesAction[];
  previousMeeting: { id: string; date: string } | null;
  nextMeeting: NextMeeting | null;
}
