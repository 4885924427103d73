/**
 * The index in the EPUB and the HTML book, built from test/fixtures/xref-book: EPUB Indexes
 * markup (index, index-group, index-entry-list, index-entry, index-term, index-locator) in a
 * document the package declares as the index and the navigation lists, every locator leading to
 * a place that holds its term, epubcheck with 0 errors and 0 warnings; the same index in the
 * HTML book. The EPUB has no page numbers: nothing of the PDF's cross-references is in it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseXml, XmlElement, type XmlNode } from '@rgrove/parse-xml';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../scripts/build.ts';
import type { IndexEntry } from '../scripts/model.ts';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/xref-book/book.yaml');

let out: string;
let result: BuildResult;
let zip: JSZip;
const text = (name: string) => zip.file(`OEBPS/${name}`)!.async('string');

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'ink-index-epub-'));
  result = await build({ configFile: FIXTURE, outDir: out, formats: ['epub', 'html'], offline: true });
  zip = await JSZip.loadAsync(readFileSync(path.join(out, 'book.epub')));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function elements(node: XmlNode, out: XmlElement[] = []): XmlElement[] {
  if (node instanceof XmlElement) out.push(node);
  if ('children' in node) for (const c of (node as { children: XmlNode[] }).children) elements(c, out);
  return out;
}
const typeOf = (el: XmlElement) => (el.attributes['epub:type'] ?? '').split(/\s+/);
const children = (el: XmlElement) => el.children.filter((c): c is XmlElement => c instanceof XmlElement);
const hasType = (t: string) => (el: XmlElement) => typeOf(el).includes(t);

/** id → element, for a document of the EPUB. */
async function idsOf(file: string): Promise<Map<string, XmlElement>> {
  const doc = parseXml(await text(file));
  return new Map(elements(doc.root!).filter((e) => e.attributes.id).map((e) => [e.attributes.id!, e]));
}

describe('the index in the EPUB', () => {
  it('is a document the package declares as the index, in the spine and the navigation', async () => {
    const opf = await text('content.opf');
    expect(opf).toContain('<item id="book-index" href="book-index.xhtml" media-type="application/xhtml+xml" properties="index"/>');
    expect(opf).toMatch(/<itemref idref="book-index"\/>\s*<\/spine>/);
    const nav = await text('toc.xhtml');
    expect(nav).toContain('<li class="toc-chapter"><a href="book-index.xhtml">索引</a></li>');
    expect(await text('toc.ncx')).toContain('<content src="book-index.xhtml"/>');
  });

  it('uses the EPUB Indexes vocabulary: groups by letter, entries with one term, sub-entries nested', async () => {
    const doc = parseXml(await text('book-index.xhtml'));
    const body = elements(doc.root!).find((e) => e.name === 'body')!;
    // The title, then the index: one section (role doc-index, for DAISY Ace), the only one.
    expect(children(body).map((e) => [e.name, e.attributes['epub:type'], e.attributes.role])).toEqual([
      ['h1', undefined, undefined],
      ['section', 'index', 'doc-index'],
    ]);
    const groups = elements(body).filter(hasType('index-group'));
    const index = result.book.index!;
    expect(groups.map((g) => children(g)[0]!.text)).toEqual([...new Set(index.entries.map((e) => e.group))]);
    for (const g of groups) {
      expect(g.name).toBe('section');
      const lists = children(g).filter(hasType('index-entry-list'));
      expect(lists).toHaveLength(1);
      expect(lists[0]!.name).toBe('ul');
    }
    const topEntries = groups.flatMap((g) => children(children(g).find(hasType('index-entry-list'))!));
    expect(topEntries.map((li) => children(li).find(hasType('index-term'))!.text)).toEqual(index.entries.map((e) => e.term));
    for (const li of elements(body).filter(hasType('index-entry'))) {
      expect(li.name).toBe('li');
      expect(children(li).filter(hasType('index-term'))).toHaveLength(1);
    }
    // 微调 > LoRA, 全参数微调 (book.yaml), 注意力机制 > 多头注意力 (a mark in a note), sorted by pinyin.
    const subsOf = (term: string) => {
      const li = topEntries.find((e) => children(e).find(hasType('index-term'))!.text === term)!;
      const list = children(li).find(hasType('index-entry-list'));
      return list ? children(list).map((s) => children(s).find(hasType('index-term'))!.text) : [];
    };
    expect(subsOf('微调')).toEqual(['LoRA', '全参数微调']);
    expect(subsOf('注意力机制')).toEqual(['多头注意力']);
    // book.yaml's term that never appears is not there; the glossary term with index: false neither.
    expect(index.entries.map((e) => e.term)).not.toContain('从未出现的词');
    expect(index.entries.map((e) => e.term)).not.toContain('学习率');
  });

  it('links every place of every entry, and each place holds its term or is a mark the author placed', async () => {
    const doc = parseXml(await text('book-index.xhtml'));
    const locators = elements(doc.root!).filter(hasType('index-locator'));
    const all = (entries: IndexEntry[]): IndexEntry[] => entries.flatMap((e) => [e, ...all(e.subentries)]);
    const entries = all(result.book.index!.entries);
    expect(locators.length).toBe(entries.reduce((n, e) => n + e.uses.length, 0));
    const files = new Map<string, Map<string, XmlElement>>();
    let marks = 0;
    for (const a of locators) {
      expect(a.name).toBe('a');
      const [file, id] = a.attributes.href!.split('#') as [string, string];
      if (!files.has(file)) files.set(file, await idsOf(file));
      const target = files.get(file)!.get(id);
      expect(target, a.attributes.href).toBeDefined();
      // The entry this locator belongs to: the nearest index-entry's term, and its names.
      const entry = entries.find((e) => e.uses.some((u) => u.id === id))!;
      if (target!.attributes.class === 'index-mark') {
        marks++;
        expect(target!.text).toBe('');
      } else {
        expect(target!.attributes.class).toBe('index-use');
        const names = [entry.term, ...(entry.term === '微调' ? ['fine-tuning'] : [])].map((n) => n.toLowerCase());
        expect(names.some((n) => n.startsWith(target!.text.toLowerCase())), `${target!.text} for ${entry.term}`).toBe(true);
      }
    }
    // The fixture's four marks that name terms: 反向传播, 注意力机制 > 多头注意力, 优化方法, 锚点.
    expect(marks).toBe(4);
  });

  it('names each chapter by its title, then numbers its further places', async () => {
    const doc = parseXml(await text('book-index.xhtml'));
    const li = elements(doc.root!).find((e) => hasType('index-entry')(e) && children(e).find(hasType('index-term'))?.text === '梯度下降')!;
    const links = elements(li).filter(hasType('index-locator')).map((a) => a.text);
    const uses = result.book.index!.entries.find((e) => e.term === '梯度下降')!.uses;
    const titles = [...new Set(uses.map((u) => u.chapter.title))];
    expect(links.filter((t) => !/^\d+$/.test(t))).toEqual(titles);
    expect(links[0]).toBe(titles[0]);
    expect(links[1]).toBe('2');
  });

  it('has no page numbers: the cross-references are the PDF\'s alone', async () => {
    for (const name of Object.keys(zip.files).filter((n) => /chapter-\d+\.xhtml$/.test(n))) {
      const xhtml = await zip.file(name)!.async('string');
      expect(xhtml).not.toContain('见第');
      expect(xhtml).not.toContain('xref-page');
    }
  });

  it('passes epubcheck with 0 errors and 0 warnings (its index schema included)', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const run = spawnSync('java', ['-jar', jar, path.join(out, 'book.epub')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });
});

describe('the index in the HTML book', () => {
  it('is a page of its own, in the contents, whose every link reaches an id of a chapter page', () => {
    const site = path.join(out, 'html');
    const home = readFileSync(path.join(site, 'index.html'), 'utf8');
    expect(home).toContain('<li class="toc-chapter"><a href="book-index.html">索引</a></li>');
    const page = readFileSync(path.join(site, 'book-index.html'), 'utf8');
    expect(page).toContain('<section class="book-index" id="book-index" role="doc-index"><h1>索引</h1>');
    expect(page).not.toContain('epub:type');
    const hrefs = [...page.matchAll(/<a href="(chapter-\d+\.html)#([^"]+)"/g)];
    expect(hrefs.length).toBeGreaterThan(20);
    for (const [, file, id] of hrefs) expect(readFileSync(path.join(site, file!), 'utf8')).toContain(`id="${id}"`);
  });
});
