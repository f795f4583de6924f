/**
 * The README says only what runs (issue 9 items 1 and 7): CI (`.ci/run`) runs its install and test
 * commands verbatim, and its sample output is what the command it shows prints today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/run.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const CI = readFileSync(join(REPO, '.ci/run'), 'utf8');
const tokens = new MarkdownIt().parse(README, {});

/** The fenced code blocks under one heading (up to the next heading of the same or a higher level). */
function blocksUnder(heading: string): { info: string; content: string }[] {
  const start = tokens.findIndex((t, i) => t.type === 'heading_open' && tokens[i + 1]!.content === heading);
  expect(start, `README.md has no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const level = tokens[start]!.tag;
  const blocks: { info: string; content: string }[] = [];
  for (const t of tokens.slice(start + 1)) {
    if (t.type === 'heading_open' && t.tag <= level) break;
    if (t.type === 'fence') blocks.push({ info: t.info.trim(), content: t.content });
  }
  return blocks;
}

/** The command lines of .ci/run that a `# README: …` comment marks (the line after each). */
const lines = CI.split('\n');
const marked = lines.flatMap((line, i) => (/^\s*# README:/.test(line) ? [lines[i + 1]!.trim()] : []));

describe('.ci/run runs the README commands verbatim (issue 9 item 1)', () => {
  it('marks its install and test commands', () => {
    expect(marked.length).toBeGreaterThanOrEqual(2);
    for (const command of marked) expect(command, 'a # README: comment must be followed by a command').toMatch(/^\S/);
    // The install holds to the lock file: `npm ci` fails when package-lock.json is out of step.
    expect(marked.some((c) => /^npm ci(\s|$)/.test(c))).toBe(true);
    expect(marked).toContain('npm test');
    expect(CI).not.toMatch(/^\s*npm (install|i)\b(?!.*--prefix)/m);
  });

  it('every marked line appears verbatim, as a line, in README.md', () => {
    const readmeLines = new Set(README.split('\n').map((l) => l.trim()));
    for (const command of marked) expect(readmeLines.has(command), `README.md lacks the line: ${command}`).toBe(true);
  });

  it("every command of the README's set-up section is one .ci/run runs", () => {
    const commands = blocksUnder('Set up (two commands)')
      .filter((b) => b.info === 'sh')
      .flatMap((b) => b.content.split('\n').map((l) => l.trim()).filter(Boolean));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(marked, `.ci/run does not run: ${command}`).toContain(command);
  });
});

describe("the README's sample output is the real output (issue 9 item 7)", () => {
  it('"What a problem looks like" is what its command prints (stylish, no colour)', async () => {
    const [block] = blocksUnder('What a problem looks like');
    expect(block).toBeDefined();
    const [first, ...rest] = block!.content.split('\n');
    const command = first!.match(/^\$ npx concert (.+)$/);
    expect(command, `the block should start with "$ npx concert …": ${first}`).not.toBeNull();
    // Reproducible only with a fixed "today" (a data-missing line says how many days late).
    expect(command![1]).toMatch(/--today \d{4}-\d{2}-\d{2}/);
    const r = await runCli(command![1]!.split(/\s+/), { cwd: REPO, env: {}, tty: false });
    expect(r.stderr).toBe('');
    expect(rest.join('\n')).toBe(r.stdout);
  });
});
