/** The worker thread of `concert diff`: loads one side (./load.ts) and posts it back. */
import { parentPort, workerData } from 'node:worker_threads';
import { GitError } from './git.js';
import { loadSideHere, toPortable, type SideRequest, type WorkerReply } from './load.js';

try {
  const side = await loadSideHere(workerData as SideRequest);
  const [portable, transfer] = toPortable(side);
  parentPort!.postMessage({ ok: true, side: portable } satisfies WorkerReply, transfer);
} catch (err) {
  const reply: WorkerReply = { ok: false, git: err instanceof GitError, message: (err as Error)?.message ?? String(err) };
  parentPort!.postMessage(reply);
}
