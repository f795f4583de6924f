/**
 * Equity over time (issue 10 item 8): per dimension, the gap between the best and the worst
 * shown group at each period of the series, under the same suppression in every period.
 * Fixture report-equity: weighted, min_count 10, groups a–d in SY2023-24 and SY2024-25; in
 * SY2024-25 c is small (8) and d (18) is hidden by complementary suppression (together 26 pupils,
 * 10 of them reading at grade level: both sums reach min_count).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from '../helpers/run.js';

const FIXTURE = join(FIXTURES, 'report-equity');
const report = (format: string) => runCli(['report', FIXTURE, '--today', '2025-11-20', '--format', format]);

describe('equity over time (report-equity fixture)', () => {
  let json: { indicators: { id: string; series: { period: string }[]; groups: Record<string, { value: string; suppressed: boolean }[]>; equityGap: Record<string, unknown>; equitySeries: Record<string, { period: string; best: string | null; worst: string | null; gap: number | null }[]> }[] };
  let md: string;
  let html: string;
  beforeAll(async () => {
    const [j, m, h] = await Promise.all([report('json'), report('md'), report('html')]);
    for (const r of [j, m, h]) expect(r.code).toBe(0);
    json = JSON.parse(j.stdout);
    md = m.stdout;
    html = h.stdout;
  });

  it('gives best, worst and the printed gap per period; no gap without two shown groups', () => {
    const ind = json.indicators.find((i) => i.id === 'grade3-reading')!;
    expect(ind.equitySeries).toEqual({
      race: [
        { period: 'SY2022-23', best: null, worst: null, gap: null },
        { period: 'SY2023-24', best: 'a', worst: 'b', gap: 20 },
        { period: 'SY2024-25', best: 'a', worst: 'b', gap: 10 },
      ],
    });
    // The latest period agrees with the equity gap of the groups table.
    const last = ind.equitySeries.race!.at(-1)!;
    expect(ind.equityGap.race).toEqual({ best: last.best, worst: last.worst, gap: last.gap });
    expect(ind.equitySeries.race!.map((p) => p.period)).toEqual(ind.series.map((p) => p.period));
    // No equity series without disaggregation.
    expect(json.indicators.find((i) => i.id === 'library-visits')!.equitySeries).toEqual({});
  });

  it('never takes a suppressed group (primary or complementary) as best or worst', () => {
    const ind = json.indicators.find((i) => i.id === 'grade3-reading')!;
    const hidden = ind.groups.race!.filter((g) => g.suppressed).map((g) => g.value);
    expect(hidden).toEqual(['c', 'd']); // c small (25.0%, else worst); d complementary (44.4%, else worst)
    for (const p of ind.equitySeries.race!) {
      if (p.period !== 'SY2024-25') continue;
      expect(hidden).not.toContain(p.best);
      expect(hidden).not.toContain(p.worst);
    }
  });

  it('renders the markdown table under the groups table', () => {
    const at = md.indexOf('**Gap between best and worst group**');
    expect(at).toBeGreaterThan(md.indexOf('**By Race/ethnicity**'));
    expect(md).toContain(
      [
        '| Period | Best | Worst | Gap |',
        '| --- | --- | --- | ---: |',
        '| SY2022-23 | — | — | — |',
        '| SY2023-24 | Group A | Group B | 20.0 pts |',
        '| SY2024-25 | Group A | Group B | 10.0 pts |',
      ].join('\n'),
    );
  });

  it('renders the html table in a labelled region and a sparkline with a text alternative', () => {
    expect(html).toContain('aria-label="Grade 3 reading | proficiency: gap between best and worst group by Race/ethnicity (table)" tabindex="0"');
    expect(html).toMatch(/<svg class="sparkline" role="img" aria-label="Gap narrowed from 20\.0 pts \(SY2023-24\) to 10\.0 pts \(SY2024-25\)"/);
    expect(html).toContain('<title>Gap narrowed from 20.0 pts (SY2023-24) to 10.0 pts (SY2024-25)</title>');
    expect(html).toContain('<tr><th scope="row">SY2024-25</th><td>Group A</td><td>Group B</td><td class="num">10.0 pts</td></tr>');
  });
});

describe('equity over time (example)', () => {
  it('has an equity series for k-readiness over the periods of its series', async () => {
    const r = await runCli(['report', 'examples/eastside-learns', '--today', '2026-11-23', '--format', 'json']);
    expect(r.code).toBe(0);
    const k = JSON.parse(r.stdout).indicators.find((i: { id: string }) => i.id === 'k-readiness');
    const periods = k.series.map((p: { period: string }) => p.period);
    expect(Object.keys(k.equitySeries).sort()).toEqual(Object.keys(k.groups).sort());
    for (const points of Object.values(k.equitySeries) as { period: string; gap: number | null }[][]) {
      expect(points.map((p) => p.period)).toEqual(periods);
      expect(points.some((p) => p.gap !== null)).toBe(true);
    }
    for (const [dim, gap] of Object.entries(k.equityGap)) expect((k.equitySeries[dim] as unknown[]).at(-1)).toMatchObject(gap as object);
  });
});
