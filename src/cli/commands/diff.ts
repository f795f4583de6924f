import { rmSync } from 'node:fs';
import { DOCUMENTS } from '../../core/render/documents.js';
import { parsePeriod } from '../../core/periods.js';
import { defaultReportPeriod, parseReportPeriod } from '../../core/report/index.js';
import { loadSide, type LoadedSide, type SideRequest } from '../../core/diff/load.js';
import type { DiffRevision } from '../../core/diff/types.js';
import { FORMATTERS } from '../../formatters/index.js';
import { displayRoot, initiativeDir, progressReporter, todayFor, useColor } from '../context.js';
import { formatOf, renderAndEmit } from '../document.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import type { CommandRun } from '../main.js';

type Git = typeof import('../../core/diff/git.js');

/** Remove the temporary folders also when the run is interrupted (Ctrl-C, a CI job cancelled). */
function cleanupOnSignal(paths: () => readonly string[]): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const handler = (signal: NodeJS.Signals) => {
    for (const p of paths()) rmSync(p, { recursive: true, force: true });
    release();
    process.kill(process.pid, signal);
  };
  const release = () => signals.forEach((s) => process.off(s, handler));
  signals.forEach((s) => process.once(s, handler));
  return release;
}

/** `--from` and `--to` as commits (`to` null: the working tree). */
async function revisions(git: Git, top: string, opts: Record<string, unknown>, io: CliIO): Promise<{ from: DiffRevision & { commit: string }; to: DiffRevision }> {
  const toRef = typeof opts['to'] === 'string' ? opts['to'] : null;
  const to: DiffRevision = toRef === null ? { ref: 'working tree', commit: null } : { ref: toRef, commit: await git.resolveCommit(top, toRef, '--to') };
  if (typeof opts['from'] === 'string') return { from: { ref: opts['from'], commit: await git.resolveCommit(top, opts['from'], '--from') }, to };
  let head: { ref: string; commit: string };
  if (to.commit !== null) head = { ref: to.ref, commit: to.commit };
  else {
    const commit = await git.resolveCommit(top, 'HEAD', 'HEAD').catch(() => {
      throw new git.GitError('the repository has no commit yet: nothing to compare the working tree with (commit first, or give --from)');
    });
    head = { ref: 'HEAD', commit };
  }
  const from = await git.defaultFrom(top, head);
  if (from.note && !opts['quiet']) io.stderr(`concert: ${from.note}\n`);
  return { from: { ref: from.ref, commit: from.commit }, to };
}

/** A promise awaited later: its failure is not an unhandled rejection meanwhile. */
function settled<T>(p: Promise<T>, pending: Promise<unknown>[]): Promise<T> {
  p.catch(() => {});
  pending.push(p);
  return p;
}

const badPeriod = (p: string) => `--period '${p}' is not a period (like 2025-Q3, 2025, SY2024-25, 2025-H2 or 2025-07)`;

const sideName = (flag: string, r: DiffRevision) => (r.commit === null ? `${flag} (${r.ref})` : `${flag} (${r.commit.slice(0, 7)}${r.ref === r.commit ? '' : `, ${r.ref}`})`);

/** Each side's errors, under the side's name; true when there were any. */
function explainErrors(io: CliIO, opts: Record<string, unknown>, root: string, sides: [string, LoadedSide][]): boolean {
  const rel = displayRoot(io, root);
  let any = false;
  for (const [name, v] of sides) {
    if (v.errors === 0) continue;
    any = true;
    io.stderr(`concert: in ${name}:\n`);
    const errors = v.diagnostics.filter((d) => d.severity === 'error');
    io.stderr(FORMATTERS.stylish(errors, { color: useColor(io, opts, 'stderr'), root: rel || '.', rootRelative: rel, valid: false, errors: v.errors, warnings: v.warnings }));
  }
  if (any) io.stderr('concert: the diff was not computed: fix the errors above first\n');
  return any;
}

/** `concert diff` (SPEC 8.1): what a change to the initiative means, between two git revisions. */
export async function run({ dir, opts, io }: CommandRun): Promise<number> {
  const doc = DOCUMENTS.diff;
  const root = await initiativeDir(io, dir);
  const today = todayFor(io, opts['today']);
  const format = formatOf(doc, opts);
  const onProgress = progressReporter(io, opts);
  const askedPeriod = typeof opts['period'] === 'string' ? opts['period'] : undefined;
  if (askedPeriod !== undefined && !parsePeriod(askedPeriod)) throw new UsageError(badPeriod(askedPeriod));
  const git = await import('../../core/diff/git.js');
  const temps = new git.TempFolders();
  const release = cleanupOnSignal(() => temps.paths);
  const loading: Promise<unknown>[] = [];
  const stop = new AbortController();
  try {
    const place = await git.repoOf(root, displayRoot(io, root));
    const { from, to } = await revisions(git, place.top, opts, io);
    // A revision is written out of git into a temporary folder, unless the folder on disk is it.
    const request = async (r: DiffRevision): Promise<SideRequest> =>
      r.commit === null || (await git.inPlace(place.top, place.prefix, r.commit))
        ? { root, today }
        : { git: { top: place.top, commit: r.commit, prefix: place.prefix, into: await temps.make(), shownRef: r.ref }, today };
    // The `from` side loads in a worker thread (when built) while this thread loads `to`.
    const fromSide = settled(loadSide(await request(from), { worker: true, signal: stop.signal }), loading);
    const b = await loadSide(await request(to), { worker: false, ...(onProgress ? { onProgress } : {}) });
    const a = await fromSide;
    if (explainErrors(io, opts, root, [[sideName('--from', from), a], [sideName('--to', to), b]])) return EXIT.invalid;

    const asked = askedPeriod === undefined ? null : parseReportPeriod(askedPeriod, b.initiative.settings);
    const period = asked ?? defaultReportPeriod(b.initiative.settings, today);
    const model = doc.build({
      from: { ...a, revision: from },
      to: { ...b, revision: to },
      period,
    });
    return await renderAndEmit(io, opts, doc, model, format, root);
  } catch (err) {
    if (err instanceof git.GitError) throw new UsageError(err.message);
    throw err;
  } finally {
    // A side still loading (the other failed) is stopped before its folder goes.
    stop.abort();
    await Promise.allSettled(loading);
    await temps.dispose();
    release();
  }
}
