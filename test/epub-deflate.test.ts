/**
 * The EPUB's deflated entries (render/epub/deflated-entries.ts): a zip made from them, fresh or
 * from the cache, is byte for byte the zip JSZip makes when it deflates the same files itself.
 */
import { readdirSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { DeflatedEntries } from '../scripts/render/epub/deflated-entries.ts';
import { cleanupTempDirs, makeTempDir } from './helpers.ts';

afterAll(cleanupTempDirs);

const DATE = new Date('2024-01-02T03:04:05Z');
// Longer than JSZip's 16 KiB chunks, with Chinese text, repeats and bytes that do not repeat.
const TEXT = Buffer.from(`<p>${'中文的段落，English words 123. '.repeat(3000)}</p>\n`, 'utf8');
const BINARY = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919 + (i >> 5)) & 0xff));
const EMPTY = Buffer.alloc(0);

async function zipOf(files: [string, Buffer | object, number][], asIs: boolean): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, data, level] of files) {
    zip.file(name, data as Buffer, asIs ? { compression: 'DEFLATE' } : { compression: 'DEFLATE', compressionOptions: { level } });
  }
  for (const entry of Object.values(zip.files)) entry.date = DATE;
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('deflated EPUB entries', () => {
  const plain: [string, Buffer, number][] = [
    ['a.xhtml', TEXT, 6],
    ['b.ttf', BINARY, 1],
    ['empty.txt', EMPTY, 6],
  ];

  it('give the zip JSZip makes itself, fresh and from the cache', async () => {
    const expected = await zipOf(plain, false);
    const cacheDir = makeTempDir('ink-deflate-');
    for (const pass of ['fresh', 'cached']) {
      const entries = new DeflatedEntries(cacheDir);
      const zip = await zipOf(plain.map(([name, data, level]) => [name, entries.entry(data, level), level]), true);
      expect(zip.equals(expected), pass).toBe(true);
    }
    // Two non-empty entries, one file each; the empty one is not cached.
    expect(readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.deflate'))).toHaveLength(2);
    const back = await JSZip.loadAsync(expected);
    expect(Buffer.from(await back.file('a.xhtml')!.async('uint8array')).equals(TEXT)).toBe(true);
  });

  it('work without a cache folder', async () => {
    const entries = new DeflatedEntries();
    const zip = await zipOf(plain.map(([name, data, level]) => [name, entries.entry(data, level), level]), true);
    expect(zip.equals(await zipOf(plain, false))).toBe(true);
  });
});
