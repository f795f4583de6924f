import MarkdownIt from 'markdown-it';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

interface Table {
  header: string[];
  rows: string[][];
}

/** Every GFM table of a document, as markdown-it (a CommonMark + GFM-tables renderer) parses it. */
function tables(md: string): { tables: Table[]; fences: { info: string; content: string }[] } {
  const tokens = new MarkdownIt('default', { html: false }).parse(md, {});
  const out: Table[] = [];
  const fences: { info: string; content: string }[] = [];
  let current: Table | null = null;
  let row: string[] | null = null;
  let inHead = false;
  let cell: string | null = null;
  for (const t of tokens) {
    if (t.type === 'fence') fences.push({ info: t.info.trim(), content: t.content });
    if (t.type === 'table_open') current = { header: [], rows: [] };
    else if (t.type === 'table_close') {
      out.push(current!);
      current = null;
    } else if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') row = [];
    else if (t.type === 'tr_close') {
      if (inHead) current!.header = row!;
      else current!.rows.push(row!);
      row = null;
    } else if (t.type === 'th_open' || t.type === 'td_open') cell = '';
    else if (t.type === 'inline' && cell !== null) cell += (t.children ?? []).map((c) => (c.type === 'softbreak' ? '\n' : c.content)).join('');
    else if (t.type === 'th_close' || t.type === 'td_close') {
      row!.push(cell!);
      cell = null;
    }
  }
  return { tables: out, fences };
}

describe('Markdown report, read by a GFM renderer (markdown-it)', () => {
  it('the example: every table row has as many cells as its header, one chart per indicator with data', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', '--today', '2026-11-23', '--format', 'md']);
    expect(r.code).toBe(0);
    const { tables: ts, fences } = tables(r.stdout);
    expect(ts.length).toBeGreaterThan(10);
    for (const t of ts) for (const row of t.rows) expect(row.length).toBe(t.header.length);
    const glance = ts.find((t) => t.header[0] === 'Indicator' && t.header.includes('Status'))!;
    expect(glance.rows.length).toBe(11);
    const charts = fences.filter((f) => f.info === 'mermaid');
    expect(charts.length).toBe(11);
    for (const c of charts) {
      expect(c.content).toMatch(/^(%%\{init: .*\}%%\n)?xychart-beta\n/);
      expect(c.content).toMatch(/\n {4}x-axis ("[^"]*" )?\[/);
      expect(c.content).toMatch(/\n {4}line "Actual" \[[-\d.]+/);
    }
    // The example's partner "Boys & Girls Club | Eastside" stays in one cell.
    const subs = ts.find((t) => t.header[0] === 'Partner' && t.header.includes('Expected'))!;
    expect(subs.rows.map((row) => row[0])).toContain('Boys & Girls Club | Eastside');
    // Statuses in words and shapes, not colour.
    expect(r.stdout).toContain('● On track');
  });

  it('names with | and newlines and markup do not break tables or inject HTML', async () => {
    const r = await runCli(['report', join(FIXTURES, 'report-tricky'), '--today', '2025-11-20', '--format', 'md']);
    expect(r.code).toBe(0);
    const { tables: ts } = tables(r.stdout);
    for (const t of ts) for (const row of t.rows) expect(row.length).toBe(t.header.length);
    const subs = ts.find((t) => t.header[0] === 'Partner' && t.header.includes('Expected'))!;
    expect(subs.rows.map((row) => row[0])).toContain('Eastside | Schools <script>alert(1)</script> second line');
    expect(subs.rows.map((row) => row[0])).toContain('=HYPERLINK("http://x") *Library* & Co');
    const html = new MarkdownIt('default', { html: true }).render(r.stdout);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>tags</b>');
    const groups = ts.find((t) => t.header[0] === 'Group')!;
    expect(groups.rows.map((row) => row[0])).toEqual(['Group | A', 'Group B']);
    expect(groups.rows[1]![2]).toBe('suppressed');
  });

  it('formats numbers and dates in the initiative locale (de-DE)', async () => {
    const r = await runCli(['report', join(FIXTURES, 'report-tricky'), '--today', '2025-11-20', '--format', 'md']);
    expect(r.stdout).toContain('52,0\u00a0%'); // Intl puts a no-break space before % in German
    expect(r.stdout).toContain('1.350');
    expect(r.stdout).toContain('20. November 2025');
  });
});

describe('Mermaid charts', () => {
  it('every line has one value per x category (Mermaid cannot draw missing values)', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', '--today', '2026-11-23']);
    const blocks = [...r.stdout.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBe(11);
    for (const b of blocks) {
      const cats = /x-axis (?:"[^"]*" )?\[(.*)\]/.exec(b)![1]!.split(', ').length;
      const lines = [...b.matchAll(/^ {4}line (?:"[^"]*" )?\[(.*)\]$/gm)].map((m) => m[1]!.split(', '));
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        expect(l.length).toBe(cats);
        for (const v of l) expect(Number.isFinite(Number(v))).toBe(true);
      }
      const [, lo, hi] = /y-axis "[^"]*" (-?[\d.]+) --> (-?[\d.]+)/.exec(b)!.map(Number) as [number, number, number];
      for (const l of lines) for (const v of l) expect(Number(v) >= lo && Number(v) <= hi).toBe(true);
    }
  });
});
