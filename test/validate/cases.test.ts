/**
 * One table, every fixture under test/fixtures: run `concert validate <fixture> --no-data --format json`
 * through main() in-process and check the exit code and each diagnostic's code and position.
 */
import { describe, expect, test } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';
import { expectDiagnostics, type Expected } from '../helpers/diagnostics.js';


interface Case {
  fixture: string;
  exit: number;
  /** Exactly these diagnostics (order-insensitive), by code and position. */
  diagnostics: Expected[];
  /** Optional: a fragment each message (in order of `diagnostics`) must contain. */
  messages?: string[];
  hints?: (string | undefined)[];
  args?: string[];
}

const cases: Case[] = [
  { fixture: 'valid-minimal', exit: 0, diagnostics: [] },
  { fixture: 'partners-folder', exit: 0, diagnostics: [] },
  { fixture: 'yaml-unclosed-quote', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 5, 9]], messages: ['quote " opened here is never closed'] },
  { fixture: 'yaml-duplicate-key', exit: 1, diagnostics: [['yaml-duplicate-key', 'partners.yaml', 7, 3]], messages: ["the key 'name' appears twice"] },
  { fixture: 'yaml-tab-indent', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 3, 1]], messages: ['tab'] },
  { fixture: 'yaml-colon-in-value', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 4, 12]], hints: ['put the value in quotes, e.g. title: "Goal: x"'] },
  // BAD-INPUTS 11: `vision: #1 …` is a comment, so the value is empty: the hint says why
  { fixture: 'yaml-hash-value', exit: 1, diagnostics: [['schema', 'agenda.yaml', 1, 9]], messages: ['vision should be text, not an empty value'], hints: ['after a space, # starts a comment in YAML: put the value in quotes ("#1 priority: every child thrives")'] },
  { fixture: 'yaml-custom-tag', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 2, 9]], messages: ['unsupported YAML tag'] },
  // BAD-INPUTS 5: YAML 1.1's own tags are no values of a Concert file either, and every tag is reported, not the first of a file
  {
    fixture: 'yaml-yaml11-tags',
    exit: 1,
    diagnostics: [['yaml-syntax', 'agenda.yaml', 8, 12], ['yaml-syntax', 'agenda.yaml', 9, 10], ['yaml-syntax', 'agenda.yaml', 10, 10], ['yaml-syntax', 'agenda.yaml', 11, 9], ['yaml-syntax', 'partners.yaml', 2, 9], ['yaml-syntax', 'partners.yaml', 5, 9]],
    messages: ['unsupported YAML tag: !!set', 'unsupported YAML tag: !!omap', 'unsupported YAML tag: !!timestamp', 'unsupported YAML tag: !!binary', 'unsupported YAML tag: !!js/function', 'unsupported YAML tag: !custom'],
  },
  { fixture: 'yaml-version-directive', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 1, 1]], messages: ['%YAML'] },
  { fixture: 'yaml-several-documents', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 8, 1]], messages: ['several YAML documents'] },
  { fixture: 'yaml-alias-bomb', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 1, 1]], messages: ['too many aliases'] },
  { fixture: 'yaml-deep-nesting', exit: 1, diagnostics: [['yaml-syntax', 'agenda.yaml', 1, 73]], messages: ['more than 64 levels deep'] },
  { fixture: 'yaml-binary-file', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]], messages: ['not a text file'] },
  { fixture: 'yaml-not-utf8', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]], messages: ['not valid UTF-8'] },
  { fixture: 'empty-agenda', exit: 1, diagnostics: [['schema', 'agenda.yaml', 1, 1]], messages: ['the file is empty; it should hold the common agenda'] },
  { fixture: 'initiative-is-a-list', exit: 1, diagnostics: [['schema', 'initiative.yaml', 1, 1]], messages: ["the file holds a list; it should hold the initiative's settings"] },
  {
    fixture: 'proto-keys',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 7, 3], ['schema', 'partners.yaml', 8, 3]],
    messages: ["unknown key '__proto__' in partner 'library'", "unknown key 'constructor' in partner 'library'"],
  },
  {
    fixture: 'schema-unknown-key',
    exit: 1,
    diagnostics: [['schema', 'activities.yaml', 1, 3], ['schema', 'activities.yaml', 5, 3], ['partner-without-role', 'partners.yaml', 4, 7]],
    messages: ["activity 'summer-reading' is missing the required field 'lead'", "unknown key 'leed' in activity 'summer-reading'", "partner 'library'"],
    hints: [undefined, "did you mean 'lead'?", undefined],
  },
  { fixture: 'schema-bad-enum', exit: 1, diagnostics: [['schema', 'partners.yaml', 3, 11]], messages: ["'goverment' is not a valid sector"], hints: ["did you mean 'government'?"] },
  { fixture: 'schema-missing-field', exit: 1, diagnostics: [['schema', 'partners.yaml', 4, 3]], messages: ["partner 'library' is missing the required field 'sector'"] },
  { fixture: 'schema-number-for-text', exit: 1, diagnostics: [['schema', 'partners.yaml', 5, 9]], messages: ['name in partner \'library\' should be text, not 1234'], hints: ['put it in quotes ("01234") so YAML keeps it as written'] },
  // BAD-INPUTS 9: the hint quotes what was typed (the zero, the digits a number cannot hold), and a tag is named
  {
    fixture: 'schema-number-as-written',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 2, 9], ['schema', 'partners.yaml', 5, 9], ['partner-without-role', 'partners.yaml', 7, 7], ['schema', 'partners.yaml', 8, 15]],
    messages: ["name in partner 'schools' should be text, not 1.1", "name in partner 'library' should be text, not 12345678901234567000", "partner 'ymca'", "name in partner 'ymca' should be text, not 12"],
    hints: ['put it in quotes ("1.10") so YAML keeps it as written', 'put it in quotes ("12345678901234567890") so YAML keeps it as written', undefined, 'remove the tag !!int: YAML reads the value as it is written'],
  },
  {
    fixture: 'schema-bad-id',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 4, 7], ['partner-without-role', 'partners.yaml', 4, 7], ['unknown-reference', 'activities.yaml', 5, 9], ['unknown-reference', 'meetings.yaml', 5, 24]],
    messages: ["'Eastside Library' is not a valid id", 'takes part in no activity', "names lead 'library'", "names member 'library'"],
    hints: ["did you mean 'eastside-library'?", undefined, undefined, undefined],
  },
  {
    fixture: 'schema-merge-key',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 5, 3], ['schema', 'partners.yaml', 5, 3]],
    messages: ["missing the required field 'sector'", "unknown key '<<'"],
  },
  { fixture: 'duplicate-id', exit: 1, diagnostics: [['duplicate-id', 'partners.yaml', 7, 7]], messages: ["partner id 'schools' is used twice"] },
  {
    fixture: 'unknown-reference',
    exit: 1,
    diagnostics: [['unknown-reference', 'activities.yaml', 5, 9], ['partner-without-role', 'partners.yaml', 4, 7]],
    messages: ["activity 'summer-reading' names lead 'libary', which is not a partner", "partner 'library'"],
    hints: ["did you mean 'library'?", undefined],
  },
  { fixture: 'unknown-strategy', exit: 1, diagnostics: [['unknown-reference', 'activities.yaml', 4, 13]], messages: ["strategy 'summer-camps', which is not a strategy of goal 'reading'"] },
  { fixture: 'period-format', exit: 1, diagnostics: [['period-format', 'indicators.yaml', 9, 17]], messages: ["'SY2026-28', which is not a period"] },
  { fixture: 'period-type-mismatch', exit: 1, diagnostics: [['period-type-mismatch', 'indicators.yaml', 7, 23]], messages: ["'2023-Q1' is a quarter period"] },
  { fixture: 'invalid-date', exit: 1, diagnostics: [['invalid-date', 'activities.yaml', 8, 34]], messages: ["'2025-02-30'"], hints: ['February 2025 has 28 days'] },
  { fixture: 'target-order', exit: 1, diagnostics: [['target-order', 'indicators.yaml', 9, 17]], messages: ['not after its baseline SY2022-23'] },
  { fixture: 'targets-out-of-order', exit: 1, diagnostics: [['target-order', 'indicators.yaml', 10, 17]], messages: ['list targets in period order'] },
  {
    fixture: 'layout-conflict',
    exit: 1,
    diagnostics: [['layout-conflict', 'partners.yaml', 1, 1], ['partner-without-role', 'partners/more.yaml', 1, 7]],
    messages: ['both partners.yaml and the folder partners/ exist', "partner 'ymca'"],
  },
  {
    fixture: 'goal-without-indicator-or-activity',
    exit: 0,
    diagnostics: [['goal-without-indicator', 'agenda.yaml', 8, 9], ['goal-without-activity', 'agenda.yaml', 8, 9]],
  },
  { fixture: 'goal-without-indicator-or-activity', args: ['--strict'], exit: 1, diagnostics: [['goal-without-indicator', 'agenda.yaml', 8, 9], ['goal-without-activity', 'agenda.yaml', 8, 9]] },
  { fixture: 'facilitator-not-staff', exit: 1, diagnostics: [['unknown-reference', 'meetings.yaml', 4, 18]], messages: ["facilitator 'Sam Li', who is not on the backbone staff"], hints: ["did you mean 'Sam Lee'?"] },
  { fixture: 'attendee-not-member', exit: 0, diagnostics: [['attendee-not-member', 'meetings.yaml', 12, 20]], messages: ["attendee 'ymca', which is not a member of 'steering'"] },
  { fixture: 'action-owner-unknown', exit: 1, diagnostics: [['unknown-reference', 'meetings.yaml', 13, 59]], messages: ["action 'a-1' names owner 'city', which is not a partner"] },
  { fixture: 'meeting-attendee-unknown', exit: 1, diagnostics: [['unknown-reference', 'meetings.yaml', 12, 20]], messages: ["meeting '2025-10-steering' names attendee 'ymca', which is not a partner"] },
  { fixture: 'meeting-topic-owner-unknown', exit: 1, diagnostics: [['unknown-reference', 'meetings.yaml', 13, 81]], messages: ["meeting '2025-10-steering' names topic owner 'libary', which is not a partner"], hints: ["did you mean 'library'?"] },
  { fixture: 'meeting-action-duplicate-id', exit: 1, diagnostics: [['duplicate-id', 'meetings.yaml', 18, 15]], messages: ["action id 'a-1' is used twice"], hints: ['ids must be unique among actions; the first is at meetings.yaml:13'] },
  { fixture: 'meeting-invalid-date', exit: 1, diagnostics: [['invalid-date', 'meetings.yaml', 9, 11]], messages: ["date '2025-02-30' in meeting '2025-02-steering' is not a real date"], hints: ['February 2025 has 28 days'] },
  { fixture: 'meeting-action-invalid-due', exit: 1, diagnostics: [['invalid-date', 'meetings.yaml', 13, 73]], messages: ["due '2025-11-31' in meeting '2025-10-steering', action 'a-1' is not a real date"], hints: ['November 2025 has 30 days'] },
  {
    // "24:00" (series), unquoted 9:00 (a string in YAML 1.2), unquoted 09:00 (fine: the string "09:00"), 930 (a number).
    fixture: 'meeting-bad-time',
    exit: 1,
    diagnostics: [['schema', 'meetings.yaml', 6, 11], ['schema', 'meetings.yaml', 11, 11], ['schema', 'meetings.yaml', 19, 11]],
    messages: [
      "time in meeting series 'steering' should be a 24-hour time from 00:00 to 23:59, like \"09:00\", not '24:00'",
      "time in meeting '2025-10-steering' should be a 24-hour time from 00:00 to 23:59",
      "time in meeting '2025-12-steering' should be text like \"09:00\" (in quotes), not 930",
    ],
    hints: ['hours run from 00 to 23 and minutes from 00 to 59', 'write the hour with two digits: "09:00"', 'write the time as HH:MM in quotes, e.g. time: "09:00"'],
  },
  { fixture: 'meeting-zero-duration', exit: 1, diagnostics: [['schema', 'meetings.yaml', 10, 15]], messages: ["duration in meeting '2025-10-steering' should be at least 1, not 0"] },
  {
    // 2026-03-steering-pm, the same day at 14:00, does not clash.
    fixture: 'meeting-clash',
    exit: 1,
    diagnostics: [['meeting-clash', 'meetings.yaml', 13, 11]],
    messages: ["meeting '2026-03-steering-b' is at the same date and time as '2026-03-steering' (2026-03-18 09:00) in series 'steering'"],
    hints: ['move one of them to another date or time; the first is at meetings.yaml:10'],
  },
  { fixture: 'missing-partners', exit: 1, diagnostics: [['missing-file', 'partners.yaml', 1, 1]], messages: ['partners.yaml is missing'] },
  { fixture: 'unreadable-file', exit: 1, diagnostics: [['unreadable-file', 'activities/gone.yaml', 1, 1]], messages: ['cannot read activities/gone.yaml'] },
];

describe('concert validate: fixture table', () => {
  test.each(cases.map((c) => [c.fixture + (c.args ? ' ' + c.args.join(' ') : ''), c] as const))('%s', async (_name, c) => {
    const r = await runCli(['validate', FIXTURES + c.fixture, '--no-data', '--format', 'json', ...(c.args ?? [])]);
    expectDiagnostics(r, c);
  });
});
