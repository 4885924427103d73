/**
 * Which links of a chapter get a page number in the PDF (render/pdf/cross-references.ts), in
 * which wording, and what the first print shows before the pages are known. The numbers
 * themselves are checked against the printed pages in test/e2e/cross-references.test.ts.
 */
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { addCrossReferencePages, crossReferencePatch, crossReferenceTargets } from '../scripts/render/pdf/cross-references.ts';
import { cleanupTempDirs, loadIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const NOTES = {
  'glossary.yaml': 'terms:\n  - term: 梯度\n    definition: 变化率。\n',
  'chapters/a.md': [
    '# 甲',
    '',
    '## 第一节',
    '',
    '梯度见[乙章](b.md)，[第一节](#第一节)，[外部](https://example.com/)，脚注[^1]，<a href="#第一节"></a>空锚点。',
    '',
    '## 标题里的[链接](b.md)',
    '',
    '[^1]: 脚注里的[链接](b.md#第二节)。',
    '',
  ].join('\n'),
  'chapters/b.md': '# 乙\n\n## 第二节\n\n正文。\n',
};
const bookWith = (setting: string, language = 'zh-CN') =>
  writeBook({ 'book.yaml': `title: T\nlanguage: ${language}\nchapters: [chapters/a.md, chapters/b.md]\nglossary: glossary.yaml\npdf:\n  crossReferencePages: ${setting}\n`, ...NOTES });

/** The first chapter's tree as the PDF prints it, with `pageOf`. */
async function printed(setting: string, pageOf?: Map<string, number>, language?: string): Promise<string> {
  const { book } = await loadIn(bookWith(setting, language));
  const tree = structuredClone(book.parts[0]!.chapters[0]!.tree) as HastRoot;
  addCrossReferencePages(tree, book, pageOf);
  return toHtml(tree);
}
const slots = (html: string) => [...html.matchAll(/<a [^>]*href="#([^"]+)"[^>]*>[^<]*<\/a><span class="xref-page" data-xref="([^"]+)"( hidden)?>(.*?)<\/span>/g)].map((m) => ({ target: m[2], hidden: Boolean(m[3]), text: m[4]!.replace(/<[^>]+>/g, '') }));

describe('cross-references in the PDF', () => {
  it('follow links to a note, a heading, a footnote\'s link and a glossary entry; not in headings, after external links, footnote numbers or empty anchors', async () => {
    const html = await printed('true');
    expect(slots(html).map((s) => s.target)).toEqual(['gl-梯度', '乙', '第一节', '第二节']);
    expect(html).toContain('<h2 id="标题里的链接">标题里的<a href="#乙">链接</a></h2>');
    expect(html).toContain('<a href="https://example.com/">外部</a>，');
    expect(html).toMatch(/role="doc-noteref"[^>]*>1<\/a><\/sup>，/);
    expect(html).toContain('<a href="#第一节"></a>空锚点');
  });

  it('show a placeholder in the first print, the page once it is known, and nothing for a target without a page', async () => {
    expect(slots(await printed('true')).map((s) => s.text)).toEqual(['（见第 000 页）', '（见第 000 页）', '（见第 000 页）', '（见第 000 页）']);
    const known = new Map([['gl-梯度', 9], ['乙', 4], ['第一节', 3]]);
    expect(slots(await printed('true', known)).map((s) => [s.text, s.hidden])).toEqual([
      ['（见第 9 页）', false],
      ['（见第 4 页）', false],
      ['（见第 3 页）', false],
      ['（见第  页）', true],
    ]);
    const { book } = await loadIn(bookWith('true'));
    expect(crossReferenceTargets(book)).toEqual(['gl-梯度', '乙', '第一节', '第二节']);
    expect(crossReferencePatch(book, known)).toEqual([['gl-梯度', '9'], ['乙', '4'], ['第一节', '3'], ['第二节', '']]);
  });

  it('use the wording asked for, or the book language\'s, and leave glossary links alone when told', async () => {
    expect(slots(await printed('"→ p. {page}"', new Map([['乙', 4]])))[1]!.text).toBe('→ p. 4');
    expect(slots(await printed('true', new Map([['乙', 4]]), 'en'))[1]!.text).toBe(' (see page 4)');
    expect(slots(await printed('{ glossary: false }')).map((s) => s.target)).toEqual(['乙', '第一节', '第二节']);
  });

  it('are not there unless book.yaml asks for them', async () => {
    const { book } = await loadIn(writeBook({ 'book.yaml': 'title: T\nlanguage: zh-CN\nchapters: [chapters/a.md, chapters/b.md]\nglossary: glossary.yaml\n', ...NOTES }));
    const tree = structuredClone(book.parts[0]!.chapters[0]!.tree) as HastRoot;
    const before = toHtml(tree);
    addCrossReferencePages(tree, book, new Map([['乙', 4]]));
    expect(toHtml(tree)).toBe(before);
    expect(crossReferenceTargets(book)).toEqual([]);
  });
});
