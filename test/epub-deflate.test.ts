/**
 * The EPUB's deflated entries (render/epub/deflated-entries.ts): a zip made from them, fresh or
 * from the cache, in worker threads or not, is byte for byte the zip JSZip makes when it
 * deflates the same files itself.
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
// Enough to be deflated in worker threads.
const LARGE = Buffer.from(Array.from({ length: 700_000 }, (_, i) => (i % 251 === 0 ? i >> 8 : i % 17) & 0xff));
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
  const small: [string, Buffer, number][] = [
    ['a.xhtml', TEXT, 6],
    ['b.ttf', BINARY, 1],
    ['empty.txt', EMPTY, 6],
  ];
  const large: [string, Buffer, number][] = [...small, ['c.ttf', LARGE, 1]];
  const withEntries = async (files: [string, Buffer, number][], entries: DeflatedEntries) => {
    const deflated = await entries.entries(files.map(([, data, level]) => ({ data, level })));
    return zipOf(files.map(([name, , level], i) => [name, deflated[i]!, level]), true);
  };

  for (const [label, files, cachedFiles] of [['in this thread', small, 2], ['in worker threads', large, 3]] as const) {
    it(`give the zip JSZip makes itself, fresh and from the cache (${label})`, async () => {
      const expected = await zipOf([...files], false);
      const cacheDir = makeTempDir('ink-deflate-');
      for (const pass of ['fresh', 'cached']) {
        const zip = await withEntries([...files], new DeflatedEntries(cacheDir));
        expect(zip.equals(expected), pass).toBe(true);
      }
      // One file per non-empty entry; the empty one is not cached.
      expect(readdirSync(cacheDir, { recursive: true }).filter((f) => String(f).endsWith('.deflate'))).toHaveLength(cachedFiles);
      const back = await JSZip.loadAsync(expected);
      expect(Buffer.from(await back.file('a.xhtml')!.async('uint8array')).equals(TEXT)).toBe(true);
    });
  }

  it('work without a cache folder', async () => {
    expect((await withEntries(large, new DeflatedEntries())).equals(await zipOf(large, false))).toBe(true);
  });
});
