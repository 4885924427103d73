/**
 * Zip entries deflated once and kept. JSZip deflates with pako (zlib in JavaScript), which was a
 * good part of every EPUB build, yet the XHTML documents and fonts are mostly the same from one
 * build to the next. Each entry is deflated here and cached under `<cacheDir>/<hash of level and
 * content>.deflate` (its CRC-32, then the deflated bytes); JSZip is handed the result as one of
 * its own compressed objects and copies it into the zip as it is.
 *
 * The bytes are those JSZip would have made: the same pako, the same level, and pako's output
 * does not depend on how the input is cut into chunks (JSZip feeds it 16 KiB at a time, we all
 * at once). So the EPUB stays byte-identical, cached or not.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../../util/atomic-write.ts';

const require = createRequire(import.meta.url);

interface Compression {
  magic: string;
}
type CompressedObjectClass = new (compressedSize: number, uncompressedSize: number, crc32: number, compression: Compression, data: Uint8Array) => object;
interface Pako {
  deflateRaw(data: Uint8Array, options: { level: number }): Uint8Array;
}

/** The JSZip that epub-gen-memory writes with, its compressed-object class and its pako. */
function jszipInternals(): { CompressedObject: CompressedObjectClass; DEFLATE: Compression; pako: Pako } {
  const jszipMain = require.resolve('jszip', { paths: [path.dirname(require.resolve('epub-gen-memory'))] });
  const lib = path.dirname(jszipMain);
  const fromLib = createRequire(path.join(lib, 'flate.js'));
  return {
    CompressedObject: fromLib('./compressedObject.js') as CompressedObjectClass,
    DEFLATE: (fromLib('./compressions.js') as { DEFLATE: Compression }).DEFLATE,
    pako: fromLib('pako') as Pako,
  };
}

/** What JSZip's `file()` takes for an entry it must not compress again. */
export type DeflatedEntry = object;

export class DeflatedEntries {
  private readonly jszip = jszipInternals();

  /** `cacheDir` undefined: deflate every time, cache nothing. */
  constructor(private readonly cacheDir?: string) {}

  /** `data` deflated at `level`; store it with JSZip's `DEFLATE` compression. */
  entry(data: Buffer, level: number): DeflatedEntry | Buffer {
    // JSZip takes an empty compressed object for a folder; an empty file goes in as it is.
    if (data.length === 0) return data;
    const key = createHash('sha256').update(`deflate-raw ${level}\0`).update(data).digest('hex');
    const file = this.cacheDir ? path.join(this.cacheDir, key.slice(0, 2), `${key}.deflate`) : undefined;
    let crc: number;
    let deflated: Uint8Array;
    if (file && existsSync(file)) {
      const cached = readFileSync(file);
      crc = cached.readUInt32BE(0);
      deflated = cached.subarray(4);
    } else {
      crc = crc32(data);
      deflated = this.jszip.pako.deflateRaw(data, { level });
      if (file) {
        const header = Buffer.alloc(4);
        header.writeUInt32BE(crc, 0);
        writeFileAtomic(file, Buffer.concat([header, deflated]));
      }
    }
    return new this.jszip.CompressedObject(deflated.length, data.length, crc, this.jszip.DEFLATE, deflated);
  }
}
