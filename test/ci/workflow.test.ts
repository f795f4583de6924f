/**
 * The workflow `concert init` writes (SPEC 8.2; issue 9 item 4): it runs as written, and it is a
 * valid workflow.
 *
 * How it runs here. Its own `run:` steps run as the runner runs them (bash -eo pipefail, with
 * GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT; see harness.ts), in order, job by job, for the
 * events that start each job. The `uses:` steps are replaced, each by what it would do:
 * - `concert-tools/concert@v<version>` (the Concert action at this version's tag) by the package
 *   as it is published: `npm pack` makes the tarball, npm installs it into a temporary prefix, and
 *   its `concert` bin, on PATH, runs the step's `command` in its `working-directory`, its output
 *   also written to `output-file` when the step names one (what action.yml does; the action
 *   itself is tested in action.test.ts);
 * - actions/checkout by the git repository the test makes with `concert init` (a pull request's
 *   checkout is its merge commit: here, the change committed on top of main);
 * - actions/upload-artifact by a look at the folder it would upload.
 * `gh` is a stub on PATH (gh-stub.cjs) that keeps the pull request's comments in a JSON file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACTION_REPOSITORY, DIFF_MARKER, workflowFile } from '../../src/core/init/workflow.js';
import { scaffold } from '../../src/core/init/scaffold.js';
import { REPO } from '../helpers/run.js';
import { baseEnv, removeTempDirs, runScript, substitute, substituteMap, tempDir, type Step, type StepRun } from './harness.js';

afterAll(removeTempDirs);

interface Job {
  if?: string;
  needs?: string | string[];
  'runs-on': string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const PKG = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string; repository?: { url?: string } };
const VERSION = PKG.version;
const CONCERT_ACTION = `${ACTION_REPOSITORY}@v${VERSION}`;
const TEXT = workflowFile();
const workflow = parse(TEXT) as Workflow;
const SCHEMAS = join(REPO, 'test/fixtures/schemas');

describe('the workflow file', () => {
  test('is what `concert init` writes', () => {
    expect(scaffold({ name: 'Riverbend Thrives', today: '2026-11-23' })['.github/workflows/concert.yml']).toBe(TEXT);
  });

  test('pins Concert: the action at the exact version that wrote it, from the repository package.json names', () => {
    expect(PKG.repository?.url).toBe(`git+https://github.com/${ACTION_REPOSITORY}.git`);
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    const concert = uses.filter((u) => u.startsWith(`${ACTION_REPOSITORY}@`));
    expect(concert.length).toBe(4);
    for (const u of concert) expect(u).toBe(CONCERT_ACTION);
    // GitHub's actions by full commit SHA, with the version in a comment on the same line.
    for (const u of uses.filter((u) => !u.startsWith(`${ACTION_REPOSITORY}@`))) {
      expect(u).toMatch(/^actions\/[\w-]+@[0-9a-f]{40}$/);
      expect(TEXT).toMatch(new RegExp(`uses: ${u} # v\\d+\\.\\d+\\.\\d+\\n`));
    }
    // Nothing unpinned, nothing from a registry, no end-of-life Node.
    expect(TEXT).not.toMatch(/npx|npm (install|i) |concert-ci|node-version: *20/);
    expect(TEXT).toContain(`"@v${VERSION}"`); // the comment that says how to upgrade
  });

  test('least privilege: read-only, but for the one job that comments on pull requests', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name === 'diff') expect(job.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
      else expect(job.permissions, name).toBeUndefined();
    }
    // No job checks out with credentials left behind for later steps.
    for (const job of Object.values(workflow.jobs)) {
      for (const s of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(s.with?.['persist-credentials']).toBe(false);
    }
  });

  test('validates with annotations; diffs pull requests with the whole history; uploads the scheduled report', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.jobs['validate']!.steps.find((s) => s.uses === CONCERT_ACTION)!.with!['command']).toBe('validate . --format github');
    const diff = workflow.jobs['diff']!;
    expect(diff.steps[0]!.with!['fetch-depth']).toBe(0);
    expect(diff.steps.find((s) => s.uses === CONCERT_ACTION)!.with!['command']).toMatch(/^diff \. .*--format md$/);
    expect(workflow.jobs['report']!.steps.at(-1)!.uses).toMatch(/^actions\/upload-artifact@/);
  });

  test('validates against the GitHub workflow schema (SchemaStore, vendored)', () => {
    const validate = schemaValidator('github-workflow.json');
    expect(validate(workflow), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema has teeth: the same file with a permission GitHub does not know fails.
    expect(validate({ ...workflow, permissions: { contents: 'maybe' } })).toBe(false);
    expect(validate({ ...workflow, jobs: { validate: { ...workflow.jobs['validate']!, 'runs-on': undefined } } })).toBe(false);
  });

  test("the repository's action.yml validates against the GitHub action schema (SchemaStore, vendored)", () => {
    const validate = schemaValidator('github-action.json');
    const action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as { runs: Record<string, unknown> };
    expect(validate(action), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(validate({ ...action, runs: { ...action.runs, using: 'composite-ish' } })).toBe(false);
  });
});

function schemaValidator(file: string) {
  // SchemaStore's schemas are draft-07: Ajv's default class (also its default export), not the
  // 2020-12 one. They use no `format`. Not strict: SchemaStore's schemas carry keywords of their own.
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8')) as object);
}

// ---------------------------------------------------------------------------------------------
// Running it.

const hasDist = existsSync(join(REPO, 'dist/cli/main.js'));

interface Context {
  /** The initiative's git repository: the checkout. */
  workspace: string;
  /** PATH with the packed package's bin and the gh stub first. */
  path: string;
  ghState: string;
  event: 'pull_request' | 'push' | 'schedule' | 'workflow_dispatch';
  values: Record<string, string>;
}

interface StepResult extends StepRun {
  step: Step;
  artifact?: string;
}

/** Whether a job's `if:` lets this event through (the file's conditions are all `github.event_name == '…'`, or-ed). */
function jobRuns(job: Job, event: string): boolean {
  if (job.if === undefined) return true;
  return job.if.split('||').some((clause) => {
    const m = /^\s*github\.event_name == '([a-z_]+)'\s*$/.exec(clause);
    if (!m) throw new Error(`the test cannot read the condition: ${job.if}`);
    return m[1] === event;
  });
}

/** The words of an action `command` (the file's commands use no quotes; the action's own splitting is tested in action.test.ts). */
function words(command: string): string[] {
  expect(command).not.toMatch(/["'\\]/);
  return command.split(/\s+/).filter(Boolean);
}

function runJob(name: string, ctx: Context): StepResult[] {
  const job = workflow.jobs[name]!;
  const runnerTemp = tempDir('runner-temp');
  const values = { ...ctx.values, 'runner.temp': runnerTemp };
  const env = (step: Step) =>
    baseEnv({ PATH: ctx.path, GITHUB_WORKSPACE: ctx.workspace, RUNNER_TEMP: runnerTemp, GITHUB_EVENT_NAME: ctx.event, GH_STUB_STATE: ctx.ghState, ...substituteMap(step.env, values) });
  const results: StepResult[] = [];
  let failed = false;
  for (const step of job.steps) {
    // A step with no condition runs only while all before it succeeded; the one condition the
    // file uses (on the comment step) is `!cancelled() && <same repository>`: true here.
    if (step.if !== undefined) expect(step.if).toBe('${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}');
    else if (failed) continue;
    const w = substituteMap(step.with, values);
    let r: StepResult;
    if (step.uses?.startsWith('actions/checkout@')) {
      r = { step, code: 0, stdout: '', stderr: '', outputs: {} };
    } else if (step.uses === CONCERT_ACTION) {
      const p = spawnSync('concert', words(w['command']!), { cwd: resolve(ctx.workspace, w['working-directory'] ?? '.'), env: env(step), encoding: 'utf8' });
      if (w['output-file']) writeFileSync(resolve(ctx.workspace, w['working-directory'] ?? '.', w['output-file']), p.stdout);
      r = { step, code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr, outputs: { 'exit-code': String(p.status) } };
    } else if (step.uses?.startsWith('actions/upload-artifact@')) {
      expect(w['if-no-files-found']).toBe('error');
      r = { step, code: existsSync(w['path']!) && readdirSync(w['path']!).length > 0 ? 0 : 1, stdout: '', stderr: '', outputs: {}, artifact: w['path']! };
    } else if (step.run !== undefined) {
      r = { step, ...runScript(substitute(step.run, values), { cwd: ctx.workspace, env: env(step) }) };
    } else {
      throw new Error(`the test does not know how to run ${step.uses}`);
    }
    results.push(r);
    if (r.code !== 0) failed = true;
  }
  return results;
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...baseEnv({}), GIT_AUTHOR_NAME: 'Data Manager', GIT_AUTHOR_EMAIL: 'data@riverbend.example', GIT_COMMITTER_NAME: 'Data Manager', GIT_COMMITTER_EMAIL: 'data@riverbend.example', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  expect(r.status, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} lacks ${from}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe.skipIf(!hasDist)('the workflow, run as written against the packed package', () => {
  let tmp = '';
  let ctx: Context;
  let base = '';

  beforeAll(() => {
    tmp = tempDir('workflow');
    // The package as published (dist/ as built: `npm test` builds first), installed as a user would.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: REPO, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = join(tmp, (JSON.parse(pack.stdout) as { filename: string }[])[0]!.filename);
    const prefix = join(tmp, 'prefix');
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { encoding: 'utf8', env: baseEnv({}) });
    expect(install.status, install.stderr).toBe(0);
    const stubs = join(tmp, 'stubs');
    mkdirSync(stubs);
    copyFileSync(join(REPO, 'test/ci/gh-stub.cjs'), join(stubs, 'gh'));
    chmodSync(join(stubs, 'gh'), 0o755);
    const path = `${stubs}:${join(prefix, 'bin')}:${process.env['PATH']}`;

    const version = spawnSync('concert', ['--version'], { env: baseEnv({ PATH: path }), encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(VERSION);

    // A coalition's repository: `concert init`, committed on main.
    const workspace = join(tmp, 'riverbend');
    const init = spawnSync('concert', ['init', workspace, '--name', 'Riverbend Thrives', '--today', '2026-11-23'], { env: baseEnv({ PATH: path }), encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    // The packed package writes the workflow this source writes (else dist/ is stale: npm run build).
    expect(readFileSync(join(workspace, '.github/workflows/concert.yml'), 'utf8')).toBe(TEXT);
    git(workspace, 'init', '--quiet', '--initial-branch=main');
    git(workspace, 'add', '--all');
    git(workspace, 'commit', '--quiet', '--message', 'A new initiative');
    base = git(workspace, 'rev-parse', 'HEAD');

    const ghState = join(tmp, 'gh-state.json');
    // Someone has already commented on the pull request; that comment is never touched.
    writeFileSync(ghState, JSON.stringify({ comments: [{ id: 1, body: 'Looks good to me', user: { login: 'a-partner' } }], calls: [] }));
    ctx = {
      workspace,
      path,
      ghState,
      event: 'pull_request',
      values: {
        'github.event.pull_request.number': '7',
        'github.event.pull_request.base.sha': base,
        'github.repository': 'riverbend/thrives',
        'github.token': 'a-token-for-the-test',
      },
    };
  }, 120_000);

  const ghState = () => JSON.parse(readFileSync(ctx.ghState, 'utf8')) as { comments: { id: number; body: string }[]; calls: { method: string; endpoint: string }[] };
  const concertStep = (results: StepResult[]) => results.find((r) => r.step.uses === CONCERT_ACTION)!;

  test('on a push to main, only validate runs, and passes', () => {
    const jobs = Object.entries(workflow.jobs).filter(([, j]) => jobRuns(j, 'push')).map(([n]) => n);
    expect(jobs).toEqual(['validate']);
    const results = runJob('validate', { ...ctx, event: 'push' });
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(concertStep(results).stdout).not.toContain('::error');
  });

  test('on a pull request: validate, then the diff commented once and updated on the next push', () => {
    expect(Object.entries(workflow.jobs).filter(([, j]) => jobRuns(j, 'pull_request')).map(([n]) => n)).toEqual(['validate', 'diff']);
    // The change under review: a target moved, a figure revised.
    edit(join(ctx.workspace, 'indicators.yaml'), 'value: 60 }', 'value: 65 }');
    edit(join(ctx.workspace, 'data/first-partner/2025.csv'), '2025,43.5,', '2025,44.5,');
    git(ctx.workspace, 'commit', '--quiet', '--all', '--message', 'Raise the target; revise 2025');

    const validate = runJob('validate', ctx);
    expect(validate.map((r) => r.code)).toEqual([0, 0]);

    const first = runJob('diff', ctx);
    expect(first.map((r) => [r.step.name ?? r.step.uses, r.code])).toEqual([
      [workflow.jobs['diff']!.steps[0]!.uses, 0],
      ['What the change means', 0],
      ['Comment on the pull request', 0],
    ]);
    const diffOut = first[1]!.stdout;
    expect(diffOut.trim()).not.toBe('');
    expect(diffOut).toContain('first-indicator');
    expect(first[2]!.stdout).toBe('commented on #7\n');
    let state = ghState();
    expect(state.comments.map((c) => c.id)).toEqual([1, 1001]);
    expect(state.comments[1]!.body).toBe(`${DIFF_MARKER}\n\n${diffOut}`);

    // Another push: the same comment, updated.
    edit(join(ctx.workspace, 'data/first-partner/2025.csv'), '2025,44.5,', '2025,47.5,');
    git(ctx.workspace, 'commit', '--quiet', '--all', '--message', 'Revise 2025 again');
    const second = runJob('diff', ctx);
    expect(second.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(second[2]!.stdout).toBe('updated comment 1001\n');
    state = ghState();
    expect(state.comments.map((c) => c.id)).toEqual([1, 1001]);
    expect(state.comments[0]!.body).toBe('Looks good to me');
    expect(state.comments[1]!.body).toBe(`${DIFF_MARKER}\n\n${second[1]!.stdout}`);
    expect(state.comments[1]!.body).toContain('47.5');
    expect(state.calls.map((c) => `${c.method} ${c.endpoint}`)).toEqual([
      'GET repos/riverbend/thrives/issues/7/comments',
      'POST repos/riverbend/thrives/issues/7/comments',
      'GET repos/riverbend/thrives/issues/7/comments',
      'PATCH repos/riverbend/thrives/issues/comments/1001',
    ]);
  });

  test('on a pull request with a mistake: validate fails with an annotation on the line', () => {
    const workspace = join(tmp, 'broken');
    git(tmp, 'clone', '--quiet', ctx.workspace, workspace);
    edit(join(workspace, 'activities.yaml'), 'lead: first-partner', 'lead: frist-partner');
    git(workspace, 'commit', '--quiet', '--all', '--message', 'A typo');
    const results = runJob('validate', { ...ctx, workspace });
    expect(results.map((r) => r.code)).toEqual([0, 1]);
    expect(concertStep(results).stdout).toMatch(/^::error file=activities\.yaml,line=\d+,col=\d+::.*'frist-partner'.* \[unknown-reference\]$/m);
  });

  test('when a diff has nothing to say, the comment step posts nothing', () => {
    const before = ghState().calls.length;
    const runnerTemp = tempDir('runner-temp');
    const step = workflow.jobs['diff']!.steps.find((s) => s.run)!;
    const values = { ...ctx.values, 'runner.temp': runnerTemp };
    writeFileSync(join(runnerTemp, 'concert-diff.md'), '');
    const r = runScript(substitute(step.run!, values), { cwd: ctx.workspace, env: baseEnv({ PATH: ctx.path, RUNNER_TEMP: runnerTemp, GH_STUB_STATE: ctx.ghState, ...substituteMap(step.env, values) }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('concert diff wrote nothing to comment\n');
    expect(ghState().calls.length).toBe(before);
  });

  test('on the schedule: validate, then the report, rendered outside the checkout and uploaded', () => {
    expect(Object.entries(workflow.jobs).filter(([, j]) => jobRuns(j, 'schedule')).map(([n]) => n)).toEqual(['validate', 'report']);
    expect(workflow.jobs['report']!.needs).toBe('validate');
    const results = runJob('report', { ...ctx, event: 'schedule' });
    expect(results.map((r) => r.code), results.map((r) => r.stderr).join('')).toEqual([0, 0, 0, 0, 0]);
    const folder = results.at(-1)!.artifact!;
    expect(readdirSync(folder).sort()).toEqual(['progress.html', 'progress.md']);
    const md = readFileSync(join(folder, 'progress.md'), 'utf8');
    expect(md).toContain('Riverbend Thrives');
    // Written outside the checkout, the reports leave the working tree as committed.
    expect(md).toContain(`Initiative commit \`${git(ctx.workspace, 'rev-parse', 'HEAD')}\` (no uncommitted changes)`);
    expect(readFileSync(join(folder, 'progress.html'), 'utf8')).toMatch(/^<!doctype html>/i);
  });
});
