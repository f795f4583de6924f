/**
 * Concert's schemas in a real editor engine (SPEC 1: "every file may begin with
 * `# yaml-language-server: $schema=…` so editors validate while typing"): the YAML language server
 * that VS Code's YAML extension runs, driven over stdio like VS Code drives it, with the network
 * refused (test/editor/deny-network.cjs).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXAMPLE, REPO, runCli } from '../helpers/run.js';
import { LspClient, OFFLINE_SETTINGS, type Diagnostic } from './lsp-client.js';

const KINDS = ['initiative', 'agenda', 'indicators', 'partners', 'activities', 'meetings', 'dimensions', 'commentary'];
const schemaOf = (kind: string) => JSON.parse(readFileSync(join(REPO, 'schemas', `${kind}.schema.json`), 'utf8')) as { title: string; $defs: Record<string, { properties: Record<string, { description: string }> }> };
/** The language server names the schema's title in each diagnostic's `source`. */
const sourceOf = (kind: string) => `yaml-schema: ${schemaOf(kind).title}`;
/** The kind of a layout file from its path in the initiative folder. */
const kindOf = (path: string) => KINDS.find((k) => path.split('/')[0]!.replace(/\.ya?ml$/, '') === k)!;
const yamlFiles = (dir: string) =>
  (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split('\\').join('/'))
    .filter((p) => /\.ya?ml$/.test(p) && !p.startsWith('.github/'))
    .sort();
/** Markdown hover text without its escapes (`\`` → `` ` ``). */
const unescape = (md: string) => md.replace(/\\(?=[^\w\s])/g, '');
const tmp = () => mkdtempSync(join(tmpdir(), 'concert-editor-'));

/** Fails with a message instead of hanging until the test's timeout. */
function within<T>(promise: Promise<T>, what: string, ms = 20_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The position of the first key of the first line after the schema line (`- id:` or `id:`). */
function firstKey(text: string): { line: number; character: number } {
  const line = text.split('\n').findIndex((l, i) => i > 0 && /^[-\s]*[a-z_]+:/.test(l));
  return { line, character: text.split('\n')[line]!.search(/[a-z_]/) };
}

/** Opens a file as it is on disk; diagnostics of its first validation. */
const openFile = (server: LspClient, path: string) => within(server.open(path, readFileSync(path, 'utf8')), `diagnostics for ${path}`);

function edit(path: string, from: RegExp, to: string): string {
  const text = readFileSync(path, 'utf8');
  expect(text, `${path} has ${from}`).toMatch(from);
  writeFileSync(path, text.replace(from, to));
  return path;
}

/**
 * Opens every layout YAML file of `root` (as on disk): no diagnostics, and the schema was found
 * (no schema gives no diagnostics either), hover naming `schemas/<kind>.schema.json` as its source.
 */
async function expectValidAgainst(server: LspClient, root: string, schemas: string): Promise<string[]> {
  const files = yamlFiles(root);
  for (const file of files) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    expect(brief(await openFile(server, path)), file).toBe('');
    const hover = await within(server.hover(path, firstKey(text)), `hover in ${file}`);
    expect(hover?.contents.value, file).toContain(`](${pathToFileURL(join(schemas, `${kindOf(file)}.schema.json`)).href})`);
    await within(server.close(path), `closing ${file}`);
  }
  return files;
}

const lineOf = (path: string, needle: string) => readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes(needle));
const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}: ${d.message} [${d.source}]`).join('\n');

describe('yaml-language-server checks the example with the schemas its `$schema` lines name', () => {
  let server: LspClient;
  /** A copy laid out like the repository (examples/eastside-learns beside schemas/), to break. */
  let work: string;
  let copy: string;

  beforeAll(async () => {
    work = tmp();
    copy = join(work, 'examples/eastside-learns');
    cpSync(EXAMPLE, copy, { recursive: true });
    cpSync(join(REPO, 'schemas'), join(work, 'schemas'), { recursive: true });
    server = new LspClient();
    await within(server.start(REPO), 'the language server to start');
  });
  afterAll(async () => {
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('every file of the example is valid, checked against its own schema (relative `$schema` paths resolve)', async () => {
    for (const file of yamlFiles(EXAMPLE)) {
      expect(readFileSync(join(EXAMPLE, file), 'utf8'), file).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+schemas\/\w+\.schema\.json\n/);
    }
    expect((await expectValidAgainst(server, EXAMPLE, join(REPO, 'schemas'))).length).toBeGreaterThan(15);
  });

  test('a misspelt key (`leed:` in an activity) is reported from the activities schema', async () => {
    const path = edit(join(copy, 'activities/fafsa-nights.yaml'), /^lead: /m, 'leed: ');
    const diagnostics = await openFile(server, path);
    const line = lineOf(path, 'leed:');
    const unknown = diagnostics.find((d) => d.message === 'Property leed is not allowed.');
    expect(unknown, brief(diagnostics)).toBeDefined();
    expect(unknown!.range.start).toEqual({ line, character: 0 });
    expect(unknown!.source).toBe(sourceOf('activities'));
    expect(unknown!.data?.schemaUri).toEqual([pathToFileURL(join(work, 'schemas/activities.schema.json')).href]);
    // The required key it replaced is missing now, from the same schema.
    expect(diagnostics.map((d) => [d.message, d.source])).toContainEqual(['Missing property "lead".', sourceOf('activities')]);
    expect(diagnostics.every((d) => d.severity === 1)).toBe(true);
  });

  test('keys starting with `x-` are kept (the extension point), not reported', async () => {
    const path = edit(join(copy, 'activities/stem-clubs.yaml'), /^title: /m, 'x-budget-code: STEM-7\ntitle: ');
    expect(brief(await openFile(server, path))).toBe('');
  });

  test('a bad enum value (`sector: goverment`) is reported with the allowed values', async () => {
    const path = edit(join(copy, 'partners.yaml'), /sector: government/, 'sector: goverment');
    const diagnostics = await openFile(server, path);
    expect(diagnostics, brief(diagnostics)).toHaveLength(1);
    const [d] = diagnostics;
    const line = lineOf(path, 'goverment');
    const character = readFileSync(path, 'utf8').split('\n')[line]!.indexOf('goverment');
    expect(d!.range).toEqual({ start: { line, character }, end: { line, character: character + 'goverment'.length } });
    expect(d!.message).toMatch(/^Value is not accepted\. Valid values: "nonprofit", "government", /);
    expect(d!.source).toBe(sourceOf('partners'));
  });

  test('a wrong type (`duration: "ninety"` for minutes) is reported from the meetings schema', async () => {
    const path = edit(join(copy, 'meetings.yaml'), /duration: 90\b/, 'duration: "ninety"');
    const diagnostics = await openFile(server, path);
    expect(diagnostics.map((d) => [d.range.start.line, d.message, d.source])).toEqual([[lineOf(path, '"ninety"'), 'Incorrect type. Expected "integer".', sourceOf('meetings')]]);
  });

  test('hovering over `direction` in an indicator file shows the description written in the schema', async () => {
    const path = join(EXAMPLE, 'indicators/grade3-reading.yaml');
    await openFile(server, path);
    const line = lineOf(path, '  direction:');
    const hover = await within(server.hover(path, { line, character: 4 }), 'hover over direction');
    const description = schemaOf('indicators').$defs['indicator']!.properties['direction']!.description;
    expect(description).toMatch(/higher is better/);
    expect(unescape(hover!.contents.value)).toContain(description);
    expect(hover!.contents.value).toContain('* `increase`\n* `decrease`');
  });

  test('nothing reached for the network (the schemas\' https $id and $schema are identifiers, not fetched)', () => {
    expect(server.networkAttempts).toEqual([]);
    expect(server.unexpectedRequests).toEqual([]);
    expect(server.stderr).not.toMatch(/error|exception/i);
  });
});

describe('the network guard of these tests', () => {
  test('sees and refuses a fetch: a `$schema=` URL would be fetched, and concert.tools serves nothing', async () => {
    const server = new LspClient();
    try {
      await within(server.start(), 'the language server to start');
      const dir = tmp();
      const path = join(dir, 'partners.yaml');
      const text = '# yaml-language-server: $schema=https://concert.tools/schemas/v1/partners.schema.json\n- id: a\n  name: A\n  sector: nonprofit\n';
      writeFileSync(path, text);
      const diagnostics = await within(server.open(path, text), 'diagnostics for a URL schema');
      expect(server.networkAttempts).toContain('concert.tools:443');
      expect(brief(diagnostics)).toMatch(/concert\.tools/);
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await server.stop();
    }
  });
});

describe('an initiative written by `concert init` works in the editor out of the box', () => {
  let work: string;
  const servers: LspClient[] = [];
  const startIn = async (root: string, settings: Record<string, unknown> = OFFLINE_SETTINGS) => {
    const server = new LspClient(settings);
    servers.push(server);
    await within(server.start(root), 'the language server to start');
    return server;
  };
  beforeAll(() => void (work = tmp()));
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('concert init: a misspelt key gets a diagnostic from the schema its `$schema` line names', async () => {
    const dir = join(work, 'new');
    expect((await runCli(['init', dir, '--today', '2026-11-23', '--quiet'])).code).toBe(0);
    const server = await startIn(dir);
    expect(await expectValidAgainst(server, dir, join(dir, '.concert/schemas'))).toEqual(['activities.yaml', 'agenda.yaml', 'commentary/2025.yaml', 'indicators.yaml', 'initiative.yaml', 'meetings.yaml', 'partners.yaml']);
    const path = edit(join(dir, 'activities.yaml'), /^  lead: /m, '  leed: ');
    const diagnostics = await openFile(server, path);
    const unknown = diagnostics.find((d) => d.message === 'Property leed is not allowed.');
    expect(unknown, brief(diagnostics)).toMatchObject({ source: sourceOf('activities'), data: { schemaUri: [pathToFileURL(join(dir, '.concert/schemas/activities.schema.json')).href] } });
    expect(unknown!.range.start.line).toBe(lineOf(path, 'leed:'));
    expect(server.networkAttempts).toEqual([]);
  });

  test('concert init --example: the repointed `$schema` lines resolve in the copy, at every depth', async () => {
    const dir = join(work, 'example');
    expect((await runCli(['init', dir, '--example', '--quiet'])).code).toBe(0);
    const server = await startIn(dir);
    const files = await expectValidAgainst(server, dir, join(dir, '.concert/schemas'));
    expect(files).toContain('indicators/grade3-reading.yaml');
    expect(files).toContain('initiative.yaml');
    expect(server.networkAttempts).toEqual([]);
  });

  test('.vscode/settings.json alone maps files without a `$schema` line to the schemas (yaml.schemas globs)', async () => {
    const dir = join(work, 'settings');
    expect((await runCli(['init', dir, '--example', '--quiet'])).code).toBe(0);
    const vscode = JSON.parse(readFileSync(join(dir, '.vscode/settings.json'), 'utf8')) as Record<string, unknown>;
    // VS Code hands the `yaml` section to the server with the workspace's settings.json merged in.
    const server = await startIn(dir, { yaml: { ...OFFLINE_SETTINGS.yaml, schemas: vscode['yaml.schemas'] } });
    const cases = [
      { file: 'indicators/grade3-reading.yaml', from: /direction: increase/, to: 'direction: sideways', message: /^Value is not accepted\. Valid values: "increase", "decrease"\.$/ },
      { file: 'partners.yaml', from: /sector: government/, to: 'sector: goverment', message: /^Value is not accepted\. Valid values: "nonprofit"/ },
      { file: 'activities/fafsa-nights.yaml', from: /^lead: /m, to: 'leed: ', message: /^Property leed is not allowed\.$/ },
      { file: 'initiative.yaml', from: /^period: /m, to: 'periode: ', message: /^Property periode is not allowed\.$/ },
    ];
    for (const { file, from, to, message } of cases) {
      const path = join(dir, file);
      edit(path, /^# yaml-language-server: .*\n/, '');
      edit(path, from, to);
      const diagnostics = await openFile(server, path);
      const hit = diagnostics.find((d) => message.test(d.message));
      expect(hit, `${relative(dir, path)}:\n${brief(diagnostics)}`).toMatchObject({
        source: sourceOf(kindOf(file)),
        data: { schemaUri: [pathToFileURL(join(dir, '.concert/schemas', `${kindOf(file)}.schema.json`)).href] },
      });
    }
    expect(server.networkAttempts).toEqual([]);
    expect(server.unexpectedRequests).toEqual([]);
  });
});
