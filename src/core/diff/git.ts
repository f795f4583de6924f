/**
 * The git side of `concert diff` (SPEC 8.1), through the git command itself (no library, no
 * shell): where the initiative folder sits in its repository, which commits to compare, and a
 * revision of the folder written out to a temporary folder, blob by blob, streamed.
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';

/** The repository cannot answer: not a repository, a ref that names no commit, no git (exit 2). */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

// Literal pathspecs: a folder named `a*` or `:x` means itself.
const GIT_ENV = { GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LITERAL_PATHSPECS: '1' };

interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function git(cwd: string, args: string[]): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, ...GIT_ENV }, windowsHide: true }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: unknown }) | null;
      if (e && e.code === 'ENOENT' && typeof e.errno === 'number') {
        reject(new GitError('git is not installed (or not on PATH): concert diff reads revisions with it'));
        return;
      }
      resolve({ ok: !err, stdout, stderr });
    });
  });
}

export interface RepoPlace {
  /** Absolute path of the repository's top folder. */
  top: string;
  /** The initiative folder inside it, POSIX, '' at the top, else ending without a slash. */
  prefix: string;
}

/** The repository holding `dir`, and the folder's path inside it. */
export async function repoOf(dir: string, shown: string): Promise<RepoPlace> {
  const r = await git(dir, ['rev-parse', '--show-toplevel', '--show-prefix']);
  if (!r.ok) throw new GitError(`${shown || '.'} is not in a git repository: concert diff compares revisions of the folder`);
  const [top = '', prefix = ''] = r.stdout.split('\n');
  return { top, prefix: prefix.replace(/\/$/, '') };
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** The commit a ref names; GitError when it names none. */
export async function resolveCommit(top: string, ref: string, flag: string): Promise<string> {
  // A ref that starts with '-' would be read as an option.
  if (ref === '' || ref.startsWith('-') || ref.includes('\0')) throw new GitError(`${flag} '${ref}' is not a git revision`);
  const r = await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const sha = r.stdout.trim();
  if (!r.ok || !SHA.test(sha)) throw new GitError(`${flag} '${ref}' names no commit in this repository (a branch, tag or commit, like main, HEAD~1 or abc1234)`);
  return sha;
}

async function exists(top: string, ref: string): Promise<boolean> {
  const r = await git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return r.ok && SHA.test(r.stdout.trim());
}

/**
 * The default branch: what origin/HEAD points at, else `main`, else `master` (local, then
 * origin's); null when none exists.
 */
export async function defaultBranch(top: string): Promise<string | null> {
  const head = await git(top, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  const origin = head.ok ? head.stdout.trim() : '';
  const candidates = [origin, 'main', 'master', 'origin/main', 'origin/master'].filter((c) => c !== '');
  for (const c of candidates) if (await exists(top, c)) return c;
  return null;
}

/**
 * `--from` when not given: the merge-base of `head` (HEAD, or `--to`) with the default branch.
 * Without a default branch, `head` itself (so the diff shows what is not committed yet); `note`
 * says so.
 */
export async function defaultFrom(top: string, head: { ref: string; commit: string }): Promise<{ ref: string; commit: string; note?: string }> {
  const branch = await defaultBranch(top);
  if (branch === null) {
    return { ref: head.ref, commit: head.commit, note: `no default branch (origin/HEAD, main or master): comparing with ${head.ref}` };
  }
  const r = await git(top, ['merge-base', branch, head.commit]);
  const sha = r.stdout.trim();
  if (!r.ok || !SHA.test(sha)) {
    throw new GitError(`${head.ref} and ${branch} have no common commit (a shallow clone? fetch the history, e.g. fetch-depth: 0); give --from`);
  }
  return { ref: `merge-base of ${head.ref} and ${branch}`, commit: sha };
}

/**
 * True when the folder on disk is exactly `commit`'s: HEAD is that commit and nothing under the
 * folder is changed, untracked or ignored. Such a revision is read in place, not written out.
 */
export async function inPlace(top: string, prefix: string, commit: string): Promise<boolean> {
  const head = await git(top, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (!head.ok || head.stdout.trim() !== commit) return false;
  const status = await git(top, ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored=matching', '--', prefix === '' ? '.' : prefix]);
  return status.ok && status.stdout === '';
}

/** Temporary folders of one run, removed by `dispose` (also when the run fails). */
export class TempFolders {
  private readonly made: string[] = [];

  async make(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'concert-diff-'));
    this.made.push(dir);
    return dir;
  }

  get paths(): readonly string[] {
    return this.made;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.made.splice(0).map((d) => rm(d, { recursive: true, force: true, maxRetries: 3 })));
  }
}

interface TreeEntry {
  mode: string;
  sha: string;
  path: string;
}

/** Every file of `prefix` at `commit` (blobs and symlinks; submodules are skipped). */
async function listTree(top: string, commit: string, prefix: string): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
  if (prefix !== '') args.push('--', `${prefix}/`);
  const r = await git(top, args);
  if (!r.ok) throw new GitError(`cannot read ${commit.slice(0, 7)}: ${r.stderr.trim().split('\n')[0] ?? 'git ls-tree failed'}`);
  const entries: TreeEntry[] = [];
  for (const line of r.stdout.split('\0')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ');
    if (type !== 'blob') continue;
    entries.push({ mode, sha, path: line.slice(tab + 1) });
  }
  return entries;
}

/** A path from git that stays inside the folder it is written into. */
function safeRelative(path: string): string | null {
  const norm = posix.normalize(path);
  if (norm.startsWith('../') || norm === '..' || posix.isAbsolute(norm) || norm.split('/').includes('.git')) return null;
  return norm;
}

/**
 * Write the initiative folder as it is at `commit` into `into` (an empty folder) and return the
 * folder that stands for it (`into` + prefix). The exact committed bytes are
 * written (`git cat-file --batch`: no filters, no export-ignore), each blob streamed to its file.
 */
export async function materialise(top: string, commit: string, prefix: string, into: string, shownRef: string): Promise<string> {
  const entries = await listTree(top, commit, prefix);
  const root = prefix === '' ? into : join(into, ...prefix.split('/'));
  if (entries.length === 0) {
    const shown = prefix === '' ? 'the repository' : prefix;
    throw new GitError(`${shown} holds no files at ${shownRef} (${commit.slice(0, 7)}): nothing to compare`);
  }
  await mkdir(root, { recursive: true });
  const folders = new Set<string>();
  for (const e of entries) {
    const rel = safeRelative(e.path);
    if (rel === null) continue;
    const d = dirname(join(into, rel));
    if (!folders.has(d)) {
      folders.add(d);
      await mkdir(d, { recursive: true });
    }
  }
  await catFiles(top, entries, into);
  return root;
}

/** Stream every blob out of one `git cat-file --batch` into its file. */
function catFiles(top: string, entries: TreeEntry[], into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: top, env: { ...process.env, ...GIT_ENV }, windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      child.kill();
      reject(err);
    };
    child.on('error', (err) => fail((err as NodeJS.ErrnoException).code === 'ENOENT' ? new GitError('git is not installed (or not on PATH)') : err));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => void (stderr += s));

    let index = 0; // the entry whose object comes next
    let header = Buffer.alloc(0);
    let remaining = -1; // bytes of content still to come (+1 for the closing LF); -1: reading a header
    let out: WriteStream | null = null;
    let link: Buffer[] | null = null;
    const pending: Promise<void>[] = [];

    const finishObject = () => {
      const e = entries[index++]!;
      if (out) {
        const stream = out;
        pending.push(new Promise((ok, ko) => stream.end(() => ok()).once('error', ko)));
        out = null;
      } else if (link) {
        const target = Buffer.concat(link).toString('utf8');
        const rel = safeRelative(e.path);
        if (rel !== null) pending.push(symlink(target, join(into, rel)).catch(() => {}));
        link = null;
      }
    };

    const startObject = (line: string): boolean => {
      const e = entries[index];
      const [sha, type, size] = line.split(' ');
      if (!e || sha !== e.sha || type !== 'blob' || size === undefined) {
        fail(new GitError(`git cat-file answered '${line}' for ${e?.path ?? 'nothing'}`));
        return false;
      }
      remaining = Number(size) + 1;
      const rel = safeRelative(e.path);
      if (e.mode === '120000') link = [];
      else if (rel !== null) {
        const stream = createWriteStream(join(into, rel));
        stream.once('error', fail);
        out = stream;
      }
      return true;
    };

    child.stdout.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length && !failed) {
        if (remaining < 0) {
          const nl = chunk.indexOf(10, at);
          if (nl < 0) {
            header = Buffer.concat([header, chunk.subarray(at)]);
            return;
          }
          const line = Buffer.concat([header, chunk.subarray(at, nl)]).toString('utf8');
          header = Buffer.alloc(0);
          at = nl + 1;
          if (!startObject(line)) return;
          continue;
        }
        const take = Math.min(remaining, chunk.length - at);
        // The last byte of an object is the LF git adds after the content: not written.
        const content = chunk.subarray(at, at + Math.min(take, remaining - 1));
        if (content.length > 0) {
          const stream: WriteStream | null = out;
          if (stream !== null) {
            if (!stream.write(content)) {
              // Back-pressure: wait until the file has taken it. An ended stream emits no
              // 'drain', only 'finish' (and 'close' after an error): any of them resumes.
              child.stdout.pause();
              const resume = () => {
                stream.off('drain', resume).off('finish', resume).off('close', resume);
                child.stdout.resume();
              };
              stream.on('drain', resume).on('finish', resume).on('close', resume);
            }
          } else if (link) link.push(Buffer.from(content));
        }
        remaining -= take;
        at += take;
        if (remaining === 0) {
          remaining = -1;
          finishObject();
        }
      }
    });
    child.on('close', (code) => {
      if (failed) return;
      if (code !== 0 || index !== entries.length) {
        fail(new GitError(`git cat-file failed: ${stderr.trim().split('\n')[0] || `exit ${code}`}`));
        return;
      }
      Promise.all(pending).then(() => resolve(), fail);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(entries.map((e) => e.sha).join('\n') + '\n');
  });
}
