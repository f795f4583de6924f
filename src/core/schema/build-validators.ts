/**
 * Build step (`npm run build`): compile the JSON Schemas once into standalone validator code,
 * so no run of `concert` pays for Ajv's compiler. Output: dist/core/schema/validators.cjs.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { VALIDATORS, createAjv } from './catalogue.js';

const ajv = createAjv({ source: true });
for (const ref of Object.values(VALIDATORS)) ajv.getSchema(ref);
// ajv's standalone module is CommonJS: under NodeNext its callable export sits on `default`.
const generate = (standaloneCode as unknown as { default: (a: typeof ajv, refs: Record<string, string>) => string }).default;
const code = generate(ajv, VALIDATORS);
writeFileSync(fileURLToPath(new URL('./validators.cjs', import.meta.url)), code);
