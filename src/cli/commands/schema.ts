import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readSchemas } from '../../core/schema/catalogue.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { writeFileAtomic } from '../output.js';

/** `concert schema [--out DIR]`: one JSON document of every schema by file name, or one file each. */
export async function run({ opts, io }: CommandRun): Promise<number> {
  const schemas = readSchemas();
  const out = opts['out'];
  if (typeof out === 'string' && out !== '') {
    const dir = resolve(io.cwd, out);
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // mkdir meets a file where the folder (or a folder above it) should be
      if (code === 'EEXIST' || code === 'ENOTDIR') throw new UsageError(`cannot write the schemas into ${out}: it is a file, and --out names a folder`);
      throw new UsageError(`cannot create ${out}: ${code ?? (err as Error).message}`);
    }
    for (const { file, schema } of schemas) await writeFileAtomic(join(dir, file), JSON.stringify(schema, null, 2) + '\n');
    if (!opts['quiet']) io.stderr(`wrote ${schemas.length} schemas to ${out}\n`);
    return EXIT.ok;
  }
  io.stdout(JSON.stringify(Object.fromEntries(schemas.map(({ file, schema }) => [file, schema])), null, 2) + '\n');
  return EXIT.ok;
}
