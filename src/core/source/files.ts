/** Finding an initiative's YAML files by the fixed layout of SPEC 1. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { FileKind } from '../schema/catalogue.js';

export interface KindFiles {
  kind: FileKind;
  /** POSIX paths relative to the root, sorted. */
  files: string[];
}

const REQUIRED: FileKind[] = ['initiative', 'agenda', 'indicators', 'partners'];
/** Kinds that may be one file or a folder of files. */
const COLLECTIONS: FileKind[] = ['indicators', 'partners', 'activities', 'meetings'];
const SINGLE: FileKind[] = ['initiative', 'agenda', 'dimensions'];

async function kindOf(path: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/** The YAML files of each kind, and layout problems (missing required files, file-and-folder). */
export async function discoverFiles(root: string): Promise<{ kinds: KindFiles[]; diagnostics: Diagnostic[] }> {
  const kinds: KindFiles[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const kind of [...SINGLE.slice(0, 2), ...COLLECTIONS, SINGLE[2]!]) {
    const single = (await kindOf(join(root, `${kind}.yaml`))) === 'file' ? `${kind}.yaml` : (await kindOf(join(root, `${kind}.yml`))) === 'file' ? `${kind}.yml` : null;
    const folder = COLLECTIONS.includes(kind) && (await kindOf(join(root, kind))) === 'dir' ? kind : null;
    if (single && folder) {
      diagnostics.push({
        code: 'layout-conflict',
        severity: 'error',
        file: single,
        line: 1,
        column: 1,
        message: `both ${single} and the folder ${folder}/ exist; keep one`,
        hint: `move the entries of ${single} into files under ${folder}/, or the other way round`,
        related: [{ file: `${folder}/`, line: 1, column: 1, message: 'the folder' }],
      });
    }
    const files: string[] = [];
    if (single) files.push(single);
    if (folder) {
      const names = (await readdir(join(root, folder), { withFileTypes: true }))
        .filter((d) => (d.isFile() || d.isSymbolicLink()) && isYaml(d.name))
        .map((d) => `${folder}/${d.name}`)
        .sort();
      files.push(...names);
    }
    if (files.length === 0 && REQUIRED.includes(kind) && !folder) {
      diagnostics.push({
        code: 'missing-file',
        severity: 'error',
        file: `${kind}.yaml`,
        line: 1,
        column: 1,
        message: `${kind}.yaml is missing; every initiative needs one`,
        hint: COLLECTIONS.includes(kind) ? `create ${kind}.yaml (a list) or a folder ${kind}/ of YAML files` : `create ${kind}.yaml (concert init writes a starting point)`,
      });
    }
    kinds.push({ kind, files });
  }
  return { kinds, diagnostics };
}

/** Read a file's bytes, or a diagnostic saying why it cannot be read. */
export async function readSource(root: string, file: string): Promise<{ bytes: Uint8Array } | { diagnostic: Diagnostic }> {
  try {
    return { bytes: await readFile(join(root, file)) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a folder' : (e.code ?? e.message);
    return { diagnostic: { code: 'unreadable-file', severity: 'error', file, line: 1, column: 1, message: `cannot read ${file}: ${why}` } };
  }
}
