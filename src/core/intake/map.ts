/**
 * The import map (SPEC 4.4, schemas/map.schema.json): a partner's headers and labels in Concert's
 * words. Read like every other YAML file of Concert — syntax, schema, then references — with each
 * problem at its line and column in the map.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostics.js';
import { normaliseHeader } from '../data/header.js';
import type { Initiative } from '../model/types.js';
import { validatorFor } from '../schema/catalogue.js';
import { schemaDiagnostics } from '../schema/messages.js';
import { locate } from '../source/locate.js';
import { parseYaml, type ParsedYaml } from '../source/yaml.js';
import { closest } from '../suggest.js';

/** The canonical columns a map may name, besides dimension ids. */
export const MAP_COLUMNS = ['indicator', 'period', 'partner', 'value', 'numerator', 'denominator', 'note'] as const;
/** Columns whose cells are ids (or periods), so their labels may be mapped. */
const LABELLED = new Set(['indicator', 'period', 'partner']);
export const SKIP = 'skip';

export interface NumberStyle {
  decimal: 'point' | 'comma';
  thousands: boolean;
  /** Strip `%`; undefined: only for `percent` indicators. */
  percent?: boolean;
  currency: boolean;
}

export interface ImportMap {
  /** The map's path as shown in diagnostics, or undefined for "no map". */
  file?: string;
  sheet?: string;
  headerRow?: number;
  /** Normalised header → canonical column (or `skip`). */
  columns: Map<string, string>;
  /** Canonical column → normalised label → id ('' = the total, for a dimension). */
  values: Map<string, Map<string, string>>;
  constants: Map<string, string>;
  numbers: NumberStyle;
  unpivot?: { columns: string[]; header: string; value: 'value' | 'numerator' | 'denominator' };
}

/** What an import without `--map` uses: a returned request form has canonical headers already. */
export function emptyMap(): ImportMap {
  return { columns: new Map(), values: new Map(), constants: new Map(), numbers: { decimal: 'point', thousands: false, currency: false } };
}

interface MapYaml {
  sheet?: string;
  header_row?: number;
  columns?: Record<string, string>;
  values?: Record<string, Record<string, string>>;
  constants?: Record<string, string>;
  numbers?: { decimal?: 'point' | 'comma'; thousands?: boolean; percent?: boolean; currency?: boolean };
  unpivot?: { columns: string[]; header: string; value?: 'value' | 'numerator' | 'denominator' };
}

/** Read and check the map at `abs`; `file` is how diagnostics name it. */
export async function loadMap(abs: string, file: string, initiative: Initiative): Promise<{ map?: ImportMap; diagnostics: Diagnostic[] }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(abs);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { diagnostics: [{ code: 'unreadable-file', severity: 'error', file, line: 1, column: 1, message: `cannot read the map ${file}: ${e.code === 'ENOENT' ? 'no such file' : (e.code ?? e.message)}` }] };
  }
  const { parsed, diagnostics } = parseYaml(file, bytes);
  if (!parsed.ok || diagnostics.length > 0) return { diagnostics };
  const value = parsed.value ?? {};
  const check = validatorFor('map');
  if (!check(value)) return { diagnostics: schemaDiagnostics('map', parsed, [], check.errors ?? []) };
  const raw = value as MapYaml;
  const problems = checkReferences(raw, parsed, initiative);
  if (problems.length > 0) return { diagnostics: problems };
  return { map: build(raw, file), diagnostics: [] };
}

function build(raw: MapYaml, file: string): ImportMap {
  const map = emptyMap();
  map.file = file;
  if (raw.sheet !== undefined) map.sheet = raw.sheet;
  if (raw.header_row !== undefined) map.headerRow = raw.header_row;
  for (const [header, column] of Object.entries(raw.columns ?? {})) map.columns.set(normaliseHeader(header), column);
  for (const [column, labels] of Object.entries(raw.values ?? {})) {
    map.values.set(column, new Map(Object.entries(labels).map(([label, id]) => [normaliseHeader(label), id])));
  }
  for (const [column, id] of Object.entries(raw.constants ?? {})) map.constants.set(column, id);
  const n = raw.numbers ?? {};
  map.numbers = { decimal: n.decimal ?? 'point', thousands: n.thousands ?? false, currency: n.currency ?? false, ...(n.percent !== undefined ? { percent: n.percent } : {}) };
  if (raw.unpivot) map.unpivot = { columns: raw.unpivot.columns.map(normaliseHeader), header: raw.unpivot.header, value: raw.unpivot.value ?? 'value' };
  return map;
}

/** Columns named in the map must exist: a canonical column or a dimension of this initiative. */
function checkReferences(raw: MapYaml, parsed: ParsedYaml, initiative: Initiative): Diagnostic[] {
  const dims = initiative.dimensions.map((d) => d.id);
  const known = [...MAP_COLUMNS, ...dims];
  const out: Diagnostic[] = [];
  const unknown = (name: string, path: (string | number)[], target: 'key' | 'value', allowSkip: boolean) => {
    if (known.includes(name) || (allowSkip && name === SKIP)) return;
    const hint = closest(name, allowSkip ? [...known, SKIP] : known);
    out.push({
      code: 'unknown-reference', severity: 'error', file: parsed.file, ...locate(parsed, path, target),
      message: `'${name}' is not a column of a data drop`,
      hint: hint ? `did you mean '${hint}'?` : `columns are ${MAP_COLUMNS.join(', ')}${dims.length ? `, and the dimensions ${dims.join(', ')}` : ''}`,
    });
  };
  for (const [header, column] of Object.entries(raw.columns ?? {})) unknown(column, ['columns', header], 'value', true);
  for (const column of Object.keys(raw.values ?? {})) {
    unknown(column, ['values', column], 'key', false);
    if (known.includes(column) && !LABELLED.has(column) && !dims.includes(column)) {
      out.push({ code: 'unknown-reference', severity: 'error', file: parsed.file, ...locate(parsed, ['values', column], 'key'), message: `'${column}' holds figures or text, not labels to map`, hint: 'values maps the labels of indicator, period, partner and dimension columns' });
    }
  }
  for (const column of Object.keys(raw.constants ?? {})) unknown(column, ['constants', column], 'key', false);
  if (raw.unpivot) {
    const h = raw.unpivot.header;
    unknown(h, ['unpivot', 'header'], 'value', false);
    if (known.includes(h) && !LABELLED.has(h) && !dims.includes(h)) {
      out.push({ code: 'unknown-reference', severity: 'error', file: parsed.file, ...locate(parsed, ['unpivot', 'header'], 'value'), message: `a wide column's header cannot be a ${h}`, hint: 'the header of a wide column is a period, an indicator or a dimension value' });
    }
  }
  return out;
}
