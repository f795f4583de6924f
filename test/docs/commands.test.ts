/**
 * The docs name only commands that exist (issue 9 item 7): every `concert <command>` (and
 * `concert <command> <subcommand>`) in a code span or code block of README.md or docs/*.md is one
 * the CLI's own help lists, unless its sentence (its line, in a code block) says it is planned.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/run.js';

const DOCS = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

interface Mention {
  doc: string;
  /** The words after `concert`: the command and, if any, the next word. */
  words: string[];
  /** The sentence (or the code line) it stands in. */
  context: string;
}

/** `concert validate`, `npx concert report`, `npx --yes concert-ci validate`: the words after the program name. */
const COMMAND = /(?:^|[\s`(|&;$])concert(?:-ci)?((?:[ \t]+[a-z][a-z0-9-]*){1,2})/g;

function mentionsIn(text: string, doc: string, context: string): Mention[] {
  return [...text.matchAll(COMMAND)].map((m) => ({ doc, words: m[1]!.trim().split(/\s+/), context }));
}

/** A paragraph's (or table cell's) sentences. */
const sentences = (inline: string) => inline.split(/(?<=[.!?])\s+(?=[A-Z`(*])/);

function mentions(doc: string): Mention[] {
  const found: Mention[] = [];
  for (const t of new MarkdownIt().parse(readFileSync(join(REPO, doc), 'utf8'), {})) {
    if (t.type === 'fence' || t.type === 'code_block') {
      for (const line of t.content.split('\n')) found.push(...mentionsIn(line, doc, line));
    } else if (t.type === 'inline') {
      for (const sentence of sentences(t.content)) {
        for (const span of sentence.matchAll(/`([^`]+)`/g)) found.push(...mentionsIn(span[1]!, doc, sentence));
      }
    }
  }
  return found;
}

/** The command names a help screen lists under "Commands:" (leaving out commander's `help`). */
function listed(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

describe('the docs name only commands that exist (issue 9 item 7)', () => {
  const all = DOCS.flatMap(mentions);

  it('finds the commands the docs name', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.some((m) => m.doc === 'README.md' && m.words[0] === 'validate')).toBe(true);
    expect(all.some((m) => m.words.join(' ') === 'data status')).toBe(true);
  });

  it('each is listed by `concert --help` (or its subcommand by `concert <command> --help`), unless called planned', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    const commands = listed(help.stdout);
    expect(commands).toContain('validate');
    const subcommands = new Map<string, string[]>();
    for (const command of commands) {
      const sub = listed((await runCli([command, '--help'])).stdout);
      if (sub.length) subcommands.set(command, sub);
    }
    expect(subcommands.get('data')).toContain('status');

    const missing: string[] = [];
    for (const { doc, words, context } of all) {
      if (/\bplanned\b/i.test(context)) continue;
      const [command, next] = words as [string, string | undefined];
      const name = subcommands.has(command) && next ? `${command} ${next}` : command;
      const exists = commands.includes(command) && (!subcommands.has(command) || !next || subcommands.get(command)!.includes(next));
      if (!exists) missing.push(`${doc}: concert ${name} — in: ${context.trim()}`);
    }
    expect(missing, 'commands the CLI does not have (say "planned" if they are)').toEqual([]);
  });
});
