import { describe, expect, test } from 'vitest';
import { addDays, daysBetween, isValidDate, resolveToday } from '../../src/core/dates.js';
import { closest } from '../../src/core/suggest.js';

describe('did you mean', () => {
  test.each([
    ['eastside-libary', ['eastside-library', 'eastside-schools'], 'eastside-library'],
    ['goverment', ['government', 'business'], 'government'],
    ['leed', ['lead', 'goal', 'title'], 'lead'],
    ['<<', ['id', 'name'], undefined],
    ['completely-different', ['ymca', 'city'], undefined],
  ])('%s → %s', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });
});

describe('civil dates', () => {
  test('real dates only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-02-30')).toBe(false);
    expect(isValidDate('2025-13-01')).toBe(false);
    expect(isValidDate('2025-1-01')).toBe(false);
  });
  test('arithmetic', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(daysBetween('2025-01-10', '2025-02-17')).toBe(38);
  });
  test('today: flag, then SOURCE_DATE_EPOCH, then the clock', () => {
    expect(resolveToday('2025-10-20', { SOURCE_DATE_EPOCH: '0' })).toEqual({ ok: true, today: '2025-10-20' });
    expect(resolveToday(undefined, { SOURCE_DATE_EPOCH: '1760918400' })).toEqual({ ok: true, today: '2025-10-20' });
    expect(resolveToday(undefined, {}, () => new Date('2026-11-23T12:00:00Z'))).toEqual({ ok: true, today: '2026-11-23' });
    expect(resolveToday('2025-02-30', {}).ok).toBe(false);
    expect(resolveToday(undefined, { SOURCE_DATE_EPOCH: 'soon' }).ok).toBe(false);
  });
});
