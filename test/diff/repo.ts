/** Real git repositories in temporary folders, for `concert diff`'s tests and bench. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Fixed names and dates: the same steps give the same commit ids. */
const GIT_ENV = {
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmpdir(),
};

export interface Repo {
  /** The repository's top folder. */
  top: string;
  /** The initiative folder inside it. */
  dir: string;
  git(...args: string[]): string;
  /** Stage everything and commit; returns the commit id. */
  commit(message: string): string;
  read(path: string): string;
  write(path: string, text: string): void;
  /** Replace `from` by `to` in a file of the initiative (the text must be there). */
  edit(path: string, from: string | RegExp, to: string): void;
  remove(path: string): void;
  dispose(): void;
}

/**
 * A repository on branch `main` whose first commit holds a copy of `source` at `sub` (the
 * initiative folder's path inside the repository; '' for the top).
 */
export function repoWith(source: string, sub = 'initiative'): Repo {
  const top = mkdtempSync(join(tmpdir(), 'concert-repo-'));
  const dir = sub === '' ? top : join(top, sub);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: top, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Concert Test');
  git('config', 'user.email', 'test@example.org');
  git('config', 'commit.gpgsign', 'false');
  git('config', 'core.autocrlf', 'false');
  cpSync(source, dir, { recursive: true, filter: (p) => !p.endsWith('.complete') });
  const repo: Repo = {
    top,
    dir,
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    edit(path, from, to) {
      const text = repo.read(path);
      const next = text.replace(from, to);
      if (next === text) throw new Error(`${String(from)} not found in ${path}`);
      repo.write(path, next);
    },
    remove: (path) => rmSync(join(dir, path), { recursive: true, force: true }),
    dispose: () => rmSync(top, { recursive: true, force: true }),
  };
  repo.commit('the initiative');
  return repo;
}
