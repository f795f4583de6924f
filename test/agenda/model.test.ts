/**
 * The agenda model (SPEC 7) built directly from fixtures: meeting selection, roll call, action
 * review, data review, milestones, the next meeting, and time boxing (timebox() and as items).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { validateInitiative } from '../../src/core/validate.js';
import { buildAgenda, DROP_ORDER, MeetingSelectionError, nextMeetingAfter, selectMeeting, STANDING_ITEMS, timebox } from '../../src/core/meetings/index.js';
import type { AgendaModel, StandingKind } from '../../src/core/meetings/index.js';
import type { Initiative } from '../../src/core/model/types.js';
import { FIXTURES } from '../helpers/run.js';

async function load(fixture: string, data = false, today = '2025-01-01') {
  const v = await validateInitiative(FIXTURES + fixture, { today, data });
  expect(v.errors, `${fixture} validates`).toBe(0);
  return v;
}

async function agendaOf(fixture: string, meeting: string, options: { data?: boolean; today?: string } = {}): Promise<AgendaModel> {
  const today = options.today ?? '2025-01-01';
  const v = await load(fixture, options.data ?? false, today);
  return buildAgenda({ initiative: v.initiative, data: v.data, meeting: selectMeeting(v.initiative, { meeting, today }), today });
}

const items = (m: AgendaModel) => m.items.map((i) => [i.kind, i.minutes] as const);
const total = (m: AgendaModel) => m.items.reduce((a, i) => a + i.minutes, 0);
const ALL = new Set<StandingKind>(STANDING_ITEMS.map((s) => s.kind));
const minutesOf = (box: ReturnType<typeof timebox>) => Object.fromEntries(box.standing.map((s) => [s.kind, s.minutes]));

describe('selectMeeting', () => {
  let initiative: Initiative;
  const pick = (how: Parameters<typeof selectMeeting>[1]) => selectMeeting(initiative, how).id;

  test('--next: on the day, the day after; ties by time, then file order; --series narrows', async () => {
    initiative = (await load('agenda-series-without-meetings')).initiative;
    // 2025-10-15 has 09:00 (listed first) and 08:00 (listed second): the 08:00 one.
    expect(pick({ next: true, today: '2025-10-15' })).toBe('2025-10-steering-early');
    expect(pick({ next: true, today: '2025-01-01' })).toBe('2025-10-steering-early');
    // Day after: 2025-11-19 has 2025-11-steering then 2025-11-finance, both without a time: file order.
    expect(pick({ next: true, today: '2025-10-16' })).toBe('2025-11-steering');
    expect(pick({ next: true, today: '2025-11-19' })).toBe('2025-11-steering');
    expect(pick({ next: true, series: 'finance', today: '2025-10-16' })).toBe('2025-11-finance');
    expect(pick({ meeting: '2025-10-steering', today: '2030-01-01' })).toBe('2025-10-steering');
  });

  test('nothing on or after today, unknown ids, a series without meetings', async () => {
    initiative = (await load('agenda-series-without-meetings')).initiative;
    expect(() => pick({ next: true, today: '2025-11-20' })).toThrow("no meeting is scheduled on or after 2025-11-20; the last one was '2025-11-finance' on 2025-11-19");
    expect(() => pick({ next: true, series: 'task-force', today: '2025-01-01' })).toThrow("there are no meetings of series 'task-force'");
    let err: unknown;
    try {
      pick({ meeting: '2025-10-steerin', today: '2025-01-01' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MeetingSelectionError);
    expect((err as MeetingSelectionError).hint).toBe("did you mean '2025-10-steering'?");
  });

  test.each(['agenda-empty-meetings', 'agenda-empty-meetings-only'])('%s: no meetings at all', async (fixture) => {
    initiative = (await load(fixture)).initiative;
    expect(initiative.meetings).toEqual([]);
    expect(() => pick({ next: true, today: '2025-01-01' })).toThrow(MeetingSelectionError);
    expect(() => pick({ meeting: 'x', today: '2025-01-01' })).toThrow("there is no meeting 'x': the initiative has no meetings yet");
  });
});

describe('roll call (agenda-roll-call)', () => {
  test('c-6: window c-2, c-4, c-5 (c-3 has no attendees key); leaver left 2025-06-01, before 2025-06-18', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-6');
    const brief = m.attendance.map((a) => ({ partner: a.partner, attended: a.attended, of: a.of, byDelegate: a.byDelegate, flag: a.flag }));
    expect(brief).toEqual([
      { partner: 'schools', attended: 3, of: 3, byDelegate: 0, flag: null },
      { partner: 'library', attended: 1, of: 3, byDelegate: 0, flag: 'absent' },
      { partner: 'ymca', attended: 3, of: 3, byDelegate: 2, flag: 'delegate' },
      // Joined 2025-05-01: only c-5 counts; absent from it, but one meeting cannot make "the last two".
      { partner: 'newcomer', attended: 0, of: 1, byDelegate: 0, flag: null },
    ]);
    expect(m.attendance[0]!.history.map((h) => h.meeting)).toEqual(['c-2', 'c-4', 'c-5']);
    expect(m.attendance[3]!.history.map((h) => h.mark)).toEqual(['not-yet-member', 'not-yet-member', 'absent']);
    expect(m.attendance[2]!.history.map((h) => h.mark)).toEqual(['delegate', 'delegate', 'leader']);
    expect(m.attendance[0]!.leader).toEqual({ name: 'Dr. K. Osei', title: 'Superintendent', email: 'kosei@example.org' });
    expect(m.attendance[0]!.delegate).toEqual({ name: 'M. Park', title: null, email: 'mpark@example.org' });
  });

  test('c-1, the first of the series: of 0, flags null; newcomer (joined 2025-05-01) not yet a member', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-1');
    expect(m.attendance.map((a) => [a.partner, a.attended, a.of, a.byDelegate, a.flag])).toEqual([
      ['schools', 0, 0, 0, null],
      ['library', 0, 0, 0, null],
      ['ymca', 0, 0, 0, null],
      ['leaver', 0, 0, 0, null],
    ]);
    expect(m.previousMeeting).toBeNull();
    expect(m.actions.open).toEqual([]);
  });

  test('c-4: only two meetings with attendance before it (c-1, c-2), c-3 skipped; leaver still a member', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-4');
    expect(m.attendance.map((a) => [a.partner, a.attended, a.of, a.byDelegate, a.flag])).toEqual([
      ['schools', 2, 2, 0, null],
      ['library', 2, 2, 0, null],
      ['ymca', 2, 2, 1, null],
      ['leaver', 2, 2, 0, null],
    ]);
    expect(m.attendance[0]!.history.map((h) => h.meeting)).toEqual(['c-1', 'c-2']);
    expect(m.previousMeeting).toEqual({ id: 'c-3', date: '2025-03-19' });
  });

  test('w-3: an empty attendees list means nobody came (ymca 0 of 2, absent; schools 1 of 2)', async () => {
    const m = await agendaOf('agenda-roll-call', 'w-3');
    expect(m.attendance.map((a) => [a.partner, a.attended, a.of, a.flag])).toEqual([
      ['schools', 1, 2, null],
      ['ymca', 0, 2, 'absent'],
    ]);
    // Every open action (SPEC 7), the council's included, and said to be the council's: c-3 met
    // the same day, earlier, so its a-4 is on the list.
    expect(m.actions.open.map((a) => [a.id, a.daysOverdue, a.meeting, a.otherSeries])).toEqual([
      ['a-1', 37, 'c-1', 'Leadership Council'],
      ['a-3', 18, 'c-2', 'Leadership Council'],
      ['a-4', null, 'c-3', 'Leadership Council'],
    ]);
  });
});

describe('actions as of the meeting date (agenda-closed-later c-6, 2025-06-18)', () => {
  test('an action closed after the meeting was open at it; one closed before was not', async () => {
    const m = await agendaOf('agenda-closed-later', 'c-6');
    // a-4 was done on 2025-07-01, after the meeting; a-6 on 2025-06-10, before it
    expect(m.actions.open.map((a) => a.id)).toEqual(['a-1', 'a-3', 'a-4', 'a-5']);
  });
});

describe('actions and milestones (agenda-roll-call c-6, 2025-06-18)', () => {
  test('open: overdue first, most overdue first, then by due date, undated last; not this meeting\'s own', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-6');
    expect(m.actions.open.map((a) => [a.id, a.due, a.daysOverdue, a.meeting])).toEqual([
      ['a-1', '2025-02-10', 128, 'c-1'],
      ['a-3', '2025-03-01', 109, 'c-2'],
      ['a-6', '2025-06-20', null, 'c-5'],
      ['a-4', '2025-06-30', null, 'c-3'],
      ['a-5', null, null, 'c-4'],
    ]);
    expect(m.actions.overdue.map((a) => [a.id, a.daysOverdue])).toEqual([
      ['a-1', 128],
      ['a-3', 109],
    ]);
    // a-2 is done; a-7 was agreed at c-6 itself.
    expect(m.actions.open.map((a) => a.id)).not.toContain('a-2');
    expect(m.actions.open.map((a) => a.id)).not.toContain('a-7');
  });

  test('milestones: overdue (2025-06-01, 17 days) and due before c-7 (2025-07-01); not the one due on 2025-07-16, the done one, nor the completed activity\'s', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-6');
    expect(m.milestones.map((x) => [x.activity, x.title, x.due, x.state, x.daysOverdue])).toEqual([
      ['summer-reading', 'Book the sites', '2025-06-01', 'overdue', 17],
      ['summer-reading', 'Enrol 400 children', '2025-07-01', 'due', null],
    ]);
    expect(m.dataReview).toEqual([]);
  });

  test('items: 60 minutes, topic 15; welcome 7, review 10, activities 10, partner updates 10, next steps 8 (tie 7/7 → next steps); starts from 10:00', async () => {
    const m = await agendaOf('agenda-roll-call', 'c-6');
    expect(m.items.map((i) => [i.kind, i.minutes, i.start])).toEqual([
      ['welcome', 7, '10:00'],
      ['review', 10, '10:07'],
      ['activities', 10, '10:17'],
      ['decision', 15, '10:27'],
      ['partner-updates', 10, '10:42'],
      ['next-steps', 8, '10:52'],
    ]);
    expect(total(m)).toBe(60);
    expect(m.items[3]).toMatchObject({ title: 'Approve the summer budget', owner: 'library', ownerName: 'Eastside Library', requested: true });
  });
});

describe('next meeting', () => {
  test.each<[string, string, { id: string | null; date: string; time: string | null; scheduled: boolean } | null]>([
    ['agenda-roll-call', 'c-6', { id: 'c-7', date: '2025-07-16', time: '10:00', scheduled: true }],
    // weekly: 2025-03-19 + 7 days
    ['agenda-roll-call', 'w-3', { id: null, date: '2025-03-26', time: '14:00', scheduled: false }],
    // monthly from Jan 31: clamped to Feb 28
    ['agenda-overrun', '2025-01-steering', { id: null, date: '2025-02-28', time: '09:00', scheduled: false }],
    // quarterly from Nov 30: Feb 28
    ['agenda-overrun', '2025-11-review', { id: null, date: '2026-02-28', time: null, scheduled: false }],
    // biweekly: 2025-12-24 + 14 days
    ['agenda-overrun', '2025-12-huddle', { id: null, date: '2026-01-07', time: null, scheduled: false }],
    // no later meeting, no cadence
    ['agenda-timebox', 'b-spare', null],
  ])('%s %s', async (fixture, id, expected) => {
    const { initiative } = await load(fixture);
    const meeting = initiative.meetings.find((m) => m.id === id)!;
    expect(nextMeetingAfter(initiative, meeting)).toEqual(expected);
  });
});

describe('data review (agenda-timebox, with its data drop)', () => {
  test('report period in force on 2025-08-20 is 2025-Q2 (ends 06-30, + 30 days = 07-30); regressing first, then off track, then changes', async () => {
    const m = await agendaOf('agenda-timebox', 'b-90', { data: true, today: '2025-08-20' });
    expect([m.reportPeriod, m.previousPeriod]).toEqual(['2025-Q2', '2025-Q1']);
    expect(m.dataReview.map((d) => [d.indicator, d.status, d.previousStatus, d.reasons])).toEqual([
      // 50 → 52 (expected 52.5, s 0.8) → 48 (below the baseline).
      ['readiness', 'regressing', 'needs-acceleration', ['regressing', 'status-changed']],
      // 100 → 120 (expected 125, s 0.8) → 110 (expected 150, s 0.2).
      ['visits', 'off-track', 'needs-acceleration', ['off-track', 'status-changed']],
      // One point in 2025-Q1, two in 2025-Q2.
      ['steady', 'no-target', 'insufficient-data', ['status-changed']],
    ]);
    expect(m.dataReview[1]!.latest).toEqual({ period: '2025-Q2', value: 110 });
    expect(m.dataReview[1]!.activities.map((a) => a.id)).toEqual(['summer-reading']);
    expect(m.dataReminders.map((r) => [r.partner, r.indicator, r.period, r.due, r.daysLate])).toEqual([['schools', 'visits', '2025-Q2', '2025-07-30', 21]]);
  });

  test('2025-07-29: data for 2025-Q2 is not due yet, so 2025-Q1 is in force', async () => {
    const v = await load('agenda-timebox', true, '2025-07-29');
    const meeting = { ...v.initiative.meetings.find((x) => x.id === 'b-60')!, date: '2025-07-29' };
    const initiative = { ...v.initiative, meetings: v.initiative.meetings.map((x) => (x.id === 'b-60' ? meeting : x)) };
    const m = buildAgenda({ initiative, data: v.data, meeting, today: '2025-07-29' });
    expect(m.reportPeriod).toBe('2025-Q1');
    expect(m.dataReview.map((d) => [d.indicator, d.status])).toEqual([
      ['visits', 'needs-acceleration'],
      ['readiness', 'needs-acceleration'],
      ['steady', 'insufficient-data'],
    ]);
  });

  test('without data: no data review, and no data-review item', async () => {
    const m = await agendaOf('agenda-timebox', 'b-90');
    expect(m.dataReview).toEqual([]);
    expect(m.items.map((i) => i.kind)).not.toContain('data-review');
  });
});

describe('time boxing as agenda items (agenda-timebox, with data)', () => {
  test('b-90: 90 minutes, topics 20 + 25 + 10, all six standing items share 35', async () => {
    const m = await agendaOf('agenda-timebox', 'b-90', { data: true, today: '2025-08-20' });
    expect(items(m)).toEqual([
      ['welcome', 5],
      ['review', 6],
      ['data-review', 6],
      ['activities', 6],
      ['decision', 20],
      ['discussion', 25],
      ['information', 10],
      ['partner-updates', 6],
      ['next-steps', 6],
    ]);
    expect(total(m)).toBe(90);
    expect(m.items.map((i) => i.start)).toEqual(['09:00', '09:05', '09:11', '09:17', '09:23', '09:43', '10:08', '10:18', '10:24']);
    expect(m.overrun).toBe(0);
  });

  test('b-60: first meeting, no open actions so no review; 60 minutes: 9, 16, 13, 13, 9', async () => {
    const m = await agendaOf('agenda-timebox', 'b-60', { data: true, today: '2025-08-20' });
    expect(items(m)).toEqual([
      ['welcome', 9],
      ['data-review', 16],
      ['activities', 13],
      ['partner-updates', 13],
      ['next-steps', 9],
    ]);
    expect(total(m)).toBe(60);
  });

  test('b-30: 30 minutes, topic 8, 22 left: partner updates and activities dropped; 5, 6, 6, 8, 5', async () => {
    const m = await agendaOf('agenda-timebox', 'b-30', { data: true, today: '2025-08-20' });
    expect(items(m)).toEqual([
      ['welcome', 5],
      ['review', 6],
      ['data-review', 6],
      ['decision', 8],
      ['next-steps', 5],
    ]);
    expect(total(m)).toBe(30);
  });

  test('b-spare: 30 minutes, topics 15 + 12: the close takes the 3 minutes left, and the items add up to 30', async () => {
    const m = await agendaOf('agenda-timebox', 'b-spare', { data: true, today: '2025-08-20' });
    expect(items(m)).toEqual([
      ['information', 15],
      ['decision', 12],
      ['next-steps', 3],
    ]);
    expect(total(m)).toBe(30);
    expect(m.overrun).toBe(0);
  });

  test('agenda-overrun: 60 minutes, topics 40 + 30: overrun 10, only the topics', async () => {
    const m = await agendaOf('agenda-overrun', '2025-01-steering');
    expect(items(m)).toEqual([
      ['decision', 40],
      ['discussion', 30],
    ]);
    expect(m.overrun).toBe(10);
    expect(m.items.map((i) => i.start)).toEqual(['09:00', '09:40']);
  });

  test('agenda-overrun 2025-11-review: one 60-minute topic fills a 60-minute meeting exactly (no time: starts null)', async () => {
    const m = await agendaOf('agenda-overrun', '2025-11-review');
    expect(m.items.map((i) => [i.kind, i.minutes, i.start])).toEqual([['information', 60, null]]);
    expect(m.overrun).toBe(0);
  });
});

describe('timebox()', () => {
  test('90, topics 20 + 25 + 10, all six: 35 = 30 + 5 extra by weight 1,2,3,2,2,1 (remainders 5,10,4,10,10,5)', () => {
    const box = timebox(90, [20, 25, 10], ALL);
    expect(minutesOf(box)).toEqual({ welcome: 5, review: 6, 'data-review': 6, activities: 6, 'partner-updates': 6, 'next-steps': 6 });
    expect(box.standing.map((s) => s.kind)).toEqual(['welcome', 'review', 'data-review', 'activities', 'partner-updates', 'next-steps']);
    expect([box.dropped, box.overrun]).toEqual([[], 0]);
  });

  test('30 with all six and no topics: exactly 5 each', () => {
    expect(timebox(30, [], ALL).standing.map((s) => s.minutes)).toEqual([5, 5, 5, 5, 5, 5]);
  });

  test('30, topic 8 (22 left): drops partner-updates, activities; 5, 6, 6, 5', () => {
    const box = timebox(30, [8], ALL);
    expect(box.dropped).toEqual(['partner-updates', 'activities']);
    expect(minutesOf(box)).toEqual({ welcome: 5, review: 6, 'data-review': 6, 'next-steps': 5 });
  });

  test('30, topic 12 (18 left): drops partner-updates, activities, welcome; 6, 6, 6 (tie 3/3 → next steps)', () => {
    // 18 − 15 = 3 extra by weights 2, 3, 1: 1 r0, 1 r3, 0 r3.
    const box = timebox(30, [12], ALL);
    expect(box.dropped).toEqual(['partner-updates', 'activities', 'welcome']);
    expect(minutesOf(box)).toEqual({ review: 6, 'data-review': 6, 'next-steps': 6 });
  });

  test('30, topic 16 (14 left): drops four; data review 8, next steps 6', () => {
    // 14 − 10 = 4 extra by weights 3, 1: 3 r0, 1 r0.
    const box = timebox(30, [16], ALL);
    expect(box.dropped).toEqual(['partner-updates', 'activities', 'welcome', 'review']);
    expect(minutesOf(box)).toEqual({ 'data-review': 8, 'next-steps': 6 });
  });

  test('left 3: everything but the close dropped in DROP_ORDER; the close takes the 3 minutes', () => {
    const box = timebox(30, [15, 12], ALL);
    expect(box).toEqual({ standing: [{ kind: 'next-steps', title: 'Next steps and close', minutes: 3 }], dropped: DROP_ORDER.filter((k) => k !== 'next-steps'), overrun: 0 });
  });

  test('left 0 and left −10', () => {
    expect(timebox(60, [60], ALL)).toMatchObject({ standing: [], overrun: 0 });
    expect(timebox(60, [40, 30], ALL)).toMatchObject({ standing: [], overrun: 10 });
  });

  test('ties go to the more important item (the later in DROP_ORDER)', () => {
    // 37 − 10 = 27 by weights 1, 1: 13 r1 each, one minute over: next steps.
    expect(minutesOf(timebox(37, [], new Set<StandingKind>(['welcome', 'next-steps'])))).toEqual({ welcome: 18, 'next-steps': 19 });
    // 25 − 10 = 15 by weights 2, 2: 7 r2 each: review beats partner updates.
    expect(minutesOf(timebox(25, [], new Set<StandingKind>(['review', 'partner-updates'])))).toEqual({ review: 13, 'partner-updates': 12 });
    // 61 − 10 = 51 by weights 2, 2 (activities, partner updates): 25 r2 each, activities wins.
    expect(minutesOf(timebox(61, [], new Set<StandingKind>(['activities', 'partner-updates'])))).toEqual({ activities: 31, 'partner-updates': 30 });
  });

  test('property: exact sums, the 5-minute floor (but the close, with less left), drops a prefix of DROP_ORDER', () => {
    const kinds = STANDING_ITEMS.map((s) => s.kind);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 1, max: 90 }), { maxLength: 5 }), fc.subarray(kinds, { minLength: 1 }), (duration, topics, wanted) => {
        const box = timebox(duration, topics, new Set(wanted));
        const left = duration - topics.reduce((a, b) => a + b, 0);
        const sum = box.standing.reduce((a, s) => a + s.minutes, 0);
        if (left < 0) return box.overrun === -left && box.standing.length === 0;
        if (box.overrun !== 0) return false;
        // fewer minutes than the floor: the close takes them (the agenda always wants it)
        if (left < 5) return wanted.includes('next-steps') && left > 0 ? sum === left && box.standing.length === 1 && box.standing[0]!.kind === 'next-steps' : box.standing.length === 0;
        if (box.standing.some((s) => s.minutes < 5)) return false;
        const order = DROP_ORDER.filter((k) => wanted.includes(k));
        return sum === left && box.dropped.join() === order.slice(0, box.dropped.length).join() && box.standing.length + box.dropped.length === wanted.length;
      }),
      { numRuns: 2000 },
    );
  });
});
