/** `concert agenda` through main() in-process: meeting selection, exit codes, messages and formats. */
import { describe, expect, test } from 'vitest';
import ICAL from 'ical.js';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const agenda = (fixture: string, ...args: string[]) => runCli(['agenda', FIXTURES + fixture, ...args]);
const json = (stdout: string) => JSON.parse(stdout) as {
  meeting: { id: string; date: string; duration: number };
  asOf: string;
  items: { title: string; kind: string; minutes: number }[];
  overrun: number;
  attendance: { partner: string; attended: number; of: number; byDelegate: number; flag: string | null }[];
  actions: { open: { id: string }[]; overdue: { id: string; due: string; daysOverdue: number }[] };
};

/** Exit 2, a message on stderr, nothing on stdout, no stack trace. */
function usage(r: { code: number; stdout: string; stderr: string }, ...fragments: string[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

describe('--next', () => {
  const S = 'agenda-series-without-meetings';

  test('on the meeting\'s day it picks that meeting (08:00 before 09:00); the day after, the next (file order on a tie)', async () => {
    expect(json((await agenda(S, '--next', '--today', '2025-10-15', '--format', 'json')).stdout).meeting.id).toBe('2025-10-steering-early');
    expect(json((await agenda(S, '--next', '--today', '2025-10-16', '--format', 'json')).stdout).meeting.id).toBe('2025-11-steering');
    expect(json((await agenda(S, '--next', '--series', 'finance', '--today', '2025-10-16', '--format', 'json')).stdout).meeting.id).toBe('2025-11-finance');
  });

  test('SOURCE_DATE_EPOCH gives today; --today wins over it', async () => {
    // 1760486400 = 2025-10-15T00:00:00Z, 1760572799 = 2025-10-15T23:59:59Z, 1760572800 = 2025-10-16T00:00:00Z.
    const at = async (epoch: string, ...more: string[]) => json((await runCli(['agenda', FIXTURES + S, '--next', '--format', 'json', ...more], { env: { SOURCE_DATE_EPOCH: epoch } })).stdout);
    expect(await at('1760486400')).toMatchObject({ asOf: '2025-10-15', meeting: { id: '2025-10-steering-early' } });
    expect(await at('1760572799')).toMatchObject({ asOf: '2025-10-15', meeting: { id: '2025-10-steering-early' } });
    expect(await at('1760572800')).toMatchObject({ asOf: '2025-10-16', meeting: { id: '2025-11-steering' } });
    expect(await at('1760572800', '--today', '2025-10-15')).toMatchObject({ asOf: '2025-10-15', meeting: { id: '2025-10-steering-early' } });
    usage(await runCli(['agenda', FIXTURES + S, '--next'], { env: { SOURCE_DATE_EPOCH: 'soon' } }), "SOURCE_DATE_EPOCH 'soon'");
  });

  test('nothing on or after today: exit 2 naming the last meeting and its date', async () => {
    usage(await agenda(S, '--next', '--today', '2025-11-20'), "the last one was '2025-11-finance' on 2025-11-19");
  });

  test('a series without meetings, an unknown series', async () => {
    usage(await agenda(S, '--next', '--series', 'task-force', '--today', '2025-01-01'), "there are no meetings of series 'task-force'");
    usage(await agenda(S, '--next', '--series', 'task-forse', '--today', '2025-01-01'), "there is no meeting series 'task-forse'", "did you mean 'task-force'?");
  });
});

describe('usage errors', () => {
  const S = 'agenda-series-without-meetings';
  test('unknown --meeting: did you mean', async () => {
    usage(await agenda(S, '--meeting', '2025-10-steerin', '--today', '2025-01-01'), "there is no meeting '2025-10-steerin'", "did you mean '2025-10-steering'?");
  });
  test('both or neither of --meeting and --next; --series without --next', async () => {
    usage(await agenda(S, '--meeting', '2025-10-steering', '--next', '--today', '2025-01-01'), 'either --meeting ID or --next, not both');
    usage(await agenda(S, '--today', '2025-01-01'), 'which meeting?');
    usage(await agenda(S, '--meeting', '2025-10-steering', '--series', 'steering', '--today', '2025-01-01'), '--series goes with --next');
  });
  test.each(['agenda-empty-meetings', 'agenda-empty-meetings-only'])('%s: --next and --meeting exit 2 with a clear message', async (fixture) => {
    expect((await runCli(['validate', FIXTURES + fixture, '--no-data'])).code).toBe(0);
    usage(await agenda(fixture, '--next', '--today', '2025-01-01'), 'there are no meetings to choose from');
    usage(await agenda(fixture, '--meeting', 'x', '--today', '2025-01-01'), 'the initiative has no meetings yet');
  });
});

describe('fixtures validate', () => {
  test.each(['agenda-roll-call', 'agenda-overrun', 'agenda-timebox', 'agenda-empty-meetings', 'agenda-empty-meetings-only', 'agenda-series-without-meetings', 'minutes-basic'])('%s', async (fixture) => {
    const r = await runCli(['validate', FIXTURES + fixture, '--no-data']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('overrun', () => {
  test('topics 40 + 30 in 60 minutes: warning on stderr, exit 0, overrun 10; --quiet silences it', async () => {
    const r = await agenda('agenda-overrun', '--meeting', '2025-01-steering', '--today', '2025-01-01', '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("concert: warning: the requested topics of '2025-01-steering' take 10 minutes more than the meeting's 60; the agenda says so\n");
    const m = json(r.stdout);
    expect(m.overrun).toBe(10);
    expect(m.items.map((i) => i.minutes)).toEqual([40, 30]);
    const quiet = await agenda('agenda-overrun', '--meeting', '2025-01-steering', '--today', '2025-01-01', '--format', 'json', '--quiet');
    expect([quiet.code, quiet.stderr]).toEqual([0, '']);
    const md = await agenda('agenda-overrun', '--meeting', '2025-01-steering', '--today', '2025-01-01');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('Budget');
  });
  test('a meeting that fits exactly warns nothing', async () => {
    const r = await agenda('agenda-overrun', '--meeting', '2025-11-review', '--today', '2025-01-01', '--format', 'json');
    expect([r.code, r.stderr, json(r.stdout).overrun]).toEqual([0, '', 0]);
  });
});

describe('ics', () => {
  const parse = (ics: string) => {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    return calendar.getFirstSubcomponent('vevent')!;
  };

  test('agenda-roll-call c-6: organizer, one attendee per member leader, DTSTAMP = today, stable UID, items in the description', async () => {
    const a = await agenda('agenda-roll-call', '--meeting', 'c-6', '--today', '2025-06-01', '--format', 'ics');
    const b = await agenda('agenda-roll-call', '--meeting', 'c-6', '--today', '2025-06-02', '--format', 'ics');
    expect([a.code, a.stderr, b.code]).toEqual([0, '', 0]);
    const va = parse(a.stdout);
    const vb = parse(b.stdout);
    const organizer = va.getFirstProperty('organizer')!;
    expect(organizer.getFirstValue()).toBe('mailto:sam@example.org');
    expect(organizer.getParameter('cn')).toBe('Sam Lee');
    // Members on 2025-06-18: schools, library, ymca, newcomer (leaver left on 2025-06-01).
    expect(va.getAllProperties('attendee').map((p) => p.getFirstValue())).toEqual([
      'mailto:kosei@example.org',
      'mailto:lbrown@example.org',
      'mailto:ychen@example.org',
      'mailto:nngata@example.org',
    ]);
    expect(va.getFirstPropertyValue('dtstamp')?.toString()).toBe('2025-06-01T00:00:00Z');
    expect(vb.getFirstPropertyValue('dtstamp')?.toString()).toBe('2025-06-02T00:00:00Z');
    expect(va.getFirstPropertyValue('uid')).toBe('c-6@tiny.concert');
    expect(vb.getFirstPropertyValue('uid')).toBe(va.getFirstPropertyValue('uid'));
    const event = new ICAL.Event(va);
    const items = json((await agenda('agenda-roll-call', '--meeting', 'c-6', '--today', '2025-06-01', '--format', 'json')).stdout).items;
    expect(items.map((i) => i.title)).toEqual(['Welcome and introductions', 'Review of action items', 'Activities and milestones', 'Approve the summer budget', 'Partner updates', 'Next steps and close']);
    for (const item of items) expect(event.description).toContain(item.title);
    // initiative.yaml sets no timezone: UTC.
    expect(event.startDate.toJSDate().toISOString()).toBe('2025-06-18T10:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2025-06-18T11:00:00.000Z');
  });
});

describe('the example (eastside-learns), 2026-12-steering as of 2026-11-23', () => {
  const run = (format: string) => runCli(['agenda', EXAMPLE, '--meeting', '2026-12-steering', '--today', '2026-11-23', '--format', format]);

  test('items add up to 90; chamber absent, city delegate; a-117 overdue 54 days', async () => {
    const r = await run('json');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const m = json(r.stdout);
    expect(m.meeting).toMatchObject({ id: '2026-12-steering', date: '2026-12-09', duration: 90 });
    expect(m.items.reduce((a, i) => a + i.minutes, 0)).toBe(90);
    expect(m.items.map((i) => [i.kind, i.minutes])).toEqual([
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
    const by = new Map(m.attendance.map((a) => [a.partner, a]));
    expect(by.get('chamber')).toMatchObject({ attended: 1, of: 3, flag: 'absent' });
    expect(by.get('city')).toMatchObject({ attended: 3, of: 3, byDelegate: 2, flag: 'delegate' });
    expect(m.attendance.filter((a) => a.flag !== null).map((a) => a.partner)).toEqual(['city', 'chamber']);
    expect(m.actions.overdue.find((a) => a.id === 'a-117')).toMatchObject({ due: '2026-10-16', daysOverdue: 54, otherSeries: null });
    // every open action, the data working group's too, most overdue first
    expect(m.actions.overdue.map((a) => [a.id, a.daysOverdue, a.otherSeries])).toEqual([
      ['a-204', 223, 'Data Working Group'], ['a-117', 54, null], ['a-120', 33, null],
      ['a-206', 25, 'Data Working Group'], ['a-122', 7, null], ['a-121', 5, null],
    ]);
  });

  test.each(['md', 'json', 'ics'])('%s: the same bytes twice', async (format) => {
    const a = await run(format);
    const b = await run(format);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(b.stdout).toBe(a.stdout);
  });
});
