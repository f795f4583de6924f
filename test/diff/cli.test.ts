/** `concert diff` end to end (SPEC 8.1): real git repositories built from a copy of the example. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, test } from 'vitest';
import type { Diff } from '../../src/core/diff/types.js';
import { EXAMPLE, FIXTURES, REPO, runCli } from '../helpers/run.js';
import { repoWith, type Repo } from './repo.js';

const TODAY = '2026-11-23';
const repos: Repo[] = [];
afterEach(() => repos.splice(0).forEach((r) => r.dispose()));

function example(sub = 'initiative'): Repo {
  const r = repoWith(EXAMPLE, sub);
  repos.push(r);
  return r;
}

async function diff(repo: Repo, ...args: string[]) {
  return runCli(['diff', repo.dir, '--today', TODAY, ...args], { cwd: repo.top });
}

async function json(repo: Repo, ...args: string[]): Promise<Diff> {
  const r = await diff(repo, '--format', 'json', ...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Diff;
}

const INDICATORS = 'indicators/kindergarten-ready.yaml';

describe('changes to the model', () => {
  test('a target moved: flagged, with both targets, and the entity field', async () => {
    const repo = example();
    repo.edit(INDICATORS, '- { period: SY2026-27, value: 55 }', '- { period: SY2026-27, value: 52 }');
    const d = await json(repo);
    expect(d.comparability).toEqual([
      { kind: 'target-moved', indicator: 'k-readiness', field: 'targets', from: { period: 'SY2026-27', value: 55 }, to: { period: 'SY2026-27', value: 52 } },
    ]);
    expect(d.entities).toEqual([
      {
        kind: 'indicator', id: 'k-readiness', change: 'changed',
        fields: [{ field: 'targets', from: [{ period: 'SY2026-27', value: 55 }, { period: 'SY2029-30', value: 65 }], to: [{ period: 'SY2026-27', value: 52 }, { period: 'SY2029-30', value: 65 }] }],
      },
    ]);
    expect(d.data).toEqual({ revised: [], added: [], removed: [] });
  });

  test('a target moved to another period, and one added', async () => {
    const repo = example();
    repo.edit(INDICATORS, '- { period: SY2029-30, value: 65 }', '- { period: SY2030-31, value: 65 }\n    - { period: SY2032-33, value: 70 }');
    const d = await json(repo);
    expect(d.comparability).toEqual([
      { kind: 'target-moved', indicator: 'k-readiness', field: 'targets', from: { period: 'SY2029-30', value: 65 }, to: { period: 'SY2030-31', value: 65 } },
      { kind: 'target-moved', indicator: 'k-readiness', field: 'targets', from: null, to: { period: 'SY2032-33', value: 70 } },
    ]);
  });

  test('a baseline changed', async () => {
    const repo = example();
    repo.edit(INDICATORS, 'baseline: { period: SY2022-23, value: 44.0 }', 'baseline: { period: SY2022-23, value: 46.0 }');
    const d = await json(repo);
    expect(d.comparability).toEqual([
      { kind: 'baseline-changed', indicator: 'k-readiness', field: 'baseline', from: { period: 'SY2022-23', value: 44 }, to: { period: 'SY2022-23', value: 46 } },
    ]);
    expect(d.entities[0]!.fields).toEqual([{ field: 'baseline.value', from: 44, to: 46 }]);
  });

  test('a definition changed, and the unit with it', async () => {
    const repo = example();
    repo.edit(INDICATORS, 'domains of the State Kindergarten Readiness Assessment.', 'domains of the new state screener.');
    const d = await json(repo);
    expect(d.comparability.map((f) => [f.kind, f.field])).toEqual([['definition-changed', 'definition']]);
    expect(d.comparability[0]!.to).toBe('Share of incoming kindergartners who meet expectations in all four domains of the new state screener.');
  });

  test('an indicator renamed: removed and added, flagged as removed with its data', async () => {
    const repo = example();
    for (const path of [INDICATORS, 'activities/prek-expansion.yaml', 'data/eastside-schools/prek-seats.csv', 'data/head-start/prek-seats.csv', 'data/ymca/prek-seats.csv']) {
      repo.edit(path, /prek-seats\b/g, 'prek-seats-filled');
    }
    const d = await json(repo);
    expect(d.entities.filter((e) => e.kind === 'indicator')).toEqual([
      { kind: 'indicator', id: 'prek-seats', change: 'removed', fields: [] },
      { kind: 'indicator', id: 'prek-seats-filled', change: 'added', fields: [] },
    ]);
    expect(d.entities.find((e) => e.kind === 'activity')).toMatchObject({ id: 'prek-expansion', change: 'changed', fields: [{ field: 'indicators' }] });
    const flag = d.comparability.find((f) => f.kind === 'indicator-removed-with-data');
    expect(flag).toMatchObject({ indicator: 'prek-seats', field: 'data', to: null });
    expect(flag!.from).toBeGreaterThan(0);
    expect(d.data.removed.length).toBe(flag!.from);
    expect(d.data.added.length).toBe(flag!.from);
    expect(new Set(d.data.added.map((f) => f.indicator))).toEqual(new Set(['prek-seats-filled']));
    expect(d.data.revised).toEqual([]);
  });

  test('a file moved between a single file and a folder reports no change', async () => {
    const repo = example();
    // partners.yaml → partners/<id>.yaml, and indicators/ → indicators.yaml
    const partners = parse(repo.read('partners.yaml')) as { id: string }[];
    for (const p of partners) repo.write(`partners/${p.id}.yaml`, stringify(p));
    repo.remove('partners.yaml');
    const indicators = readdirSync(join(repo.dir, 'indicators')).sort().flatMap((f) => parse(repo.read(`indicators/${f}`)) as unknown[]);
    repo.remove('indicators');
    repo.write('indicators.yaml', stringify(indicators.reverse()));
    const d = await json(repo);
    expect({ ...d, from: null, to: null }).toEqual({ from: null, to: null, entities: [], comparability: [], data: { revised: [], added: [], removed: [] }, statuses: [] });
    const md = await diff(repo);
    expect(md.stdout).toMatch(/^\*\*Concert:\*\* no change to Eastside Learns between `[0-9a-f]{7}` \(merge-base of HEAD and main\) and the working tree\.\n$/);
  });
});

describe('changes to the data', () => {
  test('a value revised by a partner: both values, the partner and the groups', async () => {
    const repo = example();
    repo.edit('data/eastside-schools/sy2024-25.csv', 'k-readiness,SY2024-25,black,,213,462,46.1', 'k-readiness,SY2024-25,black,,223,462,48.3');
    repo.edit('data/ymca/prek-seats.csv', 'prek-seats,2024-Q1,42', 'prek-seats,2024-Q1,44');
    const d = await json(repo);
    expect(d.data.revised).toEqual([
      { indicator: 'k-readiness', period: 'SY2024-25', partner: 'eastside-schools', groups: { 'race-ethnicity': 'black' }, from: 46.1, to: 48.3 },
      { indicator: 'prek-seats', period: '2024-Q1', partner: 'ymca', groups: {}, from: 42, to: 44 },
    ]);
    expect(d.data.added).toEqual([]);
    expect(d.data.removed).toEqual([]);
    expect(d.entities).toEqual([]);
  });

  test('a new data drop: its figures added', async () => {
    const repo = example();
    repo.write('data/ymca/prek-seats-2026-q4.csv', 'indicator,period,value\nprek-seats,2026-Q4,75\n');
    const d = await json(repo);
    expect(d.data.added).toEqual([{ indicator: 'prek-seats', period: '2026-Q4', partner: 'ymca', groups: {}, value: 75 }]);
    expect(d.data.revised).toEqual([]);
    expect(d.data.removed).toEqual([]);
  });

  test('a revised total changes a status at the period', async () => {
    const repo = example();
    repo.edit('data/head-start/prek-seats.csv', 'prek-seats,2026-Q3,565,', 'prek-seats,2026-Q3,0,');
    const d = await json(repo, '--period', '2026-Q3');
    expect(d.statuses.length).toBe(1);
    expect(d.statuses[0]).toMatchObject({ indicator: 'prek-seats' });
    expect(d.statuses[0]!.from).not.toBe(d.statuses[0]!.to);
  });
});

describe('revisions', () => {
  test('the working tree is --to by default (uncommitted changes count); --to HEAD is the last commit', async () => {
    const repo = example();
    repo.edit('data/ymca/prek-seats.csv', 'prek-seats,2024-Q1,42', 'prek-seats,2024-Q1,44');
    const worktree = await json(repo, '--from', 'HEAD');
    expect(worktree.to).toEqual({ ref: 'working tree', commit: null });
    expect(worktree.data.revised.length).toBe(1);
    const head = repo.git('rev-parse', 'HEAD').trim();
    const committed = await json(repo, '--from', 'HEAD', '--to', 'HEAD');
    expect(committed.from).toEqual({ ref: 'HEAD', commit: head });
    expect(committed.data.revised).toEqual([]);
    // A clean working tree is read in place for --to HEAD; an untracked drop makes it unclean.
    repo.commit('revise a figure');
    const clean = await json(repo, '--from', 'HEAD~1', '--to', 'HEAD');
    expect(clean.data.revised.length).toBe(1);
    repo.write('data/ymca/prek-seats-2026-q4.csv', 'indicator,period,value\nprek-seats,2026-Q4,75\n');
    const untracked = await json(repo, '--from', 'HEAD~1', '--to', 'HEAD');
    expect(untracked).toEqual(clean);
    expect((await json(repo, '--from', 'HEAD~1')).data.added.length).toBe(1);
  });

  test('--from defaults to the merge-base with main; two commits compared by ref', async () => {
    const repo = example();
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-q', '-b', 'revise');
    repo.edit('data/ymca/prek-seats.csv', 'prek-seats,2024-Q1,42', 'prek-seats,2024-Q1,44');
    const first = repo.commit('revise a figure');
    repo.edit(INDICATORS, '- { period: SY2026-27, value: 55 }', '- { period: SY2026-27, value: 52 }');
    repo.commit('move a target');
    const d = await json(repo);
    expect(d.from).toEqual({ ref: 'merge-base of HEAD and main', commit: base });
    expect(d.data.revised.length).toBe(1);
    expect(d.comparability.length).toBe(1);
    const between = await json(repo, '--from', first, '--to', 'revise');
    expect(between.from).toEqual({ ref: first, commit: first });
    expect(between.data.revised).toEqual([]);
    expect(between.comparability.map((f) => f.kind)).toEqual(['target-moved']);
  });

  test('the initiative at the top of its repository', async () => {
    const repo = example('');
    repo.edit('data/ymca/prek-seats.csv', 'prek-seats,2024-Q1,42', 'prek-seats,2024-Q1,44');
    expect((await json(repo)).data.revised.length).toBe(1);
    expect((await json(repo, '--from', 'HEAD', '--to', 'HEAD')).data.revised).toEqual([]);
    repo.commit('revise');
    expect((await json(repo, '--from', 'HEAD~1', '--to', 'HEAD')).data.revised.length).toBe(1);
  });

  test.each([
    [['--from', 'no-such-branch'], "--from 'no-such-branch' names no commit"],
    [['--to', 'v9.9'], "--to 'v9.9' names no commit"],
    [['--from', '--output=x'], 'is not a git revision'],
    [['--period', 'Q3 2025'], "--period 'Q3 2025' is not a period"],
  ])('a bad ref or flag exits 2 with one line: %j', async (args, message) => {
    const repo = example();
    const r = await diff(repo, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stdout).toBe('');
  });

  test('a folder outside any git repository exits 2', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'concert-norepo-'));
    try {
      cpSync(EXAMPLE, join(outside, 'x'), { recursive: true });
      const r = await runCli(['diff', 'x', '--today', TODAY], { cwd: outside });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('concert: x is not in a git repository: concert diff compares revisions of the folder\n');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('a folder that did not exist at --from exits 2', async () => {
    const repo = example();
    repo.write('../elsewhere/initiative.yaml', 'version: 1\n');
    const r = await runCli(['diff', 'elsewhere', '--from', 'HEAD', '--today', TODAY], { cwd: repo.top });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^concert: elsewhere holds no files at HEAD \([0-9a-f]{7}\): nothing to compare\n$/);
  });
});

describe('a side with validation errors', () => {
  test('exit 1, each error named with its side', async () => {
    const repo = example();
    repo.edit(INDICATORS, 'goal: kindergarten-ready\n', 'goal: kindergarten-redy\n');
    const broken = repo.commit('a typo').slice(0, 7);
    repo.edit(INDICATORS, 'goal: kindergarten-redy\n', 'goal: kindergarten-ready\n');
    repo.edit('data/ymca/prek-seats.csv', 'prek-seats,2024-Q1,42', 'prek-seats,2024-Q1,forty');
    const r = await diff(repo, '--from', 'HEAD');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const from = r.stderr.indexOf(`concert: in --from (${broken}, HEAD):`);
    const to = r.stderr.indexOf('concert: in --to (working tree):');
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    expect(r.stderr.slice(from, to)).toContain("'kindergarten-redy'");
    expect(r.stderr.slice(from, to)).not.toContain('forty');
    expect(r.stderr.slice(to)).toContain("'forty' is not a plain number");
    expect(r.stderr.slice(to)).toContain('initiative/data/ymca/prek-seats.csv');
    expect(r.stderr).toContain('the diff was not computed');
  });
});

describe('the pull-request comment (md)', () => {
  async function changed(): Promise<Repo> {
    const repo = example();
    repo.edit(INDICATORS, '- { period: SY2026-27, value: 55 }', '- { period: SY2026-27, value: 52 }');
    repo.edit(INDICATORS, 'domains of the State Kindergarten Readiness Assessment.', 'domains of the new state screener.');
    repo.edit('data/head-start/prek-seats.csv', 'prek-seats,2026-Q3,565,', 'prek-seats,2026-Q3,0,');
    repo.edit('partners.yaml', 'name: Eastside Public Schools', 'name: "Eastside | Public <Schools>"');
    return repo;
  }

  test('most important first: goalposts, measures, statuses, then one summary line, then details', async () => {
    const repo = await changed();
    const { code, stdout } = await diff(repo, '--period', '2026-Q3');
    expect(code).toBe(0);
    const at = (s: string) => {
      const i = stdout.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('**Concert diff** of Eastside Learns between `'),
      at('⚠ **The goalposts moved:**'),
      at('- **Kindergarten readiness** (`k-readiness`): target for SY2026-27 moved from 55.0% to 52.0%'),
      at('⚠ **Measured differently:**'),
      at('- **Kindergarten readiness** (`k-readiness`): definition changed'),
      at('**Statuses that change at 2026-Q3:**'),
      at('2 entities (2 changed); data: 1 figure revised, 0 added, 0 removed; 2 status changes.'),
      at('<details>\n<summary>Entities (2)</summary>'),
      at('<summary>Data revised (1)</summary>'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Table cells are escaped: a | in a name does not break the table, nor does HTML pass through.
    expect(stdout).toContain('| partner | `eastside-schools` | changed | name | Eastside Public Schools | Eastside \\| Public &lt;Schools&gt; |');
    expect(stdout).toContain('| `prek-seats` | 2026-Q3 | `head-start` | total | 565 | 0 |');
  });

  test('deterministic: the same revisions give the same bytes, md and json', async () => {
    const repo = await changed();
    for (const format of ['md', 'json']) {
      const a = await diff(repo, '--format', format);
      const b = await diff(repo, '--format', format);
      expect(a.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  test('--out writes the comment; no temporary folder is left behind', async () => {
    const repo = await changed();
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('concert-diff-'));
    const out = join(repo.top, 'comment.md');
    const r = await diff(repo, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('The goalposts moved');
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('concert-diff-'))).toEqual(before);
    // also after a failure
    await diff(repo, '--from', 'HEAD', '--to', 'HEAD', '--format', 'json');
    repo.edit(INDICATORS, 'goal: kindergarten-ready\n', 'goal: nowhere\n');
    expect((await diff(repo, '--from', 'HEAD')).code).toBe(1);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('concert-diff-'))).toEqual(before);
  });
});

// The built command loads --from in a worker thread (vitest runs the TypeScript sources, which load both sides in one thread).
describe.skipIf(!existsSync(join(REPO, 'dist/core/diff/load-worker.js')))('the built command', () => {
  const bin = (repo: Repo, ...args: string[]) => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/concert.js'), 'diff', repo.dir, '--today', TODAY, '--format', 'json', ...args], { cwd: repo.top, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('says what the in-process run says, byte for byte', async () => {
    const repo = example();
    repo.edit(INDICATORS, '- { period: SY2026-27, value: 55 }', '- { period: SY2026-27, value: 52 }');
    repo.edit('data/head-start/prek-seats.csv', 'prek-seats,2026-Q3,565,', 'prek-seats,2026-Q3,0,');
    repo.edit('data/eastside-schools/sy2024-25.csv', 'k-readiness,SY2024-25,black,,213,462,46.1', 'k-readiness,SY2024-25,black,,223,462,48.3');
    const inProcess = await diff(repo, '--format', 'json');
    const built = bin(repo);
    expect(built.code).toBe(0);
    expect(built.stdout).toBe(inProcess.stdout);
  });

  test('hides suppressed figures, errors name their side, a bad ref exits 2', () => {
    const repo = repoWith(join(FIXTURES, 'data-valid'));
    repos.push(repo);
    repo.edit('data/library/seats.csv', 'seats,2025-Q1,other,5', 'seats,2025-Q1,other,6');
    const ok = bin(repo);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).data.revised).toContainEqual({ indicator: 'seats', period: '2025-Q1', partner: 'library', groups: { race: 'other' }, from: 'suppressed', to: 'suppressed' });
    repo.edit('data/library/seats.csv', 'seats,2025-Q1,other,6', 'seats,2025-Q1,other,six');
    repo.commit('a typo');
    const bad = bin(repo, '--from', 'HEAD', '--to', 'HEAD');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/concert: in --from \([0-9a-f]{7}, HEAD\):[^]*'six' is not a plain number[^]*concert: in --to \([0-9a-f]{7}, HEAD\):/);
    expect(bin(repo, '--from', 'nope').code).toBe(2);
  });
});

describe('the example comment (examples/eastside-learns/reports/diff-example.md)', () => {
  test('is what the recipe in docs/diff.md prints today (commit ids aside)', async () => {
    const repo = example('eastside-learns');
    repo.remove('reports');
    repo.commit('without the rendered reports');
    repo.edit(INDICATORS, '{ period: SY2026-27, value: 55 }', '{ period: SY2026-27, value: 52 }');
    repo.edit('data/eastside-tutors/tutoring-students.csv', /^tutoring-students,2026-Q3,335$/m, 'tutoring-students,2026-Q3,255');
    const r = await diff(repo);
    expect(r.code).toBe(0);
    const mask = (s: string) => s.replace(/`[0-9a-f]{7}`/g, '`0000000`');
    expect(mask(r.stdout)).toBe(mask(readFileSync(join(EXAMPLE, 'reports/diff-example.md'), 'utf8')));
  });

  test("README's \"Reviewing a change\" shows its first lines as they are", () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Reviewing a change'));
    const block = /```md\n([^]*?)```/.exec(section)![1]!;
    expect(readFileSync(join(EXAMPLE, 'reports/diff-example.md'), 'utf8').startsWith(block)).toBe(true);
  });
});
