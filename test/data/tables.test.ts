/**
 * The merged rows' table puts a key in the slot of the same number while keys fill enough of
 * their range, and hashes them otherwise. Whatever the spacing of the keys — dense, one
 * combination of many, numbered combinations, dense then sparse — every key is found again,
 * once, with what was stored for it, before and after the table grows or turns to hashing.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RowTable } from '../../src/core/data/row-table.js';
import { loadInitiative } from '../../src/core/load.js';
import { FIXTURES } from '../helpers/run.js';
import { load } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-tables-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Keys as the merge makes them: id × combinations + combination, for the combinations given. */
function keysOf(ids: number, combinations: number, given: number[]): number[] {
  const keys: number[] = [];
  for (let id = 0; id < ids; id++) for (const c of given) keys.push(id * combinations + c);
  return keys;
}

const SPACINGS: [string, number[], boolean][] = [
  ['every combination', keysOf(1000, 21, Array.from({ length: 21 }, (_, c) => c)), true],
  ['groups without totals', keysOf(1000, 21, Array.from({ length: 20 }, (_, c) => c + 1)), true],
  ['totals only, many combinations', keysOf(1000, 256, [0]), false],
  ['a few of many combinations', keysOf(1000, 1331, [0, 1, 11, 121, 1330]), false],
  ['numbered combinations', keysOf(1000, 4096, [0, 1, 2]), false],
  ['no dimensions', keysOf(1000, 1, [0]), true],
  ['dense, then totals only', [...keysOf(300, 21, Array.from({ length: 21 }, (_, c) => c)), ...keysOf(5000, 21, [0]).slice(300)], false],
  ['in reverse', keysOf(1000, 21, Array.from({ length: 21 }, (_, c) => c)).reverse(), false],
];

describe('RowTable', () => {
  it.each(SPACINGS)('finds every key once, with its value, line and note: %s', (_, keys, direct) => {
    const combinations = 21;
    const table = new RowTable(16, true);
    keys.forEach((key, n) => {
      const slot = table.upsert(key);
      expect(table.inserted).toBe(true);
      table.f64[slot * 2] = n / 4;
      table.u32[slot * 4 + 3] = n + 1;
      table.nd![slot * 2 + 1] = n;
      if (n % 3 === 0) table.keepNote(slot, n);
    });
    expect(table.capacity).toBeGreaterThan(keys.length);
    expect(table.directlyAddressed).toBe(direct);
    keys.forEach((key, n) => {
      const slot = table.upsert(key);
      expect(table.inserted).toBe(false);
      expect(table.find(key)).toBe(slot);
      expect([table.value(slot), table.line(slot), table.nd![slot * 2 + 1], table.note(slot)]).toEqual([n / 4, n + 1, n, n % 3 === 0 ? n : -1]);
    });
    expect(table.find(Math.max(...keys) + combinations)).toBe(-1);
    expect(table.find(keys[0]! + 0.5 * combinations + 1e6)).toBe(-1);
    const seen: number[] = [];
    table.forEachSlot((_, key) => seen.push(key));
    expect(seen.sort((a, b) => a - b)).toEqual([...keys].sort((a, b) => a - b));
  });

  it('keeps the first note of a slot', () => {
    const table = new RowTable(16, false);
    const slot = table.upsert(7);
    expect(table.note(slot)).toBe(-1);
    table.keepNote(slot, 4);
    table.keepNote(slot, 0);
    expect(table.note(slot)).toBe(4);
  });
});

describe('notes', () => {
  it('decodes the same bytes by each file\'s own encoding, and keeps the first note of a key', async () => {
    const dir = join(tmp, 'notes');
    cpSync(join(FIXTURES, 'data-cp1252'), dir, { recursive: true });
    unlinkSync(join(dir, 'data/schools/drop.csv'));
    const header = 'indicator,period,value,note\n';
    writeFileSync(join(dir, 'data/schools/a.csv'), header + 'seats,2025-Q1,12,Café\nseats,2025-Q2,13,Café\nseats,2025-Q2,13,later\n');
    // b.csv opens with the UTF-8 bytes of a.csv's last note, but holds a lone ü byte, so it is
    // read as Windows-1252: those bytes are "Ã©" there
    writeFileSync(join(dir, 'data/schools/b.csv'), Buffer.concat([
      Buffer.from(header + 'seats,2025-Q3,14,'), Buffer.from('Café'), Buffer.from('\nseats,2025-Q4,15,M\xfcller\n', 'latin1'),
    ]));
    const { initiative } = await loadInitiative(dir);
    for (const fullParser of [false, true]) {
      const { data } = await load(initiative, { fullParser });
      expect([...data.tidy!.rows()].map((r) => [r.period, r.note])).toEqual([
        ['2025-Q1', 'Café'], ['2025-Q2', 'Café'], ['2025-Q3', 'CafÃ©'], ['2025-Q4', 'Müller'],
      ]);
    }
  });
});
