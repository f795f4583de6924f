/**
 * SPEC 6.1 "The story behind the curve": commentary/<period>.yaml is validated (file name, schema,
 * references) and shown in the report under its indicator or goal; off-track and regressing
 * indicators without one are listed ("No story yet for: …").
 */
import { describe, expect, test } from 'vitest';
import { expectDiagnostics, type DiagnosticCase } from '../helpers/diagnostics.js';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const VALID = FIXTURES + 'commentary-valid';
const AT = ['--today', '2025-12-31', '--period', '2025-Q3'];
const FILE = 'commentary/2025-Q3.yaml';

const cases: [fixture: string, c: DiagnosticCase][] = [
  ['commentary-valid', { exit: 0, diagnostics: [] }],
  [
    'commentary-unknown-reference',
    {
      exit: 1,
      diagnostics: [['unknown-reference', FILE, 1, 14], ['unknown-reference', FILE, 2, 11], ['unknown-reference', FILE, 4, 9], ['duplicate-id', FILE, 8, 14]],
      messages: [
        "commentary/2025-Q3.yaml has a commentary on indicator 'reading-levels', which is not an indicator",
        "the commentary on indicator 'reading-levels' names author 'libary', which is not a partner",
        "has a commentary on goal 'writing', which is not a goal of the agenda",
        "the commentary on indicator 'absence' appears twice for 2025-Q3",
      ],
      hints: ["did you mean 'reading-level'?", "did you mean 'library'?", undefined, 'merge the two entries into one'],
    },
  ],
  [
    'commentary-period-format',
    {
      exit: 1,
      diagnostics: [['misnamed-file', 'commentary.yaml', 1, 1], ['period-format', 'commentary/2025-Q5.yaml', 1, 1], ['period-type-mismatch', 'commentary/2025.yaml', 1, 1]],
      messages: ['the layout name is commentary/<period>.yaml', "'2025-Q5' is not one of the period forms", 'is named for a year period, but reports are by quarter'],
      hints: [undefined, 'name the file for the report period it is about: a quarter like 2025-Q3 (initiative.period is quarter), e.g. commentary/2025-Q3.yaml', undefined],
      severities: ['warning', 'error', 'error'],
    },
  ],
  [
    'commentary-schema',
    {
      exit: 1,
      diagnostics: [['schema', FILE, 1, 3], ['schema', FILE, 2, 3], ['schema', FILE, 4, 3], ['schema', FILE, 6, 3], ['schema', FILE, 10, 12]],
      messages: [
        "the commentary on indicator 'reading-level' is missing the required field 'story'",
        "unknown key 'storey' in the commentary on indicator 'reading-level'",
        "the commentary on indicator 'absence' names both 'indicator' and 'goal'; keep one",
        "commentary entry 3 needs one of 'indicator' or 'goal'",
        "helping in the commentary on goal 'reading' should be a list or text, not 12",
      ],
      hints: [undefined, "did you mean 'story'?", 'write a separate entry for each', undefined, undefined],
    },
  ],
];

describe('concert validate: commentary files', () => {
  test.each(cases)('%s', async (fixture, c) => {
    expectDiagnostics(await runCli(['validate', FIXTURES + fixture, '--no-data', '--format', 'json']), c);
  });

  test('the example has commentary for its report period, and it is valid', async () => {
    const r = await runCli(['validate', EXAMPLE, '--format', 'json', '--today', '2026-11-23']);
    const out = JSON.parse(r.stdout) as { errors: number; diagnostics: { file: string }[] };
    expect(out.errors).toBe(0);
    expect(out.diagnostics.filter((d) => d.file.startsWith('commentary/'))).toEqual([]);
  });
});

describe('concert report: the story behind the curve', () => {
  test('json: commentary per indicator and per goal (the report period only), and the indicators without one', async () => {
    const r = await runCli(['report', VALID, ...AT, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    const byId = Object.fromEntries(m.indicators.map((i: { id: string }) => [i.id, i]));
    expect(byId['reading-level'].status).toBe('off-track');
    expect(byId['reading-level'].commentary).toEqual({
      story: 'Reading scores barely moved; the <new> phonics curriculum starts in January.',
      helping: ['Summer camps kept 300 children reading.'],
      hurting: ['Two | reading coaches left in August.'],
      nextSteps: ['Hire two coaches by December.'],
      author: 'library',
      authorName: 'Eastside | Library',
      file: FILE,
    });
    // 2025-Q2's story is not this report's
    expect(byId['library-visits'].status).toBe('regressing');
    expect(byId['library-visits'].commentary).toBeNull();
    expect(byId['absence'].commentary).toBeNull();
    expect(m.goals.map((g: { commentary: unknown }) => g.commentary)).toEqual([
      { story: 'Both reading indicators lag; the committee will review the strategy.', helping: [], hurting: [], nextSteps: [], author: null, authorName: null, file: FILE },
      null,
    ]);
    expect(m.withoutCommentary).toEqual(['library-visits']);

    const earlier = JSON.parse((await runCli(['report', VALID, '--today', '2025-12-31', '--period', '2025-Q2', '--format', 'json'])).stdout);
    expect(earlier.indicators.find((i: { id: string }) => i.id === 'library-visits').commentary.story).toBe('An older story that the 2025-Q3 report does not show.');
    expect(earlier.indicators.find((i: { id: string }) => i.id === 'reading-level').commentary).toBeNull();
  });

  test('md: the story under its indicator and goal, escaped; "No story yet for" names the others', async () => {
    const r = await runCli(['report', VALID, ...AT, '--format', 'md']);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain('**No story yet for:** Library visits. An off-track or regressing indicator needs the story behind its curve: add it to `commentary/2025-Q3.yaml`.');
    expect(md).toContain('**The story behind the curve** (by Eastside \\| Library): Reading scores barely moved; the &lt;new&gt; phonics curriculum starts in January.');
    expect(md).toContain('*What is helping:*\n\n- Summer camps kept 300 children reading.\n');
    expect(md).toContain('*What is hurting:*\n\n- Two \\| reading coaches left in August.\n');
    expect(md).toContain('*Next steps:*\n\n- Hire two coaches by December.\n');
    expect(md).toContain('**The story behind the curve**: Both reading indicators lag; the committee will review the strategy.');
    expect(md).not.toContain('An older story');
    // under the reading indicator, not the library one
    const reading = md.indexOf('### Readers at grade level');
    const visits = md.indexOf('### Library visits');
    const story = md.indexOf('Reading scores barely moved');
    expect(reading).toBeGreaterThan(-1);
    expect(story).toBeGreaterThan(reading);
    expect(story).toBeLessThan(visits > reading ? visits : Infinity);
  });

  test('html: the story in its own section, escaped; "No story yet for" links to the indicator', async () => {
    const r = await runCli(['report', VALID, ...AT, '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).toContain('<strong>No story yet for:</strong> <a href="#ind-library-visits">Library visits</a>.');
    expect(html).toMatch(/<section class="commentary" aria-label="The story behind the curve: [^"]+">/);
    expect(html).toContain('the &lt;new&gt; phonics curriculum');
    expect(html).not.toContain('<new>');
    expect(html).toContain('<ul class="hurting"><li>Two | reading coaches left in August.</li></ul>');
    expect(html).toContain('<span class="author">(by Eastside | Library)</span>');
  });

  test('every story told: no "No story yet" line', async () => {
    const r = await runCli(['report', EXAMPLE, '--today', '2026-11-23', '--format', 'json']);
    const m = JSON.parse(r.stdout);
    expect(m.period).toBe('2026-Q3');
    expect(m.withoutCommentary).toEqual([]);
    expect(m.indicators.find((i: { id: string }) => i.id === 'grade8-math').commentary.author).toBe('eastside-schools');
    expect(m.indicators.find((i: { id: string }) => i.id === 'college-enrollment').commentary.author).toBe('springfield-college');
    const md = (await runCli(['report', EXAMPLE, '--today', '2026-11-23'])).stdout;
    expect(md).not.toContain('No story yet');
    expect(md).toContain('**The story behind the curve** (by Springfield Community College)');
  });
});
