/**
 * End to end: build this book's EPUB into a temp folder, open the zip and check what a reader
 * gets: package rules, navigation, metadata, every paragraph of the original notes, epubcheck,
 * reproducibility.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { normaliseText, sourceBlocks, xhtmlText } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = path.join(ROOT, 'test/fixtures/source-notes');
const EPOCH = '1700000000';

let epubBytes: Buffer;
let zip: JSZip;
let outDir: string;

async function buildEpub(dir: string): Promise<Buffer> {
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = EPOCH;
  try {
    const result = await build({ configFile: path.join(ROOT, 'book.yaml'), outDir: dir, formats: ['epub'], offline: true });
    return readFileSync(result.outputs[0]!.file);
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

const text = (name: string) => zip.file(name)!.async('string');
beforeAll(async () => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'ink-epub-'));
  epubBytes = await buildEpub(outDir);
  zip = await JSZip.loadAsync(epubBytes);
});

describe('EPUB package', () => {
  it('starts with an uncompressed mimetype entry', () => {
    // Local file header: name at offset 30, compression method at offset 8 (0 = stored).
    expect(epubBytes.subarray(30, 38).toString('latin1')).toBe('mimetype');
    expect(epubBytes.readUInt16LE(8)).toBe(0);
    expect(epubBytes.subarray(38, 58).toString('latin1')).toBe('application/epub+zip');
  });

  it('stays under 5 MB with the fonts embedded', () => {
    expect(epubBytes.length).toBeLessThan(5 * 1024 * 1024);
    const fonts = Object.keys(zip.files).filter((n) => n.startsWith('OEBPS/fonts/'));
    expect(fonts.length).toBeGreaterThanOrEqual(4);
  });

  it('has metadata: title, creator, language, description, date, stable identifier, modified from SOURCE_DATE_EPOCH', async () => {
    const opf = await text('OEBPS/content.opf');
    expect(opf).toContain('<dc:title id="title">大模型手记</dc:title>');
    expect(opf).toContain('<dc:creator id="creator-0">Zest7</dc:creator>');
    expect(opf).toContain('<dc:language>zh-CN</dc:language>');
    expect(opf).toMatch(/<dc:description>.+<\/dc:description>/);
    expect(opf).toContain('<dc:date>2026-11-22</dc:date>');
    expect(opf).toContain('<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>');
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toContain('properties="cover-image"');
  });

  it('writes every document in UTF-8 with lang, without numeric character references', async () => {
    const docs = Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'));
    expect(docs.length).toBeGreaterThan(15);
    for (const name of docs) {
      const xhtml = await text(name);
      expect(xhtml, name).toMatch(/<html[^>]* lang="zh-CN"/);
      // Markup characters (&#x3C; for <) may be escaped; text characters may not.
      const refs = [...xhtml.matchAll(/&#(x?)([0-9a-f]+);/gi)].map((m) => parseInt(m[2]!, m[1] ? 16 : 10));
      expect(refs.filter((cp) => cp > 0x7f), name).toEqual([]);
    }
  });

  it('gives every chapter its own file', async () => {
    const opf = await text('OEBPS/content.opf');
    const hrefs = [...opf.matchAll(/href="([^"]+\.xhtml)"/g)].map((m) => m[1]!);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    for (const href of hrefs) expect(zip.file(`OEBPS/${href}`), href).not.toBeNull();
  });
});

describe('EPUB navigation', () => {
  it('nests parts → chapters → sections in nav.xhtml', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toContain('epub:type="toc"');
    // part > chapter > section: three nested ordered lists.
    expect(nav).toMatch(/<li class="toc-part"><a href="part-01.xhtml">学习笔记<\/a><ol class="toc-level-2">\s*<li class="toc-chapter"><a href="chapter-001.xhtml">学习：大模型<\/a><ol class="toc-level-3">\s*<li class="toc-section"><a href="chapter-001.xhtml#提纲">提纲<\/a>/);
    for (const title of ['学习笔记', '随笔', '周记', '2024 学习周记', '智能体与工具', '可解释性']) expect(nav).toContain(`>${title}</a>`);
    // The journal's weeks are sections of one chapter, in date order.
    const weeks = [...nav.matchAll(/href="(chapter-\d+\.xhtml)#([^"]+)">([^<]*(?:2024\/4\/7|4\/14|4\.\/21|9\/29))<\/a>/g)].map((m) => m[3]);
    expect(weeks).toEqual(['1.  2024/4/7', '4/14', '4./21', '9/29']);
  });

  it('has the same three levels in toc.ncx, with links that resolve', async () => {
    const ncx = await text('OEBPS/toc.ncx');
    expect(ncx).toContain('<meta name="dtb:depth" content="3"/>');
    const srcs = [...ncx.matchAll(/<content src="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThan(100);
    for (const src of srcs) {
      const [file, id] = src.split('#');
      const doc = await text(`OEBPS/${file}`);
      if (id) expect(doc, src).toContain(`id="${id}"`);
    }
  });
});

describe('the book keeps every sentence of the notes', () => {
  it('the chapter files are exact slices of the five original notes', () => {
    const manifest = JSON.parse(readFileSync(path.join(SOURCES, 'manifest.json'), 'utf8')) as { sources: { source: string; pieces: string[] }[] };
    expect(manifest.sources).toHaveLength(5);
    const shared = path.resolve(ROOT, '../shared/notes');
    for (const { source, pieces } of manifest.sources) {
      const original = readFileSync(path.join(SOURCES, source));
      const joined = Buffer.concat(pieces.map((p) => readFileSync(path.join(ROOT, p))));
      expect(joined.equals(original), source).toBe(true);
      if (existsSync(shared)) expect(readFileSync(path.join(shared, source)).equals(original), `fixture ${source} matches ../shared`).toBe(true);
    }
  });

  it('every paragraph, heading, table cell and code block appears in the EPUB as often as in the notes', async () => {
    const chapterFiles = Object.keys(zip.files).filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort();
    const bookText = normaliseText((await Promise.all(chapterFiles.map(text))).map(xhtmlText).join('\n'));
    const files = readdirSync(SOURCES).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(5);
    const allSource = files.map((f) => readFileSync(path.join(SOURCES, f), 'utf8'));
    const blocksOf = (src: string) => sourceBlocks(src).map((b) => b.text);
    const sourceText = allSource.flatMap(blocksOf).join('\n');
    const count = (hay: string, needle: string) => hay.split(needle).length - 1;
    let checked = 0;
    for (const src of allSource) {
      for (const block of blocksOf(src)) {
        checked++;
        const inBook = count(bookText, block);
        expect(inBook, `missing from the book: ${block.slice(0, 60)}`).toBeGreaterThan(0);
        if (block.length >= 12) expect(inBook, `not exactly once: ${block.slice(0, 60)}`).toBe(count(sourceText, block));
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('leaves no literal ** and no line break between two CJK characters in the text', async () => {
    const chapterFiles = Object.keys(zip.files).filter((n) => /chapter-\d+\.xhtml$/.test(n));
    for (const name of chapterFiles) {
      const body = (await text(name)).replace(/<(pre|code)\b[\s\S]*?<\/\1>/g, '');
      // Text nodes only: newlines between block elements are not in the text.
      for (const [, node] of body.matchAll(/>([^<]+)</g)) {
        expect(node, name).not.toContain('**');
        expect(node, name).not.toMatch(/[\p{Script=Han}，。；：？！、]\n\s*[\p{Script=Han}，。；：？！、]/u);
      }
    }
  });
});

describe('EPUB validity and reproducibility', () => {
  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, path.join(outDir, 'book.epub')], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('gives byte-identical EPUBs for the same SOURCE_DATE_EPOCH, whatever the time zone', async () => {
    const second = mkdtempSync(path.join(os.tmpdir(), 'ink-epub-'));
    const tz = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    try {
      const again = await buildEpub(second);
      expect(again.equals(epubBytes)).toBe(true);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('builds from the command line as a user runs it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ink-cli-'));
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'book.yaml', '--out', dir, '--format', 'epub', '--offline'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, INIT_CWD: ROOT },
    });
    expect(out).toBe('');
    expect(existsSync(path.join(dir, 'book.epub'))).toBe(true);
  });
});

describe('EPUB links and glossary', () => {
  it('resolves every internal link in every document', async () => {
    const docs = Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'));
    const ids = new Map<string, Set<string>>();
    for (const name of docs) ids.set(name, new Set([...(await text(name)).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!)));
    let links = 0;
    for (const name of docs) {
      for (const [, href] of (await text(name)).matchAll(/ href="([^"]+)"/g)) {
        if (/^[a-z]+:/.test(href!) || href!.endsWith('.css')) continue;
        const [file, id] = href!.split('#');
        const target = file ? `OEBPS/${file}` : name;
        expect(ids.has(target), `${name} → ${href}`).toBe(true);
        if (id) expect(ids.get(target)!.has(id), `${name} → ${href}`).toBe(true);
        links++;
      }
    }
    expect(links).toBeGreaterThan(1000);
  });

  it('has a semantic glossary whose entries link back to every use, and uses that link to entries', async () => {
    const glossary = await text('OEBPS/glossary.xhtml');
    expect(glossary).toContain('epub:type="glossary"');
    const entries = [...glossary.matchAll(/<dt id="([^"]+)"><dfn epub:type="glossterm">([^<]+)<\/dfn>/g)].map((m) => ({ id: m[1]!, term: m[2]! }));
    expect(entries.length).toBeGreaterThanOrEqual(40);
    const backLinks = [...glossary.matchAll(/href="(chapter-\d+\.xhtml)#(gl-use-\d+)"/g)];
    const chapterXhtml = await Promise.all(Object.keys(zip.files).filter((n) => /chapter-\d+\.xhtml$/.test(n)).map(text));
    const allUses = chapterXhtml.flatMap((x) => [...x.matchAll(/id="(gl-use-\d+)"/g)].map((m) => m[1]!));
    // Every marked use is linked from the glossary, exactly once.
    expect(backLinks.map((m) => m[2]).sort()).toEqual([...allUses].sort());
    const glossrefs = chapterXhtml.flatMap((x) => [...x.matchAll(/<a id="gl-use-\d+" class="glossref" href="glossary.xhtml#([^"]+)" epub:type="glossref"/g)].map((m) => m[1]!));
    expect(glossrefs.length).toBeGreaterThan(100);
    for (const id of glossrefs) expect(entries.some((e) => e.id === id)).toBe(true);
    // Letter headings in order, digits and symbols first.
    const letters = [...glossary.matchAll(/class="glossary-letter">([^<]+)</g)].map((m) => m[1]);
    expect(letters).toEqual([...letters].sort((a, b) => (a === '#' ? -1 : b === '#' ? 1 : a!.localeCompare(b!))));
  });
});
