/**
 * Windows-1252 drops (SPEC 4.1): bytes 0x80–0x9F are €, ‚, „, …, – and the like, as a
 * spreadsheet saved them — not the C1 control characters latin1 would make of them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/core/data/csv-reader.js';
import { loadInitiative } from '../../src/core/load.js';
import { FIXTURES, runCli } from '../helpers/run.js';
import { fixture, load } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'concert-cp1252-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The data-cp1252 initiative with a drop whose note and partner hold 0x80 (€) and 0x96 (–). */
function initiativeWithPunctuation(): string {
  const dir = join(tmp, 'initiative');
  cpSync(join(FIXTURES, 'data-cp1252'), dir, { recursive: true });
  const drop = 'indicator,period,partner,value,note\n' +
    'seats,2025-Q1,schools,12,Fee 5 \x80 \x96 waived\n' +
    'seats,2025-Q2,Caf\x80\x96,13,\n';
  writeFileSync(join(dir, 'data/schools/drop.csv'), Buffer.from(drop, 'latin1'));
  return dir;
}

describe('Windows-1252 drops', () => {
  it('decodes bytes 0x80-0x9F as the WHATWG table says, the undefined five as themselves', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);
    expect(decodeBytes(bytes, 0, 32, true)).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    expect(decodeBytes(Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0xa0, 0xff]), 0, 6, true)).toBe('Café\u00a0ÿ');
  });

  it('shows € and – in a note of the merged rows, both parsers alike', async () => {
    const dir = initiativeWithPunctuation();
    const { initiative } = await loadInitiative(dir);
    for (const fullParser of [false, true]) {
      const { data, diagnostics } = await load(initiative, { fullParser });
      expect([...data.tidy!.rows()].map((r) => r.note)).toEqual(['Fee 5 € – waived']);
      expect(diagnostics.find((d) => d.code === 'data-unknown-partner')?.message).toBe("'Caf€–' is not a partner");
    }
    // the fixture this one is made from still reads as before
    expect([...(await load(await fixture('data-cp1252'))).data.tidy!.rows()].map((r) => r.note)).toEqual(['ok', 'Café Müller']);
  });

  it('exports the note and reports the partner label with € and –', async () => {
    const dir = initiativeWithPunctuation();
    const out = join(tmp, 'export.csv');
    await runCli(['export', dir, '--out', out, '--today', '2026-01-15']);
    expect(readFileSync(out, 'utf8')).toContain(',Fee 5 € – waived\n');
    const validate = await runCli(['validate', dir, '--format', 'json', '--today', '2026-01-15']);
    const messages = (JSON.parse(validate.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics
      .filter((d) => d.code === 'data-unknown-partner').map((d) => d.message);
    expect(messages).toEqual(["'Caf€–' is not a partner"]);
  });
});
