/**
 * SPEC 6.1 "What changed" and "Flags on the figures themselves": `previous` per indicator, the
 * report's `changes`, the `partial` and `series-break` flags, partners' notes, in JSON, Markdown,
 * HTML and the SVG chart.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeness } from '../../src/core/data/index.js';
import { parsePeriod } from '../../src/core/periods.js';
import { computeProgress } from '../../src/core/progress.js';
import { chartData, svgChart } from '../../src/core/render/charts.js';
import { Formatter } from '../../src/core/render/format.js';
import { buildReport } from '../../src/core/report/index.js';
import type { ReportIndicator, ReportModel } from '../../src/core/report/types.js';
import { validateInitiative } from '../../src/core/validate.js';
import { EXAMPLE, FIXTURES, runCli } from '../helpers/run.js';

const BASIC = join(FIXTURES, 'report-changes-basic');
const BAD = join(FIXTURES, 'report-changes-bad-break');
const TODAY = '2025-11-15'; // 2025-Q3 is due (30 days after 09-30); the previous period is 2025-Q2

async function report(format: 'json' | 'md' | 'html', root = BASIC, today = TODAY): Promise<string> {
  const r = await runCli(['report', root, '--format', format, '--today', today]);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  return r.stdout;
}

const json = async (root = BASIC, today = TODAY) => JSON.parse(await report('json', root, today)) as ReportModel;
const indicator = (m: ReportModel, id: string) => m.indicators.find((i) => i.id === id)!;

describe('what changed since the previous period (SPEC 6.1)', () => {
  it('carries previous { period, status, latest } per indicator, from the progress module at P − 1', async () => {
    const m = await json();
    expect(m.period).toBe('2025-Q3');
    expect(indicator(m, 'visits').previous).toEqual({ period: '2025-Q2', status: 'on-track', latest: { period: '2025-Q2', value: 140 } });
    expect(indicator(m, 'reading').previous).toEqual({ period: '2025-Q2', status: 'needs-acceleration', latest: { period: 'SY2023-24', value: 44 } });

    // The same as computeProgress at P − 1, never recomputed differently.
    const v = await validateInitiative(BASIC, { today: TODAY });
    const before = parsePeriod('2025-Q2')!;
    for (const ix of v.initiative.indicators) {
      const then = computeProgress(ix, v.data!.indicators.get(ix.id), before, v.initiative.settings, v.initiative.dimensions);
      expect(indicator(m, ix.id).previous).toEqual({ period: '2025-Q2', status: then.status, latest: then.latest });
    }
  });

  it('lists status changes and the data periods that are new at P, with their partners', async () => {
    const m = await json();
    expect(m.changes).toEqual({
      since: '2025-Q2',
      statuses: [{ indicator: 'visits', from: 'on-track', to: 'regressing' }],
      newData: [
        { indicator: 'visits', period: '2025-Q3', partners: ['library'] },
        { indicator: 'reading', period: 'SY2024-25', partners: ['schools'] },
      ],
    });
  });

  it('renders "Since last period" right after the summary, with shapes and words (Markdown)', async () => {
    const md = await report('md');
    const since = md.indexOf('## Since last period');
    expect(since).toBeGreaterThan(md.indexOf('## Summary'));
    expect(since).toBeLessThan(md.indexOf('## Goal:'));
    const section = md.slice(since, md.indexOf('## Goal:'));
    expect(section).toContain('| Indicator | Status in 2025-Q2 | Status in 2025-Q3 |');
    expect(section).toContain('| Service visits | ● On track | ▼ Regressing |');
    expect(section).not.toContain('| Reading proficiency | ◐');
    expect(section).toContain('**New data since 2025-Q2:**');
    expect(section).toContain('| Service visits | 2025-Q3 | Public Library |');
    expect(section).toContain('| Reading proficiency | SY2024-25 | Eastside Schools |');
  });

  it('renders "Since last period" in HTML', async () => {
    const html = await report('html');
    const since = html.indexOf('<section id="changes"');
    expect(since).toBeGreaterThan(html.indexOf('<section id="summary"'));
    expect(since).toBeLessThan(html.indexOf('<section class="goal"'));
    const section = html.slice(since, html.indexOf('</section>', since));
    expect(section).toMatch(/<a href="#ind-visits">Service visits<\/a><\/th><td><span class="status tone-[a-z]+">● On track<\/span><\/td><td>→ <span class="status tone-[a-z]+">▼ Regressing<\/span>/);
    expect(section).toContain('<td>2025-Q3</td><td>Public Library</td>');
    expect(section).toContain('<td>SY2024-25</td><td>Eastside Schools</td>');
  });

  it('says so when nothing changed', async () => {
    // At 2025-Q4 (due 2026-01-30) no new figure arrived and no status changed.
    const m = await json(BASIC, '2026-02-15');
    expect(m.period).toBe('2025-Q4');
    expect(m.changes).toEqual({ since: '2025-Q3', statuses: [], newData: [] });
    const md = await report('md', BASIC, '2026-02-15');
    expect(md).toContain('No indicator changed status since 2025-Q3.');
    expect(md).toContain('No new data since 2025-Q3.');
  });
});

describe('flags on the figures (SPEC 6.1)', () => {
  it('flags a latest figure a reporter did not send as partial; the status says "on partial data"', async () => {
    const m = await json();
    const visits = indicator(m, 'visits');
    expect(visits.flags).toEqual(['partial']);
    expect(visits.partialPartners).toEqual(['clinic']);
    expect(indicator(m, 'reading').flags).not.toContain('partial');

    const md = await report('md');
    expect(md).toContain('| ▼ Regressing on partial data · ✎ 2 notes |'); // at a glance
    expect(md).toContain('**▼ Regressing on partial data** ·'); // card
    expect(md).toContain('> **⚠ On partial data:** the latest figure (2025-Q3) does not include Health Clinic');

    const html = await report('html');
    expect(html).toContain('▼ Regressing on partial data</span><span class="flag flag-partial">⚠ partial data</span>');
    const card = html.slice(html.indexOf('<article class="indicator" id="ind-visits"'), html.indexOf('</article>', html.indexOf('id="ind-visits"')));
    expect(card).toContain('<p class="flag-note flag-partial"><strong>⚠ On partial data:</strong> the latest figure (2025-Q3) does not include Health Clinic');
    // The chart: the partial latest point is a hollow diamond, with a legend entry.
    expect(card).toMatch(/<polygon class="point point-partial" points="[^"]+"><title>2025-Q3: 80 \(partial data\)<\/title><\/polygon>/);
    expect(card).toContain('<li><span class="key key-partial"></span>Latest on partial data</li>');
    expect(card).toContain('>Partial 80</text>');
    expect(card).toContain('The latest figure is on partial data');
  });

  it('flags a series break, lists it on the card and marks it on the chart', async () => {
    const m = await json();
    const reading = indicator(m, 'reading');
    expect(reading.flags).toEqual(['series-break']);
    expect(reading.breaks).toEqual([{ period: 'SY2023-24', note: 'New state reading test' }]);
    expect(indicator(m, 'visits').breaks).toEqual([]);

    const md = await report('md');
    expect(md).toContain('| ◐ Needs acceleration · ⌇ series break from SY2023-24 · ✎ 1 note |');
    expect(md).toContain('> **⌇ Series break from SY2023-24:** New state reading test');

    const html = await report('html');
    expect(html).toContain('<span class="flag flag-break">⌇ series break from SY2023-24</span>');
    const card = html.slice(html.indexOf('<article class="indicator" id="ind-reading"'));
    expect(card).toContain('<p class="flag-note flag-break"><strong>⌇ Series break from SY2023-24:</strong> New state reading test</p>');
    expect(card).toMatch(/<g class="break"><title>Series break from SY2023-24: New state reading test<\/title><line class="break-line" x1="([\d.]+)" x2="\1" /);
    expect(card).toContain('<text class="break-label"');
    expect(card).toContain('<li><span class="key key-break"></span>Series break</li>');
    expect(card).not.toContain('point-partial');
  });

  it('reports a break whose period is not of the indicator frequency (period-format, period-type-mismatch)', async () => {
    const v = await validateInitiative(BAD, { today: TODAY });
    const found = v.diagnostics.filter((d) => d.file === 'indicators.yaml' && d.severity === 'error').map((d) => [d.code, d.line]);
    expect(found).toEqual([
      ['period-type-mismatch', 10],
      ['period-format', 11],
    ]);
    const r = await runCli(['report', BAD, '--today', TODAY]);
    expect(r.code).toBe(1);
  });

  it('checks breaks against the schema: a note is required, no unknown keys', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'concert-breaks-'));
    try {
      await cp(BAD, dir, { recursive: true });
      await writeFile(join(dir, 'indicators.yaml'), [
        '- id: reading', '  name: Reading', '  goal: reading', '  unit: percent', '  direction: increase', '  frequency: school-year',
        '  breaks:', '    - { period: SY2023-24 }', '    - { period: SY2024-25, note: New test, when: spring }', '',
      ].join('\n'));
      const v = await validateInitiative(dir, { today: TODAY });
      const schema = v.diagnostics.filter((d) => d.code === 'schema' && d.file === 'indicators.yaml');
      expect(schema.map((d) => d.line)).toEqual([8, 9]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows the partners’ notes of the periods shown, with partner and period, escaped', async () => {
    const m = await json();
    expect(indicator(m, 'visits').notes).toEqual([
      { partner: 'clinic', period: '2025-Q2', text: 'Clinic | open <b>late</b> on Thursdays' },
      { partner: 'library', period: '2025-Q3', text: 'Summer reading rush' },
    ]);
    // The first non-empty note of a (indicator, period, partner) total row, even on a duplicate row.
    expect(indicator(m, 'reading').notes).toEqual([{ partner: 'schools', period: 'SY2023-24', text: 'New test; comparable per the state' }]);

    const md = await report('md');
    expect(md).toContain('- 2025-Q2, Health Clinic: Clinic \\| open &lt;b&gt;late&lt;/b&gt; on Thursdays');
    expect(md).toContain('- 2025-Q3, Public Library: Summer reading rush');
    expect(md).toContain('- SY2023-24, Eastside Schools: New test; comparable per the state');

    const html = await report('html');
    expect(html).toContain('<li><span class="note-period">2025-Q2</span>, Health Clinic: Clinic | open &lt;b&gt;late&lt;/b&gt; on Thursdays</li>');
    expect(html).toContain('<a class="flag flag-notes" href="#ind-visits-notes">✎ 2 notes</a>');
    expect(html).toContain('<div class="data-notes" id="ind-visits-notes">');
    expect(html).not.toContain('<b>late</b>');
  });

  it('leaves out notes of periods after the report period', async () => {
    const m = await json(BASIC, '2025-08-15'); // 2025-Q2: the library's 2025-Q3 note is not shown yet
    expect(m.period).toBe('2025-Q2');
    expect(indicator(m, 'visits').notes.map((n) => n.period)).toEqual(['2025-Q2']);
    expect(indicator(m, 'visits').flags).toEqual([]);
  });
});

describe('chart data of flags', () => {
  const fmt = new Formatter('en-US');
  const base: ReportIndicator = {
    id: 'x', goal: 'g', status: 'on-track', score: 1, method: 'linear', name: 'X', unit: 'count', direction: 'increase',
    frequency: 'year', decimals: 0, definition: null, source: null, owner: null,
    baseline: { period: '2020', value: 10 }, latest: { period: '2023', value: 16 }, target: { period: '2026', value: 20 },
    targets: [{ period: '2026', value: 20 }], gapClosed: 0.6, trend: 'improving', growth: 0.1,
    series: [{ period: '2020', value: 10 }, { period: '2021', value: 12 }, { period: '2022', value: 14 }, { period: '2023', value: 16 }],
    groups: {}, equityGap: {}, missing: [], dimensions: [],
    previous: { period: '2022', status: 'on-track', latest: { period: '2022', value: 14 } },
    flags: ['series-break'], partialPartners: [], notes: [],
    breaks: [{ period: '2020', note: 'first year: nothing before it' }, { period: '2022', note: 'New count' }],
  };

  it('marks only breaks after the first period on the axis', () => {
    const d = chartData(base)!;
    expect(d.breaks).toEqual([{ index: parsePeriod('2022')!.index, period: '2022', note: 'New count' }]);
    expect(d.partialLatest).toBe(false);
    const svg = svgChart(base, fmt, 'x');
    expect(svg.match(/class="break-line"/g)).toHaveLength(1);
    expect(svg).toContain('Series break from 2022: New count.');
  });

  it('draws the latest point as a diamond only when partial', () => {
    const svg = svgChart({ ...base, flags: ['partial'], breaks: [] }, fmt, 'y');
    expect(svg.match(/<polygon class="point point-partial"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(3);
    expect(svg).not.toContain('break-line');
  });
});

describe('the example', () => {
  it('flags the new state math test as a series break and still renders', async () => {
    const m = await json(EXAMPLE, '2026-11-23');
    const math = indicator(m, 'grade8-math');
    expect(math.flags).toContain('series-break');
    expect(math.breaks[0]).toMatchObject({ period: 'SY2023-24' });
    expect(math.notes).toContainEqual({ partner: 'eastside-schools', period: 'SY2023-24', text: 'New state math test; scores are comparable per the state' });
    expect(m.changes.since).toBe('2026-Q2');
    for (const ind of m.indicators) expect(ind.previous.period).toBe('2026-Q2');
    const md = await report('md', EXAMPLE, '2026-11-23');
    expect(md).toContain('## Since last period');
    expect(md).toContain('> **⌇ Series break from SY2023-24:**');
    const html = await report('html', EXAMPLE, '2026-11-23');
    expect(html).toContain('<section id="changes"');
    expect(html).toContain('class="break-line"');
  });

  it('keeps previous and flags in the report model built directly', async () => {
    const v = await validateInitiative(EXAMPLE, { today: '2026-11-23' });
    const period = parsePeriod('2026-Q3')!;
    const rows = completeness(v.initiative, v.data!, { today: '2026-11-23', period: period.text }).rows;
    const m = buildReport({ initiative: v.initiative, data: v.data, completeness: rows, today: '2026-11-23', period, provenance: { commit: null, dirty: null, files: [] } });
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
    for (const i of m.indicators) {
      expect(Array.isArray(i.flags)).toBe(true);
      expect(Array.isArray(i.notes)).toBe(true);
    }
  });
});
