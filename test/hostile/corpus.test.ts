/**
 * The hostile corpus (issue 8 item 9): test/fixtures/hostile-* are copies of valid-minimal, each
 * broken in one way a data manager's tools break files — encodings and line ends, invisible
 * characters in ids, half-finished files, nonsense values, YAML tricks, syntax slips — plus
 * nonsense on the command line. Each runs through main() in-process: exit code, and every
 * diagnostic's code and position; never a stack trace, and every position inside its file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';
import { expectDiagnostics, type Expected } from '../helpers/diagnostics.js';


interface Case {
  fixture: string;
  exit: number;
  /** Exactly these diagnostics (order-insensitive). */
  diagnostics: Expected[];
  /** A fragment each message (in the order of `diagnostics`) must contain. */
  messages?: (string | undefined)[];
  hints?: (string | undefined)[];
}

interface Report {
  valid: boolean;
  errors: number;
  warnings: number;
  diagnostics: { code: string; file: string; line: number; column: number; message: string; hint?: string; severity: string }[];
}

const cases: Case[] = [
  // Saved by every tool: BOMs, UTF-16, line ends, padding, legacy code pages.
  { fixture: 'utf8-bom', exit: 0, diagnostics: [] },
  { fixture: 'utf16le-bom', exit: 0, diagnostics: [] },
  { fixture: 'utf16be-bom', exit: 0, diagnostics: [] },
  { fixture: 'utf32', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]], messages: ['the file is UTF-32 text'], hints: ['save it as UTF-8'] },
  { fixture: 'utf16-no-bom', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]], messages: ['UTF-16 text without a byte order mark'], hints: ['save it as UTF-8'] },
  { fixture: 'crlf', exit: 0, diagnostics: [] },
  { fixture: 'crlf-unknown-key', exit: 1, diagnostics: [['schema', 'partners.yaml', 7, 3]], messages: ["unknown key 'secter'"], hints: ["did you mean 'sector'?"] },
  { fixture: 'cr-only', exit: 0, diagnostics: [] },
  { fixture: 'cr-only-unknown-key', exit: 1, diagnostics: [['schema', 'partners.yaml', 7, 3]], messages: ["unknown key 'secter'"] },
  { fixture: 'trailing-nul', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 7, 1]], messages: ['the file ends with 3 NUL characters'] },
  {
    fixture: 'windows-1252',
    exit: 1,
    diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]],
    messages: ["not valid UTF-8 text: line 5, column 17 holds the byte 0xE8 ('è' in Windows-1252)"],
    hints: ['save it as UTF-8 (most editors offer the encoding under Save As)'],
  },
  {
    // Bytes 0x80–0x9F are letters and signs in Windows-1252 (0x80 is €), not control characters.
    fixture: 'windows-1252-euro',
    exit: 1,
    diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]],
    messages: ["not valid UTF-8 text: line 5, column 17 holds the byte 0x80 ('€' in Windows-1252)"],
  },
  { fixture: 'bom-mid-file', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 4, 1]], messages: ['line 4 holds an invisible character, U+FEFF (byte order mark), at column 1'] },
  { fixture: 'nbsp-indent', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 6, 1]], messages: ['U+00A0 (no-break space), at column 1'] },

  // Ids with characters the eye does not see, or cannot tell apart: one schema error at the
  // character, no cascade of unknown references to the id the author meant.
  {
    fixture: 'id-zero-width-space',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 1, 11]],
    messages: ["'scho<U+200B>ols' is not a valid id in partner 'scho<U+200B>ols': it holds an invisible character, U+200B (zero-width space), after 'scho'"],
    hints: ["did you mean 'schools'?"],
  },
  { fixture: 'id-nbsp', exit: 1, diagnostics: [['schema', 'partners.yaml', 1, 14]], messages: ['it holds a space character, U+00A0 (no-break space), at the end'], hints: ["did you mean 'schools'?"] },
  {
    fixture: 'id-cyrillic-a',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 1, 8]],
    messages: ["it holds 'а' (U+0430, a Cyrillic letter), which looks like the Latin 'a', after 'e'"],
    hints: ["did you mean 'eastside-schools'?"],
  },
  { fixture: 'id-trailing-space', exit: 1, diagnostics: [['schema', 'partners.yaml', 1, 15]], messages: ["'schools ' is not a valid id in partner 'schools ': it holds a space at the end"], hints: ["did you mean 'schools'?"] },
  // Written as an escape ("schools\t"): the position is the value's, the message still says what and where.
  { fixture: 'id-tab', exit: 1, diagnostics: [['schema', 'partners.yaml', 1, 7]], messages: ["'schools<U+0009>' is not a valid id in partner 'schools<U+0009>': it holds a tab at the end"], hints: ["did you mean 'schools'?"] },
  { fixture: 'id-en-dash', exit: 1, diagnostics: [['schema', 'activities.yaml', 1, 13]], messages: ["'–' (U+2013, en dash), which looks like a hyphen, after 'summer'"], hints: ["did you mean 'summer-reading'?"] },
  { fixture: 'ref-zero-width-space', exit: 1, diagnostics: [['schema', 'activities.yaml', 5, 16]], messages: ["'library<U+200B>' is not a valid id in activity 'summer-reading'"], hints: ["did you mean 'library'?"] },
  {
    // The partner has no id, so the references to it are unknown: right, and said once each.
    fixture: 'id-empty',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 4, 7], ['unknown-reference', 'activities.yaml', 5, 9], ['unknown-reference', 'meetings.yaml', 5, 24]],
    messages: ["the id in partner 'Eastside Library' is empty"],
  },
  { fixture: 'id-number', exit: 1, diagnostics: [['schema', 'meetings.yaml', 7, 9]], messages: ["id in meeting '20251015' should be text, not 20251015"], hints: ['put it in quotes ("20251015") so YAML keeps it as written'] },
  {
    fixture: 'id-uppercase-key',
    exit: 1,
    diagnostics: [['schema', 'agenda.yaml', 3, 5], ['schema', 'agenda.yaml', 3, 5]],
    messages: ["is missing the required field 'id'", "unknown key 'ID'"],
    hints: [undefined, "did you mean 'id'?"],
  },
  {
    fixture: 'key-case',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 4, 3], ['schema', 'partners.yaml', 5, 3]],
    messages: ["partner 'library' is missing the required field 'name'", "unknown key 'Name' in partner 'library'"],
    hints: [undefined, "did you mean 'name'?"],
  },
  {
    fixture: 'key-zero-width-space',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 4, 3], ['schema', 'partners.yaml', 5, 5]],
    messages: ["missing the required field 'name'", "unknown key 'na<U+200B>me' in partner 'library': it holds an invisible character, U+200B (zero-width space), after 'na'"],
    hints: [undefined, "did you mean 'name'?"],
  },
  {
    fixture: 'key-cyrillic',
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 4, 3], ['schema', 'partners.yaml', 5, 4]],
    messages: ["missing the required field 'name'", "unknown key 'nаme' in partner 'library': it holds 'а' (U+0430, a Cyrillic letter), which looks like the Latin 'a', after 'n'"],
    hints: [undefined, "did you mean 'name'?"],
  },
  // An escape sequence in a key never reaches the terminal raw.
  { fixture: 'key-escape-character', exit: 1, diagnostics: [['schema', 'partners.yaml', 7, 3]], messages: ["unknown key '<U+001B>[2Jx' in partner 'library': it holds a control character, U+001B (escape), at the start"] },

  // Half-finished initiatives.
  {
    fixture: 'only-initiative',
    exit: 1,
    diagnostics: [['missing-file', 'agenda.yaml', 1, 1], ['missing-file', 'indicators.yaml', 1, 1], ['missing-file', 'partners.yaml', 1, 1]],
  },
  { fixture: 'no-initiative', exit: 1, diagnostics: [['missing-file', 'initiative.yaml', 1, 1]], messages: ['initiative.yaml is missing'] },
  {
    fixture: 'empty-files',
    exit: 1,
    diagnostics: ['activities', 'agenda', 'indicators', 'initiative', 'meetings', 'partners'].map((k) => ['schema', `${k}.yaml`, 1, 1] as Expected),
    messages: Array(6).fill('the file is empty; it should hold'),
  },
  { fixture: 'comment-only', exit: 1, diagnostics: [['schema', 'meetings.yaml', 1, 1]], messages: ['the file is empty; it should hold a mapping with series and meetings lists'] },
  { fixture: 'bom-only', exit: 1, diagnostics: [['schema', 'meetings.yaml', 1, 1]], messages: ['the file is empty'] },
  {
    // `goals:` with no list: the goal everything names is gone, so the references say so.
    fixture: 'goals-empty',
    exit: 1,
    diagnostics: [['schema', 'agenda.yaml', 2, 7], ['unknown-reference', 'activities.yaml', 3, 9], ['unknown-reference', 'indicators.yaml', 3, 9]],
    messages: ['goals should be a list, not an empty value'],
  },
  { fixture: 'indicators-null', exit: 1, diagnostics: [['schema', 'activities.yaml', 7, 15]], messages: ["indicators in activity 'summer-reading' should be a list, not an empty value"] },

  // Nonsense values.
  { fixture: 'date-month-13', exit: 1, diagnostics: [['invalid-date', 'activities.yaml', 8, 34]], messages: ["due '2025-13-01'"], hints: ['months run from 01 to 12'] },
  { fixture: 'date-feb-30', exit: 1, diagnostics: [['invalid-date', 'meetings.yaml', 9, 11]], messages: ["date '2025-02-30' in meeting '2025-10-steering' is not a real date"], hints: ['February 2025 has 28 days'] },
  { fixture: 'date-feb-30-quoted', exit: 1, diagnostics: [['invalid-date', 'meetings.yaml', 9, 11]], messages: ["date '2025-02-30'"], hints: ['February 2025 has 28 days'] },
  { fixture: 'date-timestamp', exit: 1, diagnostics: [['schema', 'meetings.yaml', 9, 11]], messages: ["should be a date like 2025-10-15, not '2025-10-15T09:00:00Z'"] },
  { fixture: 'date-slashes', exit: 1, diagnostics: [['schema', 'meetings.yaml', 9, 11]], messages: ["not '15/10/2025'"] },
  { fixture: 'period-q5', exit: 1, diagnostics: [['period-format', 'indicators.yaml', 9, 17]], messages: ["period '2025-Q5', which is not a period"] },
  { fixture: 'duration-negative', exit: 1, diagnostics: [['schema', 'meetings.yaml', 10, 15]], messages: ["duration in meeting '2025-10-steering' should be at least 1, not -30"] },
  { fixture: 'version-quoted', exit: 1, diagnostics: [['schema', 'initiative.yaml', 1, 10]], messages: ["version should be a whole number, not '1'"], hints: ['remove the quotes: a number is written without them'] },
  // YAML 1.2: yes, on, no, NO are text.
  { fixture: 'norway-names', exit: 0, diagnostics: [] },
  { fixture: 'name-true', exit: 1, diagnostics: [['schema', 'partners.yaml', 2, 9]], messages: ["name in partner 'schools' should be text, not true"] },

  // YAML tricks.
  { fixture: 'deep-flow', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 7, 80]], messages: ['more than 64 levels deep'] },
  // 20,000 nested "- " on one line: measured before the parser recurses, so the position does not depend on the stack.
  { fixture: 'deep-block', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 8, 129]], messages: ['more than 64 levels deep'] },
  { fixture: 'anchors-legit', exit: 0, diagnostics: [] },
  { fixture: 'alias-bomb-extension', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 1, 1]], messages: ['too many aliases'] },
  { fixture: 'alias-undefined', exit: 1, diagnostics: [['yaml-syntax', 'meetings.yaml', 4, 18]], messages: ['the alias *boss names no anchor &boss above it'] },
  { fixture: 'alias-recursive', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 7, 19]], messages: ['the alias *loop is inside the value anchored as &loop'] },
  {
    fixture: 'alias-duplicate-id',
    exit: 1,
    diagnostics: [['duplicate-id', 'partners.yaml', 4, 7], ['unknown-reference', 'activities.yaml', 5, 9], ['unknown-reference', 'meetings.yaml', 5, 24]],
    messages: ["partner id 'schools' is used twice"],
  },

  // Syntax slips.
  { fixture: 'glued-colon', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 5, 8]], messages: ["'name:' needs a space after the colon"], hints: ['write name: Eastside Library'] },
  { fixture: 'outdented-key', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 6, 1]], messages: ['this line is not indented like the lines around it'] },
  { fixture: 'dash-without-space', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 4, 2]], messages: ['a list item needs a space after its dash'], hints: ['write - id: library'] },
  { fixture: 'unclosed-bracket', exit: 1, diagnostics: [['yaml-syntax', 'meetings.yaml', 5, 14]], messages: ['the [ opened here is never closed with ]'] },
  { fixture: 'text-after-quote', exit: 1, diagnostics: [['yaml-syntax', 'partners.yaml', 5, 20]], messages: ['text follows the closing quote of a value'] },
];

/** The lines of a YAML file as Concert reads them (UTF-8 or UTF-16 with BOM; CRLF, LF or CR). */
function linesOf(path: string): string[] {
  const bytes = readFileSync(path);
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes).split(/\r\n|\r|\n/);
}

function expectInside(root: string, report: Report): void {
  for (const d of report.diagnostics) {
    expect(d.line, `${d.file}:${d.line}:${d.column}`).toBeGreaterThanOrEqual(1);
    expect(d.column, `${d.file}:${d.line}:${d.column}`).toBeGreaterThanOrEqual(1);
    if (d.code === 'missing-file' || d.code === 'yaml-too-large') continue;
    const lines = linesOf(join(root, d.file));
    expect(d.line, `${d.file}:${d.line}:${d.column} (${lines.length} lines)`).toBeLessThanOrEqual(lines.length);
    expect(d.column, `${d.file}:${d.line}:${d.column}`).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
  }
}

async function check(root: string, c: Case): Promise<void> {
  const r = await runCli(['validate', root, '--no-data', '--format', 'json']);
  const report = expectDiagnostics(r, c);
  expectInside(root, report);
}

describe('hostile corpus: concert validate on broken copies of valid-minimal', () => {
  test.each(cases.map((c) => [c.fixture, c] as const))('hostile-%s', async (_name, c) => {
    await check(FIXTURES + 'hostile-' + c.fixture, c);
  });
});

describe('hostile corpus: files too big to keep in the repository, made at run time', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const withTitle = (length: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'concert-hostile-'));
    made.push(dir);
    cpSync(FIXTURES + 'valid-minimal', dir, { recursive: true });
    const agenda = join(dir, 'agenda.yaml');
    writeFileSync(agenda, readFileSync(agenda, 'utf8').replace('title: Children read well by grade 3', 'title: ' + 'x'.repeat(length)));
    return dir;
  };

  test('a 1 MB title: the file is refused before parsing', async () => {
    await check(withTitle(1_000_001), {
      fixture: 'huge-title',
      exit: 1,
      diagnostics: [['yaml-too-large', 'agenda.yaml', 1, 1]],
      messages: ['YAML files are limited to 1,000,000 bytes (1 MB)'],
    });
  });

  test('a 900 kB title: read, and refused by the schema at the title', async () => {
    await check(withTitle(900_000), {
      fixture: 'long-title',
      exit: 1,
      diagnostics: [['schema', 'agenda.yaml', 4, 12]],
      messages: ["title in goal 'reading' is too long (at most 200 characters)"],
    });
  });
});

describe('hostile corpus: nonsense on the command line (exit 2, one line, no stack trace)', () => {
  const minimal = FIXTURES + 'valid-minimal';
  test.each([
    ['--format xml', ['validate', minimal, '--format', 'xml'], "argument 'xml' is invalid"],
    ['--today yesterday', ['validate', minimal, '--today', 'yesterday'], "--today 'yesterday'"],
    ['--today 2025-02-30', ['validate', minimal, '--today', '2025-02-30'], "--today '2025-02-30'"],
    ['--today 0001-01-01', ['validate', minimal, '--today', '0001-01-01'], 'outside the years 1900–9999'],
    ['report --period 2025Q3', ['report', minimal, '--period', '2025Q3', '--today', '2026-01-01'], "--period '2025Q3' is not a period"],
    ['an unknown flag', ['validate', minimal, '--bogus'], "unknown option '--bogus'"],
    ['a file instead of a folder', ['validate', minimal + '/partners.yaml'], 'is not a folder'],
    ['a folder that does not exist', ['validate', minimal + '-nope'], 'no such folder'],
  ])('%s', async (_name, argv, fragment) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
