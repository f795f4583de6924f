/**
 * Civil dates as 'YYYY-MM-DD' strings. They compare correctly as strings and never
 * pass through `new Date(string)`, which rolls 2025-02-30 over to March and shifts time zones.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
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
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function fromEpochDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromEpochDay(toEpochDay(date) + days);
}

/** b − a in days. */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(b) - toEpochDay(a);
}

/**
 * "Today" for a run: the --today flag, else SOURCE_DATE_EPOCH (seconds, for reproducible builds),
 * else the clock. Returns null with a reason when the given value is not usable.
 */
export function resolveToday(flag: string | undefined, env: Record<string, string | undefined>, now: () => Date = () => new Date()):
  | { ok: true; today: string }
  | { ok: false; reason: string } {
  if (flag !== undefined) {
    if (!isValidDate(flag)) return { ok: false, reason: `--today '${flag}' is not a date of the form YYYY-MM-DD` };
    return { ok: true, today: flag };
  }
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch)) return { ok: false, reason: `SOURCE_DATE_EPOCH '${epoch}' is not a number of seconds` };
    return { ok: true, today: new Date(Number(epoch) * 1000).toISOString().slice(0, 10) };
  }
  return { ok: true, today: now().toISOString().slice(0, 10) };
}
