/**
 * Regressions, each reproduced as a user meets it: `concert validate <fixture> --format json` (or
 * `concert data status`) through main() in-process, checking the exit code and each diagnostic's
 * code and position. Fixtures are test/fixtures/bug-*; what git cannot hold (links) is made in a
 * temporary copy.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';
import { expectDiagnostics, type Expected } from '../helpers/diagnostics.js';


interface Case {
  name: string;
  /** A fixture name, or a function making the folder to validate. */
  fixture: string | (() => string);
  exit: number;
  /** Exactly these diagnostics (order-insensitive), by code and position. */
  diagnostics: Expected[];
  /** Optional: a fragment each message (in order of `diagnostics`) must contain. */
  messages?: (string | undefined)[];
  hints?: (string | undefined)[];
  args?: string[];
}

interface Report {
  valid: boolean;
  errors: number;
  warnings: number;
  diagnostics: { code: string; file: string; line: number; column: number; message: string; hint?: string; severity: string }[];
}

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
/** A temporary copy of a fixture. */
const copy = (fixture: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'concert-regression-'));
  temps.push(dir);
  cpSync(FIXTURES + fixture, dir, { recursive: true });
  return dir;
};

const TODAY = ['--today', '2025-11-15'];

const cases: Case[] = [
  // 1. A list item that is not a mapping is a schema error, and its id (unknowable) cascades nowhere.
  {
    name: 'partners that are not mappings (`- schools`, a bare `-`): one schema error each, no unknown-reference',
    fixture: 'bug-partner-not-mapping',
    args: ['--no-data'],
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 1, 3], ['schema', 'partners.yaml', 5, 2]],
    messages: ["partner 1 should be a mapping (key: value lines), not 'schools'", 'partner 3 should be a mapping (key: value lines), not an empty value'],
  },
  {
    name: 'partners that are not mappings: no data-unknown-partner, data-missing or indicator-without-data from them',
    fixture: 'bug-partner-not-mapping',
    args: TODAY,
    exit: 1,
    diagnostics: [['schema', 'partners.yaml', 1, 3], ['schema', 'partners.yaml', 5, 2]],
  },
  // 2. No cascades from a kind that could not be read whole.
  {
    name: 'activities.yaml does not parse: only the syntax error, no coverage warnings',
    fixture: 'bug-activities-alias',
    args: ['--no-data'],
    exit: 1,
    diagnostics: [['yaml-syntax', 'activities.yaml', 5, 9]],
    messages: ['the alias *lib names no anchor &lib above it'],
  },
  {
    name: 'indicators.yaml does not parse: no data-unknown-indicator, goal-without-indicator or partner-without-role',
    fixture: 'bug-indicators-unparsable',
    args: TODAY,
    exit: 1,
    diagnostics: [['yaml-syntax', 'indicators.yaml', 2, 9]],
    messages: ['the quote " opened here is never closed'],
  },
  {
    name: 'dimensions.yaml does not parse: no data-unknown-column, and no data-conflict from group rows that lost their dimension',
    fixture: 'bug-dimensions-unparsable',
    args: TODAY,
    exit: 1,
    diagnostics: [
      ['goal-without-activity', 'agenda.yaml', 2, 9], ['yaml-syntax', 'dimensions.yaml', 5, 27],
      ['data-missing', 'indicators.yaml', 17, 15], ['data-missing', 'indicators.yaml', 17, 24],
    ],
  },
  // 7. Days counted in words that agree with the number.
  ...[['2026-11-15', '1 day ago'], ['2026-11-23', '9 days ago']].map(([today, ago]): Case => ({
    name: `a drop missing on ${today!}: "${ago!}"`,
    fixture: () => EXAMPLE,
    args: ['--today', today!],
    exit: 0,
    diagnostics: [['data-missing', 'indicators/kindergarten-ready.yaml', 40, 45]],
    messages: [`(due 2026-11-14, ${ago!})`],
  })),
  {
    name: 'partners.yaml does not parse: no data-unattributed for the partner folders, and no data-conflict between them',
    fixture: 'bug-partners-unparsable',
    args: TODAY,
    exit: 1,
    diagnostics: [['goal-without-activity', 'agenda.yaml', 2, 9], ['yaml-syntax', 'partners.yaml', 2, 24]],
  },
  {
    name: 'initiative.yaml does not parse: no period-type-mismatch for the commentary and no data-missing, both judged on default settings',
    fixture: 'bug-initiative-unparsable',
    args: ['--today', '2026-11-23'],
    exit: 1,
    diagnostics: [['indicator-without-data', 'indicators.yaml', 1, 3], ['yaml-syntax', 'initiative.yaml', 7, 1]],
  },
  {
    name: 'indicators.yaml is missing: only missing-file (with its usual hint)',
    fixture: 'bug-indicators-missing',
    args: TODAY,
    exit: 1,
    diagnostics: [['missing-file', 'indicators.yaml', 1, 1]],
    messages: ['indicators.yaml is missing'],
    hints: ['create indicators.yaml (a list) or a folder indicators/ of YAML files'],
  },
  // 3. A folder link inside a collection folder that leads back into what is read is refused.
  {
    name: 'links to the collection folder, an ancestor, or a folder read already are unreadable-file, not followed',
    fixture: () => {
      const dir = copy('partners-folder');
      mkdirSync(join(dir, 'partners/sub'));
      renameSync(join(dir, 'partners/schools.yaml'), join(dir, 'partners/sub/schools.yaml'));
      // a link to a folder elsewhere in the initiative is still read: library is found there
      mkdirSync(join(dir, 'more-partners'));
      renameSync(join(dir, 'partners/library.yaml'), join(dir, 'more-partners/library.yaml'));
      symlinkSync('../more-partners', join(dir, 'partners/more'));
      symlinkSync('..', join(dir, 'partners/loop'));
      symlinkSync('.', join(dir, 'partners/self'));
      symlinkSync('sub', join(dir, 'partners/again'));
      return dir;
    },
    args: ['--no-data'],
    exit: 1,
    diagnostics: [['unreadable-file', 'partners/again', 1, 1], ['unreadable-file', 'partners/loop', 1, 1], ['unreadable-file', 'partners/self', 1, 1]],
    messages: [
      'cannot read partners/again: this link leads back into partners/sub/, which is read already; it is not followed',
      'cannot read partners/loop: this link leads back into the initiative folder, which holds partners/ (a loop); it is not followed',
      'cannot read partners/self: this link leads back into partners/ itself (a loop); it is not followed',
    ],
  },
  // 6. Not an initiative at all: the missing files, and one hint to start one.
  {
    name: 'a folder with no initiative files: four missing-file, the first hints at concert init',
    fixture: 'bug-not-an-initiative',
    exit: 1,
    diagnostics: [['missing-file', 'agenda.yaml', 1, 1], ['missing-file', 'indicators.yaml', 1, 1], ['missing-file', 'initiative.yaml', 1, 1], ['missing-file', 'partners.yaml', 1, 1]],
    hints: [
      'this folder holds no initiative files; run `concert init <dir>` to start one',
      'create indicators.yaml (a list) or a folder indicators/ of YAML files',
      'create initiative.yaml (concert init writes a starting point)',
      'create partners.yaml (a list) or a folder partners/ of YAML files',
    ],
  },
  {
    name: 'an empty folder: the same',
    fixture: () => {
      const dir = mkdtempSync(join(tmpdir(), 'concert-regression-empty-'));
      temps.push(dir);
      return dir;
    },
    exit: 1,
    diagnostics: [['missing-file', 'agenda.yaml', 1, 1], ['missing-file', 'indicators.yaml', 1, 1], ['missing-file', 'initiative.yaml', 1, 1], ['missing-file', 'partners.yaml', 1, 1]],
    hints: ['this folder holds no initiative files; run `concert init <dir>` to start one'],
  },
  {
    name: 'only some files missing: no init hint',
    fixture: 'hostile-only-initiative',
    args: ['--no-data'],
    exit: 1,
    diagnostics: [['missing-file', 'agenda.yaml', 1, 1], ['missing-file', 'indicators.yaml', 1, 1], ['missing-file', 'partners.yaml', 1, 1]],
    hints: ['create agenda.yaml (concert init writes a starting point)'],
  },
];

describe('concert validate: regressions', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = typeof c.fixture === 'string' ? FIXTURES + c.fixture : c.fixture();
    const r = await runCli(['validate', dir, '--format', 'json', ...(c.args ?? [])]);
    expectDiagnostics(r, c);
  });

  test('1. before the fix: a `- schools` partner cascaded into unknown-reference errors', async () => {
    const r = await runCli(['validate', FIXTURES + 'bug-partner-not-mapping', '--no-data', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.diagnostics.filter((d) => d.code === 'unknown-reference')).toEqual([]);
  });
});

describe('--today that is not a real date (4)', () => {
  test.each([
    ['2025-02-30', "concert: --today '2025-02-30' is not a date: February 2025 has 28 days\n"],
    ['2024-02-30', "concert: --today '2024-02-30' is not a date: February 2024 has 29 days\n"],
    ['2025-13-01', "concert: --today '2025-13-01' is not a date: months run from 01 to 12\n"],
    ['2025-04-00', "concert: --today '2025-04-00' is not a date: days in April 2025 run from 01 to 30\n"],
    ['2025-4-1', "concert: --today '2025-4-1' is not a date of the form YYYY-MM-DD\n"],
  ])('--today %s', async (today, stderr) => {
    const r = await runCli(['validate', FIXTURES + 'valid-minimal', '--no-data', '--format', 'json', '--today', today]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(stderr);
  });
});

describe('data status when nothing is expected (5)', () => {
  test.each([
    [
      'a period before the initiative started',
      'membership', ['--today', '2025-11-15', '--period', '2023-Q3'],
      'Nothing is expected for 2023-Q3 (today 2025-11-15): the initiative started on 2024-01-01, after 2023-Q3 ended.\n',
    ],
    [
      'the default period of an initiative that has not started, asked for a year before it',
      'membership-before-start', ['--today', '2025-11-15', '--period', '2025'],
      'Nothing is expected for 2025 (today 2025-11-15): the initiative started on 2026-01-01, after 2025-Q4 ended.\n',
    ],
    [
      'no reporter a member in the period',
      'bug-status-no-members', ['--today', '2025-11-15', '--period', '2025-Q2'],
      'Nothing is expected for 2025-Q2 (today 2025-11-15): no reporter was a member then (library left on 2024-12-31, ymca joined on 2025-11-01).\n',
    ],
    [
      'no reporter a member in the latest due period',
      'bug-status-no-members', ['--today', '2025-11-15'],
      'Nothing is expected for 2025-Q3 (today 2025-11-15): no reporter was a member then (library left on 2024-12-31, ymca joined on 2025-11-01).\n',
    ],
    [
      'no indicator names reporters',
      'bug-status-no-reporters', ['--today', '2025-11-15', '--period', '2025-Q2'],
      'No reporting duties: no indicator names reporters (today 2025-11-15).\n',
    ],
  ])('%s', async (_name, fixture, args, stdout) => {
    const r = await runCli(['data', 'status', FIXTURES + fixture, ...args]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(stdout);
    expect(r.code).toBe(0);
  });

  test('the JSON output is unchanged: no rows', async () => {
    const r = await runCli(['data', 'status', FIXTURES + 'bug-status-no-members', '--today', '2025-11-15', '--period', '2025-Q2', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ today: '2025-11-15', period: '2025-Q2', expected: 0, received: 0, missing: 0, rows: [] });
  });
});
