/** Finding an initiative's YAML files by the fixed layout of SPEC 1 (and 3.1). */
import type { Dirent } from 'node:fs';
import { readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { FILE_KINDS, LAYOUT, fileOf, type FileKind } from '../schema/catalogue.js';

/** Folders of the layout that hold no YAML kind; only checked for misnaming. */
const OTHER_FOLDERS = ['data', 'templates'];

export interface KindFiles {
  kind: FileKind;
  /** POSIX paths relative to the root, sorted. */
  files: string[];
}

/**
 * Names skipped everywhere, silently (SPEC 3.1): hidden files and folders, names starting with `~`,
 * editor lock files (`.#x` of Emacs, `~$x.xlsx` of Office, `.~lock.x#` of LibreOffice), and
 * editor backups (`x~`, Emacs' `#x#`).
 */
export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || name.endsWith('~') || (name.length > 1 && name.startsWith('#') && name.endsWith('#'));
}

export const isYaml = (name: string) => /\.ya?ml$/i.test(name);

export function isInside(real: string, rootReal: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/** A directory entry with its link followed (`real`: the link's target), or why it cannot be used. */
export type Resolved = { type: 'file' | 'dir' | 'other'; real?: string } | { diagnostic: Diagnostic };

const unreadable = (file: string, message: string, hint?: string): Diagnostic => ({
  code: 'unreadable-file', severity: 'error', file, line: 1, column: 1, message, ...(hint ? { hint } : {}),
});

/**
 * What `dirent` (at `abs`, shown as `rel`) is. A symbolic link is followed; one that is broken,
 * loops, or leads outside `rootReal` is an `unreadable-file` diagnostic.
 */
export async function resolveEntry(abs: string, rel: string, dirent: Dirent, rootReal: string): Promise<Resolved> {
  if (!dirent.isSymbolicLink()) return { type: dirent.isDirectory() ? 'dir' : dirent.isFile() ? 'file' : 'other' };
  const fix = 'fix or remove the link';
  let real: string;
  try {
    real = await realpath(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { diagnostic: unreadable(rel, `cannot read ${rel}: it is a link that leads back to itself (a loop)`, fix) };
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const to = await readlink(abs).catch(() => null);
      return { diagnostic: unreadable(rel, `cannot read ${rel}: it is a broken link${to ? ` (to ${to}, which does not exist)` : ''}`, fix) };
    }
    return { diagnostic: unreadable(rel, `cannot read ${rel}: the link cannot be followed (${code ?? 'unknown error'})`, fix) };
  }
  if (!isInside(real, rootReal)) {
    return { diagnostic: unreadable(rel, `${rel} links outside the initiative folder (to ${real}); refused`, 'files must be inside the initiative folder: copy the file in instead of linking to it') };
  }
  try {
    const s = await stat(real);
    return { type: s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other', real };
  } catch (err) {
    return { diagnostic: unreadable(rel, `cannot read ${rel}: ${(err as NodeJS.ErrnoException).code ?? 'unknown error'}`, fix) };
  }
}

async function entriesOf(dir: string): Promise<Dirent[] | null> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return null;
  }
}

/** The layout name a root entry was probably meant to have, or null when it is fine or unrelated. */
function meantName(name: string, isDir: boolean): { kind: FileKind | null; should: string } | null {
  const dot = name.indexOf('.');
  const stem = (dot < 0 ? name : name.slice(0, dot)).toLowerCase();
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  const kind = FILE_KINDS.find((k) => k === stem || (LAYOUT[k].entity === stem && !LAYOUT[k].folderOnly));
  if (kind) {
    const { folder, folderOnly } = LAYOUT[kind];
    // commentary/ only: a commentary.yaml says nothing of its period
    if (folderOnly) return isDir && name === kind ? null : { kind, should: isDir ? `${kind}/` : `${kind}/<period>.yaml` };
    if (name === `${kind}.yaml` || name === `${kind}.yml`) return null; // a folder so named is unreadable-file
    if (isDir) return folder && name === kind ? null : { kind, should: folder ? `${kind}/` : `${kind}.yaml` };
    return { kind, should: ext.toLowerCase() === 'yml' ? `${kind}.yml` : `${kind}.yaml` };
  }
  const other = isDir ? OTHER_FOLDERS.find((f) => f === stem || `${f}s` === stem) : undefined;
  return other && name !== other ? { kind: null, should: `${other}/` } : null;
}

export interface Discovered {
  kinds: KindFiles[];
  diagnostics: Diagnostic[];
  /** Kinds with a required file missing or a file that cannot be used: references into them are not checked. */
  unavailable: Set<FileKind>;
}

/**
 * The YAML files of each kind, and layout problems: missing required files, a file beside its
 * folder or `x.yaml` beside `x.yml` (`layout-conflict`), names that are almost a layout name
 * (`misnamed-file`), links that are broken, loop or leave the folder (`unreadable-file`).
 * Collection folders are read recursively; skipped names (see `isSkippedName`) are never read.
 */
export async function discoverFiles(root: string): Promise<Discovered> {
  const kinds: KindFiles[] = [];
  const diagnostics: Diagnostic[] = [];
  const unavailable = new Set<FileKind>();
  const rootReal = await realpath(root).catch(() => root);
  const top = new Map<string, Dirent>();
  for (const d of (await entriesOf(root)) ?? []) if (!isSkippedName(d.name)) top.set(d.name, d);
  const resolved = new Map<string, Resolved>();
  await Promise.all([...top].map(async ([name, d]) => resolved.set(name, await resolveEntry(join(root, name), name, d, rootReal))));

  // names that are almost a layout name (INDICATORS.YAML, partner.yaml, indicators.yaml.txt)
  const misnamed = new Map<FileKind, string[]>();
  for (const [name, r] of [...resolved].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if ('diagnostic' in r) continue;
    const isDir = r.type === 'dir';
    const meant = meantName(name, isDir);
    if (!meant) continue;
    const shown = isDir ? `${name}/` : name;
    const base = meant.should.replace(/[./].*$/, '');
    const read = [`${base}.yaml`, `${base}.yml`, base].find((n) => resolved.has(n) && n !== name);
    if (meant.kind) misnamed.set(meant.kind, [...(misnamed.get(meant.kind) ?? []), `found ${shown}: rename it to ${meant.should}`]);
    diagnostics.push({
      code: 'misnamed-file', severity: 'warning', file: shown, line: 1, column: 1,
      message: `${shown} is not read: the layout name is ${meant.should}`,
      hint: read ? `${read} is read; move what ${shown} holds there, or remove ${shown}` : `rename it to ${meant.should}`,
    });
  }

  let anyPresent = misnamed.size > 0;
  for (const kind of FILE_KINDS) {
    const layout = LAYOUT[kind];
    const files: string[] = [];
    let present = false;
    const use = (name: string, want: 'file' | 'dir'): boolean => {
      const r = resolved.get(name);
      if (!r) return false;
      if (want === 'dir' && 'type' in r && r.type !== 'dir') return false; // a file named like the folder is misnamed-file
      present = true;
      if ('diagnostic' in r) {
        diagnostics.push(r.diagnostic);
        unavailable.add(kind);
        return false;
      }
      if (r.type === want) return true;
      diagnostics.push(unreadable(name, `cannot read ${name}: it is ${r.type === 'dir' ? 'a folder' : 'not a regular file'}`, layout.folder ? `a folder of ${kind} is named ${kind}/` : `${name} must be a file`));
      unavailable.add(kind);
      return false;
    };
    const yaml = !layout.folderOnly && use(`${kind}.yaml`, 'file') ? `${kind}.yaml` : null;
    const yml = !layout.folderOnly && use(`${kind}.yml`, 'file') ? `${kind}.yml` : null;
    const folder = layout.folder && use(kind, 'dir') ? kind : null;
    const single = yaml ?? yml;
    if (yaml && yml) {
      diagnostics.push({
        code: 'layout-conflict', severity: 'error', file: yml, line: 1, column: 1,
        message: `both ${yaml} and ${yml} exist; only ${yaml} is read`,
        hint: `keep one: move what ${yml} holds into ${yaml}, or remove one of them`,
        related: [{ file: yaml, line: 1, column: 1, message: 'the file that is read' }],
      });
    }
    if (single && folder) {
      diagnostics.push({
        code: 'layout-conflict', severity: 'error', file: single, line: 1, column: 1,
        message: `both ${single} and the folder ${folder}/ exist; keep one`,
        hint: `move the entries of ${single} into files under ${folder}/, or the other way round`,
        related: [{ file: `${folder}/`, line: 1, column: 1, message: 'the folder' }],
      });
    }
    if (single) files.push(single);
    if (folder) {
      const found: string[] = [];
      const link = resolved.get(folder);
      const loops = await walkFolder(root, folder, (link && 'real' in link && link.real) || join(rootReal, folder), rootReal, found, diagnostics);
      if (diagnostics.some((d) => d.code === 'unreadable-file' && d.file.startsWith(`${folder}/`))) unavailable.add(kind);
      // A link refused because it leads back into what is read hides no file: the kind stays complete.
      diagnostics.push(...loops);
      files.push(...found.sort());
    }
    anyPresent ||= present;
    if (!present && layout.required) {
      unavailable.add(kind);
      const near = misnamed.get(kind);
      diagnostics.push({
        code: 'missing-file', severity: 'error', file: fileOf(kind), line: 1, column: 1,
        message: `${kind}.yaml is missing; every initiative needs one`,
        hint: near
          ? near.join('; ')
          : layout.folder ? `create ${kind}.yaml (a list) or a folder ${kind}/ of YAML files` : `create ${kind}.yaml (concert init writes a starting point)`,
      });
    }
    kinds.push({ kind, files });
  }
  if (!anyPresent) {
    // Not an initiative at all (a parent folder, an empty one): one hint says so, on the first
    // missing-file shown (diagnostics are listed by file); the others keep theirs.
    const missing = diagnostics.filter((d) => d.code === 'missing-file').sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    if (missing[0]) missing[0].hint = 'this folder holds no initiative files; run `concert init <dir>` to start one';
  }
  return { kinds, diagnostics, unavailable };
}

/**
 * The YAML files under a collection folder, at any depth (POSIX paths into `found`). Real
 * sub-folders are read together; linked folders after them, one by one in path order, and only
 * when they lead to a folder not read yet: a link to the collection folder itself or to one of
 * its ancestors (`partners/loop -> ..`) would read it again and again, a link into a folder
 * already read would read its files twice. Such links are `unreadable-file` diagnostics, returned
 * (not pushed) since they hide no file.
 */
async function walkFolder(root: string, folder: string, folderReal: string, rootReal: string, found: string[], diagnostics: Diagnostic[]): Promise<Diagnostic[]> {
  const loops: Diagnostic[] = [];
  const walked = [folderReal];
  const linked: [path: string, real: string][] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await entriesOf(join(root, rel));
    if (!entries) {
      diagnostics.push(unreadable(`${rel}/`, `cannot read the folder ${rel}/`));
      return;
    }
    const visits: Promise<void>[] = [];
    await Promise.all(
      entries.map(async (d) => {
        if (isSkippedName(d.name)) return;
        const path = `${rel}/${d.name}`;
        const r = await resolveEntry(join(root, path), path, d, rootReal);
        if ('diagnostic' in r) diagnostics.push(r.diagnostic);
        else if (r.type === 'dir') {
          if (r.real) linked.push([path, r.real]);
          else visits.push(walk(path));
        } else if (r.type === 'file' && isYaml(d.name)) found.push(path);
      }),
    );
    await Promise.all(visits);
  };
  await walk(folder);
  while (linked.length > 0) {
    linked.sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    const [path, real] = linked.pop()!;
    const shown = shownFolder(real, rootReal);
    if (isInside(folderReal, real)) {
      const into = real === folderReal ? `${folder}/ itself` : `${shown}, which holds ${folder}/`;
      loops.push(unreadable(path, `cannot read ${path}: this link leads back into ${into} (a loop); it is not followed`,
        `remove the link: the files of ${folder}/ are read once, without it`));
    } else if (walked.some((w) => isInside(real, w) || isInside(w, real))) {
      loops.push(unreadable(path, `cannot read ${path}: this link leads back into ${shown}, which is read already; it is not followed`,
        'remove the link: each file is read once, without it'));
    } else {
      walked.push(real);
      await walk(path);
    }
  }
  return loops;
}

/** A folder inside the initiative, as a user names it: `partners/libraries/`, or the initiative folder. */
function shownFolder(real: string, rootReal: string): string {
  if (real === rootReal) return 'the initiative folder';
  const rel = real.slice(rootReal.length).split(sep).filter(Boolean).join('/');
  return `${rel}/`;
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
