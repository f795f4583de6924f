/**
 * What the main thread and the workers share while a file is read on several threads
 * (threads.ts, worker.ts): the file's ranges, the counters that hand them out, and reading one.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { RangeJob, RangeResult } from './range-check.js';

/** Slots of a file's control array, shared with the workers. */
export const NEXT = 0; // the next range nobody has claimed
export const MERGED = 1; // ranges merged so far: a worker claims no further than WINDOW past it
export const DONE = 2; // results posted, counted: the main thread waits on it
export const STOP = 3; // 1: the file is read another way from here on; workers stop

/** One file's ranges, as the workers are told of them. */
export interface FileJob {
  seq: number;
  path: string;
  bounds: number[];
  columns: RangeJob['columns'];
  folderPartner: number;
  partnerUnknown: boolean;
  delimiter: number;
  control: SharedArrayBuffer;
  window: number;
}

export interface RangeMessage {
  seq: number;
  range: number;
  /** Null when the worker failed on the range (the main thread reads it instead). */
  result: RangeResult | null;
}

/** Range `k` of a file, as the checker takes it. */
export function rangeJob(file: FileJob, k: number): RangeJob {
  return { id: k, path: file.path, start: file.bounds[k]!, end: file.bounds[k + 1]!, columns: file.columns, folderPartner: file.folderPartner, partnerUnknown: file.partnerUnknown, delimiter: file.delimiter };
}

/** A thread's read buffer, reused range after range: fresh pages for every range cost more than reading them. */
export class RangeReader {
  private buffer = Buffer.allocUnsafe(0);

  read(path: string, start: number, end: number): Buffer {
    if (this.buffer.length < end - start) this.buffer = Buffer.allocUnsafe(end - start);
    return readRange(path, start, end, this.buffer);
  }
}

export function readRange(path: string, start: number, end: number, into?: Buffer): Buffer {
  const bytes = into ?? Buffer.allocUnsafe(end - start);
  const fd = openSync(path, 'r');
  try {
    let at = 0;
    while (at < end - start) {
      const n = readSync(fd, bytes, at, end - start - at, start + at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

