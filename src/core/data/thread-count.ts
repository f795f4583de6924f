/**
 * Whether a data load uses worker threads (threads.ts), and how its files are cut. Kept apart
 * from threads.ts so that a load on one thread never loads the worker machinery.
 */
import { availableParallelism } from 'node:os';

/** Bytes per range: small enough that a range's results stay in cache, large enough that messages are few. */
const RANGE_BYTES = 256 << 10;
/** Smaller files are read on the main thread alone: starting a worker costs more than it saves. */
const THREADED_FILE = 8 << 20;

/**
 * Worker threads to start; 0 = the single-threaded path. The main thread merges, and checks
 * ranges too while the workers are busy, so N threads means N - 1 workers. Threads are used only
 * when asked for (CONCERT_THREADS=N, N >= 2): on the two-CPU machine they were measured on, two
 * threads were within a few percent of one and took more memory (docs/decisions.md), so they do
 * not start by themselves.
 */
export function threadCount(): number {
  const asked = Number.parseInt(process.env['CONCERT_THREADS'] ?? '', 10);
  // no more threads than CPUs: more would only take turns
  const threads = Math.min(asked, availableParallelism());
  return threads >= 2 ? threads - 1 : 0;
}

/** Bytes per range; CONCERT_THREAD_CHUNK (for tests) sets it, and splits files of any size. */
function testChunk(): number {
  const chunk = Number.parseInt(process.env['CONCERT_THREAD_CHUNK'] ?? '', 10);
  return chunk >= 1 ? chunk : 0;
}

export function rangeBytes(): number {
  return testChunk() || RANGE_BYTES;
}

/** Whether a file of `bytes` is cut into ranges (smaller ones are read on the main thread, as without threads). */
export function splits(bytes: number): boolean {
  const chunk = testChunk();
  return chunk ? bytes > chunk : bytes >= THREADED_FILE;
}

