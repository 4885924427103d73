/**
 * Which characters a font file has glyphs for, read from its `cmap` table. The build asks this
 * before printing: a character that no font of the book covers would otherwise be drawn by a
 * system font (or as a tofu box) without anyone noticing.
 *
 * Only the `cmap` table is read (a few hundred KiB even for a CJK font of 15 MB), so asking
 * about every font of the book costs milliseconds. TrueType/OpenType files (sfnt), cmap subtable
 * formats 4, 12 and 13: what every font the build ships uses.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Covered code points as sorted, disjoint, inclusive ranges: [start0, end0, start1, end1, …]. */
export class Coverage {
  constructor(readonly ranges: Uint32Array) {}

  has(codePoint: number): boolean {
    const r = this.ranges;
    let lo = 0;
    let hi = r.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (codePoint < r[mid * 2]!) hi = mid - 1;
      else if (codePoint > r[mid * 2 + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Every covered code point (for tests and small fonts). */
  *codePoints(): Generator<number> {
    for (let i = 0; i < this.ranges.length; i += 2) for (let c = this.ranges[i]!; c <= this.ranges[i + 1]!; c++) yield c;
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.ranges.length; i += 2) n += this.ranges[i + 1]! - this.ranges[i]! + 1;
    return n;
  }
}

/** Builds a Coverage from [start, end] pairs in any order, merging overlaps and neighbours. */
function fromPairs(pairs: [number, number][]): Coverage {
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [s, e] of pairs) {
    const last = out.length - 1;
    if (last > 0 && s <= out[last]! + 1) out[last] = Math.max(out[last]!, e);
    else out.push(s, e);
  }
  return new Coverage(Uint32Array.from(out));
}

function read(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  if (n !== length) throw new Error(`font file ends early (wanted ${length} bytes at ${offset})`);
  return buf;
}

/** The cmap coverage of a font file (TrueType or OpenType, not a collection or WOFF). */
export function fontFileCoverage(file: string): Coverage {
  const fd = openSync(file, 'r');
  try {
    const head = read(fd, 0, 12);
    const numTables = head.readUInt16BE(4);
    const dir = read(fd, 12, numTables * 16);
    for (let i = 0; i < numTables; i++) {
      if (dir.toString('latin1', i * 16, i * 16 + 4) !== 'cmap') continue;
      return cmapCoverage(read(fd, dir.readUInt32BE(i * 16 + 8), dir.readUInt32BE(i * 16 + 12)));
    }
    throw new Error('the font has no cmap table');
  } finally {
    closeSync(fd);
  }
}

/** The cmap coverage of a font held in memory. */
export function fontCoverage(font: Buffer): Coverage {
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (font.toString('latin1', rec, rec + 4) !== 'cmap') continue;
    const offset = font.readUInt32BE(rec + 8);
    return cmapCoverage(font.subarray(offset, offset + font.readUInt32BE(rec + 12)));
  }
  throw new Error('the font has no cmap table');
}

/**
 * Coverage from a `cmap` table: the Unicode subtable with the most characters (a full-repertoire
 * format 12 beats a BMP-only format 4); characters mapped to glyph 0 (.notdef) do not count.
 */
export function cmapCoverage(cmap: Buffer): Coverage {
  const count = cmap.readUInt16BE(2);
  let best: Coverage | undefined;
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    const rec = 4 + i * 8;
    const platform = cmap.readUInt16BE(rec);
    const encoding = cmap.readUInt16BE(rec + 2);
    const offset = cmap.readUInt32BE(rec + 4);
    // Unicode subtables: platform 0 (any), Windows Unicode BMP (3,1) and full repertoire (3,10).
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode || seen.has(offset)) continue;
    seen.add(offset);
    const coverage = subtableCoverage(cmap, offset);
    if (coverage && (!best || coverage.size > best.size)) best = coverage;
  }
  return best ?? new Coverage(new Uint32Array());
}

function subtableCoverage(cmap: Buffer, offset: number): Coverage | undefined {
  const format = cmap.readUInt16BE(offset);
  const pairs: [number, number][] = [];
  if (format === 4) {
    const segCount = cmap.readUInt16BE(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = cmap.readUInt16BE(ends + s * 2);
      const start = cmap.readUInt16BE(starts + s * 2);
      const delta = cmap.readInt16BE(deltas + s * 2);
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
      let runStart = -1;
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
          glyph = at + 2 <= cmap.length ? cmap.readUInt16BE(at) : 0;
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0 && runStart < 0) runStart = c;
        if (glyph === 0 && runStart >= 0) {
          pairs.push([runStart, c - 1]);
          runStart = -1;
        }
      }
      if (runStart >= 0) pairs.push([runStart, Math.min(end, 0xfffe)]);
    }
    return fromPairs(pairs);
  }
  if (format === 12 || format === 13) {
    const groups = cmap.readUInt32BE(offset + 12);
    for (let g = 0; g < groups; g++) {
      const at = offset + 16 + g * 12;
      let start = cmap.readUInt32BE(at);
      const end = cmap.readUInt32BE(at + 4);
      const glyph = cmap.readUInt32BE(at + 8);
      if (glyph === 0) {
        // Format 12: only the first character maps to .notdef; format 13: the whole group does.
        if (format === 13) continue;
        start++;
      }
      if (start <= end) pairs.push([start, end]);
    }
    return fromPairs(pairs);
  }
  return undefined;
}
