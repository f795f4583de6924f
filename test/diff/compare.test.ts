/** The pure halves of `concert diff`: fields, targets, data matching, suppression. */
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compareData, fieldChanges, movedTargets } from '../../src/core/diff/index.js';
import { validateInitiative } from '../../src/core/validate.js';
import { FIXTURES, runCli } from '../helpers/run.js';
import { repoWith } from './repo.js';

describe('fieldChanges', () => {
  test.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, { a: 2 }, [{ field: 'a', from: 1, to: 2 }]],
    [{ a: null }, {}, []],
    [{}, { left: '2025-01-01' }, [{ field: 'left', from: null, to: '2025-01-01' }]],
    [{ leader: { name: 'A', email: 'a@x' } }, { leader: { name: 'A' } }, [{ field: 'leader.email', from: 'a@x', to: null }]],
    [{ reporters: ['a', 'b'] }, { reporters: ['a', 'b'] }, []],
    [{ reporters: ['a'] }, { reporters: ['a', 'b'] }, [{ field: 'reporters', from: ['a'], to: ['a', 'b'] }]],
  ])('%j → %j', (from, to, expected) => {
    expect(fieldChanges(from, to)).toEqual(expected);
  });
});

describe('movedTargets', () => {
  const t = (period: string, value: number) => ({ period, value });
  test.each([
    ['unchanged', [t('2026', 5)], [t('2026', 5)], []],
    ['value moved', [t('2026', 5), t('2028', 8)], [t('2026', 4), t('2028', 8)], [[t('2026', 5), t('2026', 4)]]],
    ['period moved', [t('2026', 5)], [t('2027', 5)], [[t('2026', 5), t('2027', 5)]]],
    ['added', [t('2026', 5)], [t('2026', 5), t('2030', 9)], [[null, t('2030', 9)]]],
    ['dropped', [t('2026', 5), t('2030', 9)], [t('2026', 5)], [[t('2030', 9), null]]],
    ['value, then period', [t('2026', 5), t('2028', 8)], [t('2026', 6), t('2029', 8)], [[t('2026', 5), t('2026', 6)], [t('2028', 8), t('2029', 8)]]],
  ])('%s', (_name, from, to, expected) => {
    expect(movedTargets(from, to)).toEqual(expected);
  });
});

describe('compareData', () => {
  test('the numeric scan and the tidy rows give the same answer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concert-compare-'));
    try {
      cpSync(join(FIXTURES, 'data-valid'), join(dir, 'a'), { recursive: true });
      cpSync(join(FIXTURES, 'data-valid'), join(dir, 'b'), { recursive: true });
      const seats = join(dir, 'b/data/library/seats.csv');
      writeFileSync(seats, readFileSync(seats, 'utf8').replace('seats,2025-Q1,white,15', 'seats,2025-Q1,white,16') + 'seats,2025-Q2,,31\n');
      writeFileSync(join(dir, 'b/data/shared.csv'), 'indicator,period,partner,value\nscore,2025,schools,250\n');
      const a = await validateInitiative(join(dir, 'a'), { today: '2025-12-31' });
      const b = await validateInitiative(join(dir, 'b'), { today: '2025-12-31' });
      const fast = compareData(a, b);
      const slow = compareData({ ...a, data: { ...a.data!, scan: undefined } }, { ...b, data: { ...b.data!, scan: undefined } });
      expect(slow).toEqual(fast);
      expect(fast).toEqual({
        revised: [{ indicator: 'seats', period: '2025-Q1', partner: 'library', groups: { race: 'white' }, from: 15, to: 16 }],
        added: [{ indicator: 'seats', period: '2025-Q2', partner: 'library', groups: {}, value: 31 }],
        removed: [{ indicator: 'score', period: '2025', partner: 'library', groups: {}, value: 300 }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a figure hidden by privacy.min_count is shown as suppressed, also when revised (SPEC 4.5)', async () => {
    const repo = repoWith(join(FIXTURES, 'data-valid'));
    try {
      repo.edit('data/library/seats.csv', 'seats,2025-Q1,other,5', 'seats,2025-Q1,other,6');
      repo.edit('data/library/seats.csv', 'seats,2025-Q1,,30', 'seats,2025-Q1,,31');
      const r = await runCli(['diff', repo.dir, '--format', 'json', '--today', '2025-12-31'], { cwd: repo.top });
      expect(r.code).toBe(0);
      const revised = JSON.parse(r.stdout).data.revised;
      expect(revised).toContainEqual({ indicator: 'seats', period: '2025-Q1', partner: 'library', groups: {}, from: 30, to: 31 });
      expect(revised).toContainEqual({ indicator: 'seats', period: '2025-Q1', partner: 'library', groups: { race: 'other' }, from: 'suppressed', to: 'suppressed' });
      expect(r.stdout).not.toMatch(/"(from|to)": [56]\b/);
    } finally {
      repo.dispose();
    }
  });
});
