/**
 * Runs the `run:` steps of a GitHub Actions file (action.yml, a workflow) the way the runner does,
 * without the runner: each script in a file, `bash --noprofile --norc -eo pipefail {0}` (what
 * `shell: bash` means), in its working directory, with a fresh GITHUB_OUTPUT file whose lines
 * become the step's outputs. `${{ … }}` expressions are replaced from a table the test gives;
 * an expression the table lacks is an error, so every expression a file uses is accounted for.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Step {
  id?: string;
  name?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string | number | boolean>;
  'working-directory'?: string;
}

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

const made: string[] = [];

/** A new temporary folder, removed by removeTempDirs (each test file calls it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `concert-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g;

/** Every `${{ expr }}` in `text`, replaced by `values[expr]` (throws for an expression not in `values`). */
export function substitute(text: string, values: Record<string, string>): string {
  return text.replace(EXPRESSION, (_, expr: string) => {
    if (!(expr in values)) throw new Error(`the test has no value for \${{ ${expr} }}`);
    return values[expr]!;
  });
}

/** The expressions a text uses. */
export const expressionsIn = (text: string) => [...text.matchAll(EXPRESSION)].map((m) => m[1]!);

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** The variables every step sees here: enough for bash, node, npm and git, and nothing of the test's own. */
export function baseEnv(extra: Record<string, string>): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return { ...env, CI: 'true', GITHUB_ACTIONS: 'true', RUNNER_OS: 'Linux', ...extra };
}

/** One `run:` step, as `shell: bash` runs it. */
export function runScript(script: string, options: { cwd: string; env: Record<string, string>; timeout?: number }): StepRun {
  const dir = tempDir('step');
  const file = join(dir, 'step.sh');
  const output = join(dir, 'output');
  writeFileSync(file, script);
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    cwd: options.cwd,
    env: { ...options.env, GITHUB_OUTPUT: output },
    encoding: 'utf8',
    timeout: options.timeout ?? 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: parseOutputs(readFileSync(output, 'utf8')) };
}

/** The `with:`/`env:` map of a step, each value with its expressions replaced. */
export function substituteMap(map: Record<string, string | number | boolean> | undefined, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, substitute(String(v), values)]));
}
