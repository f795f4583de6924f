/** The data drops of an initiative: every data/**\/*.csv, sorted, never leaving the folder. */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';

export interface DataFile {
  /** POSIX path relative to the initiative root. */
  path: string;
  abs: string;
  bytes: number;
}

const refuse = (file: string, message: string): Diagnostic => ({
  code: 'unreadable-file', severity: 'error', file, line: 1, column: 1, message,
  hint: 'data drops must be files inside the initiative folder',
});

function inside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/** List the data drops (sorted POSIX paths); symlinks that leave the initiative are refused. */
export async function listDataFiles(root: string): Promise<{ files: DataFile[]; diagnostics: Diagnostic[] }> {
  const files: DataFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch {
    return { files, diagnostics };
  }
  const dataDir = join(root, 'data');
  try {
    const s = await lstat(dataDir);
    if (!s.isDirectory() && !s.isSymbolicLink()) return { files, diagnostics };
  } catch {
    return { files, diagnostics };
  }
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const rel = relative(root, dir).split(sep).join('/');
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      diagnostics.push(refuse(rel, `cannot read the folder ${rel}`));
      return;
    }
    if (!inside(real, rootReal)) {
      diagnostics.push(refuse(rel, `${rel} links outside the initiative folder; refused`));
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      diagnostics.push(refuse(rel, `cannot read the folder ${rel}`));
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const abs = join(dir, e.name);
      const relPath = relative(root, abs).split(sep).join('/');
      if (e.name.includes('\0')) continue;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(abs);
        } catch {
          if (/\.csv$/i.test(e.name)) diagnostics.push(refuse(relPath, `${relPath} is a broken link`));
          continue;
        }
        if (!inside(target, rootReal)) {
          diagnostics.push(refuse(relPath, `${relPath} links outside the initiative folder; refused`));
          continue;
        }
        const s = await stat(abs);
        isDir = s.isDirectory();
        isFile = s.isFile();
      }
      if (isDir) await walk(abs);
      else if (isFile && /\.csv$/i.test(e.name)) {
        const s = await stat(abs);
        files.push({ path: relPath, abs, bytes: s.size });
      }
    }
  };
  await walk(dataDir);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}
