import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { renderIcs, type CalendarEvent } from '../../src/core/render/ics.js';

const base: CalendarEvent = {
  uid: '2026-03-steering@eastside-learns.concert',
  stamp: '2026-02-20',
  timezone: 'America/Chicago',
  date: '2026-03-04',
  time: '09:00',
  minutes: 90,
  summary: 'Steering committee',
  location: 'Eastside Library, Room 2',
  description: 'Agenda',
  organizer: { name: 'Maria Lopez', email: 'maria@eastside.org' },
  attendees: [
    { name: 'Dana Kim', email: 'dana@partner.org' },
    { name: 'Lee, Pat', email: 'pat@school.edu' },
    { name: 'Sam Ortiz' },
  ],
};

/** Parses with ical.js; the VTIMEZONE is resolved from the file itself (nothing is registered). */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const utc = (time: ICAL.Time) => time.toJSDate().toISOString();
const render = (patch: Partial<CalendarEvent>) => renderIcs({ ...base, ...patch });
const physicalLines = (ics: string) => ics.slice(0, -2).split('\r\n');

describe('times and zones', () => {
  test.each<[string, Partial<CalendarEvent>, string, string]>([
    ['before US DST', { date: '2026-03-04' }, '2026-03-04T15:00:00.000Z', '2026-03-04T16:30:00.000Z'],
    ['after US DST', { date: '2026-03-18' }, '2026-03-18T14:00:00.000Z', '2026-03-18T15:30:00.000Z'],
    ['London, BST', { timezone: 'Europe/London', date: '2026-10-22', time: '10:00', minutes: 60 }, '2026-10-22T09:00:00.000Z', '2026-10-22T10:00:00.000Z'],
    ['London, GMT', { timezone: 'Europe/London', date: '2026-10-29', time: '10:00', minutes: 60 }, '2026-10-29T10:00:00.000Z', '2026-10-29T11:00:00.000Z'],
    ['crossing midnight', { time: '23:30', minutes: 90 }, '2026-03-05T05:30:00.000Z', '2026-03-05T07:00:00.000Z'],
    ['Tokyo', { timezone: 'Asia/Tokyo', minutes: 45 }, '2026-03-04T00:00:00.000Z', '2026-03-04T00:45:00.000Z'],
  ])('%s', (_, patch, start, end) => {
    const ics = render(patch);
    const { event } = parse(ics);
    const tzid = patch.timezone ?? base.timezone;
    expect(event.startDate.zone.tzid).toBe(tzid);
    expect(event.endDate.zone.tzid).toBe(tzid);
    expect(utc(event.startDate)).toBe(start);
    expect(utc(event.endDate)).toBe(end);
  });

  test('crossing midnight keeps DTEND in local time on the next day', () => {
    expect(render({ time: '23:30', minutes: 90 })).toContain('DTEND;TZID=America/Chicago:20260305T010000\r\n');
  });

  test('Chicago: observances at 02:00 local before each change, DAYLIGHT for CDT', () => {
    const ics = render({});
    expect(ics).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\n');
    expect(ics).toContain('BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\n');
    expect(parse(ics).calendar.getFirstSubcomponent('vtimezone')!.getAllSubcomponents()).toHaveLength(6);
  });

  test('Tokyo: one STANDARD observance with equal offsets', () => {
    const vtimezone = parse(render({ timezone: 'Asia/Tokyo' })).calendar.getFirstSubcomponent('vtimezone')!;
    const [only, ...rest] = vtimezone.getAllSubcomponents();
    expect(rest).toEqual([]);
    expect(only!.name).toBe('standard');
    expect(only!.getFirstPropertyValue('tzoffsetfrom')?.toString()).toBe('+09:00');
    expect(only!.getFirstPropertyValue('tzoffsetto')?.toString()).toBe('+09:00');
  });

  test.each(['UTC', 'Etc/UTC'])('%s: Z times and no VTIMEZONE', (timezone) => {
    const ics = render({ timezone });
    expect(ics).not.toContain('VTIMEZONE');
    expect(ics).toContain('DTSTART:20260304T090000Z\r\nDTEND:20260304T103000Z\r\n');
    const { event } = parse(ics);
    expect(utc(event.startDate)).toBe('2026-03-04T09:00:00.000Z');
    expect(utc(event.endDate)).toBe('2026-03-04T10:30:00.000Z');
  });

  test('all-day event', () => {
    const ics = render({ time: undefined, date: '2026-12-31' });
    expect(ics).toContain('DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n');
    expect(ics).not.toContain('VTIMEZONE');
    const { event } = parse(ics);
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe('2026-12-31');
    expect(event.endDate.toString()).toBe('2027-01-01');
  });

  // The generated VTIMEZONE, as ical.js reads it, agrees with Intl at every hour of the year: each
  // wall-clock time Intl shows is read by ical.js as an instant Intl shows with that same wall time.
  // (Local → UTC is what a client does with DTSTART;TZID; ical.js's own UTC → local conversion
  // treats the UTC time as local when looking up the offset, so it is off near transitions.)
  test.each(['America/Chicago', 'Europe/London', 'Australia/Sydney', 'America/St_Johns', 'Asia/Kolkata', 'Africa/Casablanca'])(
    '%s offsets match Intl through 2026',
    (timezone) => {
      const zone = parse(render({ timezone, date: '2026-06-15' })).calendar.getFirstSubcomponent('vtimezone')!;
      const tz = new ICAL.Timezone(zone);
      const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      const wall = (ms: number) => Object.fromEntries(format.formatToParts(ms).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]));
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
        const w = wall(ms);
        const read = new ICAL.Time({ year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: 0, isDate: false }, tz);
        expect(wall(read.toUnixTime() * 1000), new Date(ms).toISOString()).toEqual(w);
      }
    },
  );
});

describe('people', () => {
  test('organizer and attendees', () => {
    const { vevent } = parse(render({}));
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Maria Lopez');
    expect(organizer.getFirstValue()).toBe('mailto:maria@eastside.org');
    const attendees = vevent.getAllProperties('attendee');
    expect(attendees.map((a) => a.getParameter('cn'))).toEqual(['Dana Kim', 'Lee, Pat', 'Sam Ortiz']);
    expect(attendees.map((a) => a.getFirstValue())).toEqual(['mailto:dana@partner.org', 'mailto:pat@school.edu', expect.stringMatching(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)]);
    expect(attendees.map((a) => a.getParameter('rsvp'))).toEqual(['TRUE', 'TRUE', undefined]);
    expect(attendees.every((a) => a.getParameter('role') === 'REQ-PARTICIPANT' && a.getParameter('partstat') === 'NEEDS-ACTION')).toBe(true);
  });

  test('implausible emails are treated as absent', () => {
    const emails = ['not an email', 'a@b;RSVP=FALSE', 'x:y@z', 'a"b@c', 'nobody', 'a@b,c@d'];
    const { vevent } = parse(render({ attendees: emails.map((email) => ({ name: 'X', email })) }));
    for (const attendee of vevent.getAllProperties('attendee')) {
      expect(attendee.getFirstValue()).toMatch(/^urn:uuid:/);
      expect(attendee.getParameter('rsvp')).toBeUndefined();
    }
  });

  test('a DQUOTE in a name becomes a single quote; newlines a space', () => {
    const { vevent } = parse(render({ organizer: { name: 'Jo "JJ" Smith; Chair\nNorth' } }));
    expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe("Jo 'JJ' Smith; Chair North");
  });
});

const tricky =
  'Welcome, all; please read: C:\\path\\to\\file and "the plan".\n' +
  'Café crème, naïve façade — São Paulo.\r\n日本語のテキスト、中文内容，한국어.\rEmoji 🎉👩🏽‍💻 end\\' +
  '\n' +
  'Long line: '.padEnd(200, 'é漢🎉x');

describe('text', () => {
  test('description, summary and location round-trip exactly', () => {
    const ics = render({ description: tricky, summary: tricky, location: tricky });
    const { event } = parse(ics);
    const expected = tricky.replace(/\r\n?/g, '\n');
    expect(event.description).toBe(expected);
    expect(event.summary).toBe(expected);
    expect(event.location).toBe(expected);
    expect(ics.split('\r\n ').length).toBeGreaterThan(10);
  });

  test('control characters are stripped, tabs become spaces', () => {
    expect(parse(render({ description: 'a\u0000b\u0007c\u001bd\u007fe\u0085f\tg' })).event.description).toBe('abcdef g');
  });

  test('raw bytes: CRLF everywhere, ≤ 75 octets, whole UTF-8 sequences, unfolds to the logical lines', () => {
    const ics = render({ description: tricky, summary: tricky });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const line of physicalLines(ics)) {
      const bytes = Buffer.from(line, 'utf8');
      expect(bytes.length).toBeLessThanOrEqual(75);
      expect(decoder.decode(bytes)).toBe(line);
    }
    const logical = physicalLines(ics.replace(/\r\n /g, ''));
    expect(logical.every((line) => /^[A-Z-]+[;:]/.test(line))).toBe(true);
    const escaped = tricky.replace(/\r\n?/g, '\n').replace(/[\\;,]/g, '\\$&').replace(/\n/g, '\\n');
    expect(logical).toContain(`DESCRIPTION:${escaped}`);
    expect(logical).toContain(`SUMMARY:${escaped}`);
    expect(logical.slice(0, 4)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Concert//Concert agenda//EN', 'CALSCALE:GREGORIAN']);
    expect(logical).not.toContain('METHOD');
  });

  test('deterministic; UID and DTSTAMP as given; PRODID overridable', () => {
    expect(render({ description: tricky })).toBe(render({ description: tricky }));
    const { vevent } = parse(render({}));
    expect(vevent.getFirstPropertyValue('uid')).toBe(base.uid);
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-02-20T00:00:00Z');
    expect(renderIcs(base, { prodId: '-//X//Y//EN' })).toContain('\r\nPRODID:-//X//Y//EN\r\n');
  });

  test('property: any string folds to ≤ 75-octet valid UTF-8 lines and round-trips', () => {
    const anyUnit = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      // UTF-16 code units: lone surrogates and control characters included.
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
    );
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.nat(80), anyUnit, (pad, value) => {
        // The padding shifts where folds fall relative to multi-byte characters.
        const description = 'x'.repeat(pad) + value;
        const ics = render({ timezone: 'UTC', description });
        for (const line of physicalLines(ics)) {
          const bytes = Buffer.from(line, 'utf8');
          if (bytes.length > 75 || decoder.decode(bytes) !== line || line === ' ') return false;
        }
        // Only what clean() documents is lost: CR/CRLF → LF, tab → space, controls, lone surrogates.
        const expected = description
          .replace(/\r\n?/g, '\n')
          .replace(/\t/g, ' ')
          .replace(/[^\P{Cc}\n]/gu, '')
          .replace(/\p{Cs}/gu, '\uFFFD');
        return parse(ics).event.description === expected;
      }),
      { numRuns: 500 },
    );
  });
});

describe('injection', () => {
  test('a CRLF in text cannot start a new property', () => {
    const evil = 'Hi\r\nATTENDEE:mailto:evil@x\r\nEND:VEVENT\nBEGIN:VEVENT';
    const ics = render({ summary: evil, location: evil, description: evil, uid: evil, organizer: { name: evil, email: 'evil@x\r\nATTENDEE:mailto:evil@x' }, attendees: [{ name: evil }] });
    const { calendar, vevent, event } = parse(ics);
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(vevent.getAllProperties('attendee')).toHaveLength(1);
    expect(event.summary).toBe(evil.replace(/\r\n?/g, '\n'));
    expect(vevent.getFirstProperty('organizer')!.getFirstValue()).toMatch(/^urn:uuid:/);
  });

  test('a name cannot add parameters', () => {
    const { vevent } = parse(render({ attendees: [{ name: 'a";ROLE=CHAIR;X="', email: 'a@b.org' }] }));
    const attendee = vevent.getFirstProperty('attendee')!;
    expect(attendee.getParameter('cn')).toBe("a';ROLE=CHAIR;X='");
    expect(attendee.getParameter('role')).toBe('REQ-PARTICIPANT');
  });
});
