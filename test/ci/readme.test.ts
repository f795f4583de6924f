/**
 * README's "Concert in CI" (issue 9 item 8) shows the workflow and the action as they are written:
 * each YAML or shell block of the section is an excerpt of the workflow `concert init` writes or of
 * action.yml, line for line (the excerpt may sit deeper in the file, by the same indentation on
 * every line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, test } from 'vitest';
import { ACTION_REPOSITORY, workflowFile } from '../../src/core/init/workflow.js';
import { REPO } from '../helpers/run.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const SOURCES = { '.github/workflows/concert.yml': workflowFile(), 'action.yml': readFileSync(join(REPO, 'action.yml'), 'utf8') };

/** The section's Markdown, and its YAML and shell code blocks (the excerpts). */
function section(heading: string): { markdown: string; yaml: string[] } {
  const tokens = new MarkdownIt().parse(README, {});
  const start = tokens.findIndex((t, i) => t.type === 'heading_open' && tokens[i + 1]!.content === heading);
  expect(start, `README.md has no heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const yaml: string[] = [];
  let end = tokens.length;
  for (let i = start + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'heading_open' && t.tag <= tokens[start]!.tag) {
      end = i;
      break;
    }
    if (t.type === 'fence' && ['yaml', 'sh'].includes(t.info.trim())) yaml.push(t.content);
  }
  const lines = README.split('\n');
  const markdown = lines.slice(tokens[start]!.map![0], tokens[end]?.map?.[0] ?? lines.length).join('\n');
  return { markdown, yaml };
}

/** Whether `excerpt`'s lines appear in `text` consecutively, each with the same added indentation. */
function excerptOf(excerpt: string, text: string): boolean {
  const want = excerpt.replace(/\n$/, '').split('\n');
  const lines = text.split('\n');
  for (let i = 0; i + want.length <= lines.length; i++) {
    const first = lines[i]!;
    if (!first.endsWith(want[0]!) || first.slice(0, first.length - want[0]!.length).trim() !== '') continue;
    const indent = first.slice(0, first.length - want[0]!.length);
    if (want.every((w, k) => lines[i + k] === (w === '' ? '' : indent + w) || (w === '' && lines[i + k]!.trim() === ''))) return true;
  }
  return false;
}

describe('README: Concert in CI', () => {
  const { markdown, yaml } = section('Concert in CI');

  test('every YAML block is an excerpt of the real workflow or action.yml', () => {
    expect(yaml.length).toBeGreaterThanOrEqual(2);
    for (const block of yaml) {
      const from = Object.entries(SOURCES).filter(([, text]) => excerptOf(block, text)).map(([file]) => file);
      expect(from, `not an excerpt of the workflow or action.yml:\n${block}`).not.toEqual([]);
    }
    // Both are shown.
    expect(yaml.some((b) => excerptOf(b, SOURCES['.github/workflows/concert.yml']))).toBe(true);
    expect(yaml.some((b) => excerptOf(b, SOURCES['action.yml']))).toBe(true);
  });

  test('it names the action at this version, and says why it is pinned', () => {
    expect(markdown).toContain(`${ACTION_REPOSITORY}@v${VERSION}`);
    expect(markdown).toMatch(/exact version of Concert that wrote the file/);
    expect(markdown).toMatch(/a tag can be moved and a commit\s+cannot/);
    expect(markdown).not.toMatch(/npx --yes/);
  });

  test('the excerpt check itself: a changed line is not an excerpt', () => {
    expect(excerptOf('uses: x\nwith:\n  command: validate . --format github\n', SOURCES['.github/workflows/concert.yml'])).toBe(false);
    expect(excerptOf(`uses: ${ACTION_REPOSITORY}@v${VERSION}\nwith:\n  command: validate . --format github\n`, SOURCES['.github/workflows/concert.yml'])).toBe(true);
  });
});
