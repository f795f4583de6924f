/**
 * Civil dates as 'YYYY-MM-DD' strings. They compare correctly as strings and never
 * pass through `new Date(string)`, which rolls 2025-02-30 over to March and shifts time zones.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A UTC instant for a civil date, right for every year (Date.UTC maps years 0–99 to 1900–1999). */
function utc(year: number, month: number, day: number): Date {
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  return t;
}

export function daysInMonth(year: number, month: number): number {
  return utc(year, month + 1, 0).getUTCDate();
}

/** True when `text` is a real calendar date in ISO form. */
export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function looksLikeDate(text: string): boolean {
  return DATE_RE.test(text);
}

export function makeDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toEpochDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return utc(y, m, d).getTime() / 86_400_000;
}

/** Never `toISOString`, which writes year 10000 as '+010000' (a date 9999-12-31 + 30 days must still parse back). */
function fromEpochDay(day: number): string {
  const t = new Date(day * 86_400_000);
  return makeDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why a YYYY-MM-DD string names no day ("February 2025 has 28 days"), or null when it does. */
export function whyNotADate(text: string): string | null {
  const m = DATE_RE.exec(text);
  if (!m || isValidDate(text)) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return 'months run from 01 to 12';
  if (d < 1) return `days in ${MONTHS[mo - 1]} ${m[1]} run from 01 to ${daysInMonth(y, mo)}`;
  return `${MONTHS[mo - 1]} ${m[1]} has ${daysInMonth(y, mo)} days`;
}

/** The years a command-line date may name (SPEC 3.1): four-digit years a person would mean. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const MIN_EPOCH_S = Date.UTC(MIN_YEAR, 0, 1) / 1000;
const MAX_EPOCH_S = Date.UTC(MAX_YEAR + 1, 0, 1) / 1000 - 1;

/**
 * "Today" for a run: the --today flag, else SOURCE_DATE_EPOCH (seconds, for reproducible builds),
 * else the clock. Returns null with a reason when the given value is not usable: not a date, or
 * outside the years 1900–9999 (`--today 0026-11-23` is a typo, not the year 26).
 */
export function resolveToday(flag: string | undefined, env: Record<string, string | undefined>, now: () => Date = () => new Date()):
  | { ok: true; today: string }
  | { ok: false; reason: string } {
  if (flag !== undefined) {
    if (!isValidDate(flag)) {
      // 2025-02-30 has the right form but names no day: say why, as invalid-date does for files.
      const why = looksLikeDate(flag) ? whyNotADate(flag) : null;
      return { ok: false, reason: why ? `--today '${flag}' is not a date: ${why}` : `--today '${flag}' is not a date of the form YYYY-MM-DD` };
    }
    const year = Number(flag.slice(0, 4));
    if (year < MIN_YEAR || year > MAX_YEAR) return { ok: false, reason: `--today '${flag}' is outside the years ${MIN_YEAR}–${MAX_YEAR}` };
    return { ok: true, today: flag };
  }
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^-?\d+$/.test(epoch)) return { ok: false, reason: `SOURCE_DATE_EPOCH '${epoch}' is not a number of seconds` };
    const seconds = Number(epoch);
    if (!(seconds >= MIN_EPOCH_S && seconds <= MAX_EPOCH_S)) {
      return { ok: false, reason: `SOURCE_DATE_EPOCH '${epoch}' is outside the years ${MIN_YEAR}–${MAX_YEAR} (${MIN_EPOCH_S} to ${MAX_EPOCH_S} seconds)` };
    }
    return { ok: true, today: new Date(seconds * 1000).toISOString().slice(0, 10) };
  }
  return { ok: true, today: now().toISOString().slice(0, 10) };
}
