/**
 * Footnotes in the EPUB (markdown/footnotes.ts, book/footnotes.ts): a small book whose chapters
 * hold several notes, each with its own `[^1]`, built to an EPUB and read back from the zip.
 * Every reference is an `<a epub:type="noteref" role="doc-noteref">` in a `<sup>`, every note an
 * `<aside epub:type="footnote" role="doc-footnote">` in the same document, starting with its
 * number as a `role="doc-backlink"` link back; numbers run on through the chapter; no id repeats
 * anywhere in the book; epubcheck says nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseXml, XmlElement, XmlText, type XmlNode } from '@rgrove/parse-xml';
import type { Element, ElementContent, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import JSZip from 'jszip';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { formatWarning } from '../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from './helpers.ts';

let zip: JSZip;
let epubFile: string;
let warnings: string[];
const docs = new Map<string, Root>();

afterAll(cleanupTempDirs);

beforeAll(async () => {
  const dir = writeBook({
    'book.yaml': 'title: 注释测试\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n  - a.md\n  - title: 周记\n    notes: [week/1.md, week/2.md, week/3.md]\n',
    // A raw-HTML id that is the id the first note would get: the note must take another.
    'a.md': '# 甲章\n\n<a id="fn-1-1"></a>正文[^1]，又一处[^1]，还有[^长]。\n\n[^1]: 第一条。\n[^长]: 有段落和列表的注释。\n\n    - 第一项\n    - 第二项\n\n    列表后的段落。\n',
    'week/1.md': '# 第一周\n\n读论文[^1]，复习[^2]。\n\n[^1]: 第一周的第一条。\n[^2]: 第一周的第二条，见[第二周](2.md)。\n',
    'week/2.md': '# 第二周\n\n数据清洗[^1]。\n\n[^1]: 第二周的第一条。\n',
    'week/3.md': '# 第三周\n\n没有注释。\n',
  });
  const out = makeTempDir('ink-footnotes-out-');
  const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
  epubFile = result.outputs[0]!.file;
  warnings = result.warnings.map(formatWarning);
  zip = await JSZip.loadAsync(readFileSync(epubFile));
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
    docs.set(name, { type: 'root', children: xmlToHast(parseXml(await zip.file(name)!.async('string')).children) });
  }
});

/** The documents read as XML (as reading systems do), in a hast shape; attributes keep their XML names. */
function xmlToHast(nodes: XmlNode[]): ElementContent[] {
  return nodes.flatMap((n): ElementContent[] => {
    if (n instanceof XmlElement) return [{ type: 'element', tagName: n.name, properties: { ...n.attributes }, children: xmlToHast(n.children) }];
    if (n instanceof XmlText) return [{ type: 'text', value: n.text }];
    return [];
  });
}

function elements(tree: Root | Element, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (el: Element) => {
    if (test(el)) found.push(el);
  });
  return found;
}
/** The element whose child `el` is. */
function parentOf(tree: Root, el: Element): Element | undefined {
  return elements(tree, (p) => p.children.includes(el))[0];
}
const byId = (tree: Root, id: string) => elements(tree, (el) => el.properties.id === id)[0];
const target = (a: Element) => decodeURIComponent(String(a.properties.href).replace(/^#/, ''));
const noterefs = (tree: Root) => elements(tree, (el) => el.tagName === 'a' && el.properties['epub:type'] === 'noteref');
const asides = (tree: Root) => elements(tree, (el) => el.tagName === 'aside');

describe('footnotes in the EPUB', () => {
  it('passes epubcheck with 0 errors and 0 warnings, and the build warns about nothing', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, epubFile], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
    expect(warnings).toEqual([]);
  });

  it('makes each reference a noteref link to an aside footnote of the same document, and each note link back', () => {
    let notes = 0;
    for (const [name, tree] of docs) {
      for (const ref of noterefs(tree)) {
        expect(ref.properties.role, name).toBe('doc-noteref');
        expect(parentOf(tree, ref)?.tagName, 'a superscript number').toBe('sup');
        const aside = byId(tree, target(ref));
        expect(aside?.tagName, `${name}: ${String(ref.properties.href)} is in the same document`).toBe('aside');
        expect(hastToString(ref)).toBe(hastToString(elements(aside!, (el) => el.properties.role === 'doc-backlink')[0]!));
      }
      for (const aside of asides(tree)) {
        notes++;
        expect(aside.properties['epub:type']).toBe('footnote');
        expect(aside.properties.role).toBe('doc-footnote');
        const backlinks = elements(aside, (el) => el.tagName === 'a' && el.properties.role === 'doc-backlink');
        expect(backlinks.length).toBeGreaterThan(0);
        // The note starts with its number, a link back to its (first) reference.
        expect(hastToString(aside).trim().startsWith(hastToString(backlinks[0]!))).toBe(true);
        for (const back of backlinks) {
          const ref = byId(tree, target(back));
          expect(ref?.properties['epub:type'], `${name}: ${String(back.properties.href)} leads back to a reference`).toBe('noteref');
          expect(target(ref!)).toBe(aside.properties.id);
        }
      }
    }
    expect(notes).toBe(5);
  });

  it('numbers the notes through each chapter, although every note starts its own at [^1]', () => {
    const numbers = (name: string) => noterefs(docs.get(name)!).map((a) => hastToString(a));
    expect(numbers('OEBPS/chapter-001.xhtml')).toEqual(['1', '1', '2']);
    expect(numbers('OEBPS/chapter-002.xhtml')).toEqual(['1', '2', '3']);
    const texts = asides(docs.get('OEBPS/chapter-002.xhtml')!).map((a) => hastToString(a).trim());
    expect(texts).toEqual(['1 第一周的第一条。', '2 第一周的第二条，见第二周。', '3 第二周的第一条。']);
  });

  it('keeps a note with a paragraph and a list whole, and links back to each of several references', () => {
    const tree = docs.get('OEBPS/chapter-001.xhtml')!;
    const [first, long] = asides(tree);
    expect(elements(long!, (el) => el.tagName === 'li').map((li) => hastToString(li))).toEqual(['第一项', '第二项']);
    expect(elements(long!, (el) => el.tagName === 'p').map((p) => hastToString(p))).toEqual(['2 有段落和列表的注释。', '列表后的段落。']);
    const backs = elements(first!, (el) => el.properties.role === 'doc-backlink').map(target);
    expect(backs).toEqual(noterefs(tree).filter((a) => target(a) === first!.properties.id).map((a) => String(a.properties.id)));
    expect(backs).toHaveLength(2);
  });

  it('gives no id twice in the whole book, and keeps the raw-HTML id the author wrote', () => {
    const all = [...docs.values()].flatMap((tree) => elements(tree, (el) => typeof el.properties.id === 'string').map((el) => String(el.properties.id)));
    expect(all.filter((id, i) => all.indexOf(id) !== i)).toEqual([]);
    const tree = docs.get('OEBPS/chapter-001.xhtml')!;
    expect(byId(tree, 'fn-1-1')?.tagName).toBe('a');
    expect(asides(tree)[0]!.properties.id).not.toBe('fn-1-1');
  });

  it('titles the notes of a chapter 注释, and puts them after its text', () => {
    const tree = docs.get('OEBPS/chapter-002.xhtml')!;
    const section = elements(tree, (el) => el.tagName === 'section' && el.properties.class === 'footnotes');
    expect(section).toHaveLength(1);
    expect(hastToString(elements(section[0]!, (el) => el.tagName === 'p')[0]!)).toBe('注释');
    const chapter = elements(tree, (el) => el.tagName === 'section' && el.properties.role === 'doc-chapter')[0]!;
    expect(chapter.children.filter((c): c is Element => c.type === 'element').at(-1)).toBe(section[0]);
  });
});
