/**
 * The GitHub Action (`action.yml`, SPEC 8.2; issue 9 item 3), run step by step as the runner runs
 * a composite action: its `run:` steps in order, in bash, with GITHUB_ACTION_PATH (the action's
 * checkout), GITHUB_WORKSPACE (a copy of an initiative), RUNNER_TEMP and a GITHUB_OUTPUT per
 * step; `${{ inputs.x }}`, `${{ github.action_path }}` and `${{ steps.id.outputs.y }}` replaced
 * by the harness, as the runner does before a step starts (the runner sets no INPUT_* variables
 * for a composite action's steps: the action passes its inputs through `env:` itself, and so does
 * this test). Its `uses:` steps are skipped: setup-node (the steps run on this test's own Node)
 * and the cache (nothing is cached here; a miss is what the build step then handles).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLE, FIXTURES, REPO } from '../helpers/run.js';
import { baseEnv, expressionsIn, removeTempDirs, runScript, substitute, substituteMap, tempDir, type Step, type StepRun } from './harness.js';

afterAll(removeTempDirs);

interface Action {
  name: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION_TEXT = readFileSync(join(REPO, 'action.yml'), 'utf8');
const action = parse(ACTION_TEXT) as Action;
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const built = existsSync(join(REPO, 'dist/cli/main.js')) && existsSync(join(REPO, 'node_modules'));

interface ActionRun {
  code: number;
  /** Each step's result, by id or name; skipped `uses:` steps are absent. */
  steps: Map<string, StepRun>;
  skipped: string[];
  outputs: Record<string, string>;
  /** What the concert step printed. */
  stdout: string;
  stderr: string;
}

/** The action with these inputs, from `actionPath`, in `workspace`. Stops at the first failing step, as the runner does. */
function runAction(inputs: Record<string, string>, where: { actionPath: string; workspace: string; env?: Record<string, string> }): ActionRun {
  const values: Record<string, string> = { 'github.action_path': where.actionPath };
  for (const [name, input] of Object.entries(action.inputs)) values[`inputs.${name}`] = inputs[name] ?? input.default ?? '';
  const runnerTemp = tempDir('runner-temp');
  const steps = new Map<string, StepRun>();
  const skipped: string[] = [];
  let code = 0;
  for (const step of action.runs.steps) {
    const label = step.id ?? step.name ?? step.uses ?? '?';
    substitute(step.name ?? '', values); // every expression resolves, even in a name
    if (step.uses) {
      substituteMap(step.with, values);
      skipped.push(step.uses.split('@')[0]!);
      continue;
    }
    const cwd = resolve(where.workspace, substitute(step['working-directory'] ?? '.', values));
    const env = baseEnv({
      GITHUB_ACTION_PATH: where.actionPath,
      GITHUB_WORKSPACE: where.workspace,
      RUNNER_TEMP: runnerTemp,
      ...where.env,
      ...substituteMap(step.env, values),
    });
    const r = runScript(substitute(step.run!, values), { cwd, env, timeout: 300_000 });
    steps.set(label, r);
    if (step.id) for (const [k, v] of Object.entries(r.outputs)) values[`steps.${step.id}.outputs.${k}`] = v;
    if (r.code !== 0) {
      code = r.code;
      break;
    }
  }
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) {
    outputs[name] = output.value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => values[expr] ?? '');
  }
  const last = steps.get('concert');
  return { code, steps, skipped, outputs, stdout: last?.stdout ?? '', stderr: last?.stderr ?? '' };
}

/** A fresh workspace holding a copy of `folder` (at `under`, or at its top). */
function workspaceWith(folder: string, under = ''): string {
  const ws = tempDir('workspace');
  cpSync(folder, join(ws, under), { recursive: true });
  return ws;
}

const ANNOTATION = /^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+)::(.+) \[([a-z0-9-]+)\]$/;

function annotations(stdout: string) {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::'))
    .map((l) => {
      const m = ANNOTATION.exec(l);
      expect(m, `not an annotation: ${l}`).not.toBeNull();
      return { severity: m![1]!, file: m![2]!, line: Number(m![3]), col: Number(m![4]), code: m![6]!, message: m![5]! };
    });
}

describe('action.yml: what it declares', () => {
  test('a composite action with the inputs and output the README names', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['command', 'working-directory', 'node-version', 'output-file']);
    expect(action.inputs['command']!.required).toBe(true);
    expect(action.inputs['working-directory']!.default).toBe('.');
    // Node 20 reached its end of life in April 2026; 24 is the LTS line the action sets up.
    expect(action.inputs['node-version']!.default).toBe('26');
    expect(Object.keys(action.outputs)).toEqual(['exit-code']);
  });

  test('every action it uses is pinned by a full commit SHA, its version in a comment', () => {
    const uses = action.runs.steps.filter((s) => s.uses).map((s) => s.uses!);
    expect(uses.map((u) => u.split('@')[0])).toEqual(['actions/setup-node', 'actions/cache']);
    for (const u of uses) {
      expect(u).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(ACTION_TEXT).toMatch(new RegExp(`uses: ${u} # v\\d+\\.\\d+\\.\\d+\\n`));
    }
  });

  test('its run steps are bash with no condition (so this test runs each one, in order)', () => {
    const runs = action.runs.steps.filter((s) => s.run);
    expect(runs.map((s) => s.id ?? s.name)).toEqual(['source', 'Build Concert', 'concert']);
    for (const s of runs) {
      expect(s.shell).toBe('bash');
      expect(s.if).toBeUndefined();
    }
    // Inputs reach scripts through env:, never spliced into the script text.
    for (const s of runs) expect(expressionsIn(s.run!)).toEqual([]);
  });
});

describe.skipIf(!built)('action.yml: running a command (GITHUB_ACTION_PATH = this repository, built)', () => {
  const actionPath = REPO;

  test('validate on the example: exit 0, the exit code as an output, Concert already built', () => {
    const ws = workspaceWith(EXAMPLE);
    const r = runAction({ command: 'validate . --format github' }, { actionPath, workspace: ws });
    expect(r.skipped).toEqual(['actions/setup-node', 'actions/cache']);
    expect(r.steps.get('source')!.outputs).toMatchObject({ built: 'true', path: actionPath, key: expect.stringMatching(new RegExp(`^concert-${VERSION.replace(/\./g, '\\.')}-\\w+-\\w+-node\\d+-[0-9a-f]{32}$`)) });
    expect(r.steps.get('Build Concert')!.stdout).toBe(`Concert ${VERSION} is built\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.steps.get('concert')!.outputs).toEqual({ 'exit-code': '0' });
    expect(r.outputs).toEqual({ 'exit-code': '0' });
    expect(annotations(r.stdout).filter((a) => a.severity === 'error')).toEqual([]);
  });

  test('validate on a broken initiative: exit 1, annotations with file, line and column', () => {
    const ws = workspaceWith(join(FIXTURES, 'unknown-reference'));
    const r = runAction({ command: 'validate . --format github' }, { actionPath, workspace: ws });
    expect(r.code).toBe(1);
    expect(r.outputs).toEqual({ 'exit-code': '1' });
    const found = annotations(r.stdout);
    expect(found).toContainEqual({
      severity: 'error',
      file: 'activities.yaml',
      line: 5,
      col: 9,
      code: 'unknown-reference',
      message: "activity 'summer-reading' names lead 'libary', which is not a partner (did you mean 'library'?)",
    });
    for (const a of found) {
      const lines = readFileSync(join(ws, a.file), 'utf8').split('\n');
      expect(a.line).toBeLessThanOrEqual(lines.length);
      expect(a.col).toBeLessThanOrEqual(lines[a.line - 1]!.length + 1);
    }
  });

  test('the folder named in the command, quoted: annotations name files from the repository root', () => {
    const ws = workspaceWith(join(FIXTURES, 'unknown-reference'), 'our initiative');
    const r = runAction({ command: `validate "our initiative" --format github` }, { actionPath, workspace: ws });
    expect(r.code).toBe(1);
    expect(annotations(r.stdout)).toContainEqual(expect.objectContaining({ severity: 'error', file: 'our initiative/activities.yaml', line: 5, col: 9 }));
  });

  test('working-directory and output-file: the output is also written to the file', () => {
    const ws = workspaceWith(join(FIXTURES, 'unknown-reference'), 'initiative');
    const r = runAction({ command: 'validate . --format json', 'working-directory': 'initiative', 'output-file': 'result.json' }, { actionPath, workspace: ws });
    expect(r.code).toBe(1);
    const written = readFileSync(join(ws, 'initiative/result.json'), 'utf8');
    expect(written).toBe(r.stdout);
    expect(JSON.parse(written)).toMatchObject({ valid: false, errors: 1 });
  });

  test('nothing in the command is expanded: no variables, no substitutions', () => {
    const ws = workspaceWith(EXAMPLE);
    const r = runAction({ command: 'validate "$HOME/$(touch pwned)" --format github' }, { actionPath, workspace: ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such folder: $HOME/$(touch pwned)');
    expect(existsSync(join(ws, 'pwned'))).toBe(false);
  });

  test('an empty command or an unmatched quote: exit 2 with an error annotation', () => {
    const ws = workspaceWith(EXAMPLE);
    for (const command of ['', '   ', 'validate "unclosed']) {
      const r = runAction({ command }, { actionPath, workspace: ws });
      expect(r.code, command).toBe(2);
      expect(r.outputs, command).toEqual({ 'exit-code': '2' });
      expect(r.steps.get('concert')!.stdout, command).toMatch(/^::error title=concert::the command input (is empty|has an unmatched quote)/);
    }
  });

  test('usage errors pass through with their exit code', () => {
    const ws = workspaceWith(EXAMPLE);
    const r = runAction({ command: 'validate . --format nonsense' }, { actionPath, workspace: ws });
    expect(r.code).toBe(2);
    expect(r.outputs).toEqual({ 'exit-code': '2' });
  });
});

/** The files of a checkout of this repository at its current state: tracked and new, not ignored. */
function checkoutOfRepo(): string {
  const dest = tempDir('action');
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  for (const file of r.stdout.split('\0').filter(Boolean)) {
    const from = join(REPO, file);
    if (!existsSync(from) && !lstatExists(from)) continue; // deleted in the work tree
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), join(dest, file));
    else copyFileSync(from, join(dest, file));
  }
  return dest;
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

describe('action.yml: from a fresh checkout of the action, as a runner downloads it', () => {
  let actionPath = '';
  let first: ActionRun;

  beforeAll(() => {
    actionPath = checkoutOfRepo();
    expect(existsSync(join(actionPath, 'dist'))).toBe(false);
    // npm reads the packages from its cache when it has them (a runner has the registry instead).
    first = runAction({ command: '--version' }, { actionPath, workspace: workspaceWith(EXAMPLE), env: { npm_config_prefer_offline: 'true' } });
  }, 300_000);

  test('builds Concert (npm ci, npm run build, then only the runtime packages) and runs it', () => {
    expect(first.steps.get('source')!.outputs['built']).toBe('false');
    expect(first.steps.get('Build Concert')!.code, first.steps.get('Build Concert')!.stderr).toBe(0);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`${VERSION}\n`);
    expect(existsSync(join(actionPath, 'dist/cli/main.js'))).toBe(true);
    const modules = readdirSync(join(actionPath, 'node_modules'));
    expect(modules).toContain('yaml');
    expect(modules).not.toContain('typescript'); // pruned: the cache keeps what runs
    expect(modules).not.toContain('vitest');
  });

  test('a second run (the cache restored, or the same job) builds nothing; the cache key is stable', () => {
    const again = runAction({ command: 'validate . --format github' }, { actionPath, workspace: workspaceWith(EXAMPLE) });
    expect(again.steps.get('source')!.outputs['built']).toBe('true');
    expect(again.steps.get('source')!.outputs['key']).toBe(first.steps.get('source')!.outputs['key']);
    expect(again.steps.get('Build Concert')!.stdout).toBe(`Concert ${VERSION} is built\n`);
    expect(again.code).toBe(0);
  });
});
