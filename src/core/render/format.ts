/**
 * Numbers, percents and dates in the initiative's `reporting.locale` (Intl), and the words and
 * shapes of statuses. Display only: the report model keeps full precision.
 */
import { DEFAULTS } from '../model/defaults.js';
import type { ActivityStatus, Unit } from '../model/types.js';
import type { Status, Trend } from '../progress/types.js';

export interface StatusLook {
  label: string;
  /** A shape, so status never rests on colour alone. */
  shape: string;
  /** CSS class suffix and colour family. */
  tone: 'good' | 'ok' | 'warn' | 'bad' | 'none';
}

export const STATUS_LOOK: Record<Status, StatusLook> = {
  achieved: { label: 'Achieved', shape: '★', tone: 'good' },
  'on-track': { label: 'On track', shape: '●', tone: 'good' },
  'needs-acceleration': { label: 'Needs acceleration', shape: '◐', tone: 'ok' },
  'off-track': { label: 'Off track', shape: '▲', tone: 'warn' },
  regressing: { label: 'Regressing', shape: '▼', tone: 'bad' },
  'no-target': { label: 'No target', shape: '○', tone: 'none' },
  'insufficient-data': { label: 'Insufficient data', shape: '◌', tone: 'none' },
  'no-data': { label: 'No data', shape: '✕', tone: 'none' },
};

/** Activity statuses (SPEC 6.1): a word and a shape; `flag` marks those a committee should notice. */
export const ACTIVITY_STATUS_LOOK: Record<ActivityStatus, StatusLook & { flag: boolean }> = {
  planned: { label: 'Planned', shape: '○', tone: 'none', flag: false },
  active: { label: 'Active', shape: '●', tone: 'good', flag: false },
  paused: { label: 'Paused', shape: '‖', tone: 'warn', flag: true },
  completed: { label: 'Completed', shape: '✓', tone: 'good', flag: false },
  dropped: { label: 'Dropped', shape: '✕', tone: 'bad', flag: true },
};

export const TREND_LABEL: Record<Trend, string> = { improving: 'Improving', flat: 'Flat', worsening: 'Worsening' };

export const UNIT_LABEL: Record<Unit, string> = {
  percent: 'Percent',
  count: 'Count',
  rate: 'Rate',
  currency: 'Amount',
  ratio: 'Ratio',
  score: 'Score',
  number: 'Value',
};

/** A locale Intl accepts: the initiative's, else en-US. */
export function usableLocale(locale: unknown): string {
  if (typeof locale === 'string' && locale !== '') {
    try {
      return Intl.getCanonicalLocales(locale)[0] ?? DEFAULTS.locale;
    } catch {
      // A malformed tag: fall back below.
    }
  }
  return DEFAULTS.locale;
}

/** Formatting bound to one locale; the Intl objects are cached per option set. */
export class Formatter {
  readonly locale: string;
  private readonly cache = new Map<string, Intl.NumberFormat>();
  private readonly dates: Intl.DateTimeFormat;
  private readonly days: Intl.DateTimeFormat;
  private readonly times: Intl.DateTimeFormat;

  constructor(locale: unknown) {
    this.locale = usableLocale(locale);
    this.dates = new Intl.DateTimeFormat(this.locale, { dateStyle: 'long', timeZone: 'UTC' });
    this.days = new Intl.DateTimeFormat(this.locale, { dateStyle: 'full', timeZone: 'UTC' });
    this.times = new Intl.DateTimeFormat(this.locale, { timeStyle: 'short', timeZone: 'UTC' });
  }

  private nf(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
    let f = this.cache.get(key);
    if (!f) this.cache.set(key, (f = new Intl.NumberFormat(this.locale, options)));
    return f;
  }

  /** A plain number at `decimals` places. */
  number(value: unknown, decimals = 0, signed = false): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
    const d = clampDecimals(decimals);
    return this.nf(`n${d}${signed}`, { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: signed ? 'exceptZero' : 'auto' }).format(roundTo(value, d));
  }

  /** A value of an indicator's unit: percent values (0–100) get a percent sign. */
  value(value: unknown, unit: Unit, decimals = 0): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
    if (unit === 'percent') return this.percentOf100(value, decimals);
    return this.number(value, decimals);
  }

  /** A difference in an indicator's unit (percentage points for percents), always signed. */
  difference(value: unknown, unit: Unit, decimals = 0): string {
    if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
    const n = this.number(value, decimals, true);
    return unit === 'percent' ? `${n} pts` : n;
  }

  /** 49.0 → "49.0%" (the locale's percent form). */
  percentOf100(value: number, decimals = 0): string {
    const d = clampDecimals(decimals);
    return this.nf(`p${d}`, { style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }).format(roundTo(value, d) / 100);
  }

  /** A share: 0.45 → "45%". */
  percent(share: unknown, decimals = 0): string {
    if (typeof share !== 'number' || !Number.isFinite(share)) return '—';
    return this.percentOf100(share * 100, decimals);
  }

  /** 'YYYY-MM-DD' → "November 23, 2026" (never through `new Date(string)`). */
  date(iso: unknown): string {
    return this.civil(iso, this.dates);
  }

  /** 'YYYY-MM-DD' → "Wednesday, December 9, 2026". */
  day(iso: unknown): string {
    return this.civil(iso, this.days);
  }

  /** 'HH:MM' (24-hour) → "9:00 AM" in en-US, "09:00" in en-GB. */
  time(hhmm: unknown): string {
    if (typeof hhmm !== 'string') return '';
    const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
    return m ? this.times.format(new Date(Date.UTC(2000, 0, 1, Number(m[1]), Number(m[2])))) : hhmm;
  }

  private civil(iso: unknown, f: Intl.DateTimeFormat): string {
    if (typeof iso !== 'string') return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!m) return iso;
    return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  }
}

function clampDecimals(d: unknown): number {
  return typeof d === 'number' && Number.isInteger(d) ? Math.min(Math.max(d, 0), 10) : 0;
}

/** Round half away from zero at `d` places, on the decimal text (0.05 → 0.1, not 0.0). */
export function roundTo(value: number, d: number): number {
  if (!Number.isFinite(value) || /e/i.test(String(value))) return Math.round(value * 10 ** d) / 10 ** d;
  const r = Number(`${Math.round(Number(`${Math.abs(value)}e${d}`))}e-${d}`);
  return value < 0 ? -r : r;
}
