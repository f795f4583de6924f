/**
 * Line numbers counted across all the files of a run, so a merged row stores one number for
 * "which file, which line": file i's lines follow the last line of file i − 1.
 */
export interface Place {
  file: number;
  line: number;
}

export class LineNumbers {
  /** The run-wide number of the line before each file's first line. */
  private readonly fileStarts: number[] = [];
  /** Where the current file starts. */
  base = 0;

  beginFile(): void {
    this.fileStarts.push(this.base);
  }

  endFile(lines: number): void {
    this.base += lines + 1;
  }

  /** The file index and line of a run-wide line number. */
  place(runLine: number): Place {
    const starts = this.fileStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! < runLine) lo = mid;
      else hi = mid - 1;
    }
    return { file: lo, line: runLine - starts[lo]! };
  }
}
