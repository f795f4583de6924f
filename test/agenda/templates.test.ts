/**
 * One render layer for every document: an initiative's templates/ override the agenda's and the
 * minutes' built-ins as they do the report's, --template works for them, a broken template is
 * named by file and line, and the example's committed agenda and minutes are what Concert renders.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const TODAY = ['--today', '2025-10-15'];
let dir: string;

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), 'concert-agenda-templates-')), 'initiative');
  await cp(join(FIXTURES, 'agenda-roll-call'), dir, { recursive: true });
});
afterAll(async () => rm(join(dir, '..'), { recursive: true, force: true }));

async function withTemplate(name: string, text: string, argv: string[]) {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'templates', name), text);
  try {
    return await runCli(argv);
  } finally {
    await rm(join(dir, 'templates'), { recursive: true, force: true });
  }
}

describe('agenda and minutes templates', () => {
  it("an initiative's templates/agenda.md.hbs replaces the built-in, with the shared helpers", async () => {
    const r = await withTemplate('agenda.md.hbs', '{{#each items}}{{inc @index}} {{minutes}} {{kindLabel kind}} {{md title}}\n{{/each}}{{fmtDay meeting.date}}\n', ['agenda', dir, '--meeting', 'c-6', ...TODAY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('1 7 Opening Welcome and introductions');
    expect(r.stdout).toContain('Wednesday, June 18, 2025');
    expect(r.stdout).not.toContain('## Roll call');
  });

  it("an initiative's templates/minutes.html.hbs replaces the built-in; the agenda's html is untouched", async () => {
    const own = await withTemplate('minutes.html.hbs', '<p>{{present}} of {{members}}</p>', ['minutes', dir, '--meeting', 'c-5', ...TODAY, '--format', 'html']);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(/^<p>\d+ of \d+<\/p>$/);
    const agenda = await runCli(['agenda', dir, '--meeting', 'c-6', ...TODAY, '--format', 'html']);
    expect(agenda.stdout).toContain('<h2 id="roll-h">Roll call</h2>');
  });

  it('--template FILE renders the agenda with it; it is refused for json and ics', async () => {
    const file = join(dir, '..', 'mine.md.hbs');
    await writeFile(file, 'Next: {{nextMeeting.date}} ({{#if nextMeeting.scheduled}}scheduled{{else}}by cadence{{/if}})\n');
    const r = await runCli(['agenda', dir, '--meeting', 'c-6', ...TODAY, '--template', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Next: \d{4}-\d{2}-\d{2} \((scheduled|by cadence)\)\n$/);
    for (const format of ['json', 'ics']) {
      const bad = await runCli(['agenda', dir, '--meeting', 'c-6', ...TODAY, '--template', file, '--format', format]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(`not ${format}`);
    }
  });

  it('a broken agenda template is exit 1 naming its file and line, and nothing is written', async () => {
    const out = join(dir, '..', 'agenda.md');
    const r = await withTemplate('agenda.md.hbs', '# Agenda\n\n{{#each items}}\n{{title}\n{{/each}}\n', ['agenda', dir, '--meeting', 'c-6', ...TODAY, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^concert: template templates\/agenda\.md\.hbs, line 4: parse error/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('a partial the minutes call that does not exist is named with the calling file', async () => {
    const r = await withTemplate('minutes.md.hbs', 'Minutes\n{{> no-such-part}}\n', ['minutes', dir, '--meeting', 'c-5', ...TODAY]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('templates/minutes.md.hbs');
    expect(r.stderr).toContain('no-such-part');
  });
});

describe("the example's committed agenda and minutes", () => {
  const reports = join(EXAMPLE, 'reports');
  for (const [file, argv] of [
    ['agenda-2026-12-steering.md', ['agenda', '--meeting', '2026-12-steering', '--format', 'md']],
    ['agenda-2026-12-steering.html', ['agenda', '--meeting', '2026-12-steering', '--format', 'html']],
    ['agenda-2026-12-steering.ics', ['agenda', '--meeting', '2026-12-steering', '--format', 'ics']],
    ['minutes-2026-11-steering.md', ['minutes', '--meeting', '2026-11-steering', '--format', 'md']],
    ['minutes-2026-11-steering.html', ['minutes', '--meeting', '2026-11-steering', '--format', 'html']],
  ] as const) {
    it(`${file} is what concert renders today`, async () => {
      const [command, ...rest] = argv;
      const r = await runCli([command, EXAMPLE, ...rest, '--today', '2026-11-23']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(await readFile(join(reports, file), 'utf8'));
    });
  }
});

describe('what the built-in agenda says at the edges', () => {
  it('topics that overrun: the total is what the items take, and by how much it passes the meeting', async () => {
    const r = await runCli(['agenda', join(FIXTURES, 'agenda-overrun'), '--meeting', '2025-01-steering', '--today', '2025-01-01', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("| | | **Total** | | | **70** (10 over the meeting's 60) |");
    expect(r.stdout).toContain("> **The requested topics take 10 minutes more than the meeting's 60.**");
  });

  it('the first meeting of a series: no attendance history yet, said in words', async () => {
    const r = await runCli(['agenda', join(FIXTURES, 'agenda-roll-call'), '--meeting', 'c-1', '--today', '2025-01-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No earlier meeting of this series has its attendance recorded yet.');
    expect(r.stdout).not.toContain('last 0 meetings');
  });
});
