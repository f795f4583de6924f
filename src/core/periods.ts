/** Reporting periods (SPEC section 2): parsing, spans, ordering and arithmetic. */
import { DEFAULTS } from './model/defaults.js';
import { addDays, daysInMonth, makeDate } from './dates.js';

export const PERIOD_TYPES = ['year', 'school-year', 'half', 'quarter', 'month'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType;
  /** Canonical text, e.g. '2025-Q3', 'SY2024-25'. */
  text: string;
  /** Ordinal within its type: consecutive periods differ by 1. */
  index: number;
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day, 'YYYY-MM-DD'. */
  end: string;
}

const PER_YEAR: Record<PeriodType, number> = { year: 1, 'school-year': 1, half: 2, quarter: 4, month: 12 };

export const DEFAULT_SCHOOL_YEAR_START = DEFAULTS.schoolYearStart;

const FORMS: { type: PeriodType; re: RegExp }[] = [
  { type: 'year', re: /^(\d{4})$/ },
  { type: 'school-year', re: /^SY(\d{4})-(\d{2})$/ },
  { type: 'half', re: /^(\d{4})-H([12])$/ },
  { type: 'quarter', re: /^(\d{4})-Q([1-4])$/ },
  { type: 'month', re: /^(\d{4})-(0[1-9]|1[0-2])$/ },
];

/**
 * Parse a period. A bare integer (YAML `2025`) is the year period. Returns null for anything
 * that is not one of section 2's forms, including `SY2024-26` and `2025-13`.
 */
export function parsePeriod(input: string | number, schoolYearStart = DEFAULT_SCHOOL_YEAR_START): Period | null {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < 1000 || input > 9999) return null;
    input = String(input);
  }
  if (typeof input !== 'string') return null;
  const text = input.trim();
  for (const { type, re } of FORMS) {
    const m = re.exec(text);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 1000) return null;
    switch (type) {
      case 'year':
        return fromIndex('year', year, schoolYearStart);
      case 'school-year':
        if (Number(m[2]) !== (year + 1) % 100) return null;
        return fromIndex('school-year', year, schoolYearStart);
      case 'half':
        return fromIndex('half', year * 2 + Number(m[2]) - 1, schoolYearStart);
      case 'quarter':
        return fromIndex('quarter', year * 4 + Number(m[2]) - 1, schoolYearStart);
      case 'month':
        return fromIndex('month', year * 12 + Number(m[2]) - 1, schoolYearStart);
    }
  }
  return null;
}

/** The period of `type` with ordinal `index` (see Period.index). */
export function fromIndex(type: PeriodType, index: number, schoolYearStart = DEFAULT_SCHOOL_YEAR_START): Period {
  const per = PER_YEAR[type];
  const year = Math.floor(index / per);
  const k = index - year * per;
  switch (type) {
    case 'year':
      return { type, index, text: String(year), start: makeDate(year, 1, 1), end: makeDate(year, 12, 31) };
    case 'school-year': {
      const start = makeDate(year, schoolYearStart, 1);
      const end = addDays(makeDate(year + 1, schoolYearStart, 1), -1);
      return { type, index, text: `SY${year}-${String((year + 1) % 100).padStart(2, '0')}`, start, end };
    }
    case 'half':
    case 'quarter': {
      const months = 12 / per;
      const firstMonth = k * months + 1;
      const lastMonth = firstMonth + months - 1;
      const text = `${year}-${type === 'half' ? 'H' : 'Q'}${k + 1}`;
      return { type, index, text, start: makeDate(year, firstMonth, 1), end: makeDate(year, lastMonth, daysInMonth(year, lastMonth)) };
    }
    case 'month':
      return {
        type,
        index,
        text: `${year}-${String(k + 1).padStart(2, '0')}`,
        start: makeDate(year, k + 1, 1),
        end: makeDate(year, k + 1, daysInMonth(year, k + 1)),
      };
  }
}

/** Periods are ordered by end date (then start date, then text, for a total order). */
export function comparePeriods(a: Period, b: Period): number {
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

/** The period of `type` that contains `date`. */
export function periodContaining(type: PeriodType, date: string, schoolYearStart = DEFAULT_SCHOOL_YEAR_START): Period {
  const [y, m] = date.split('-').map(Number) as [number, number];
  switch (type) {
    case 'year':
      return fromIndex(type, y, schoolYearStart);
    case 'school-year':
      return fromIndex(type, m >= schoolYearStart ? y : y - 1, schoolYearStart);
    case 'half':
      return fromIndex(type, y * 2 + (m > 6 ? 1 : 0), schoolYearStart);
    case 'quarter':
      return fromIndex(type, y * 4 + Math.floor((m - 1) / 3), schoolYearStart);
    case 'month':
      return fromIndex(type, y * 12 + m - 1, schoolYearStart);
  }
}

export function shiftPeriod(p: Period, by: number, schoolYearStart = DEFAULT_SCHOOL_YEAR_START): Period {
  return fromIndex(p.type, p.index + by, schoolYearStart);
}

/** Time from `a` to `b` in years, counted in periods of their (shared) type (SPEC 5). */
export function yearsBetween(a: Period, b: Period): number {
  return (b.index - a.index) / PER_YEAR[a.type];
}

/** Human form used in messages: "a quarter like 2025-Q3". */
export function describePeriodType(type: PeriodType): string {
  const example: Record<PeriodType, string> = {
    year: 'a year like 2025',
    'school-year': 'a school year like SY2024-25',
    half: 'a half like 2025-H2',
    quarter: 'a quarter like 2025-Q3',
    month: 'a month like 2025-07',
  };
  return example[type];
}
