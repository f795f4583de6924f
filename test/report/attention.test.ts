/** SPEC 6.1: needs attention first, goal roll-up, every target, direction cues, methods, activities, gaps as printed. */
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { equityGapOf, printedDifference } from '../../src/core/progress/groups.js';
import type { ReportModel } from '../../src/core/report/types.js';
import { attentionOf } from '../../src/core/render/helpers/report.js';
import { runCli } from '../helpers/run.js';

const ARGS = ['report', 'examples/eastside-learns', '--today', '2026-11-23', '--format'];

interface Table {
  header: string[];
  rows: string[][];
}

/** Every GFM table of a Markdown text, as markdown-it parses it (cell text without markup). */
function tables(md: string): Table[] {
  const tokens = new MarkdownIt('default', { html: false }).parse(md, {});
  const out: Table[] = [];
  let current: Table | null = null;
  let row: string[] | null = null;
  let inHead = false;
  let cell: string | null = null;
  for (const t of tokens) {
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
    else if (t.type === 'inline' && cell !== null) cell += (t.children ?? []).map((c) => c.content).join('');
    else if (t.type === 'th_close' || t.type === 'td_close') {
      row!.push(cell!);
      cell = null;
    }
  }
  return out;
}

/** A printed figure → number: "49.4%", "+2.8 pts", "-1,234", "−0.5". */
function num(text: string): number {
  const m = /[-+−]?[\d,]+(\.\d+)?/.exec(text.replace(/−/g, '-'));
  if (!m) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(m[0].replace(/,/g, ''));
}

const inline = (s: string) => new MarkdownIt().renderInline(s).replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

let md = '';
let html = '';
let model: ReportModel;
let csv = '';

beforeAll(async () => {
  const [m, h, j, c] = await Promise.all(['md', 'html', 'json', 'csv'].map((f) => runCli([...ARGS, f])));
  for (const r of [m, h, j, c]) expect(r!.code, r!.stderr).toBe(0);
  md = m!.stdout;
  html = h!.stdout;
  model = JSON.parse(j!.stdout) as ReportModel;
  csv = c!.stdout;
});

describe('Needs attention first (SPEC 6.1)', () => {
  it('md: right after the title, names grade-8 math (off track) and college enrollment (regressing) first, then partial data', () => {
    // The paragraph right under the "## Needs attention" heading.
    const lines = md.split('\n');
    const line = lines[lines.indexOf('## Needs attention') + 2]!;
    expect(line).toBeDefined();
    // Before the summary: the first thing after the title block.
    expect(md.indexOf(line)).toBeLessThan(md.indexOf('## Summary'));
    const items = line.replace(/\.$/, '').split('; ');
    expect(items[0]).toBe('▲ **Eighth-grade math proficiency** (off track)');
    expect(items[1]).toBe('▼ **College or training enrollment** (regressing)');
    // Pre-K seats: a reporter expected for the latest period did not submit.
    expect(items.slice(2).join('; ')).toContain('**Pre-K seats filled** (on partial data)');
  });

  it('also names an indicator whose status got worse since the previous period (once, with all its reasons)', () => {
    const indicators = model.indicators.map((i) => ({ ...i }));
    const k = indicators.find((i) => i.id === 'k-readiness')!;
    k.status = 'needs-acceleration';
    k.previous = { ...k.previous, status: 'on-track' };
    const math = indicators.find((i) => i.id === 'grade8-math')!;
    math.previous = { ...math.previous, status: 'needs-acceleration' };
    const fafsa = indicators.find((i) => i.id === 'fafsa-completion');
    if (fafsa) fafsa.previous = { ...fafsa.previous, status: 'no-data' };
    const items = attentionOf(indicators);
    expect(items.map((x) => x.id).slice(0, 2)).toEqual(['grade8-math', 'college-enrollment']);
    expect(items.find((x) => x.id === 'grade8-math')!.reasons).toEqual(['off track', 'worse than last period (was needs acceleration)']);
    expect(items.find((x) => x.id === 'k-readiness')!.reasons).toEqual(['worse than last period (was on track)']);
    expect(items.map((x) => x.id)).not.toContain('fafsa-completion');
  });

  it('html: the same paragraph, before the summary, linking each indicator', () => {
    const p = /<p class="attention-list">([\s\S]*?)<\/p>/.exec(html)![1]!;
    expect(html.indexOf('class="attention-list"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(p.indexOf('Eighth-grade math proficiency')).toBeLessThan(p.indexOf('College or training enrollment'));
    expect(p).toContain('<a href="#ind-grade8-math"><strong>Eighth-grade math proficiency</strong></a> (off track)');
    expect(p).toContain('(regressing)');
  });

  it('the per-goal roll-up: each goal with its count per status, with shapes', () => {
    const rollup = tables(md).find((t) => t.header[0] === 'Goal')!;
    expect(rollup.header).toContain('▲ Off track');
    expect(rollup.header).toContain('▼ Regressing');
    expect(rollup.rows.map((r) => r[0])).toEqual(model.goals.map((g) => g.title));
    const statuses = rollup.header.slice(1);
    const byLabel = new Map<string, string>(Object.entries({ '★ Achieved': 'achieved', '● On track': 'on-track', '◐ Needs acceleration': 'needs-acceleration', '▲ Off track': 'off-track', '▼ Regressing': 'regressing' }));
    for (const [k, g] of model.goals.entries()) {
      const row = rollup.rows[k]!;
      statuses.forEach((label, c) => expect(Number(row[c + 1]), `${g.id} ${label}`).toBe((g.byStatus as Record<string, number>)[byLabel.get(label)!] ?? 0));
      expect(row.slice(1).reduce((a, b) => a + Number(b), 0)).toBe(g.indicators.length);
    }
    const math = rollup.rows.find((r) => r[0] === 'Students are on track in math by the end of eighth grade')!;
    expect(math[statuses.indexOf('▲ Off track') + 1]).toBe('1');
    expect(html).toMatch(/<caption>Statuses per goal<\/caption>/);
  });
});

describe('Every target, the goal column (SPEC 6.1)', () => {
  it('html at-a-glance: a goal column and all of each indicator\'s targets', () => {
    const table = /<caption>All indicators at a glance<\/caption>([\s\S]*?)<\/table>/.exec(html)![1]!;
    expect(table).toMatch(/<th scope="col">Goal<\/th>/);
    const rows = table.split('<tr>').slice(2);
    expect(rows.length).toBe(model.indicators.length);
    for (const i of model.indicators) {
      const row = rows.find((r) => r.includes(`href="#ind-${i.id}"`))!;
      expect(row, i.id).toContain(`href="#goal-${i.goal}"`);
      expect((row.match(/class="target"/g) ?? []).length, i.id).toBe(i.targets.length);
    }
    const absence = rows.find((r) => r.includes('href="#ind-chronic-absence"'))!;
    expect(absence).toContain('25.0%');
    expect(absence).toContain('18.0%');
  });

  it('md at-a-glance: the goal and every target', () => {
    const glance = tables(md).find((t) => t.header[0] === 'Indicator' && t.header.includes('Status'))!;
    expect(glance.header[1]).toBe('Goal');
    const absence = glance.rows.find((r) => r[0]!.startsWith('Chronic absence'))!;
    expect(absence[4]).toBe('25.0% (SY2026-27) · 18.0% (SY2029-30)');
  });

  it('csv carries the goal', () => {
    expect(csv.split('\r\n')[0]!.split(',').slice(0, 2)).toEqual(['id', 'goal']);
    expect(csv).toContain('\r\ngrade8-math,middle-grade-math,');
  });
});

describe('Direction cues (SPEC 6.1)', () => {
  it('"lower is better" beside every figure and gap of a decrease indicator, and only there', () => {
    const decrease = model.indicators.filter((i) => i.direction === 'decrease').map((i) => i.name);
    expect(decrease).toContain('Chronic absence, grades K–8');
    const glance = tables(md).find((t) => t.header[0] === 'Indicator' && t.header.includes('Status'))!;
    for (const row of glance.rows) expect(row[0]!.includes('lower is better'), row[0]).toBe(decrease.some((n) => row[0]!.startsWith(n)));
    const card = md.split('\n### ').find((s) => s.startsWith('Chronic absence'))!;
    expect(card.split('\n')[2]).toContain('↓ lower is better');
    const groupHeads = card.split('\n').filter((l) => l.startsWith('**By '));
    expect(groupHeads.length).toBeGreaterThan(0);
    for (const h of groupHeads) expect(h).toContain('lower is better');
    for (const l of card.split('\n').filter((x) => x.startsWith('Equity gap:'))) expect(l).toContain('lower is better');
    const other = md.split('\n### ').find((s) => s.startsWith('Kindergarten readiness'))!;
    expect(other).not.toContain('lower is better');
    // html: table, card and groups table.
    const article = /<article class="indicator" id="ind-chronic-absence"[\s\S]*?<\/article>/.exec(html)![0];
    expect(article).toContain('<span class="cue">↓ lower is better</span>');
    expect(article).toMatch(/<caption>By [^<]*<span class="cue">\(↓ lower is better\)<\/span><\/caption>/);
  });

  it('a methods note near the end: statuses with the cut-offs used, score, gap closed', () => {
    const methods = md.slice(md.indexOf('## How to read this report'), md.indexOf('## Definitions'));
    expect(md.indexOf('## How to read this report')).toBeGreaterThan(md.indexOf('## Data submissions'));
    expect(methods).toContain('on track when *s* ≥ 0.95');
    expect(methods).toContain('0.60 ≤ *s* < 0.95');
    expect(methods).toContain('**Score.**');
    expect(methods).toContain('**Gap closed.**');
    expect(html).toContain('<section id="methods"');
  });
});

describe('Activities (SPEC 6.1)', () => {
  it('status by shape and word; a paused activity and an overdue milestone flagged', () => {
    const acts = tables(md).filter((t) => t.header[0] === 'Activity');
    const rows = acts.flatMap((t) => t.rows);
    const stem = rows.find((r) => r[0] === 'After-school robotics and money-skills clubs')!;
    expect(stem[4]).toBe('‖ Paused');
    // Its partners and the indicators it is meant to move.
    expect(stem[2]).toContain('YMCA');
    expect(stem[3]).toBe('Eighth-grade math proficiency');
    expect(md).toContain('| **‖ Paused** |');
    expect(rows.filter((r) => r[4] === '● Active').length).toBeGreaterThan(0);
    expect(rows.every((r) => /^[○●‖✓✕] [A-Z][a-z]+$/.test(r[4]!))).toBe(true);
    expect(md).toMatch(/- \*\*⚠ Overdue\*\*: Agree an evaluation plan with the schools \(After-school robotics and money-skills clubs\), due March 31, 2026, 237 days late/);
    expect(html).toMatch(/<span class="status tone-warn flagged">‖ Paused<\/span>/);
    expect(html).toMatch(/<span class="overdue">⚠ Overdue<\/span>: Agree an evaluation plan/);
  });
});

describe('Gaps add up as printed (SPEC 6.1)', () => {
  it('every group table in the md report: printed gap = printed group figure − printed total; equity gap = best − worst', () => {
    let checked = 0;
    let equity = 0;
    for (const section of md.split('\n### ').slice(1)) {
      const ts = tables(section);
      const card = ts.find((t) => t.header[0] === 'Baseline' && t.header[1] === 'Latest');
      if (!card) continue;
      const totalText = card.rows[0]![1]!;
      if (totalText === '—') continue;
      const total = num(totalText);
      for (const t of ts.filter((x) => x.header[0] === 'Group')) {
        const printed = new Map<string, number>();
        for (const [label, , latest, gap] of t.rows) {
          if (latest === 'suppressed' || latest === '—' || gap === '—') continue;
          printed.set(label!, num(latest!));
          expect(num(gap!), `${section.split('\n')[0]} ${label}: ${latest} vs ${totalText} → ${gap}`).toBeCloseTo(num(latest!) - total, 9);
          checked++;
        }
        // The equity line that follows this table.
        const after = section.slice(section.indexOf(t.rows.at(-1)![0]!.split(' ')[0]!));
        const line = after.split('\n').find((l) => l.startsWith('Equity gap:'));
        const m = line ? /^Equity gap: (.+?) between (.+) \(best\) and (.+) \(worst\)/.exec(line) : null;
        if (m && printed.has(inline(m[2]!)) && printed.has(inline(m[3]!))) {
          expect(num(m[1]!), line).toBeCloseTo(Math.abs(printed.get(inline(m[2]!))! - printed.get(inline(m[3]!))!), 9);
          equity++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
    expect(equity).toBeGreaterThan(5);
  });

  it('printedDifference rounds both figures first: 49.44 − 52.14 is −2.7, as 49.4% and 52.1% print', () => {
    expect(printedDifference(49.44, 52.14, 1)).toBe(-2.7);
    expect(49.44 - 52.14).toBeCloseTo(-2.7, 9);
    expect(printedDifference(49.44, 52.16, 1)).toBe(-2.8);
    expect(printedDifference(10.46, 10.04, 0)).toBe(0);
    const figures = [
      { value: 'a', label: 'A', period: '2025', latest: 49.44, suppressed: false, gapToTotal: null },
      { value: 'b', label: 'B', period: '2025', latest: 52.16, suppressed: false, gapToTotal: null },
    ];
    expect(equityGapOf({ direction: 'increase', decimals: 1 }, figures)).toEqual({ best: 'b', worst: 'a', gap: 2.8 });
  });
});
