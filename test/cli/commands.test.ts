/** The CLI's contract (SPEC 3, 8, 9): exit codes, output formats, init, schema. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLE, FIXTURES, REPO, runCli } from '../helpers/run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concert-test-'));

describe('usage errors exit 2 with one line and no stack trace', () => {
  test.each([
    [['validate', 'no/such/folder'], 'no such folder: no/such/folder'],
    [['validate', FIXTURES + 'valid-minimal/initiative.yaml'], 'is not a folder'],
    [['validate', FIXTURES + 'valid-minimal', '--format', 'xml'], "argument 'xml' is invalid"],
    [['validate', '--bogus'], "unknown option '--bogus'"],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['validate', FIXTURES + 'valid-minimal', '--today', '2025-02-30'], "--today '2025-02-30' is not a date"],
  ])('%j', async (argv, fragment) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  });

  test('no command prints the help and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('Usage: concert');
  });

  test('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    const v = await runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
  });
});

describe('validate output formats', () => {
  const broken = FIXTURES + 'unknown-reference';

  test('json is exactly one document with SPEC 3 fields', async () => {
    const r = await runCli(['validate', broken, '--no-data', '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['valid', 'errors', 'warnings', 'diagnostics']);
    expect(doc).toMatchObject({ valid: false, errors: 1, warnings: 1 });
    expect(doc.diagnostics[0]).toEqual({
      severity: 'error',
      code: 'unknown-reference',
      message: "activity 'summer-reading' names lead 'libary', which is not a partner",
      file: 'activities.yaml',
      line: 5,
      column: 9,
      hint: "did you mean 'library'?",
    });
  });

  test('stylish groups by file, no colour when not a TTY, colour with FORCE_COLOR, none with NO_COLOR', async () => {
    const plain = await runCli(['validate', broken, '--no-data']);
    expect(plain.stdout).toContain('test/fixtures/unknown-reference/activities.yaml\n  5:9  error    activity');
    expect(plain.stdout).toContain('1 error, 1 warning');
    expect(plain.stdout).not.toContain('\x1b[');
    const forced = await runCli(['validate', broken, '--no-data'], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[');
    const tty = await runCli(['validate', broken, '--no-data'], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.stdout).not.toContain('\x1b[');
    const flag = await runCli(['validate', broken, '--no-data', '--no-color'], { tty: true });
    expect(flag.stdout).not.toContain('\x1b[');
  });

  test('--quiet prints errors only', async () => {
    const r = await runCli(['validate', broken, '--no-data', '--quiet']);
    expect(r.stdout).toContain('unknown-reference');
    expect(r.stdout).not.toContain('partner-without-role');
  });

  test('github prints workflow commands with escaped properties', async () => {
    const r = await runCli(['validate', broken, '--no-data', '--format', 'github']);
    expect(r.stdout.split('\n')[0]).toBe(
      "::error file=test/fixtures/unknown-reference/activities.yaml,line=5,col=9::activity 'summer-reading' names lead 'libary', which is not a partner (did you mean 'library'?) [unknown-reference]",
    );
    expect(r.stdout).toContain('::warning file=test/fixtures/unknown-reference/partners.yaml,line=4,col=7');
  });

  test('junit is well-formed XML: a file with errors fails, a file with only warnings passes', async () => {
    const r = await runCli(['validate', broken, '--no-data', '--format', 'junit']);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(r.stdout.match(/<failure /g)).toHaveLength(1);
    expect(r.stdout).toContain('type="unknown-reference"');
    expect(r.stdout).toContain("names lead 'libary'");
  });

  test('sarif 2.1.0 with rules and locations', async () => {
    const r = await runCli(['validate', broken, '--no-data', '--format', 'sarif']);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const result = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'unknown-reference');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/fixtures/unknown-reference/activities.yaml' }, region: { startLine: 5, startColumn: 9 } });
    expect(log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(['partner-without-role', 'unknown-reference']);
  });
});

describe('YAML files past 1 MB are refused, not parsed', () => {
  test('yaml-too-large', async () => {
    const dir = tmp();
    cpSync(FIXTURES + 'valid-minimal', dir, { recursive: true });
    writeFileSync(join(dir, 'partners.yaml'), '# padding\n'.repeat(120_000));
    const r = await runCli(['validate', dir, '--no-data', '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnostics.map((d: { code: string; file: string }) => [d.code, d.file])).toEqual([['yaml-too-large', 'partners.yaml']]);
    expect(r.code).toBe(1);
  });
});

describe('concert schema', () => {
  test('prints every schema as one JSON document', async () => {
    const r = await runCli(['schema']);
    const all = JSON.parse(r.stdout);
    expect(Object.keys(all).sort()).toEqual(['activities', 'agenda', 'commentary', 'dimensions', 'indicators', 'initiative', 'map', 'meetings', 'partners'].map((k) => `${k}.schema.json`));
    for (const s of Object.values(all) as { $schema: string; $id: string }[]) {
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toMatch(/^https:\/\/concert\.tools\/schemas\/v1\/.+\.schema\.json$/);
    }
  });

  test('--out writes one file per schema', async () => {
    const dir = join(tmp(), 'schemas');
    const r = await runCli(['schema', '--out', dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toHaveLength(9);
  });

  test('every property has a description (editors show them on hover)', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n['properties']) {
        for (const [k, v] of Object.entries(n['properties'] as Record<string, Record<string, unknown>>)) {
          if (!v['description']) missing.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'properties') walk(v, `${path}/${k}`);
    };
    for (const f of readdirSync(join(REPO, 'schemas'))) walk(JSON.parse(readFileSync(join(REPO, 'schemas', f), 'utf8')), f);
    expect(missing).toEqual([]);
  });
});

describe('schema rules of the format (SPEC 1)', () => {
  const schemas = readdirSync(join(REPO, 'schemas')).map((f) => [f, JSON.parse(readFileSync(join(REPO, 'schemas', f), 'utf8'))] as const);
  const objects = (node: unknown, path: string, out: [string, Record<string, unknown>][] = []) => {
    if (!node || typeof node !== 'object') return out;
    const n = node as Record<string, unknown>;
    if (n['properties']) out.push([path, n]);
    for (const [k, v] of Object.entries(n)) objects(v, `${path}/${k}`, out);
    return out;
  };

  test('every mapping refuses unknown keys except x- keys', () => {
    const open = schemas.flatMap(([f, s]) => objects(s, f).filter(([, o]) => o['additionalProperties'] !== false || !Object.hasOwn((o['patternProperties'] as object) ?? {}, '^x-')).map(([p]) => p));
    expect(open).toEqual([]);
  });

  test('every schema has an $id and a description, and closed vocabularies are enums', () => {
    for (const [f, s] of schemas) {
      expect(s.$id, f).toBe(`https://concert.tools/schemas/v1/${f}`);
      expect(typeof s.description, f).toBe('string');
    }
    const text = JSON.stringify(schemas);
    for (const word of ['"school-year"', '"weighted"', '"cagr-ratio"', '"philanthropy"', '"dropped"', '"biweekly"', '"delegate"', '"decision"', '"data-manager"']) {
      expect(text, word).toContain(word);
    }
  });
});

describe('concert init', () => {
  test('writes an initiative that validates at once, with schema lines and a workflow', async () => {
    const dir = join(tmp(), 'new-coalition');
    const r = await runCli(['init', dir, '--name', 'Riverbend Thrives', '--today', '2026-11-23']);
    expect(r.code).toBe(0);
    for (const f of ['initiative.yaml', 'agenda.yaml', 'indicators.yaml', 'partners.yaml', 'activities.yaml', 'meetings.yaml']) {
      expect(readFileSync(join(dir, f), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.concert\/schemas\/\w+\.schema\.json\n/);
    }
    expect(existsSync(join(dir, '.concert/schemas/indicators.schema.json'))).toBe(true);
    expect(readFileSync(join(dir, '.github/workflows/concert.yml'), 'utf8')).toContain('validate . --format github');
    expect(readdirSync(join(dir, 'data/first-partner'))).toEqual(['2025.csv']);
    expect(readFileSync(join(dir, 'initiative.yaml'), 'utf8')).toContain('id: riverbend-thrives');
    const v = await runCli(['validate', dir, '--strict', '--format', 'json', '--today', '2026-11-23']);
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0 });
    expect(v.code).toBe(0);
  });

  test('refuses a folder that is not empty', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    const r = await runCli(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not empty');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  test('--example copies the full example, which validates', async () => {
    const dir = join(tmp(), 'copy');
    mkdirSync(dir);
    expect((await runCli(['init', dir, '--example'])).code).toBe(0);
    expect(existsSync(join(dir, 'indicators/grade3-reading.yaml'))).toBe(true);
    const v = await runCli(['validate', dir, '--no-data', '--format', 'json']);
    expect(JSON.parse(v.stdout).errors).toBe(0);
    // the same GitHub workflow as a new initiative gets (README: init writes one)
    const fresh = join(tmp(), 'fresh');
    expect((await runCli(['init', fresh, '--quiet'])).code).toBe(0);
    expect(readFileSync(join(dir, '.github/workflows/concert.yml'), 'utf8')).toBe(readFileSync(join(fresh, '.github/workflows/concert.yml'), 'utf8'));
  });
});

describe('the built bin', () => {
  const bin = join(REPO, 'bin/concert.js');
  test.skipIf(!existsSync(join(REPO, 'dist/cli/main.js')))('validate runs as a process and sets the exit code', () => {
    const ok = spawnSync(process.execPath, [bin, 'validate', 'examples/eastside-learns', '--no-data'], { cwd: REPO, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, 'validate', FIXTURES + 'yaml-alias-bomb', '--no-data'], { cwd: REPO, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('too many aliases');
    const missing = spawnSync(process.execPath, [bin, 'validate', 'nowhere'], { cwd: REPO, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('concert: no such folder: nowhere\n');
  });
  test('the example is there', () => expect(existsSync(EXAMPLE)).toBe(true));
});

describe('validators compiled at build time', () => {
  // `npm run build` compiles the schemas into dist/core/schema/validators.cjs; the built bin must
  // report exactly what the runtime-compiled schemas report under vitest.
  test.skipIf(!existsSync(join(REPO, 'dist/core/schema/validators.cjs')))('give the same diagnostics as runtime compilation on every YAML fixture', async () => {
    const bin = join(REPO, 'bin/concert.js');
    const fixtures = readdirSync(FIXTURES).filter((f) => !f.startsWith('data-') && !f.startsWith('report-') && f !== 'oracle');
    expect(fixtures.length).toBeGreaterThan(30);
    for (const f of fixtures) {
      const built = spawnSync(process.execPath, [bin, 'validate', FIXTURES + f, '--no-data', '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
      const inProcess = await runCli(['validate', FIXTURES + f, '--no-data', '--format', 'json']);
      expect(built.stdout, f).toBe(inProcess.stdout);
    }
  });
});
