/**
 * `concert init` sets up editors (SPEC 1, 8): every YAML file's `# yaml-language-server: $schema=`
 * line resolves to the schema copy of its kind in the new folder, and `.vscode/settings.json` maps
 * every layout file to the same copies. test/editor/ proves both in the language server itself.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { globsOf, repointSchemaLine, schemaRef } from '../../src/core/init/editor.js';
import { FILE_KINDS, LAYOUT, type FileKind } from '../../src/core/schema/catalogue.js';
import { REPO, runCli } from '../helpers/run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concert-init-editor-'));
const MODELINE = /^# yaml-language-server: \$schema=(\S+)\n/;

/** The initiative's YAML files (the GitHub workflow is GitHub's, not Concert's). */
const yamlFiles = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split(sep).join('/'))
    .filter((p) => /\.ya?ml$/.test(p) && !p.startsWith('.github/'))
    .sort();
const kindOf = (file: string) => FILE_KINDS.find((k) => file.split('/')[0]!.replace(/\.ya?ml$/, '') === k);

/** A glob as the YAML language server matches it: `**` and a slash put before it, then picomatch rules. */
function globMatches(glob: string, file: string): boolean {
  const source = `**/${glob}`
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^(?:/?)${source}$`).test(file);
}

/** The schema copies (relative to the folder) whose `yaml.schemas` globs match a file. */
const schemasFor = (settings: Record<string, string[]>, file: string) => Object.keys(settings).filter((schema) => settings[schema]!.some((g) => globMatches(g, file)));

function expectEditorReady(dir: string): string[] {
  const files = yamlFiles(dir);
  const settings = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
  const schemas = settings['yaml.schemas'] as Record<string, string[]>;
  expect(Object.keys(schemas).sort()).toEqual(FILE_KINDS.map((k) => `.concert/schemas/${k}.schema.json`).sort());
  for (const schema of Object.keys(schemas)) {
    expect(readFileSync(join(dir, schema), 'utf8'), schema).toBe(readFileSync(join(REPO, 'schemas', schema.split('/').pop()!), 'utf8'));
  }
  for (const file of files) {
    const kind = kindOf(file);
    expect(kind, `${file} is a layout file`).toBeDefined();
    const line = MODELINE.exec(readFileSync(join(dir, file), 'utf8'));
    expect(line, `${file} starts with a schema line`).not.toBeNull();
    const target = resolve(dirname(join(dir, file)), line![1]!);
    expect(relative(dir, target).split(sep).join('/'), file).toBe(`.concert/schemas/${kind}.schema.json`);
    expect(existsSync(target), `${file} → ${line![1]}`).toBe(true);
    expect(schemasFor(schemas, file), file).toEqual([`.concert/schemas/${kind}.schema.json`]);
  }
  expect(JSON.parse(readFileSync(join(dir, '.vscode/extensions.json'), 'utf8'))).toEqual({ recommendations: ['redhat.vscode-yaml'] });
  return files;
}

describe('concert init sets up editors', () => {
  test('every YAML file has a `$schema` line that resolves; .vscode/settings.json maps each file to the same schema', async () => {
    const dir = join(tmp(), 'new');
    expect((await runCli(['init', dir, '--today', '2026-11-23', '--quiet'])).code).toBe(0);
    expect(expectEditorReady(dir)).toEqual(['activities.yaml', 'agenda.yaml', 'commentary/2025.yaml', 'indicators.yaml', 'initiative.yaml', 'meetings.yaml', 'partners.yaml']);
    // The folder still validates with the editor files in it.
    const v = await runCli(['validate', dir, '--strict', '--format', 'json', '--today', '2026-11-23']);
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, errors: 0, warnings: 0 });
  });

  test('--example: the copied lines point at the copy\'s schemas, depth-aware, and nothing else changed', async () => {
    const dir = join(tmp(), 'example');
    expect((await runCli(['init', dir, '--example', '--quiet'])).code).toBe(0);
    const files = expectEditorReady(dir);
    expect(files).toContain('indicators/grade3-reading.yaml');
    expect(readFileSync(join(dir, 'indicators/grade3-reading.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.concert\/schemas\/indicators\.schema\.json\n/);
    expect(readFileSync(join(dir, 'partners.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.concert\/schemas\/partners\.schema\.json\n/);
    for (const file of files) {
      const original = readFileSync(join(REPO, 'examples/eastside-learns', file), 'utf8');
      expect(readFileSync(join(dir, file), 'utf8').replace(MODELINE, ''), file).toBe(original.replace(MODELINE, ''));
    }
    const v = await runCli(['validate', dir, '--no-data', '--format', 'json']);
    expect(JSON.parse(v.stdout).errors).toBe(0);
  });

  test('the globs cover every place the layout keeps a kind, and only that kind', () => {
    const settings = Object.fromEntries(FILE_KINDS.map((k) => [k, globsOf(k)]));
    for (const kind of FILE_KINDS) {
      const places = [...(LAYOUT[kind].folderOnly ? [] : [`${kind}.yaml`, `${kind}.yml`]), ...(LAYOUT[kind].folder ? [`${kind}/a.yaml`, `${kind}/a.yml`, `${kind}/group/sub/b.yaml`] : [])];
      for (const place of places) expect(schemasFor(settings, place), place).toEqual([kind]);
    }
    expect(schemasFor(settings, 'data/first-partner/2025.csv')).toEqual([]);
    expect(schemasFor(settings, 'partner.yaml')).toEqual([]);
    expect(schemasFor(settings, 'commentary.yaml')).toEqual([]);
  });

  test('repointing a schema line: depth-aware, other lines and other schemas left alone', () => {
    expect(schemaRef('partners.yaml', 'partners')).toBe('.concert/schemas/partners.schema.json');
    expect(schemaRef('activities/a.yaml', 'activities')).toBe('../.concert/schemas/activities.schema.json');
    expect(schemaRef('partners/north/b.yml', 'partners')).toBe('../../.concert/schemas/partners.schema.json');
    const text = '# yaml-language-server: $schema=../../../schemas/activities.schema.json\nid: a # $schema=x\n';
    expect(repointSchemaLine(text, 'activities/group/a.yaml')).toBe('# yaml-language-server: $schema=../../.concert/schemas/activities.schema.json\nid: a # $schema=x\n');
    for (const other of ['# yaml-language-server: $schema=none\nid: a\n', '# yaml-language-server: $schema=https://example.org/other.json\n', 'id: a\n']) {
      expect(repointSchemaLine(other, 'activities/a.yaml')).toBe(other);
    }
    const kinds: FileKind[] = [...FILE_KINDS];
    expect(kinds.every((k) => repointSchemaLine(`# yaml-language-server: $schema=https://concert.tools/schemas/v1/${k}.schema.json\n`, `${k}.yaml`) === `# yaml-language-server: $schema=.concert/schemas/${k}.schema.json\n`)).toBe(true);
  });
});
