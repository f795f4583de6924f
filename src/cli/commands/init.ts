import { cp, mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowFile } from '../../core/init/workflow.js';
import { repointSchemaLine, vscodeExtensions, vscodeSettings } from '../../core/init/editor.js';
import { SCAFFOLD_SCHEMA_DIR, scaffold } from '../../core/init/scaffold.js';
import { readSchemas } from '../../core/schema/catalogue.js';
import { todayFor } from '../context.js';
import { EXIT, UsageError } from '../io.js';
import type { CommandRun } from '../main.js';
import { writeFileAtomic } from '../output.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/eastside-learns/', import.meta.url));

async function ensureEmptyFolder(target: string, shown: string): Promise<void> {
  try {
    const s = await stat(target);
    if (!s.isDirectory()) throw new UsageError(`${shown} exists and is not a folder`);
    if ((await readdir(target)).length > 0) throw new UsageError(`${shown} is not empty; concert init only writes into a new or empty folder`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    await mkdir(target, { recursive: true });
  }
}

/** `concert init [dir] [--name NAME] [--example]` (SPEC 8). */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const target = resolve(io.cwd, dir);
  // Command-line values are checked like file values (SPEC 3.1), before anything is created.
  const today = todayFor(io, opts['today']);
  const name = typeof opts['name'] === 'string' && opts['name'].trim() ? opts['name'].trim() : 'My Initiative';
  if ([...name].length > 200) throw new UsageError(`--name is ${[...name].length} characters long; an initiative's name has at most 200`);
  await ensureEmptyFolder(target, dir);
  if (opts['example']) {
    await cp(EXAMPLE, target, { recursive: true, filter: (src) => !src.includes(`${EXAMPLE}reports`) });
    // The example's schema lines point at the package's schemas/; the copy's point at its own.
    for (const path of (await readdir(target, { recursive: true })).filter((p) => /\.ya?ml$/.test(p)).sort()) {
      const text = await readFile(join(target, path), 'utf8');
      const repointed = repointSchemaLine(text, path.split(sep).join('/'));
      if (repointed !== text) await writeFileAtomic(join(target, path), repointed);
    }
    // the same CI as a new initiative's: the example is a starting point too
    await mkdir(join(target, '.github/workflows'), { recursive: true });
    await writeFileAtomic(join(target, '.github/workflows/concert.yml'), workflowFile());
  } else {
    const files = scaffold({ name, today });
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(target, path)), { recursive: true });
      await writeFileAtomic(join(target, path), text);
    }
  }
  // Editors validate while typing against these; `# yaml-language-server` lines point here.
  const schemaDir = join(target, SCAFFOLD_SCHEMA_DIR);
  await mkdir(schemaDir, { recursive: true });
  for (const { file, schema } of readSchemas()) await writeFileAtomic(join(schemaDir, file), JSON.stringify(schema, null, 2) + '\n');
  // VS Code: the YAML extension maps the layout's files to the same copies (files without a line too).
  await mkdir(join(target, '.vscode'), { recursive: true });
  await writeFileAtomic(join(target, '.vscode/settings.json'), vscodeSettings());
  await writeFileAtomic(join(target, '.vscode/extensions.json'), vscodeExtensions());
  if (!opts['quiet']) io.stderr(`created ${opts['example'] ? 'the Eastside Learns example' : 'a new initiative'} in ${dir}\nnext: concert validate ${dir}\n`);
  return EXIT.ok;
}
