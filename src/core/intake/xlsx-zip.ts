/**
 * The zip container of an `.xlsx` workbook: its central directory, then each entry inflated on
 * demand (whole, or in chunks for a large sheet) with Node's zlib.
 */
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createInflateRaw, inflateRawSync } from 'node:zlib';

/** Why a workbook cannot be read, said to the data manager; turned into a diagnostic at the top. */
export class Unreadable extends Error {}

interface ZipEntry {
  method: number;
  flags: number;
  size: number;
  localOffset: number;
}

export class Zip {
  private entries = new Map<string, ZipEntry>();

  constructor(private bytes: Buffer) {
    const end = this.findEndOfDirectory();
    const count = bytes.readUInt16LE(end + 10);
    let at = bytes.readUInt32LE(end + 16);
    for (let i = 0; i < count; i++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw new Unreadable('the file is damaged (its zip directory is broken)');
      const nameLength = bytes.readUInt16LE(at + 28);
      const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
      this.entries.set(name.replace(/\\/g, '/').replace(/^\//, ''), {
        flags: bytes.readUInt16LE(at + 8),
        method: bytes.readUInt16LE(at + 10),
        size: bytes.readUInt32LE(at + 20),
        localOffset: bytes.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    }
  }

  private findEndOfDirectory(): number {
    const b = this.bytes;
    for (let at = b.length - 22; at >= Math.max(0, b.length - 22 - 0xffff); at--) {
      if (b.readUInt32LE(at) === 0x06054b50) {
        if (b.readUInt32LE(at + 16) === 0xffffffff) throw new Unreadable('the workbook is too large (a ZIP64 file)');
        return at;
      }
    }
    throw new Unreadable('the file is damaged or not a complete .xlsx (no zip directory)');
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  private compressed(name: string): { entry: ZipEntry; data: Buffer } {
    const entry = this.entries.get(name);
    if (!entry) throw new Unreadable(`it has no ${name}, so it is not an Excel workbook`);
    if (entry.flags & 1) throw new Unreadable('it is password-protected');
    const b = this.bytes;
    const local = entry.localOffset;
    if (local + 30 > b.length || b.readUInt32LE(local) !== 0x04034b50) throw new Unreadable('the file is damaged');
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    if (start + entry.size > b.length) throw new Unreadable('the file is cut short');
    if (entry.method !== 0 && entry.method !== 8) throw new Unreadable(`${name} is compressed in a way Concert does not read`);
    return { entry, data: b.subarray(start, start + entry.size) };
  }

  text(name: string): string {
    const { entry, data } = this.compressed(name);
    try {
      return (entry.method === 0 ? data : inflateRawSync(data)).toString('utf8');
    } catch {
      throw new Unreadable(`the file is damaged (${name} does not decompress)`);
    }
  }

  async *textChunks(name: string): AsyncGenerator<string> {
    const { entry, data } = this.compressed(name);
    const decoder = new TextDecoder('utf-8');
    if (entry.method === 0) {
      yield decoder.decode(data);
      return;
    }
    try {
      for await (const chunk of Readable.from([data]).pipe(createInflateRaw({ chunkSize: 1 << 16 }))) yield decoder.decode(chunk as Buffer, { stream: true });
    } catch {
      throw new Unreadable(`the file is damaged (${name} does not decompress)`);
    }
    yield decoder.decode();
  }
}
