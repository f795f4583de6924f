/** The JSON Schemas shipped in the package's schemas/ folder, compiled once per process. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv2020, ValidateFunction } from 'ajv/dist/2020.js';

export const FILE_KINDS = ['initiative', 'agenda', 'indicators', 'partners', 'activities', 'meetings', 'dimensions', 'commentary'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
/** Files Concert reads that are not part of an initiative's layout: the import map (SPEC 4.4). */
export const TOOL_SCHEMAS = ['map'] as const;
export type SchemaKind = FileKind | (typeof TOOL_SCHEMAS)[number];

/** How one kind of file sits in the initiative folder. */
export interface KindLayout {
  required: boolean;
  /** A collection: `<kind>.yaml` or a folder `<kind>/` of YAML files (read recursively). */
  folder: boolean;
  /** One entity of the kind, for names like `partner.yaml` (none for single mappings). */
  entity?: string;
  /** What the file holds, for "the file is empty; it should hold …". */
  holds: string;
  /** Its files hold one entity or a list of them, checked item by item against the schema's `$defs/<entity>`. */
  listed?: boolean;
  /** Only the folder: each file is named for what it holds (`commentary/2026-Q3.yaml`); there is no `<kind>.yaml`. */
  folderOnly?: boolean;
}

/**
 * Where each kind sits in the initiative folder (SPEC 1): the one table that finding files, the
 * layout checks (`misnamed-file`, `missing-file`) and load's messages read.
 */
export const LAYOUT: Record<FileKind, KindLayout> = {
  initiative: { required: true, folder: false, holds: "the initiative's settings: a mapping with version, id, name, period and backbone" },
  agenda: { required: true, folder: false, holds: 'the common agenda: a mapping with vision and goals' },
  indicators: { required: true, folder: true, entity: 'indicator', listed: true, holds: 'a list of indicators (or one indicator as a mapping)' },
  partners: { required: true, folder: true, entity: 'partner', listed: true, holds: 'a list of partners (or one partner as a mapping)' },
  activities: { required: false, folder: true, entity: 'activity', listed: true, holds: 'a list of activities (or one activity as a mapping)' },
  meetings: { required: false, folder: true, entity: 'meeting', holds: 'a mapping with series and meetings lists' },
  dimensions: { required: false, folder: false, entity: 'dimension', listed: true, holds: 'a list of dimensions (or one dimension as a mapping)' },
  commentary: { required: false, folder: true, folderOnly: true, entity: 'entry', listed: true, holds: 'a list of commentary entries (or one entry as a mapping), each with indicator or goal, and story' },
};

/** The file a kind is kept in when it is not a folder (`partners.yaml`); `.yml` is accepted alone too. */
export const fileOf = (kind: FileKind) => `${kind}.yaml`;

/** Collections whose files hold one entity or a list; validated item by item against $defs. */
export const ITEM_DEF: Partial<Record<FileKind, string>> = Object.fromEntries(
  FILE_KINDS.filter((k) => LAYOUT[k].listed).map((k) => [k, LAYOUT[k].entity!]),
);

export const SCHEMA_BASE = 'https://concert.tools/schemas/v1/';
export const schemaId = (kind: SchemaKind) => `${SCHEMA_BASE}${kind}.schema.json`;

/** The package's schemas/ folder (works from src/ under vitest and from dist/ when built). */
export const SCHEMA_DIR = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export function readSchemas(): { kind: SchemaKind; file: string; schema: Record<string, unknown> }[] {
  const present = new Set(readdirSync(SCHEMA_DIR));
  return [...FILE_KINDS, ...TOOL_SCHEMAS].filter((k) => present.has(`${k}.schema.json`)).map((kind) => {
    const file = `${kind}.schema.json`;
    return { kind, file, schema: JSON.parse(readFileSync(SCHEMA_DIR + file, 'utf8')) as Record<string, unknown> };
  });
}

/** Every validator Concert uses: whole files, and single entities of collections. */
export const VALIDATORS: Record<string, string> = Object.fromEntries([
  ...FILE_KINDS.map((kind) => (ITEM_DEF[kind] ? [`${kind}_${ITEM_DEF[kind]}`, `${schemaId(kind)}#/$defs/${ITEM_DEF[kind]}`] : [kind, schemaId(kind)])),
  ...TOOL_SCHEMAS.map((kind) => [kind, schemaId(kind)]),
]);

const require = createRequire(import.meta.url);

/** An Ajv for our schemas. coerceTypes stays off: it rewrites user input in place (null → 0). */
export function createAjv(options: { source?: boolean } = {}): Ajv2020 {
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // strictRequired off: "exactly one of indicator | goal" (commentary) is a oneOf of `required`
  // branches, whose keys the entry's `properties` declare, which Ajv's check does not see.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true, coerceTypes: false, useDefaults: false, ...(options.source ? { code: { source: true } } : {}) });
  (require('ajv-formats') as (a: Ajv2020, f: string[]) => void)(ajv, ['date']);
  for (const { schema } of readSchemas()) ajv.addSchema(schema);
  return ajv;
}

/** Validators compiled at build time (dist/core/schema/validators.cjs), or null under the sources. */
function prebuilt(): Record<string, ValidateFunction> | null {
  try {
    return require('./validators.cjs') as Record<string, ValidateFunction>;
  } catch {
    return null;
  }
}

let validators: Record<string, ValidateFunction> | undefined;

/** The validator for a whole file of `kind`, or for one entity (`def`) of a collection. */
export function validatorFor(kind: SchemaKind, def?: string): ValidateFunction {
  const key = def ? `${kind}_${def}` : kind;
  if (!validators) {
    // Compiling the schemas costs ~120 ms at start-up; `npm run build` does it once instead.
    validators = prebuilt() ?? (() => {
      const ajv = createAjv();
      return Object.fromEntries(Object.entries(VALIDATORS).map(([k, ref]) => [k, ajv.getSchema(ref)!]));
    })();
  }
  const fn = validators[key];
  if (!fn) throw new Error(`schema ${key} is missing from the package`);
  return fn;
}
