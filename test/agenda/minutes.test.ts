/** `concert minutes` (SPEC 7.1) on test/fixtures/minutes-basic, through main() in-process. */
import { describe, expect, test } from 'vitest';
import type { MinutesModel } from '../../src/core/meetings/index.js';
import { FIXTURES, runCli } from '../helpers/run.js';

const DIR = FIXTURES + 'minutes-basic';
const minutes = (meeting: string, today = '2025-11-19', ...more: string[]) => runCli(['minutes', DIR, '--meeting', meeting, '--today', today, ...more]);

async function model(meeting: string, today = '2025-11-19'): Promise<MinutesModel> {
  const r = await minutes(meeting, today, '--format', 'json');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as MinutesModel;
}

const brief = (list: MinutesModel['actions']) => list.map((a) => [a.id, a.status, a.closed, a.meeting]);

describe('s-1 (2025-09-17), the first meeting', () => {
  test('everyone came; leaver (left 2025-10-01) still a member; no earlier actions closed', async () => {
    const m = await model('s-1');
    expect(m.attendanceTaken).toBe(true);
    expect(m.attendance.map((a) => [a.partner, a.mark, a.person, a.member])).toEqual([
      ['schools', 'leader', 'Dr. K. Osei', true],
      ['library', 'leader', 'L. Brown', true],
      ['ymca', 'delegate', 'D. Diaz', true],
      ['leaver', 'leader', 'P. Gone', true],
    ]);
    expect([m.present, m.members]).toEqual([4, 4]);
    expect(m.decisions).toEqual(['Adopt the data calendar']);
    expect(m.actions.map((a) => a.id)).toEqual(['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6', 'a-9']);
    // closed: its `closed`, else its due date, else null; an open one never.
    expect(m.actions.map((a) => a.closed)).toEqual(['2025-09-30', '2025-10-10', '2025-10-15', null, '2025-10-20', null, '2025-09-17']);
    expect(m.closed).toEqual([]);
    expect(m.previousMeeting).toBeNull();
    expect(m.nextMeeting).toEqual({ id: 's-2', date: '2025-10-15', time: '09:00', scheduled: true });
  });
});

describe('s-2 (2025-10-15)', () => {
  test('attendance: delegate, absent, absent; the guest after the members with member false; leaver gone', async () => {
    const m = await model('s-2');
    expect(m.attendance.map((a) => [a.partner, a.name, a.mark, a.person, a.member])).toEqual([
      ['schools', 'Eastside Schools', 'delegate', 'M. Park', true],
      ['library', 'Eastside Library', 'absent', null, true],
      ['ymca', 'YMCA', 'absent', null, true],
      ['city', 'City of Springfield', 'leader', 'Mayor Okafor', false],
    ]);
    expect([m.present, m.members]).toEqual([1, 3]);
  });

  test('decisions, topics, actions assigned (owner, due)', async () => {
    const m = await model('s-2');
    expect(m.decisions).toEqual(['Field the parent survey in November', 'Publish results in January']);
    expect(m.topics).toEqual([{ title: 'Survey design', minutes: 30, kind: 'discussion', owner: 'ymca', ownerName: 'YMCA' }]);
    expect(m.actions.map((a) => [a.id, a.owner, a.ownerName, a.due, a.status])).toEqual([
      ['a-7', 'ymca', 'YMCA', '2025-11-01', 'done'],
      ['a-8', 'library', 'Eastside Library', null, 'open'],
    ]);
  });

  test('closed since s-1 (after 2025-09-17, on or before 2025-10-15)', async () => {
    const m = await model('s-2');
    // a-1 closed 09-30; a-2 no `closed`, due 10-10; a-3 closed on the meeting day 10-15 (due 11-30 ignored).
    // Not: a-4 open, a-5 closed 10-20, a-6 neither date, a-9 closed on s-1's own day.
    expect(brief(m.closed)).toEqual([
      ['a-1', 'done', '2025-09-30', 's-1'],
      ['a-2', 'done', '2025-10-10', 's-1'],
      ['a-3', 'done', '2025-10-15', 's-1'],
    ]);
    expect(m.previousMeeting).toEqual({ id: 's-1', date: '2025-09-17' });
    expect(m.nextMeeting).toEqual({ id: 's-3', date: '2025-11-19', time: '09:00', scheduled: true });
  });
});

describe('s-3 (2025-11-19), attendance not taken', () => {
  test('today is the meeting day: minutes exist; attendanceTaken false, no attendance', async () => {
    const m = await model('s-3', '2025-11-19');
    expect(m.attendanceTaken).toBe(false);
    expect(m.attendance).toEqual([]);
    expect([m.present, m.members]).toEqual([0, 3]);
    expect(m.decisions).toEqual([]);
    expect(m.actions).toEqual([]);
  });

  test('closed since s-2: a-5 dropped on 2025-10-20 (from s-1), a-7 done on 2025-11-19 (from s-2)', async () => {
    const m = await model('s-3');
    expect(brief(m.closed)).toEqual([
      ['a-5', 'dropped', '2025-10-20', 's-1'],
      ['a-7', 'done', '2025-11-19', 's-2'],
    ]);
  });
});

describe('s-4 (2025-12-17), the last one', () => {
  test('after today: exit 2 with a clear message, no stack trace', async () => {
    const r = await minutes('s-4', '2025-12-16');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("meeting 's-4' is on 2025-12-17, after today (2025-12-16): it has no minutes yet");
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  test('on its day: nothing closed since 2025-11-19, next meeting by monthly cadence 2026-01-17', async () => {
    const m = await model('s-4', '2025-12-17');
    expect(m.closed).toEqual([]);
    expect(m.nextMeeting).toEqual({ id: null, date: '2026-01-17', time: '09:00', scheduled: false });
  });
});

describe('usage', () => {
  test('unknown meeting: exit 2, did you mean', async () => {
    const r = await minutes('s-5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("there is no meeting 's-5'");
    expect(r.stderr).toMatch(/did you mean 's-[1-4]'\?/);
  });

  test('--meeting is required; --next is not an option of minutes', async () => {
    expect((await runCli(['minutes', DIR, '--today', '2025-11-19'])).code).toBe(2);
    expect((await runCli(['minutes', DIR, '--next', '--today', '2025-11-19'])).code).toBe(2);
  });

  test('md: renders, with the decisions', async () => {
    const r = await minutes('s-2');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('Field the parent survey in November');
    expect(r.stdout).toContain('Publish results in January');
    expect((await minutes('s-2')).stdout).toBe(r.stdout);
  });
});
