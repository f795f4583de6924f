/**
 * An RFC 5545 iCalendar file for one meeting: a VCALENDAR holding one VEVENT and, for a zone
 * other than UTC, its VTIMEZONE built from Node's Intl data. Pure and deterministic.
 */
import { createHash } from 'node:crypto';

export interface CalendarPerson { name: string; email?: string; }
export interface CalendarEvent {
  /** Stable UID, e.g. `2026-12-steering@eastside-learns.concert` (the caller builds it). */
  uid: string;
  /** 'YYYY-MM-DD': DTSTAMP is this date at 00:00:00Z (so output is deterministic with --today). */
  stamp: string;
  /** IANA zone name, e.g. 'America/Chicago' or 'UTC'. */
  timezone: string;
  /** 'YYYY-MM-DD' local date of the meeting. */
  date: string;
  /** 'HH:MM' local start time in `timezone`; absent → an all-day event (DTSTART;VALUE=DATE, DTEND next day). */
  time?: string;
  /** Duration in minutes (> 0). DTEND = start + minutes, expressed as a local time in the same zone (TZID). */
  minutes: number;
  summary: string;
  location?: string;
  /** Plain text, may contain newlines, commas, semicolons, backslashes, any Unicode. */
  description: string;
  organizer?: CalendarPerson;
  attendees: CalendarPerson[];
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export function renderIcs(event: CalendarEvent, options: { prodId?: string } = {}): string {
  const start = parseDate(event.date, 'date');
  const stamp = parseDate(event.stamp, 'stamp');
  const zone = resolveZone(event.timezone);
  const utc = zone === 'UTC';
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${text(options.prodId ?? '-//Concert//Concert agenda//EN')}`, 'CALSCALE:GREGORIAN'];
  const vevent = ['BEGIN:VEVENT', `UID:${text(event.uid)}`, `DTSTAMP:${dateTime(stamp)}Z`];

  if (event.time === undefined) {
    vevent.push(`DTSTART;VALUE=DATE:${dateTime(start).slice(0, 8)}`, `DTEND;VALUE=DATE:${dateTime(start + DAY).slice(0, 8)}`);
  } else {
    const time = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(event.time);
    if (!time) throw new RangeError(`time must be HH:MM, got "${event.time}"`);
    if (!Number.isInteger(event.minutes) || event.minutes <= 0) throw new RangeError(`minutes must be a positive integer, got ${event.minutes}`);
    // Local wall times held as if they were UTC instants; the zone's offset never enters the sum.
    const localStart = start + (Number(time[1]) * 60 + Number(time[2])) * MINUTE;
    const at = (ms: number) => (utc ? `:${dateTime(ms)}Z` : `;TZID=${param(event.timezone)}:${dateTime(ms)}`);
    vevent.push(`DTSTART${at(localStart)}`, `DTEND${at(localStart + event.minutes * MINUTE)}`);
    if (!utc) lines.push(...vtimezone(event.timezone, zone, start));
  }
  vevent.push(`SUMMARY:${text(event.summary)}`);
  if (event.location !== undefined) vevent.push(`LOCATION:${text(event.location)}`);
  vevent.push(`DESCRIPTION:${text(event.description)}`);
  if (event.organizer) vevent.push(`ORGANIZER${person(event.organizer, false)}`);
  for (const attendee of event.attendees) vevent.push(`ATTENDEE${person(attendee, true)}`);
  vevent.push('STATUS:CONFIRMED', 'TRANSP:OPAQUE', 'SEQUENCE:0', 'END:VEVENT');
  lines.push(...vevent, 'END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * Splits a content line so no physical line exceeds 75 octets of UTF-8 (a continuation's leading
 * space counts). Cutting only between code points never splits a UTF-8 sequence or a surrogate pair.
 */
function fold(line: string): string {
  let out = '';
  let octets = 0;
  for (const char of line) {
    const cp = char.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      out += '\r\n ';
      octets = 1;
    }
    out += char;
    octets += size;
  }
  return out;
}

/** Newlines made LF, tabs spaces, other control characters dropped, lone surrogates U+FFFD. */
function clean(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[^\P{Cc}\n]/gu, '')
    .replace(/\p{Cs}/gu, '\uFFFD');
}

/** A TEXT value (RFC 5545 3.3.11). */
function text(value: string): string {
  return clean(value).replace(/[\\;,]/g, '\\$&').replace(/\n/g, '\\n');
}

/** A parameter value: RFC 5545 has no escape for DQUOTE or newline, so they become `'` and a space. */
function param(value: string): string {
  const safe = clean(value).replace(/\n/g, ' ').replace(/"/g, "'");
  return /[:;,]/.test(safe) ? `"${safe}"` : safe;
}

function person({ name, email }: CalendarPerson, attendee: boolean): string {
  const mail = email?.trim();
  const valid = mail !== undefined && /^[^\s\p{C}:;,"'<>()[\]\\@?#%]+@[^\s\p{C}:;,"'<>()[\]\\@?#%]+$/u.test(mail);
  const params = [name.trim() ? `;CN=${param(name.trim())}` : ''];
  if (attendee) params.push(';ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION', valid ? ';RSVP=TRUE' : '');
  // A CAL-ADDRESS must be a URI. Without an email there is nothing to mail, so the person gets a
  // name-based (v5) UUID URN: valid, stable for the same name, and unroutable by design.
  return `${params.join('')}:${valid ? `mailto:${mail}` : nameUrn(name)}`;
}

function nameUrn(name: string): string {
  const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');
  const hash = createHash('sha1').update(URL_NAMESPACE).update(`urn:concert:person:${name.trim()}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 'YYYY-MM-DD' → its midnight as a UTC epoch (a real calendar date, or RangeError). */
function parseDate(value: string, field: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== value) throw new RangeError(`${field} must be a date YYYY-MM-DD, got "${value}"`);
  return ms;
}

/** Epoch ms read in UTC → `YYYYMMDDTHHMMSS`. */
function dateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function resolveZone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(`unknown time zone "${timezone}"`);
  }
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

interface Transition { at: number; from: number; to: number; }

/** The VTIMEZONE: one observance per real offset change from the year before the event to the year after. */
function vtimezone(tzid: string, zone: string, eventDate: number): string[] {
  const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
  const shortFormats = ['en-US', 'en-GB'].map((locale) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }));
  const zoneName = (format: Intl.DateTimeFormat, ms: number) => format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
  /** Minutes east of UTC at an instant ('GMT-06:00'; plain 'GMT' is zero). */
  const offset = (ms: number): number => {
    const m = /([+-])(\d\d):(\d\d)/.exec(zoneName(offsetFormat, ms));
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };

  const year = new Date(eventDate).getUTCFullYear();
  const from = Date.UTC(year - 1, 0, 1);
  const to = Date.UTC(year + 2, 0, 1);
  const transitions: Transition[] = [];
  const yearMin = new Map<number, number>();
  // Probe a day at a time; when the offset differs from the previous probe, binary-search that
  // day for the first minute with the new offset (offsets only change on whole minutes).
  let t = from;
  let current = offset(t);
  while (t < to) {
    const y = new Date(t).getUTCFullYear();
    yearMin.set(y, Math.min(yearMin.get(y) ?? current, current));
    const next = Math.min(t + DAY, to);
    if (offset(next) === current) {
      t = next;
      continue;
    }
    let lo = t;
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
      if (offset(mid) === current) lo = mid;
      else hi = mid;
    }
    const after = offset(hi);
    transitions.push({ at: hi, from: current, to: after });
    t = hi;
    current = after;
  }

  const lines = ['BEGIN:VTIMEZONE', `TZID:${text(tzid)}`];
  // No change before the event in range (e.g. Asia/Tokyo): its offset has held since "1970".
  if (!transitions.length || transitions[0]!.at > eventDate) {
    const base = offset(from);
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offsetText(base)}`, `TZOFFSETTO:${offsetText(base)}`);
    const name = shortFormats.map((f) => zoneName(f, from)).find((n) => /^[A-Z]{2,5}$/.test(n));
    lines.push(...(name ? [`TZNAME:${name}`] : []), 'END:STANDARD');
  }
  for (const { at, from: before, to: after } of transitions) {
    const kind = after > yearMin.get(new Date(at).getUTCFullYear())! ? 'DAYLIGHT' : 'STANDARD';
    const name = shortFormats.map((f) => zoneName(f, at)).find((n) => /^[A-Z]{2,5}$/.test(n));
    lines.push(
      `BEGIN:${kind}`,
      // RFC 5545: the onset is the local time in the offset in effect *before* the change.
      `DTSTART:${dateTime(at + before * MINUTE)}`,
      `TZOFFSETFROM:${offsetText(before)}`,
      `TZOFFSETTO:${offsetText(after)}`,
      ...(name ? [`TZNAME:${name}`] : []),
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
