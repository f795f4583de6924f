/**
 * Random initiatives, shaped by schemas/*.schema.json: valid ones, and ones broken a little (a
 * field removed, a wrong type, an unknown or duplicated id, a mangled date, random unicode, a
 * random YAML fragment, another encoding, a truncated or missing file). Each is written to a
 * temporary folder and validated through main() in-process. Whatever the input: no throw, no
 * stack trace, exit 0, 1 or 2, one JSON document on stdout, known codes only, and every position
 * inside its file. A valid one validates with no errors.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { runCli } from '../helpers/run.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Files = Record<string, Json>;

const SECTORS = ['nonprofit', 'government', 'business', 'philanthropy', 'education', 'health', 'faith', 'community', 'resident', 'other'];
const UNITS = ['percent', 'count', 'rate', 'currency', 'ratio', 'score', 'number'];
const ROLES = ['project-manager', 'data-manager', 'facilitator', 'communications', 'coordinator', 'other'];
const STATUSES = ['planned', 'active', 'paused', 'completed', 'dropped'];
const PERIODS = ['year', 'school-year', 'half', 'quarter', 'month'];

const slug = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?$/);
/** Printable text (YAML stringify quotes what needs quoting). */
const text = fc.string({ minLength: 1, maxLength: 24, unit: 'grapheme-ascii' }).filter((s) => s.trim() !== '' && !/[\x00-\x1f\x7f]/.test(s));
const day = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

/** A valid initiative: every id unique, every reference resolves, every consistency rule holds. */
const validInitiative: fc.Arbitrary<Files> = fc
  .record({
    id: slug,
    name: text,
    period: fc.constantFrom(...PERIODS),
    staff: fc.uniqueArray(fc.record({ name: text, role: fc.constantFrom(...ROLES) }), { minLength: 1, maxLength: 3, selector: (s) => s.name }),
    goals: fc.uniqueArray(fc.record({ id: slug, title: text, strategies: fc.uniqueArray(fc.record({ id: slug, title: text }), { maxLength: 2, selector: (s) => s.id }) }), {
      minLength: 1,
      maxLength: 3,
      selector: (g) => g.id,
    }),
    partners: fc.uniqueArray(fc.record({ id: slug, name: text, sector: fc.constantFrom(...SECTORS), joined: fc.option(day, { nil: undefined }) }), {
      minLength: 1,
      maxLength: 4,
      selector: (p) => p.id,
    }),
    nIndicators: fc.nat(3),
    nActivities: fc.nat(3),
    nMeetings: fc.nat(3),
    picks: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
    starts: fc.array(day, { minLength: 8, maxLength: 8 }),
    numbers: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 8, maxLength: 8 }),
  })
  .map((r) => {
    let k = 0;
    const pick = <T,>(xs: readonly T[]): T => xs[r.picks[k++ % r.picks.length]! % xs.length]!;
    const partnerIds = r.partners.map((p) => p.id);
    const goals = r.goals.map((g) => ({ ...g, strategies: g.strategies.filter((s) => !r.goals.some((o) => o.strategies.some((t) => t !== s && t.id === s.id))) }));
    const indicators = Array.from({ length: r.nIndicators }, (_, i) => {
      const increase = i % 2 === 0;
      const base = 40 + r.numbers[i]!;
      return {
        id: `ind-${i}`,
        name: `Indicator ${i}`,
        goal: pick(goals).id,
        unit: pick(UNITS.filter((u) => u !== 'count' || increase)),
        direction: increase ? 'increase' : 'decrease',
        frequency: 'year',
        baseline: { period: 2022, value: base },
        targets: [{ period: 2025, value: increase ? base + 5 : base - 5 }],
        reporters: [pick(partnerIds)],
      };
    });
    const activities = Array.from({ length: r.nActivities }, (_, i) => {
      const goal = pick(goals);
      const start = r.starts[i]!;
      return {
        id: `act-${i}`,
        title: `Activity ${i}`,
        goal: goal.id,
        ...(goal.strategies.length ? { strategy: pick(goal.strategies).id } : {}),
        lead: pick(partnerIds),
        partners: [...new Set([pick(partnerIds), pick(partnerIds)])],
        indicators: indicators.length ? [pick(indicators).id] : [],
        start,
        status: pick(STATUSES),
        milestones: [{ title: 'First step', due: start, done: false }],
      };
    });
    const files: Files = {
      'initiative.yaml': { version: 1, id: r.id, name: r.name, period: r.period, backbone: { organization: 'Backbone', staff: r.staff } },
      'agenda.yaml': { vision: 'A vision', goals },
      'indicators.yaml': indicators,
      'partners.yaml': r.partners.map((p) => (p.joined === undefined ? { id: p.id, name: p.name, sector: p.sector } : { id: p.id, name: p.name, sector: p.sector, joined: p.joined })),
      'activities.yaml': activities,
    };
    if (r.nMeetings > 0) {
      files['meetings.yaml'] = {
        series: [{ id: 'steering', name: 'Steering', facilitator: r.staff[0]!.name, members: partnerIds }],
        meetings: Array.from({ length: r.nMeetings }, (_, i) => ({
          id: `m-${i}`,
          series: 'steering',
          date: `2025-${String(i + 1).padStart(2, '0')}-15`,
          time: '09:00',
          attendees: [{ partner: pick(partnerIds), by: 'leader' }],
          actions: [{ id: `a-${i}`, title: 'Follow up', owner: pick(partnerIds), status: 'open' }],
        })),
      };
    }
    return files;
  });

// ---------------------------------------------------------------------------------------------
// Breaking it a little.

type Mutation =
  | { kind: 'remove' | 'retype' | 'unknown-ref' | 'date' | 'unicode' | 'unicode-key' | 'dup-id'; file: number; at: number; value: Json; unicode: string }
  | { kind: 'fragment'; file: number; at: number; fragment: string }
  | { kind: 'encoding'; file: number; encoding: 'bom' | 'crlf' | 'cr' | 'utf16le' | 'utf16be' | 'nul' }
  | { kind: 'truncate'; file: number; at: number }
  | { kind: 'delete'; file: number };

const FRAGMENTS = [
  '[', ']', '{', '}', '- ', ': ', ':', '"', "'", '\t', '---\n', '...\n', '%YAML 1.1\n', '!!js/function ', '!!python/object ', '<<: *x\n', '&a ', '*a', '*nope',
  '? ', '|\n', '>\n', '#', ',', '\u200b', '\ufeff', '\u00a0', '\r', '\n  ', 'x: [[[[[[[[', '@', '`', '%', '&a [*a, *a]', 'key: value\n', '- id: x\n',
  'id: 2025\n', 'yes', '~', '0x1F', '1e400', '-.inf', '.nan', '2025-02-30', '"\\u0000"', '"\\e[2J"',
];
const REFERENCE_KEYS = new Set(['goal', 'strategy', 'lead', 'partners', 'indicators', 'reporters', 'owner', 'series', 'members', 'partner']);
const DATE_KEYS = new Set(['date', 'due', 'joined', 'left', 'start', 'end', 'started', 'closed']);
const MANGLED_DATES: Json[] = ['2025-02-30', '2025-13-01', '2025-00-10', '0000-01-01', 'yesterday', '15/10/2025', '2025-1-5', 20251015, '2025-10-15T09:00:00Z', ''];

const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('remove' as const, 'retype' as const, 'unknown-ref' as const, 'date' as const, 'unicode' as const, 'unicode-key' as const, 'dup-id' as const),
    file: fc.nat(),
    at: fc.nat(),
    value: jsonValue,
    unicode: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
  }),
  fc.record({ kind: fc.constant('fragment' as const), file: fc.nat(), at: fc.nat(), fragment: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ kind: fc.constant('encoding' as const), file: fc.nat(), encoding: fc.constantFrom('bom' as const, 'crlf' as const, 'cr' as const, 'utf16le' as const, 'utf16be' as const, 'nul' as const) }),
  fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }),
);

/** Every (container, key) in a value, containers first. */
function slots(value: Json): { parent: Json[] | { [k: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), walk(x)));
    else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) out.push({ parent: v, key: k }), walk(v[k]!);
  };
  walk(value);
  return out;
}

function setSlot(s: { parent: Json[] | { [k: string]: Json }; key: string | number }, v: Json): void {
  (s.parent as Record<string | number, Json>)[s.key] = v;
}

/** Apply a structural mutation to the values; text-level ones are applied after stringifying. */
function mutateValues(files: Files, m: Mutation): void {
  const names = Object.keys(files);
  const name = names[m.file % names.length]!;
  if (m.kind === 'delete') {
    delete files[name];
    return;
  }
  if (!('value' in m)) return;
  const all = slots(files[name]!);
  const choose = <T,>(xs: T[]): T | undefined => (xs.length ? xs[m.at % xs.length] : undefined);
  switch (m.kind) {
    case 'remove': {
      const s = choose(all.filter((x) => !Array.isArray(x.parent)));
      if (s) delete (s.parent as Record<string, Json>)[s.key as string];
      break;
    }
    case 'retype': {
      const s = choose(all);
      if (s) setSlot(s, m.value);
      break;
    }
    case 'unknown-ref': {
      const s = choose(all.filter((x) => REFERENCE_KEYS.has(String(x.key)) || (Array.isArray(x.parent) && typeof x.parent[x.key as number] === 'string')));
      if (s) setSlot(s, Array.isArray((s.parent as Record<string | number, Json>)[s.key]) ? ['no-such-thing'] : 'no-such-thing');
      break;
    }
    case 'date': {
      const s = choose(all.filter((x) => DATE_KEYS.has(String(x.key))));
      if (s) setSlot(s, MANGLED_DATES[m.at % MANGLED_DATES.length]!);
      break;
    }
    case 'unicode': {
      const s = choose(all.filter((x) => typeof (x.parent as Record<string | number, Json>)[x.key] === 'string'));
      if (s) setSlot(s, m.unicode);
      break;
    }
    case 'unicode-key': {
      const s = choose(all.filter((x) => !Array.isArray(x.parent)));
      if (s) (s.parent as Record<string, Json>)[m.unicode] = m.value;
      break;
    }
    case 'dup-id': {
      const withIds = all.filter((x) => x.key === 'id');
      const a = choose(withIds);
      const b = withIds[(m.at + 1) % Math.max(1, withIds.length)];
      if (a && b && a !== b) setSlot(b, (a.parent as Record<string, Json>)['id']!);
      break;
    }
  }
}

/** YAML text for each file, with the text-level mutations (fragments, truncation, encodings) applied in order. */
function toBytes(files: Files, mutations: readonly Mutation[]): Map<string, Uint8Array> {
  const names = Object.keys(files);
  const texts = new Map(names.map((name) => [name, stringify(files[name], { lineWidth: 0 })]));
  const encodings = new Map<string, string>();
  for (const m of mutations) {
    if (!names.length || !(m.kind === 'fragment' || m.kind === 'truncate' || m.kind === 'encoding')) continue;
    const name = names[m.file % names.length]!;
    const t = texts.get(name)!;
    if (m.kind === 'fragment') {
      const at = m.at % (t.length + 1);
      texts.set(name, t.slice(0, at) + m.fragment + t.slice(at));
    } else if (m.kind === 'truncate') texts.set(name, t.slice(0, m.at % (t.length + 1)));
    else if (m.encoding === 'crlf') texts.set(name, t.replace(/\r?\n/g, '\r\n'));
    else if (m.encoding === 'cr') texts.set(name, t.replace(/\r?\n/g, '\r'));
    else encodings.set(name, m.encoding);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, t] of texts) {
    const e = encodings.get(name);
    const utf8 = Buffer.from(t, 'utf8');
    out.set(
      name,
      e === 'bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8])
        : e === 'nul' ? Buffer.concat([utf8, Buffer.from([0, 0])])
        : e === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])
        : e === 'utf16be' ? Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])
        : utf8,
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

interface Report {
  valid: boolean;
  errors: number;
  warnings: number;
  diagnostics: { code: string; severity: string; file: string; line: number; column: number; message: string }[];
}

/** The lines of a YAML file as Concert reads them (UTF-8 or UTF-16 with BOM; CRLF, LF or CR). */
function linesOf(path: string): string[] {
  const bytes = readFileSync(path);
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  return new TextDecoder(encoding).decode(bytes).split(/\r\n|\r|\n/);
}

const parent = mkdtempSync(join(tmpdir(), 'concert-random-'));
let runs = 0;

async function validateFolder(files: Map<string, Uint8Array>): Promise<{ code: number; report: Report; root: string }> {
  const root = join(parent, `i${runs++}`);
  mkdirSync(root);
  try {
    for (const [name, bytes] of files) writeFileSync(join(root, name), bytes);
    const r = await runCli(['validate', root, '--no-data', '--format', 'json']);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(Object.keys(report).sort()).toEqual(['diagnostics', 'errors', 'valid', 'warnings']);
    for (const d of report.diagnostics) {
      const where = `${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`;
      expect(DIAGNOSTIC_CODES as readonly string[], where).toContain(d.code);
      expect(Number.isInteger(d.line) && d.line >= 1, where).toBe(true);
      expect(Number.isInteger(d.column) && d.column >= 1, where).toBe(true);
      const path = join(root, d.file);
      if (!existsSync(path)) {
        expect(d.line, where).toBe(1);
        expect(d.column, where).toBe(1);
        continue;
      }
      const lines = linesOf(path);
      expect(d.line, `${where} (${lines.length} lines)`).toBeLessThanOrEqual(lines.length);
      expect(d.column, `${where} (line of ${lines[d.line - 1]!.length})`).toBeLessThanOrEqual(lines[d.line - 1]!.length + 1);
    }
    expect(report.valid).toBe(report.errors === 0);
    expect(r.code).toBe(report.errors > 0 ? 1 : 0);
    return { code: r.code, report, root };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('random initiatives through concert validate', () => {
  test('valid ones validate without errors', async () => {
    await fc.assert(
      fc.asyncProperty(validInitiative, async (files) => {
        const { report } = await validateFolder(toBytes(files, []));
        expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }),
      { numRuns: Math.ceil(Number(process.env['CONCERT_FUZZ_RUNS'] ?? 150) / 3) },
    );
  });

  test('any text or bytes in a file: never a crash, positions inside the file', async () => {
    const yamlish = fc.string({
      unit: fc.constantFrom('-', ' ', ' ', '\n', '\r', '\t', ':', '[', ']', '{', '}', ',', '"', "'", '#', '&', '*', '!', '|', '>', '?', '%', '@', '`', '\\', 'a', 'id', 'x', '1', '\u200b', '\ufeff', '\u00a0', 'а', '\u0000', '\u001b', '—'),
      maxLength: 80,
    });
    const base = toBytes((await fc.sample(validInitiative, { numRuns: 1, seed: 1 }))[0]!, []);
    await fc.assert(
      fc.asyncProperty(fc.oneof(yamlish.map((t) => Buffer.from(t, 'utf8')), fc.uint8Array({ maxLength: 64 })), fc.constantFrom(...base.keys()), async (bytes, name) => {
        await validateFolder(new Map([...base, [name, bytes]]));
      }),
      { numRuns: Number(process.env['CONCERT_FUZZ_RUNS'] ?? 150) },
    );
  });

  test('broken ones never crash, and every diagnostic is known and inside its file', async () => {
    await fc.assert(
      fc.asyncProperty(validInitiative, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (files, mutations) => {
        for (const m of mutations) mutateValues(files, m);
        await validateFolder(toBytes(files, mutations));
      }),
      { numRuns: Number(process.env['CONCERT_FUZZ_RUNS'] ?? 150) },
    );
  });
});
