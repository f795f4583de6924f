import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { comparePeriods, fromIndex, parsePeriod, periodContaining, PERIOD_TYPES, yearsBetween, type PeriodType } from '../../src/core/periods.js';

describe('parsePeriod', () => {
  test.each([
    ['2025', 'year', '2025-01-01', '2025-12-31'],
    ['SY2024-25', 'school-year', '2024-08-01', '2025-07-31'],
    ['SY1999-00', 'school-year', '1999-08-01', '2000-07-31'],
    ['2025-H1', 'half', '2025-01-01', '2025-06-30'],
    ['2025-H2', 'half', '2025-07-01', '2025-12-31'],
    ['2025-Q1', 'quarter', '2025-01-01', '2025-03-31'],
    ['2025-Q3', 'quarter', '2025-07-01', '2025-09-30'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2025-02', 'month', '2025-02-01', '2025-02-28'],
    ['2025-12', 'month', '2025-12-01', '2025-12-31'],
  ])('%s is a %s from %s to %s', (text, type, start, end) => {
    expect(parsePeriod(text)).toMatchObject({ text, type, start, end });
  });

  test('a bare YAML integer is the year period', () => {
    expect(parsePeriod(2025)).toMatchObject({ type: 'year', text: '2025' });
  });

  test('school_year_start moves the school year', () => {
    expect(parsePeriod('SY2024-25', 9)).toMatchObject({ start: '2024-09-01', end: '2025-08-31' });
    expect(parsePeriod('SY2024-25', 1)).toMatchObject({ start: '2024-01-01', end: '2024-12-31' });
  });

  test.each(['2025-13', '2025-00', 'SY2024-26', 'Q3 2025', '2025-Q5', '2025-H3', '25', '2025-7', 'sy2024-25', '', '2025.5', 2025.5, 12])('%s is not a period', (text) => {
    expect(parsePeriod(text as string)).toBeNull();
  });
});

describe('ordering and time', () => {
  test('periods order by end date', () => {
    const list = ['2025', '2025-Q4', 'SY2024-25', '2025-H1', '2025-07'].map((t) => parsePeriod(t)!);
    expect(list.sort(comparePeriods).map((p) => p.text)).toEqual(['2025-H1', 'SY2024-25', '2025-07', '2025', '2025-Q4']);
  });

  test('SPEC 5: SY2021-22 → SY2024-25 is 3 years; 2024-Q2 → 2025-Q3 is 1.25 years; months are 1/12', () => {
    expect(yearsBetween(parsePeriod('SY2021-22')!, parsePeriod('SY2024-25')!)).toBe(3);
    expect(yearsBetween(parsePeriod('2024-Q2')!, parsePeriod('2025-Q3')!)).toBe(1.25);
    expect(yearsBetween(parsePeriod('2024-11')!, parsePeriod('2025-02')!)).toBeCloseTo(0.25);
    expect(yearsBetween(parsePeriod('2023-H2')!, parsePeriod('2025-H1')!)).toBe(1.5);
  });

  test('periodContaining finds the period of a date', () => {
    expect(periodContaining('school-year', '2025-07-31').text).toBe('SY2024-25');
    expect(periodContaining('school-year', '2025-08-01').text).toBe('SY2025-26');
    expect(periodContaining('quarter', '2025-09-30').text).toBe('2025-Q3');
    expect(periodContaining('half', '2025-07-01').text).toBe('2025-H2');
    expect(periodContaining('month', '2025-02-28').text).toBe('2025-02');
  });
});

describe('property: every valid period round-trips', () => {
  const arbPeriod = fc.record({
    type: fc.constantFrom<PeriodType>(...PERIOD_TYPES),
    index: fc.integer({ min: 1000 * 12, max: 9998 * 12 }),
    sys: fc.integer({ min: 1, max: 12 }),
  });
  test('fromIndex → text → parsePeriod gives the same period', () => {
    fc.assert(
      fc.property(arbPeriod, ({ type, index, sys }) => {
        const per = { year: 1, 'school-year': 1, half: 2, quarter: 4, month: 12 }[type];
        const p = fromIndex(type, Math.floor(index / (12 / per)), sys);
        if (type === 'school-year' && p.index > 9998) return;
        const back = parsePeriod(p.text, sys);
        expect(back).toEqual(p);
        expect(back!.start <= back!.end).toBe(true);
        expect(periodContaining(type, back!.start, sys)).toEqual(p);
        expect(periodContaining(type, back!.end, sys)).toEqual(p);
      }),
      { numRuns: 2000 },
    );
  });
  test('consecutive periods are contiguous', () => {
    fc.assert(
      fc.property(arbPeriod, ({ type, index, sys }) => {
        const per = { year: 1, 'school-year': 1, half: 2, quarter: 4, month: 12 }[type];
        const i = Math.floor(index / (12 / per));
        const a = fromIndex(type, i, sys);
        const b = fromIndex(type, i + 1, sys);
        const next = new Date(Date.parse(a.end + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
        expect(b.start).toBe(next);
      }),
      { numRuns: 1000 },
    );
  });
});
