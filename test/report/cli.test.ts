import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/core/report/index.js';
import { EXAMPLE, FIXTURES, REPO, runCli } from '../helpers/run.js';

const TODAY = ['--today', '2026-11-23'];
let tmp: string;
let tricky: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'concert-report-'));
  tricky = join(tmp, 'tricky');
  await cp(join(FIXTURES, 'report-tricky'), tricky, { recursive: true });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('concert report --format json (SPEC 6)', () => {
  it('prints the report model with the SPEC shape', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'json']);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['initiative', 'period', 'asOf', 'summary', 'indicators', 'goals', 'activities', 'partners', 'provenance']));
    expect(m.period).toBe('2026-Q3');
    expect(m.asOf).toBe('2026-11-23');
    expect(m.summary.submissions).toMatchObject({ expected: expect.any(Number), received: expect.any(Number) });
    for (const i of m.indicators) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'goal', 'status', 'score', 'method', 'baseline', 'latest', 'target', 'gapClosed', 'trend', 'series', 'groups']));
    }
    expect(m.provenance.commit === null || /^[0-9a-f]{40}$/.test(m.provenance.commit)).toBe(true);
    expect(typeof m.provenance.dirty === 'boolean' || m.provenance.dirty === null).toBe(true);
    expect(m.provenance.files[0]).toEqual({ path: expect.stringMatching(/^data\//), rows: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('--period picks the report period; a bad one is a usage error', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'json', '--period', '2025-Q2']);
    expect(JSON.parse(r.stdout).period).toBe('2025-Q2');
    const bad = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--period', 'Q3 2025']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--period 'Q3 2025'");
  });

  it('SOURCE_DATE_EPOCH fixes "today" like --today', async () => {
    const a = await runCli(['report', 'examples/eastside-learns', '--format', 'json'], { env: { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 23) / 1000) } });
    const b = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('concert report --format csv', () => {
  it('one row per indicator with the SPEC columns', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[0]).toBe('id,goal,baseline,latest,target,status,score,gapClosed,trend');
    expect(lines.length).toBe(12);
    const k = lines.find((l) => l.startsWith('k-readiness,'))!.split(',');
    expect(k.slice(0, 5)).toEqual(['k-readiness', 'kindergarten-ready', '44', expect.stringMatching(/^5\d(\.\d+)?$/), '55']);
    // A negative share stays a number, not a neutralised text.
    expect(r.stdout).toMatch(/,-0\.\d+,worsening/);
  });
});

describe('concert report --format html (static checks)', () => {
  it('is one self-contained file: no scripts, no network, a chart per indicator with text alternatives', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'html']);
    expect(r.code).toBe(0);
    const html = r.stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const svgs = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(svgs.length).toBe(11);
    for (const s of svgs) {
      expect(s).toMatch(/role="img"/);
      expect(s).toMatch(/<title id="[^"]+">Chart: /);
      expect(s).toMatch(/<desc id="[^"]+">[^<]+target/);
      expect(s).toMatch(/class="baseline"/);
      expect(s).toMatch(/class="target"/);
      expect(s).toMatch(/class="axis-title"/);
    }
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
    expect(html).toMatch(/<th scope="col">/);
    expect(html).toContain('<span class="suppressed">suppressed</span>');
    expect(html).toMatch(/● On track/);
  });

  it('escapes user text: no markup from names reaches the page', async () => {
    const r = await runCli(['report', tricky, '--today', '2025-11-20', '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<script>');
    expect(r.stdout).not.toContain('<b>tags</b>');
    expect(r.stdout).toContain('Eastside | Schools &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.stdout).toContain('lang="de-DE"');
  });
});

describe('deterministic output', () => {
  it.each(['md', 'html', 'json', 'csv'])('%s: same inputs and --today give identical bytes', async (format) => {
    const a = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', format]);
    const b = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', format]);
    expect(a.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('refusing to render an initiative with errors', () => {
  it('exits 1 with the diagnostics on stderr and nothing on stdout', async () => {
    const r = await runCli(['report', join(FIXTURES, 'unknown-reference'), ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown-reference');
    expect(r.stderr).toContain('the report was not rendered');
  });
  it('a missing folder is a usage error', async () => {
    expect((await runCli(['report', 'no/such/folder', ...TODAY])).code).toBe(2);
  });
});

describe('templates', () => {
  it("an initiative's templates/ overrides a built-in partial", async () => {
    await mkdir(join(tricky, 'templates'), { recursive: true });
    await writeFile(join(tricky, 'templates', '_md-provenance.hbs'), '## Our own footer for {{md initiative.name}}\n');
    const r = await runCli(['report', tricky, '--today', '2025-11-20']);
    await rm(join(tricky, 'templates'), { recursive: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Our own footer for Tiny Initiative');
    expect(r.stdout).not.toContain('## Provenance');
    expect(r.stdout).toContain('## Summary');
  });

  it('--template FILE renders with that template, helpers and partials available', async () => {
    const file = join(tmp, 'mine.md.hbs');
    await writeFile(file, '{{#each indicators}}{{id}}: {{statusShape status}} {{statusLabel status}} {{ival this latest.value}}\n{{/each}}{{> md-provenance}}');
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--template', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^k-readiness: ● On track 52\.\d%$/m);
    expect(r.stdout).toContain('## Provenance');
  });

  it('a broken template is a clear error naming the file and line', async () => {
    await mkdir(join(tricky, 'templates'), { recursive: true });
    await writeFile(join(tricky, 'templates', 'report.md.hbs'), '# Report\n\n{{#each indicators}}\n{{name}\n{{/each}}\n');
    const r = await runCli(['report', tricky, '--today', '2025-11-20']);
    await rm(join(tricky, 'templates'), { recursive: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/template templates\/report\.md\.hbs, line 4: parse error/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a broken partial names the partial', async () => {
    const file = join(tmp, 'uses-missing.md.hbs');
    await writeFile(file, 'ok\n{{> no-such-partial}}\n');
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--template', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('uses-missing.md.hbs');
    expect(r.stderr).toContain('no-such-partial');
  });

  it('prototype access stays off (BAD-INPUTS 35)', async () => {
    const file = join(tmp, 'proto.md.hbs');
    await writeFile(file, '[{{constructor.name}}][{{initiative.__proto__}}][{{lookup initiative "constructor"}}]');
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--template', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[][][]');
    // and the built command prints nothing about it: Handlebars' console advice to switch the
    // protection off does not reach the user
    const { spawnSync } = await import('node:child_process');
    const method = join(tmp, 'proto-method.md.hbs');
    await writeFile(method, '[{{#with "s"}}{{split}}{{/with}}]');
    const built = spawnSync(process.execPath, [join(REPO, 'bin/concert.js'), 'report', 'examples/eastside-learns', ...TODAY, '--template', method], { cwd: REPO, encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(built.stdout).toBe('[]');
    expect(built.stderr).toBe('');
  });

  it('Handlebars loads only for templated output (not at start-up, not for validate or JSON)', async () => {
    // Run the built CLI in a child process and ask Node which CommonJS modules it loaded.
    const probe = `
      import { createRequire } from 'node:module';
      const require = createRequire(import.meta.url);
      const { main } = await import(${JSON.stringify(join(REPO, 'dist/cli/main.js'))});
      const io = { stdout() {}, stderr() {}, cwd: process.cwd(), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
      const code = await main(process.argv.slice(1), io);
      process.stdout.write(JSON.stringify({ code, handlebars: Object.keys(require.cache).some((k) => k.includes('handlebars')) }));`;
    const loads = (...argv: string[]) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe, '--', ...argv], { cwd: REPO, encoding: 'utf8' })) as { code: number; handlebars: boolean };
    const ex = 'examples/eastside-learns';
    expect(loads('--help')).toEqual({ code: 0, handlebars: false });
    expect(loads('validate', ex, '--today', '2026-11-23')).toEqual({ code: 0, handlebars: false });
    expect(loads('report', ex, '--today', '2026-11-23', '--format', 'json')).toEqual({ code: 0, handlebars: false });
    expect(loads('agenda', ex, '--next', '--today', '2026-11-23', '--format', 'ics')).toEqual({ code: 0, handlebars: false });
    expect(loads('report', ex, '--today', '2026-11-23', '--format', 'md')).toEqual({ code: 0, handlebars: true });
  });
});

describe('--out writes atomically', () => {
  it('writes the file; a failed run leaves the old report intact and no temp file', async () => {
    const outDir = join(tmp, 'out');
    await mkdir(outDir);
    const out = join(outDir, 'report.html');
    const ok = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'html', '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    const before = await readFile(out, 'utf8');
    expect(before).toMatch(/^<!doctype html>/);
    const broken = join(tmp, 'broken.html.hbs');
    await writeFile(broken, '{{#if x}}');
    const bad = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--format', 'html', '--template', broken, '--out', out]);
    expect(bad.code).toBe(1);
    const invalid = await runCli(['report', join(FIXTURES, 'unknown-reference'), ...TODAY, '--out', out]);
    expect(invalid.code).toBe(1);
    expect(await readFile(out, 'utf8')).toBe(before);
    expect(await readdir(outDir)).toEqual(['report.html']);
  });
  it('an unwritable output is a usage error (exit 2)', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', ...TODAY, '--out', join(tmp, 'no-such-dir', 'r.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot write');
  });
  it('the report written into the initiative folder does not make provenance "dirty" by itself', async () => {
    const r = await runCli(['report', EXAMPLE, ...TODAY, '--format', 'json']);
    const m = JSON.parse(r.stdout);
    expect(m.provenance.files.length).toBe(15);
  });
});
