/**
 * SPEC 3.1's consistency checks: one fixture per check (valid-minimal broken in one way), run as
 * `concert validate <fixture> --no-data --format json` through main() in-process; then the
 * reproductions from the issue, on copies of the example, through `concert report`.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isIanaTimeZone, isKnownLocale } from '../../src/core/rules/reporting-settings.js';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';
import { expectDiagnostics, type Expected } from '../helpers/diagnostics.js';


interface Case {
  fixture: string;
  exit: number;
  /** Exactly these diagnostics (order-insensitive), by code and position. */
  diagnostics: Expected[];
  /** A fragment each message (in order of `diagnostics`) must contain. */
  messages: string[];
  hints?: (string | undefined)[];
  severities?: ('error' | 'warning')[];
}

const cases: Case[] = [
  {
    fixture: 'target-direction',
    exit: 1,
    diagnostics: [['target-direction', 'indicators.yaml', 9, 35]],
    messages: ["indicator 'grade3-reading' should increase (higher is better), but its target for SY2026-27 (30) is below its baseline (40 in SY2022-23)"],
    hints: ['if lower is better, write direction: decrease; otherwise correct the target or the baseline'],
  },
  {
    fixture: 'target-equals-baseline',
    exit: 0,
    diagnostics: [['target-equals-baseline', 'indicators.yaml', 9, 35]],
    messages: ['its target for SY2026-27 (40) equal to its baseline (40 in SY2022-23)'],
    severities: ['warning'],
  },
  {
    fixture: 'target-range',
    exit: 1,
    diagnostics: [['target-range', 'indicators.yaml', 9, 35]],
    messages: ["indicator 'grade3-reading' has a target for SY2026-27 of 120, outside its range [0, 100]"],
    hints: ['a percent runs from 0 to 100 (write 45 for 45%, not 0.45); if this one can go beyond, give it a range: [min, max]'],
  },
  { fixture: 'target-range-baseline', exit: 1, diagnostics: [['target-range', 'indicators.yaml', 7, 41]], messages: ['a baseline for SY2022-23 of -5, outside its range [0, 100]'] },
  {
    fixture: 'aggregation-unit',
    exit: 1,
    diagnostics: [['aggregation-unit', 'indicators.yaml', 5, 16]],
    messages: ["indicator 'grade3-reading' adds up its partners' figures (aggregation: sum), but its unit is percent"],
    hints: ['use aggregation: weighted (with numerator and denominator columns) to combine the counts behind it, or mean'],
  },
  {
    fixture: 'thresholds-order',
    exit: 1,
    diagnostics: [['thresholds-order', 'indicators.yaml', 11, 21]],
    messages: ["the thresholds of indicator 'grade3-reading' [0.6, 0.95, 0] are not from high to low: mid (0.95) is not below high (0.6)"],
  },
  { fixture: 'thresholds-order-initiative', exit: 1, diagnostics: [['thresholds-order', 'initiative.yaml', 13, 27]], messages: ['reporting.thresholds [0.95, 0.6, 0.6] are not from high to low: low (0.6) is not below mid (0.6)'] },
  { fixture: 'date-order-activity', exit: 1, diagnostics: [['date-order', 'activities.yaml', 8, 8]], messages: ["activity 'summer-reading' ends on 2024-05-31, before it starts on 2024-06-01"] },
  { fixture: 'date-order-partner', exit: 1, diagnostics: [['date-order', 'partners.yaml', 8, 9]], messages: ["partner 'library' left on 2023-12-31, before it joined on 2024-01-15"] },
  {
    fixture: 'date-order-milestone',
    exit: 0,
    diagnostics: [['date-order', 'activities.yaml', 10, 34]],
    messages: ["milestone 'Hire tutors' of activity 'summer-reading' is due on 2025-05-01, before the activity starts on 2025-06-01"],
    severities: ['warning'],
  },
  {
    fixture: 'invalid-locale',
    exit: 1,
    diagnostics: [['invalid-locale', 'initiative.yaml', 13, 11]],
    messages: ["reporting.locale 'xx-XX' is not a locale"],
    hints: ['write a BCP 47 language tag such as en-US, es-US or fr-CA'],
  },
  { fixture: 'invalid-locale-underscore', exit: 1, diagnostics: [['invalid-locale', 'initiative.yaml', 13, 11]], messages: ["reporting.locale 'en_US' is not a locale"], hints: ["write it with a hyphen: 'en-US'"] },
  {
    fixture: 'invalid-timezone',
    exit: 1,
    diagnostics: [['invalid-timezone', 'initiative.yaml', 13, 13]],
    messages: ["reporting.timezone 'America/Chicag' is not an IANA time zone"],
    hints: ["did you mean 'America/Chicago'?"],
  },
];

describe('concert validate: consistency checks (SPEC 3.1)', () => {
  test.each(cases.map((c) => [c.fixture, c] as const))('%s', async (_name, c) => {
    const r = await runCli(['validate', FIXTURES + c.fixture, '--no-data', '--format', 'json']);
    const report = expectDiagnostics(r, { ...c, severities: c.diagnostics.map((_, i) => c.severities?.[i] ?? 'error') });
    for (const d of report.diagnostics) expect(d.hint, d.code).toBeTruthy();
  });
});

describe('what Intl knows', () => {
  test.each([
    ['en-US', true],
    ['fr-CA', true],
    ['de-DE-u-co-phonebk', true],
    ['EN-us', true],
    ['en-ZZ', true], // formatted by falling back to 'en'
    ['en_US', false],
    ['xx-XX', false],
    ['klingon', false],
    ['', false],
  ])('locale %j → %s', (tag, known) => {
    expect(isKnownLocale(tag)).toBe(known);
  });
  test.each([
    ['America/Chicago', true],
    ['UTC', true],
    ['Etc/GMT+5', true],
    ['US/Central', true],
    ['America/Chicag', false],
    ['+05:00', false],
    ['-0500', false],
    ['Z', false],
    ['', false],
  ])('time zone %j → %s', (zone, known) => {
    expect(isIanaTimeZone(zone)).toBe(known);
  });
});

describe('the issue’s reproductions on a copy of the example: the report refuses', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'concert-consistency-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** A copy of the example with one edit to one file. */
  async function exampleWith(name: string, file: string, edit: (text: string) => string): Promise<string> {
    const dir = join(tmp, name);
    await cp(EXAMPLE, dir, { recursive: true });
    const path = join(dir, file);
    const before = await readFile(path, 'utf8');
    const after = edit(before);
    expect(after).not.toBe(before);
    await writeFile(path, after);
    return dir;
  }

  const report = (dir: string) => runCli(['report', dir, '--format', 'json', '--today', '2026-11-23']);

  test('the example itself reports (exit 0)', async () => {
    const r = await report(EXAMPLE);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.stdout) as { indicators: { id: string; status: string; trend: string | null }[] };
    expect(model.indicators.find((i) => i.id === 'grade3-reading')?.status).not.toBe('achieved');
  });

  test('flipping one direction (was "★ Achieved … Worsening") is a target-direction error', async () => {
    const dir = await exampleWith('flipped', 'indicators/grade3-reading.yaml', (t) => t.replace('direction: increase', 'direction: decrease'));
    const r = await report(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('target-direction');
    expect(r.stderr).toContain("indicator 'grade3-reading' should decrease (lower is better), but its target for SY2026-27 (48) is above its baseline (38 in SY2022-23)");
    const v = await runCli(['validate', dir, '--format', 'json', '--today', '2026-11-23']);
    const diagnostics = (JSON.parse(v.stdout) as { diagnostics: { code: string; file: string; line: number }[] }).diagnostics.filter((d) => d.code === 'target-direction');
    expect(diagnostics.map((d) => [d.file, d.line])).toEqual([
      ['indicators/grade3-reading.yaml', 15],
      ['indicators/grade3-reading.yaml', 16],
    ]);
  });

  test('aggregation: sum on a percent indicator', async () => {
    const dir = await exampleWith('summed', 'indicators/grade3-reading.yaml', (t) => t.replace('aggregation: weighted', 'aggregation: sum'));
    const r = await report(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('aggregation-unit');
  });

  test('thresholds: [0.6, 0.95, 0]', async () => {
    const dir = await exampleWith('thresholds', 'initiative.yaml', (t) => t.replace('  timezone: America/Chicago\n', '  timezone: America/Chicago\n  thresholds: [0.6, 0.95, 0]\n'));
    const r = await report(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('thresholds-order');
  });
});
