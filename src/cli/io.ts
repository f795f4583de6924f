/** What a command may touch of the outside world, passed in so tests run main() in-process. */
export interface CliIO {
  /** Text, or bytes written as they are (a Parquet or .xlsx file sent to `--out /dev/stdout`). */
  stdout: (data: string | Uint8Array) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /**
   * Wait until everything given to `stdout` is written; the write error, if one happened
   * (EPIPE: the reader went away, as with `| head`; ENOSPC: the disk is full). Optional: in-process IO has none.
   */
  settle?: () => Promise<NodeJS.ErrnoException | undefined>;
}

/**
 * The real process. A failed write to stdout never throws or crashes (Node would raise an
 * unhandled 'error' event): the first error is kept for `settle`, later output is dropped.
 */
export function processIO(): CliIO {
  let failure: NodeJS.ErrnoException | undefined;
  const fail = (err: Error | null | undefined) => {
    if (err) failure ??= err as NodeJS.ErrnoException;
  };
  process.stdout.on('error', fail);
  // Nothing sensible remains to be said when stderr itself is closed.
  process.stderr.on('error', () => {});
  return {
    stdout: (t) => {
      if (!failure) process.stdout.write(t, fail);
    },
    stderr: (t) => void process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    settle: () =>
      failure
        ? Promise.resolve(failure)
        : new Promise((done) => {
            // Callbacks run in order: this one fires once every earlier write has finished or failed.
            process.stdout.write('', (err) => {
              fail(err);
              done(failure);
            });
          }),
  };
}

/** A failure of the tool's use (bad flag, missing folder, unwritable output): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
