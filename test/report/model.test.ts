import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeness } from '../../src/core/data/index.js';
import { parsePeriod } from '../../src/core/periods.js';
import { buildReport, defaultReportPeriod } from '../../src/core/report/index.js';
import { validateInitiative } from '../../src/core/validate.js';
import { EXAMPLE, FIXTURES } from '../helpers/run.js';

const NO_GIT = { commit: null, dirty: null, files: [] };

async function model(root: string, today: string, periodText?: string) {
  const v = await validateInitiative(root, { today });
  expect(v.errors).toBe(0);
  const period = periodText ? parsePeriod(periodText)! : defaultReportPeriod(v.initiative.settings, today);
  const rows = completeness(v.initiative, v.data!, { today, period: period.text }).rows;
  return buildReport({ initiative: v.initiative, data: v.data, completeness: rows, today, period, provenance: { ...NO_GIT, files: v.data!.files } });
}

describe('default report period (SPEC 6)', () => {
  it.each([
    ['2026-11-23', 45, '2026-Q3'], // Q3 ends 09-30, due 11-14: due
    ['2026-11-10', 45, '2026-Q2'], // Q3 not due until 11-14
    ['2026-11-14', 45, '2026-Q3'], // due on the day
    ['2026-01-05', 30, '2025-Q3'],
  ])('today %s, due after %i days → %s', async (today, days, expected) => {
    const v = await validateInitiative(EXAMPLE, { today, data: false });
    const settings = { ...v.initiative.settings, reporting: { ...v.initiative.settings.reporting, data_due_days: days } };
    expect(defaultReportPeriod(settings, today).text).toBe(expected);
  });
});

describe('report model of the example', () => {
  it('has the SPEC 6 JSON shape, with summary, goals, activities, partners and provenance', async () => {
    const m = await model(EXAMPLE, '2026-11-23');
    expect(m.initiative).toMatchObject({ id: 'eastside-learns', name: 'Eastside Learns' });
    expect(m.period).toBe('2026-Q3');
    expect(m.asOf).toBe('2026-11-23');
    const total = Object.values(m.summary.byStatus).reduce((a, b) => a + (b ?? 0), 0);
    expect(total).toBe(m.indicators.length);
    expect(m.summary.submissions.expected).toBeGreaterThan(0);
    expect(m.summary.submissions.received).toBeLessThanOrEqual(m.summary.submissions.expected);
    const k = m.indicators.find((i) => i.id === 'k-readiness')!;
    expect(k).toMatchObject({ goal: 'kindergarten-ready', method: 'linear', baseline: { period: 'SY2022-23', value: 44 }, target: { period: 'SY2026-27', value: 55 } });
    expect(k.series.length).toBeGreaterThan(1);
    expect(Object.keys(k.groups)).toEqual(['race-ethnicity', 'neighborhood']);
    expect(k.groups['race-ethnicity']![0]).toHaveProperty('gapToTotal');
    expect(m.goals.map((g) => g.id)).toEqual(['kindergarten-ready', 'grade3-reading', 'middle-grade-math', 'hs-graduation', 'postsecondary-success']);
    for (const g of m.goals) for (const id of g.indicators) expect(m.indicators.find((i) => i.id === id)?.goal).toBe(g.id);
    expect(m.activities.length).toBeGreaterThan(0);
    expect(m.partners.length).toBeGreaterThan(0);
    expect(m.provenance.files.length).toBe(15);
    for (const f of m.provenance.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    // JSON-able: a round trip changes nothing.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('marks milestones done, overdue and due soon as of the report date', async () => {
    const m = await model(EXAMPLE, '2026-11-23');
    const all = m.activities.flatMap((a) => a.milestones);
    for (const ms of all) {
      if (ms.done) expect(ms.state).toBe('done');
      else if (ms.due && ms.due < '2026-11-23') {
        expect(ms.state).toBe('overdue');
        expect(ms.daysOverdue).toBeGreaterThan(0);
      }
    }
    expect(m.summary.milestones.overdue).toBe(all.filter((x) => x.state === 'overdue').length);
  });

  it("flags an indicator whose latest figure lacks a reporter's data", async () => {
    const m = await model(EXAMPLE, '2026-11-23');
    const prek = m.indicators.find((i) => i.id === 'prek-seats')!;
    expect(prek.latest?.period).toBe('2026-Q3');
    expect(prek.missing).toEqual([{ partner: 'ymca', period: '2026-Q3', partial: true }]);
    expect(m.indicators.filter((i) => i.missing.length > 0).map((i) => i.id)).toEqual(['prek-seats']);
  });

  it('an explicit earlier period only uses data on or before it', async () => {
    const m = await model(EXAMPLE, '2026-11-23', '2024-Q4');
    expect(m.period).toBe('2024-Q4');
    for (const i of m.indicators) for (const p of i.series) expect(parsePeriod(p.period)!.end <= '2024-12-31').toBe(true);
  });

  it('is deterministic: the same input gives an equal model', async () => {
    expect(await model(EXAMPLE, '2026-11-23')).toEqual(await model(EXAMPLE, '2026-11-23'));
  });
});

describe('report model of a small initiative', () => {
  it('suppresses small groups and counts missing submissions', async () => {
    const m = await model(join(FIXTURES, 'report-tricky'), '2025-11-20');
    const g3 = m.indicators.find((i) => i.id === 'grade3-reading')!;
    const b = g3.groups['race']!.find((g) => g.value === 'b')!;
    expect(b).toMatchObject({ suppressed: true, latest: null });
    expect(g3.equityGap['race']).toBeNull();
    expect(m.summary.submissions).toMatchObject({ expected: 2, received: 1, missing: 1 });
    expect(m.submissions.find((s) => s.partner === 'library')).toMatchObject({ state: 'missing', daysLate: 21 });
  });
});
