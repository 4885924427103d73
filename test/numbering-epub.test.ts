/**
 * book.yaml `numbering:` in the EPUB and the HTML book, built from test/fixtures/numbering-book:
 * numbered titles in the navigation (nav and NCX), numbered headings, figures with figcaption,
 * tables with caption, listings, references that say the number and lead to an id of the right
 * document, and epubcheck with 0 errors and 0 warnings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseXml, XmlElement, type XmlNode } from '@rgrove/parse-xml';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/numbering-book/book.yaml');

let out: string;
let zip: JSZip;
const text = (name: string) => zip.file(`OEBPS/${name}`)!.async('string');

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'ink-numbering-epub-'));
  await build({ configFile: FIXTURE, outDir: out, formats: ['epub', 'html'], offline: true });
  zip = await JSZip.loadAsync(readFileSync(path.join(out, 'book.epub')));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function elements(node: XmlNode, found: XmlElement[] = []): XmlElement[] {
  if (node instanceof XmlElement) found.push(node);
  if ('children' in node) for (const c of (node as { children: XmlNode[] }).children) elements(c, found);
  return found;
}
const kids = (el: XmlElement) => el.children.filter((c): c is XmlElement => c instanceof XmlElement);

describe('numbering in the EPUB', () => {
  it('the navigation shows chapter and section numbers', async () => {
    const nav = parseXml(await text('toc.xhtml'));
    const toc = elements(nav.root!).find((e) => e.name === 'nav' && e.attributes['epub:type'] === 'toc')!;
    const links = elements(toc).filter((e) => e.name === 'a').map((a) => a.text);
    expect(links).toEqual(['第 1 章　引言', '1.1　背景', '1.2　方法', '第 2 章　模型', '2.1　注意力', '2.2　训练']);
    const ncx = await text('toc.ncx');
    expect(ncx).toContain('<text>第 2 章　模型</text>');
    expect(ncx).toContain('<text>2.1　注意力</text>');
  });

  it('headings, figures, tables and listings carry their numbers in valid structures', async () => {
    const one = parseXml(await text('chapter-001.xhtml'));
    const two = parseXml(await text('chapter-002.xhtml'));
    const all = [...elements(one.root!), ...elements(two.root!)];
    expect(all.filter((e) => e.name === 'h1').map((e) => e.text)).toEqual(['第 1 章　引言', '第 2 章　模型']);
    expect(all.filter((e) => /^h[2-6]$/.test(e.name)).map((e) => e.text)).toEqual(['1.1　背景', '1.1.1　细节', '1.2　方法', '2.1　注意力', '2.1.1　结构', '2.2　训练']);
    const figures = all.filter((e) => e.name === 'figure');
    expect(figures.map((f) => [f.attributes.class, f.attributes.id, kids(f).map((k) => k.name).join('+')])).toEqual([
      ['figure', 'fig-系统架构', 'img+figcaption'],
      ['listing', 'lst-注意力的计算', 'figcaption+pre'],
      ['figure', 'fig-注意力的示意', 'img+figcaption'],
      ['listing', 'lst-一个例子', 'figcaption+pre'],
    ]);
    expect(figures.map((f) => kids(f).find((k) => k.name === 'figcaption')!.text)).toEqual(['图 1-1　系统架构', '代码 2-1　注意力的计算', '图 2-1　注意力的示意', '代码 2-2　一个例子']);
    const tables = all.filter((e) => e.name === 'table');
    expect(tables.map((t) => [t.attributes.id, kids(t)[0]!.name, kids(t)[0]!.text])).toEqual([
      ['tbl-模型对比', 'caption', '表 2-1　模型对比'],
      ['tbl-训练的阶段', 'caption', '表 2-2　训练的阶段'],
    ]);
    // The uncaptioned image and code block are no figures.
    expect(all.filter((e) => e.name === 'img').length).toBe(3);
    expect(all.filter((e) => e.name === 'pre').length).toBe(3);
  });

  it('references say the number and lead to the numbered element, across documents', async () => {
    const docs = { 'chapter-001.xhtml': parseXml(await text('chapter-001.xhtml')), 'chapter-002.xhtml': parseXml(await text('chapter-002.xhtml')) };
    const ids = new Map(Object.entries(docs).map(([file, doc]) => [file, new Set(elements(doc.root!).map((e) => e.attributes.id).filter(Boolean))]));
    const refs = Object.entries(docs).flatMap(([file, doc]) =>
      elements(doc.root!).filter((e) => e.name === 'a' && /#(fig|tbl|lst)-/.test(e.attributes.href ?? '')).map((a) => ({ file, text: a.text, href: a.attributes.href! })),
    );
    expect(refs.map((r) => r.text)).toEqual(['图 1-1', '表 2-1', '代码 2-1', '图 2-1', '图 1-1']);
    for (const r of refs) {
      const [doc, id] = r.href.split('#') as [string, string];
      expect(ids.get(doc || r.file)!.has(id), r.href).toBe(true);
    }
  });

  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const run = spawnSync('java', ['-jar', jar, path.join(out, 'book.epub')], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });
});

describe('numbering in the HTML book', () => {
  it('the contents and the chapter pages show the numbers, with the numbering stylesheet', () => {
    const site = path.join(out, 'html');
    const home = readFileSync(path.join(site, 'index.html'), 'utf8');
    expect(home).toContain('第 1 章　引言');
    expect(home).toContain('2.2　训练');
    const css = readFileSync(path.join(site, 'style.css'), 'utf8');
    expect(css).toContain('figure.figure > figcaption');
  });
});
