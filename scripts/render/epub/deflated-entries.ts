/**
 * Zip entries deflated once and kept. JSZip deflates with pako (zlib in JavaScript), which was a
 * good part of every EPUB build, yet the XHTML documents and fonts are mostly the same from one
 * build to the next. Each entry is deflated here and cached under `<cacheDir>/<hash of level and
 * content>.deflate` (its CRC-32, then the deflated bytes); JSZip is handed the result as one of
 * its own compressed objects and copies it into the zip as it is.
 *
 * The bytes are those JSZip would have made: the same pako, the same level, and pako's output
 * does not depend on how the input is cut into chunks (JSZip feeds it 16 KiB at a time, we all
 * at once). So the EPUB stays byte-identical, cached or not, in a worker thread or not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { runInWorkers } from '../../util/worker-pool.ts';

const require = createRequire(import.meta.url);

interface Compression {
  magic: string;
}
type CompressedObjectClass = new (compressedSize: number, uncompressedSize: number, crc32: number, compression: Compression, data: Uint8Array) => object;
interface Pako {
  deflateRaw(data: Uint8Array, options: { level: number }): Uint8Array;
}

/** The JSZip that epub-gen-memory writes with, its compressed-object class and its pako. */
function jszipInternals(): { CompressedObject: CompressedObjectClass; DEFLATE: Compression; pako: Pako; pakoPath: string } {
  const jszipMain = require.resolve('jszip', { paths: [path.dirname(require.resolve('epub-gen-memory'))] });
  const lib = path.dirname(jszipMain);
  const fromLib = createRequire(path.join(lib, 'flate.js'));
  return {
    CompressedObject: fromLib('./compressedObject.js') as CompressedObjectClass,
    DEFLATE: (fromLib('./compressions.js') as { DEFLATE: Compression }).DEFLATE,
    pako: fromLib('pako') as Pako,
    pakoPath: fromLib.resolve('pako'),
  };
}

/** What JSZip's `file()` takes for an entry it must not compress again. */
export type DeflatedEntry = object;

export interface EntryData {
  data: Buffer;
  /** Deflate level, 1–9. */
  level: number;
}

/** Below this many bytes to deflate, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD = 512 * 1024;

/** Deflates in a worker with JSZip's own pako (resolved by the caller). */
const HANDLER = `
const pako = require(workerData.pako);
const { crc32 } = require('node:zlib');
return ({ data, level }) => ({ crc: crc32(data), deflated: pako.deflateRaw(data, { level }) });
`;

interface Deflated {
  crc: number;
  deflated: Uint8Array;
}

export class DeflatedEntries {
  private readonly jszip = jszipInternals();

  /** `cacheDir` undefined: deflate every time, cache nothing. */
  constructor(private readonly cacheDir?: string) {}

  /**
   * Each entry deflated at its level, in order, to be stored with JSZip's `DEFLATE` compression
   * (an empty one as it is). What the cache lacks is deflated side by side in worker threads
   * when there is enough of it.
   */
  async entries(items: readonly EntryData[]): Promise<(DeflatedEntry | Buffer)[]> {
    const files = items.map(({ data, level }) => {
      if (!this.cacheDir || data.length === 0) return undefined;
      const key = createHash('sha256').update(`deflate-raw ${level}\0`).update(data).digest('hex');
      return path.join(this.cacheDir, key.slice(0, 2), `${key}.deflate`);
    });
    const done: (Deflated | undefined)[] = files.map((file) => {
      if (!file || !existsSync(file)) return undefined;
      const cached = readFileSync(file);
      return { crc: cached.readUInt32BE(0), deflated: cached.subarray(4) };
    });
    const missing = [...items.keys()].filter((i) => !done[i] && items[i]!.data.length > 0);
    const jobs = missing.map((i) => items[i]!);
    const bytes = jobs.reduce((n, j) => n + j.data.length, 0);
    const made: Deflated[] =
      bytes >= WORKER_THRESHOLD
        ? await runInWorkers<EntryData, Deflated>({ handler: HANDLER, workerData: { pako: this.jszip.pakoPath }, jobs, order: [...jobs.keys()].sort((a, b) => jobs[b]!.data.length - jobs[a]!.data.length) })
        : jobs.map(({ data, level }) => ({ crc: crc32(data), deflated: this.jszip.pako.deflateRaw(data, { level }) }));
    missing.forEach((i, k) => {
      done[i] = made[k]!;
      const file = files[i];
      if (file) {
        const header = Buffer.alloc(4);
        header.writeUInt32BE(made[k]!.crc, 0);
        writeFileAtomic(file, Buffer.concat([header, made[k]!.deflated]));
      }
    });
    return items.map(({ data }, i) => {
      const entry = done[i];
      return entry ? new this.jszip.CompressedObject(entry.deflated.length, data.length, entry.crc, this.jszip.DEFLATE, entry.deflated) : data;
    });
  }
}
