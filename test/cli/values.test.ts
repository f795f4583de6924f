/**
 * Command-line values are checked like file values (SPEC 3.1, issue 8 item 7): --today and
 * SOURCE_DATE_EPOCH within 1900–9999, `init --name` anything, --template a file; and summary
 * lines count every problem found, listed or not (SPEC 9); JUnit fails on warnings only with --strict.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concert-values-'));
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);
const MINIMAL = FIXTURES + 'valid-minimal';

describe('--today and SOURCE_DATE_EPOCH: the years 1900–9999', () => {
  test.each(['0026-11-23', '1899-12-31', '0000-01-01'])('--today %s is a usage error (report, validate, init)', async (today) => {
    for (const args of [['report', EXAMPLE], ['validate', MINIMAL], ['agenda', EXAMPLE, '--next']]) {
      const r = await runCli([...args, '--today', today]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`concert: --today '${today}' is outside the years 1900–9999\n`);
    }
    const dir = join(tmp(), 'new');
    expect((await runCli(['init', dir, '--today', today])).code).toBe(2);
    expect(existsSync(dir)).toBe(false);
  });

  test.each(['1900-01-01', '9999-12-31'])('--today %s (the edges) is accepted and nothing crashes', async (today) => {
    const r = await runCli(['validate', MINIMAL, '--today', today, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).errors).toBe(0);
    const report = await runCli(['report', EXAMPLE, '--today', today]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
  });

  test.each([
    ['-2208988801', 'is outside the years 1900–9999'],
    ['253402300800', 'is outside the years 1900–9999'],
    ['99999999999999', 'is outside the years 1900–9999'],
    ['1e3', 'is not a number of seconds'],
  ])('SOURCE_DATE_EPOCH=%s is a usage error', async (epoch, fragment) => {
    const r = await runCli(['report', EXAMPLE], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`SOURCE_DATE_EPOCH '${epoch}' ${fragment}`);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  test.each([['-2208988800', '1900-01-01'], ['0', '1970-01-01'], ['253402300799', '9999-12-31']])('SOURCE_DATE_EPOCH=%s is %s', async (epoch, date) => {
    const r = await runCli(['validate', MINIMAL, '--format', 'json'], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(r.code).toBe(0);
    const s = await runCli(['data', 'status', MINIMAL], { env: { SOURCE_DATE_EPOCH: epoch } });
    expect(s.stdout).toContain(`today ${date}`);
  });
});

describe('init --name: any name makes an initiative that validates', () => {
  test.each([
    ['2025', '2025'],
    ['true', 'true'],
    ['1e3', '1e3'],
    ['null', 'null'],
    ['Ünïcödé & Co', 'unicode-co'],
    ['---', 'my-initiative'],
    ['#1: "Quotes", colons & {braces}', '1-quotes-colons-braces'],
    ['a'.repeat(120), 'a'.repeat(80)],
    ['Two\nlines', 'two-lines'],
  ])('--name %j', async (name, id) => {
    const dir = join(tmp(), 'initiative');
    const made = await runCli(['init', dir, '--name', name, '--today', '2025-11-01']);
    expect(made.code).toBe(0);
    const initiative = parse(readFileSync(join(dir, 'initiative.yaml'), 'utf8'));
    expect(initiative.id).toBe(id);
    expect(initiative.name).toBe(name);
    const r = await runCli(['validate', dir, '--today', '2025-11-01', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, errors: 0 });
    expect(r.code).toBe(0);
  });

  test('an id YAML would read as a number or boolean is quoted; a plain slug is not', async () => {
    const a = join(tmp(), 'a');
    await runCli(['init', a, '--name', '2025', '--today', '2025-11-01']);
    expect(readFileSync(join(a, 'initiative.yaml'), 'utf8')).toContain('\nid: "2025"\nname: "2025"\n');
    const b = join(tmp(), 'b');
    await runCli(['init', b, '--name', 'Riverbend Thrives', '--today', '2025-11-01']);
    expect(readFileSync(join(b, 'initiative.yaml'), 'utf8')).toContain('\nid: riverbend-thrives\nname: "Riverbend Thrives"\n');
  });

  test('a name longer than the schema allows (200) is a usage error, and nothing is created', async () => {
    const dir = join(tmp(), 'long');
    const r = await runCli(['init', dir, '--name', 'x'.repeat(201), '--today', '2025-11-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("concert: --name is 201 characters long; an initiative's name has at most 200\n");
    expect(existsSync(dir)).toBe(false);
  });
});

describe('--template that is missing or a folder: exit 2, a plain message, before any work', () => {
  const commands: [string, string[]][] = [
    ['report', ['report', EXAMPLE]],
    ['agenda', ['agenda', EXAMPLE, '--meeting', '2025-01-steering']],
    ['minutes', ['minutes', EXAMPLE, '--meeting', '2025-01-steering']],
  ];
  test.each(commands)('%s', async (_name, args) => {
    const dir = tmp();
    mkdirSync(join(dir, 'templates'));
    const missing = await runCli([...args, '--today', '2025-11-01', '--template', 'nope.hbs'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('concert: --template nope.hbs: no such file\n');
    const folder = await runCli([...args, '--today', '2025-11-01', '--template', 'templates'], { cwd: dir });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe('concert: --template templates is a folder; give a Handlebars file (.hbs)\n');
    noStack(missing.stderr + folder.stderr);
    // Checked first: an initiative with errors still gets the template's usage error, not exit 1.
    const broken = await runCli([args[0]!, FIXTURES + 'unknown-reference', ...args.slice(2), '--today', '2025-11-01', '--template', 'nope.hbs'], { cwd: dir });
    expect(broken.code).toBe(2);
  });
});

describe('summary lines count every problem found, also those not listed (SPEC 9)', () => {
  // 40,000 bad numbers in one drop: 100 are listed, then one line says how many more.
  const capped = () => {
    const dir = join(tmp(), 'capped');
    cpSync(FIXTURES + 'data-valid', dir, { recursive: true });
    let csv = 'indicator,period,partner,value\n';
    for (let i = 0; i < 40_000; i++) csv += `score,2025,schools,x${i}\n`;
    writeFileSync(join(dir, 'data/bad.csv'), csv);
    return dir;
  };
  const today = ['--today', '2026-01-01'];

  test('every format states 40,000 errors', async () => {
    const dir = capped();
    const json = JSON.parse((await runCli(['validate', dir, ...today, '--format', 'json'])).stdout);
    expect(json.errors).toBe(40_000);
    const bad = json.diagnostics.filter((d: { code: string }) => d.code === 'data-bad-number');
    expect(bad).toHaveLength(101);
    expect(bad.find((d: { count?: number }) => d.count)).toMatchObject({ message: "39900 more 'data-bad-number' problems in this file are not listed", count: 39_900 });
    const warnings = json.warnings as number;

    const stylish = await runCli(['validate', dir, ...today]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain(`✖ 40000 errors, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
    const quiet = await runCli(['validate', dir, ...today, '--quiet']);
    expect(quiet.stdout).toContain(`✖ 40000 errors, ${warnings} warning`);

    const junit = (await runCli(['validate', dir, ...today, '--format', 'junit'])).stdout;
    expect(junit).toContain('<property name="concert.errors" value="40000"/>');
    expect(junit).toContain('message="40000 errors"');

    const sarif = JSON.parse((await runCli(['validate', dir, ...today, '--format', 'sarif'])).stdout);
    expect(sarif.runs[0].properties).toEqual({ errors: 40_000, warnings });

    // The other commands' one-line summaries, and the list a refused report prints.
    expect((await runCli(['export', dir, ...today])).stderr).toContain('the initiative has 40000 errors');
    expect((await runCli(['data', 'status', dir, ...today])).stderr).toContain('the initiative has 40000 errors');
    const report = await runCli(['report', dir, ...today]);
    expect(report.code).toBe(1);
    expect(report.stderr).toContain(`✖ 40000 errors, ${warnings} warning`);
  });
});

describe('JUnit: warnings pass (with properties) unless --strict', () => {
  const dir = FIXTURES + 'goal-without-indicator-or-activity';
  const today = ['--today', '2026-01-01', '--no-data'];

  test('only warnings: no failure, each warning a property, exit 0', async () => {
    const r = await runCli(['validate', dir, ...today, '--format', 'junit']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<failure');
    expect(r.stdout).toMatch(/failures="0"/);
    expect(r.stdout).toContain('<property name="warning" value="warning agenda.yaml:8:9 goal-without-indicator: goal');
    expect(r.stdout).toMatch(/<property name="concert.warnings" value="[1-9]\d*"\/>/);
  });

  test('--strict: the files with warnings fail, exit 1', async () => {
    const r = await runCli(['validate', dir, ...today, '--format', 'junit', '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testcase classname="concert" name="agenda.yaml">\n      <failure type="goal-without-activity" message="2 warnings">');
    expect(r.stdout).not.toMatch(/failures="0"/);
  });

  test('errors fail; a file with only warnings in the same run passes', async () => {
    const r = await runCli(['validate', FIXTURES + 'unknown-reference', ...today, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('<testcase classname="concert" name="activities.yaml">\n      <failure type="unknown-reference" message="1 error">');
    expect(r.stdout).toContain('<testcase classname="concert" name="partners.yaml">\n      <properties>');
    expect(r.stdout.match(/<failure /g)).toHaveLength(1);
  });
});

describe('SPEC 9: exit 1 when the initiative has errors, whatever check finds them', () => {
  // unknown-reference is a rule's error, not a data row's: export and data status still print
  // what they can, and say so with their exit code
  test.each([
    ['export', ['export']],
    ['data status', ['data', 'status']],
  ])('%s on an activity whose lead is no partner: output, one line on stderr, exit 1', async (_name, command) => {
    const r = await runCli([...command, FIXTURES + 'unknown-reference', '--today', '2025-11-15']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^concert: the initiative has 1 error\b.*run concert validate for details\n$/);
    const clean = await runCli([...command, MINIMAL, '--today', '2025-11-15']);
    expect(clean.code).toBe(0);
  });
});
