/**
 * A worker thread of a large data load (threads.ts): for each file it is told of, it claims
 * ranges from the file's shared counter, checks them with RangeChecker, and posts each verdict
 * on its port. Plain data in, transferable arrays out.
 */
import { receiveMessageOnPort, workerData, parentPort, type MessagePort } from 'node:worker_threads';
import { RangeChecker, type RangeModel, type Recycle } from './range-check.js';
import { DONE, MERGED, NEXT, STOP, rangeJob, RangeReader, type FileJob, type RangeMessage } from './range-queue.js';

const { model, incomplete, port } = workerData as { model: RangeModel; incomplete: string[]; port: MessagePort };
const checker = new RangeChecker(model, new Set(incomplete));
const reader = new RangeReader();
/** For tests: from this range on (ranges count from 1), the worker fails on every range it takes, as a worker meeting an error would. */
const failAt = Number.parseInt(process.env['CONCERT_THREAD_FAIL'] ?? '', 10);

/** Arrays the main thread is done with, to be filled again. */
function takeBack(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const r = m.message as Recycle;
    checker.recycle(r.ids, r.figures);
  }
}

parentPort!.on('message', (file: FileJob) => {
  const counters = new Int32Array(file.control);
  const ranges = file.bounds.length - 1;
  for (;;) {
    const k = Atomics.add(counters, NEXT, 1);
    if (k >= ranges) return;
    // no further ahead of the merge than the window: results waiting to be merged hold memory
    for (let merged = Atomics.load(counters, MERGED); k > merged + file.window; merged = Atomics.load(counters, MERGED)) {
      if (Atomics.load(counters, STOP)) return;
      Atomics.wait(counters, MERGED, merged, 100);
    }
    if (Atomics.load(counters, STOP)) return;
    takeBack();
    let message: RangeMessage;
    try {
      if (k >= failAt) throw new Error(`range ${k} fails (CONCERT_THREAD_FAIL)`);
      const result = checker.check(rangeJob(file, k), reader.read(file.path, file.bounds[k]!, file.bounds[k + 1]!));
      message = { seq: file.seq, range: k, result };
      port.postMessage(message, [result.ids.buffer as ArrayBuffer, result.figures.buffer as ArrayBuffer]);
    } catch {
      // the main thread reads this range (and the rest of the file) itself, and meets the error there
      message = { seq: file.seq, range: k, result: null };
      port.postMessage(message);
    }
    Atomics.add(counters, DONE, 1);
    Atomics.notify(counters, DONE);
  }
});
