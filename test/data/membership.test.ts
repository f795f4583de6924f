/**
 * SPEC 3.1, expected submissions: a partner owes data only for the periods it was a member of
 * (joined ≤ end of the due window, left ≥ start of the period), only for periods that end on or
 * after the initiative `started`, and the default report period is never before `started`.
 * Unit tables, then validate, `data status` and the report's submissions through main().
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duePeriodOf, isMemberFor } from '../../src/core/data/completeness.js';
import { defaultReportPeriod } from '../../src/core/report/build.js';
import { parsePeriod, type Period } from '../../src/core/periods.js';
import { settings } from '../progress/helpers.js';
import { FIXTURES, runCli } from '../helpers/run.js';

const membership = join(FIXTURES, 'membership');
const beforeStart = join(FIXTURES, 'membership-before-start');

const P = (text: string): Period => parsePeriod(text)!;

describe('isMemberFor: joined ≤ the period’s due date, left ≥ its start', () => {
  const q3 = P('2025-Q3'); // 2025-07-01 – 2025-09-30, due 2025-10-30 with 30 days
  const due = '2025-10-30';
  it.each([
    ['no dates', {}, true],
    ['joined long before', { joined: '2023-09-01' }, true],
    ['joined on the due date', { joined: '2025-10-30' }, true],
    ['joined after the period, before the due date', { joined: '2025-10-15' }, true],
    ['joined after the due date', { joined: '2025-10-31' }, false],
    ['left in an earlier year', { joined: '2023-09-01', left: '2024-12-31' }, false],
    ['left the day before the period', { left: '2025-06-30' }, false],
    ['left on the first day of the period', { left: '2025-07-01' }, true],
    ['left during the period', { left: '2025-08-15' }, true],
    ['left: null', { left: null }, true],
    ['an unreadable date is ignored', { joined: '2025-02-30' }, true],
  ] as const)('%s → %s', (_name, partner, expected) => {
    expect(isMemberFor(partner, q3, due)).toBe(expected);
  });
  it('an undeclared reporter (an unknown-reference elsewhere) still counts', () => {
    expect(isMemberFor(undefined, q3, due)).toBe(true);
  });
});

describe('duePeriodOf and defaultReportPeriod: never before started', () => {
  const s = (started?: string) => settings({ period: 'quarter', ...(started ? { started } : {}) });
  it.each([
    // [started, today, expected]
    [undefined, '2025-11-15', '2025-Q3'],
    ['2024-01-01', '2025-11-15', '2025-Q3'],
    ['2025-07-01', '2025-11-15', '2025-Q3'], // the first period is due
    ['2025-09-30', '2025-11-15', '2025-Q3'], // started on the period's last day: it ends on or after started
    ['2025-10-01', '2025-11-15', '2025-Q4'], // nothing since the start is due yet: the first period
    ['2026-01-01', '2026-02-10', '2026-Q1'],
    ['2027-03-01', '2026-02-10', '2027-Q1'], // not started yet
    ['2025-02-30', '2025-11-15', '2025-Q3'], // not a real date (an invalid-date error): ignored
  ] as const)('started %s, today %s → %s', (started, today, expected) => {
    expect(defaultReportPeriod(s(started), today).text).toBe(expected);
    expect(duePeriodOf('quarter', s(started), today).text).toBe(expected);
  });
  it('works per frequency: a school year containing started', () => {
    expect(duePeriodOf('school-year', s('2025-09-01'), '2025-11-15').text).toBe('SY2025-26');
    expect(duePeriodOf('school-year', s('2024-09-01'), '2025-11-15').text).toBe('SY2024-25');
  });
});

interface StatusJson {
  period: string | null;
  expected: number;
  received: number;
  missing: number;
  rows: { partner: string; indicator: string; period: string; due: string; received: boolean; daysLate: number | null }[];
}

async function status(dir: string, today: string, period?: string): Promise<StatusJson> {
  const r = await runCli(['data', 'status', dir, '--today', today, '--format', 'json', ...(period ? ['--period', period] : [])]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as StatusJson;
}

describe('a partner that left, and partners that joined late (fixture membership)', () => {
  it('validate: no data-missing for partners that were not members', async () => {
    const r = await runCli(['validate', membership, '--today', '2025-11-15', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { errors: number; warnings: number; diagnostics: { code: string }[] };
    expect(json.diagnostics).toEqual([]);
  });

  it('data status: only members owe the latest due period', async () => {
    const json = await status(membership, '2025-11-15');
    expect(json).toMatchObject({ expected: 2, received: 2, missing: 0 });
    expect(json.rows.map((r) => [r.partner, r.period, r.received])).toEqual([
      ['clinic', '2025-Q3', true],
      ['schools', '2025-Q3', true],
    ]);
  });

  it('data status --period: the library owed 2024-Q4 (it left on its last day), not 2025-Q1', async () => {
    const q4 = await status(membership, '2025-11-15', '2024-Q4');
    expect(q4.rows.map((r) => [r.partner, r.received])).toEqual([
      ['library', true],
      ['schools', false],
    ]);
    const q1 = await status(membership, '2025-11-15', '2025-Q1');
    expect(q1.rows.map((r) => r.partner)).toEqual(['schools']);
  });

  it('a partner that joined before the due date owes the period and is reported missing', async () => {
    // 2025-Q4 is due 2026-01-30; the YMCA joined 2025-11-01
    const json = await status(membership, '2026-03-01');
    expect(json.rows.map((r) => [r.partner, r.period, r.received, r.daysLate])).toEqual([
      ['clinic', '2025-Q4', false, 30],
      ['schools', '2025-Q4', false, 30],
      ['ymca', '2025-Q4', false, 30],
    ]);
    const v = JSON.parse((await runCli(['validate', membership, '--today', '2026-03-01', '--format', 'json'])).stdout) as { diagnostics: { code: string; message: string }[] };
    expect(v.diagnostics.filter((d) => d.code === 'data-missing').map((d) => d.message.split("'")[1])).toEqual(['schools', 'clinic', 'ymca']);
  });

  it('report JSON: the submissions table and counts leave non-members out', async () => {
    const r = await runCli(['report', membership, '--today', '2025-11-15', '--format', 'json']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout) as {
      period: string;
      summary: { submissions: { expected: number; received: number; missing: number; pending: number } };
      submissions: { partner: string; state: string }[];
      partners: { id: string; submissions: { expected: number } }[];
    };
    expect(model.period).toBe('2025-Q3');
    expect(model.summary.submissions).toEqual({ expected: 2, received: 2, missing: 0, pending: 0 });
    expect(model.submissions.map((s) => [s.partner, s.state])).toEqual([
      ['schools', 'received'],
      ['clinic', 'received'],
    ]);
    expect(Object.fromEntries(model.partners.map((p) => [p.id, p.submissions.expected]))).toEqual({ schools: 1, library: 0, clinic: 1, ymca: 0 });
  });
});

describe('an initiative that started after the latest due period (fixture membership-before-start)', () => {
  it('validate: nothing is missing', async () => {
    const r = await runCli(['validate', beforeStart, '--today', '2026-02-10', '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { diagnostics: unknown[] }).diagnostics).toEqual([]);
  });

  it('data status: the first period, not yet due; a period before the start owes nothing', async () => {
    const json = await status(beforeStart, '2026-02-10');
    expect(json.rows.map((r) => [r.partner, r.period, r.due, r.received, r.daysLate])).toEqual([
      ['clinic', '2026-Q1', '2026-04-30', false, null],
      ['schools', '2026-Q1', '2026-04-30', false, null],
      ['ymca', '2026-Q1', '2026-04-30', false, null],
    ]);
    expect((await status(beforeStart, '2026-02-10', '2025-Q4')).rows).toEqual([]);
  });

  it('report JSON: the default period is the one containing started, with submissions pending', async () => {
    const r = await runCli(['report', beforeStart, '--today', '2026-02-10', '--format', 'json']);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout) as { period: string; summary: { submissions: Record<string, number> } };
    expect(model.period).toBe('2026-Q1');
    expect(model.summary.submissions).toEqual({ expected: 3, received: 0, missing: 0, pending: 3 });
  });
});
