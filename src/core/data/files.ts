/** The data drops of an initiative: every data/**\/*.csv, sorted, never leaving the folder. */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { isInside, isSkippedName, resolveEntry } from '../source/files.js';

export interface DataFile {
  /** POSIX path relative to the initiative root. */
  path: string;
  abs: string;
  bytes: number;
}

const isCsv = (name: string) => /\.csv$/i.test(name);

/**
 * The partner a drop's folders name (SPEC 4.1): the first folder under data/ whose name is a
 * partner id (`data/2025/ymca/seats.csv` is the YMCA's), else null.
 */
export function partnerFolder(path: string, isPartner: (name: string) => boolean): string | null {
  const parts = path.split('/');
  for (let i = 1; i < parts.length - 1; i++) if (isPartner(parts[i]!)) return parts[i]!;
  return null;
}

/** What to do with a file under data/ that is not a data drop (SPEC 4.1). */
function importHint(path: string, partners: readonly string[]): string {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const asCsv = `${parts.slice(0, -1).join('/')}/${dot > 0 ? name.slice(0, dot) : name}.csv`;
  const partner = partnerFolder(path, (name) => partners.includes(name)) ?? '<partner-id>';
  const importIt = `import it: \`concert data import ${path} --partner ${partner}\` writes a checked CSV drop under data/${partner}/ (then move this file out of data/)`;
  if (['xlsx', 'xlsm', 'xls', 'ods', 'numbers'].includes(ext)) return `${importIt}, or save it as "CSV UTF-8" (${asCsv})`;
  if (['tsv', 'tab', 'txt', 'dat'].includes(ext)) return `${importIt}; or, if it is a drop already, rename it to ${asCsv}: comma, semicolon and tab delimiters are all read from .csv files`;
  return 'data drops are CSV files (UTF-8); save it as CSV in this folder, or keep it outside data/';
}

/**
 * List the data drops (sorted POSIX paths). Skipped names (hidden, `~`, lock files) are ignored
 * silently; any other file that is not a `.csv` is `data-unsupported-file`; links that are broken,
 * loop or leave the initiative are refused.
 */
export async function listDataFiles(root: string, options: { partners?: readonly string[] } = {}): Promise<{ files: DataFile[]; diagnostics: Diagnostic[] }> {
  const files: DataFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let rootReal: string;
  let dataReal: string;
  try {
    rootReal = await realpath(root);
    await lstat(join(root, 'data'));
  } catch {
    return { files, diagnostics };
  }
  try {
    dataReal = await realpath(join(root, 'data'));
    if (!(await stat(dataReal)).isDirectory()) return { files, diagnostics };
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'a link that leads back to itself (a loop)' : 'a broken link';
    diagnostics.push({ code: 'unreadable-file', severity: 'error', file: 'data/', line: 1, column: 1, message: `cannot read data/: it is ${why}`, hint: 'fix or remove the link' });
    return { files, diagnostics };
  }
  if (!isInside(dataReal, rootReal)) {
    diagnostics.push({ code: 'unreadable-file', severity: 'error', file: 'data/', line: 1, column: 1, message: `data/ links outside the initiative folder (to ${dataReal}); refused`, hint: 'data drops must be files inside the initiative folder' });
    return { files, diagnostics };
  }
  const partners = options.partners ?? [];
  // Folders are walked together (a folder may hold thousands of drops). Linked folders come
  // after, in path order, and only when they overlap nothing walked so far (no file twice, no loop).
  const walked = [dataReal];
  const linked: [path: string, real: string][] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch {
      diagnostics.push({ code: 'unreadable-file', severity: 'error', file: `${rel}/`, line: 1, column: 1, message: `cannot read the folder ${rel}/` });
      return;
    }
    const folders: Promise<void>[] = [];
    await Promise.all(
      entries.map(async (e) => {
        if (isSkippedName(e.name) || e.name.includes('\0')) return;
        const path = `${rel}/${e.name}`;
        const abs = join(root, path);
        const r = await resolveEntry(abs, path, e, rootReal);
        if ('diagnostic' in r) {
          diagnostics.push({ ...r.diagnostic, hint: r.diagnostic.hint ?? 'data drops must be files inside the initiative folder' });
          return;
        }
        if (r.type === 'dir') {
          if (r.real) linked.push([path, r.real]);
          else folders.push(walk(path));
        } else if (r.type !== 'file') return;
        else if (isCsv(e.name)) files.push({ path, abs, bytes: (await stat(abs)).size });
        else {
          diagnostics.push({
            code: 'data-unsupported-file', severity: 'warning', file: path, line: 1, column: 1,
            message: `${path} is not a data drop (only .csv files under data/ are read); it is ignored`,
            hint: importHint(path, partners),
          });
        }
      }),
    );
    await Promise.all(folders);
  };
  await walk('data');
  while (linked.length > 0) {
    linked.sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    const [path, real] = linked.pop()!;
    if (walked.some((w) => isInside(real, w) || isInside(w, real))) continue;
    walked.push(real);
    await walk(path);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}
