/** The JSON Schemas shipped in the package's schemas/ folder, compiled once per process. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export const FILE_KINDS = ['initiative', 'agenda', 'indicators', 'partners', 'activities', 'meetings', 'dimensions'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Collections whose files hold one entity or a list; validated item by item against $defs. */
export const ITEM_DEF: Partial<Record<FileKind, string>> = {
  indicators: 'indicator',
  partners: 'partner',
  activities: 'activity',
  dimensions: 'dimension',
};

export const SCHEMA_BASE = 'https://concert.tools/schemas/v1/';
export const schemaId = (kind: FileKind) => `${SCHEMA_BASE}${kind}.schema.json`;

/** The package's schemas/ folder (works from src/ under vitest and from dist/ when built). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export function readSchemas(): { kind: FileKind; file: string; schema: Record<string, unknown> }[] {
  const present = new Set(readdirSync(SCHEMA_DIR));
  return FILE_KINDS.filter((k) => present.has(`${k}.schema.json`)).map((kind) => {
    const file = `${kind}.schema.json`;
    return { kind, file, schema: JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) as Record<string, unknown> };
  });
}

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  // coerceTypes stays off: it rewrites user input in place (null → 0).
  ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, coerceTypes: false, useDefaults: false });
  // ajv-formats is CommonJS: under NodeNext its callable export sits on `default`.
  const addFormats = (addFormatsModule as unknown as { default: (a: Ajv2020, f: string[]) => void }).default;
  addFormats(ajv, ['date']);
  for (const { schema } of readSchemas()) ajv.addSchema(schema);
  return ajv;
}

/** The validator for a whole file of `kind`, or for one entity (`def`) of a collection. */
export function validatorFor(kind: FileKind, def?: string): ValidateFunction {
  const ref = def ? `${schemaId(kind)}#/$defs/${def}` : schemaId(kind);
  let fn = compiled.get(ref);
  if (!fn) {
    fn = instance().getSchema(ref);
    if (!fn) throw new Error(`schema ${ref} is missing from the package`);
    compiled.set(ref, fn);
  }
  return fn;
}
