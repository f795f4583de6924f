/**
 * Where a report comes from (SPEC 6): the git commit of the initiative folder, whether the work
 * tree had changes, and each data drop's path, rows and SHA-256. Git is asked locally (no
 * network); a folder outside any repository, or no git at all, gives a null commit.
 */
import { execFile } from 'node:child_process';
import { relative, sep } from 'node:path';
import type { DataFileInfo } from '../data/types.js';
import type { Provenance, ProvenanceFile } from './types.js';

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd, timeout: 10_000, maxBuffer: 16 << 20, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' }, windowsHide: true },
      (err, stdout) => resolve(err ? null : stdout),
    );
  });
}

/**
 * HEAD's commit and whether anything under `root` differs from it (tracked or untracked).
 * `ignore` lists absolute paths not to count (the report being written into the folder).
 */
export async function gitState(root: string, ignore: readonly string[] = []): Promise<{ commit: string | null; dirty: boolean | null }> {
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  const commit = head?.trim() || null;
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return { commit: null, dirty: null };
  const excludes = ignore
    .map((p) => relative(root, p))
    .filter((p) => p !== '' && !p.startsWith('..'))
    .map((p) => `:(exclude,literal)${p.split(sep).join('/')}`);
  const status = await git(root, ['status', '--porcelain', '--untracked-files=all', '--', '.', ...excludes]);
  return { commit, dirty: status === null ? null : status.trim() !== '' };
}

export function provenanceFiles(files: readonly DataFileInfo[]): ProvenanceFile[] {
  return files.map((f) => ({ path: f.path, rows: f.rows, sha256: f.sha256 }));
}

export async function provenanceOf(root: string, files: readonly DataFileInfo[], ignore: readonly string[] = []): Promise<Provenance> {
  return { ...(await gitState(root, ignore)), files: provenanceFiles(files) };
}
