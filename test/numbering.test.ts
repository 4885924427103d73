/**
 * book.yaml `numbering:` (book/captions.ts, book/numbering.ts): the config's forms and messages,
 * and on small books what is numbered, how captions are found, how references say their number,
 * and that a book without `numbering:` is exactly as before.
 */
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { textByRole } from '../scripts/assets/font-text.ts';
import { numberingWords } from '../scripts/labels.ts';
import { layoutBook } from '../scripts/render/layout.ts';
import { bookYaml, cleanupTempDirs, configError, loadIn, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const NOTE = { 'chapters/a.md': '# 甲\n\n正文。\n' };
const configBook = (...lines: string[]) => writeBook({ 'book.yaml': `${['title: T', 'language: zh-CN', 'chapters:', '  - chapters/a.md', ...lines].join('\n')}\n`, ...NOTE });

describe('numbering in book.yaml', () => {
  it('is off unless asked for, and off when everything is false', () => {
    expect(resolveIn(configBook()).numbering).toBeUndefined();
    expect(resolveIn(configBook('numbering: false')).numbering).toBeUndefined();
    expect(resolveIn(configBook('numbering: { chapters: false, figures: false }')).numbering).toBeUndefined();
  });

  it('true numbers everything, sections down to level 3', () => {
    expect(resolveIn(configBook('numbering: true')).numbering).toEqual({ chapters: 'label', sections: 3, figures: true, tables: true, listings: true });
  });

  it('takes each kind on its own', () => {
    expect(resolveIn(configBook('numbering: { chapters: chinese, sections: 2 }')).numbering).toEqual({ chapters: 'chinese', sections: 2, figures: false, tables: false, listings: false });
    expect(resolveIn(configBook('numbering: { chapters: number, sections: true, tables: true }')).numbering).toEqual({ chapters: 'number', sections: 3, figures: false, tables: true, listings: false });
  });

  it.each([
    ['a word', 'numbering: yes please', 'book.yaml:5:12: numbering: expected true, false or { chapters, sections, figures, tables, listings }, got the string "yes please"'],
    ['a chapter style it does not know', 'numbering: { chapters: roman }', 'book.yaml:5:24: numbering.chapters: expected true, false, chinese or number, got the string "roman"'],
    ['a section depth out of range', 'numbering: { sections: 7 }', 'book.yaml:5:24: numbering.sections: expected true, false, 2, 3 or 4, got the number 7'],
  ])('rejects %s', (_what, line, message) => {
    expect(configError(configBook(line))).toBe(message);
  });

  it('rejects an unknown key with the nearest one', () => {
    expect(configError(configBook('numbering: { figure: true }'))).toBe('book.yaml:5:14: numbering.figure: unknown key "figure"; did you mean "figures"?\n  Allowed here: chapters, sections, figures, tables, listings');
  });

  it('has its words per language, Chinese for languages it does not know', () => {
    expect(numberingWords('zh-CN').chapter(3, 'label')).toBe('第 3 章');
    expect(numberingWords('zh-TW').chapter(12, 'chinese')).toBe('第十二章');
    expect(numberingWords('en-US').chapter(3, 'chinese')).toBe('Chapter 3');
    expect([numberingWords('en').figure, numberingWords('en').table, numberingWords('en').listing]).toEqual(['Figure', 'Table', 'Listing']);
    expect(numberingWords('de').figure).toBe('图');
  });
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function load(numbering: string, files: Record<string, string>, chapters = '  - chapters/a.md\n  - chapters/b.md\n') {
  const dir = writeBook({ 'book.yaml': bookYaml(chapters, numbering ? `${numbering}\n` : ''), 'chapters/x.png': PNG, ...files });
  return loadIn(dir);
}
const html = (tree: Root) => toHtml(tree);
function elements(tree: Root, test: (el: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (el: Element) => {
    if (test(el)) found.push(el);
  });
  return found;
}
const captions = (tree: Root) => elements(tree, (el) => el.tagName === 'figcaption' || el.tagName === 'caption').map((el) => hastToString(el));

const TWO = {
  'chapters/a.md': '# 引言\n\n## 背景\n\n### 细节\n\n## 方法\n\n### 一\n\n### 二\n',
  'chapters/b.md': '# 模型\n\n### 先于二级\n\n## 结构\n\n#### 更深\n',
};

describe('chapters and sections', () => {
  it('chapter titles start with 第 n 章 and headings with their number, in the tree, the sections and the contents', async () => {
    const { book, warnings } = await load('numbering: { chapters: true, sections: true }', TWO);
    expect(warnings).toEqual([]);
    const [a, b] = book.parts[0]!.chapters;
    expect([a!.title, b!.title]).toEqual(['第 1 章　引言', '第 2 章　模型']);
    expect(a!.id).toBe('引言'); // ids (and the links to them) are as without numbers
    expect(a!.sections.map((s) => s.text)).toEqual(['1.1　背景', '1.1.1　细节', '1.2　方法', '1.2.1　一', '1.2.2　二']);
    // An h3 before any h2 counts under 2.0; h4 is deeper than numbered.
    expect(b!.sections.map((s) => s.text)).toEqual(['2.0.1　先于二级', '2.1　结构', '更深']);
    expect(html(a!.tree)).toContain('<h2 id="背景"><span class="number">1.1</span>　背景</h2>');
    const contents = layoutBook(book).contents;
    expect(contents.map((e) => e.title)).toEqual(['第 1 章　引言', '第 2 章　模型']);
    expect(contents[0]!.children.map((e) => e.title)).toEqual(['1.1　背景', '1.2　方法']);
  });

  it('chinese: 第一章; number: a bare 1; sections: 2 numbers only level 2', async () => {
    const chinese = (await load('numbering: { chapters: chinese, sections: 2 }', TWO)).book.parts[0]!.chapters;
    expect(chinese.map((c) => c.title)).toEqual(['第一章　引言', '第二章　模型']);
    expect(chinese[0]!.sections.map((s) => s.text)).toEqual(['1.1　背景', '细节', '1.2　方法', '一', '二']);
    const bare = (await load('numbering: { chapters: number }', TWO)).book.parts[0]!.chapters;
    expect(bare.map((c) => c.title)).toEqual(['1　引言', '2　模型']);
    expect(bare[0]!.sections.map((s) => s.text)).toEqual(['背景', '细节', '方法', '一', '二']);
  });

  it('a chapter with numbering: false in its front matter has no number and is not counted', async () => {
    const { book } = await load('numbering: true', {
      'chapters/p.md': '---\nnumbering: false\n---\n# 前言\n\n## 缘起\n\n![一张图](x.png)\n',
      ...TWO,
    }, '  - chapters/p.md\n  - chapters/a.md\n  - chapters/b.md\n');
    const [p, a, b] = book.parts[0]!.chapters;
    expect([p!.title, a!.title, b!.title]).toEqual(['前言', '第 1 章　引言', '第 2 章　模型']);
    expect(p!.sections.map((s) => s.text)).toEqual(['缘起']);
    expect(captions(p!.tree)).toEqual(['图 1　一张图']);
    expect(a!.sections[0]!.text).toBe('1.1　背景');
  });

  it('an English book says Chapter 1', async () => {
    const dir = writeBook({ 'book.yaml': 'title: T\nlanguage: en\nnumbering: { chapters: true }\nchapters: [chapters/a.md]\n', 'chapters/a.md': '# Intro\n\nText.\n' });
    expect((await loadIn(dir)).book.parts[0]!.chapters[0]!.title).toBe('Chapter 1 Intro');
  });

  it('without numbering the book is as it was: no number, no figure, no caption moved', async () => {
    const files = {
      'chapters/a.md': '# 引言\n\n## 背景\n\n![系统架构](x.png)\n\nTable: 对比\n\n| a |\n| - |\n| 1 |\n\n代码：例子\n\n```js\nx\n```\n',
      'chapters/b.md': '# 模型\n',
    };
    const off = (await load('', files)).book.parts[0]!.chapters[0]!;
    const allFalse = (await load('numbering: { chapters: false, figures: false }', files)).book.parts[0]!.chapters[0]!;
    expect(off.title).toBe('引言');
    expect(html(off.tree)).toBe(html(allFalse.tree));
    expect(html(off.tree)).not.toMatch(/figure|caption|class="number"/);
    expect(html(off.tree)).toContain('<p>Table: 对比</p>');
  });
});

describe('figures, tables and listings', () => {
  const files = {
    'chapters/a.md': [
      '# 引言',
      '![系统架构](x.png)',
      '![image](x.png)',
      '![Pasted image 20240101.png](x.png)',
      '![](x.png "带标题的图")',
      'Table: 模型对比',
      '| 模型 | 参数 |\n| --- | --- |\n| A | 7B |',
      '一段普通的文字。',
      '| 没有 | 标题 |\n| --- | --- |\n| 1 | 2 |',
      '代码：注意力的计算',
      '```python\nprint(1)\n```',
      '```python\nprint("no caption")\n```',
    ].join('\n\n'),
    'chapters/b.md': [
      '# 模型',
      '| 阶段 | 数据 |\n| --- | --- |\n| 预训练 | 网页 |',
      '表：训练的阶段',
      '<img src="x.png" alt="">',
      '<span class="caption">Figure 4-1: Representation of a `String`</span>',
      '```rust\nlet s = 1;\n```',
      '<span class="caption">Listing 4-2: A variable</span>',
      'Listing: 第二个',
      '```js\nx\n```',
      '<figure><img src="x.png" alt="z"><figcaption>图 9-9 手写的图</figcaption></figure>',
      ': pandoc 的冒号',
      '| x |\n| - |\n| 1 |',
    ].join('\n\n'),
  };

  it('finds every convention of caption, numbers them per chapter, and leaves uncaptioned ones alone', async () => {
    const { book, warnings } = await load('numbering: { figures: true, tables: true, listings: true }', files);
    expect(warnings).toEqual([]);
    const [a, b] = book.parts[0]!.chapters;
    expect(captions(a!.tree)).toEqual(['图 1-1　系统架构', '图 1-2　带标题的图', '表 1-1　模型对比', '代码 1-1　注意力的计算']);
    expect(captions(b!.tree)).toEqual(['表 2-1　训练的阶段', '图 2-1　Representation of a String', '代码 2-1　A variable', '代码 2-2　第二个', '图 2-2　手写的图', '表 2-2　pandoc 的冒号']);
    // Caption lines are taken out of the text; the uncaptioned image, table and code stay as they were.
    const textA = hastToString(a!.tree);
    expect(textA).not.toMatch(/Table:|代码：/);
    expect(textA).toContain('一段普通的文字。');
    expect(elements(a!.tree, (el) => el.tagName === 'figure').length).toBe(3);
    expect(elements(a!.tree, (el) => el.tagName === 'img').length).toBe(4);
    expect(elements(a!.tree, (el) => el.tagName === 'pre').length).toBe(2);
    expect(hastToString(b!.tree)).not.toMatch(/Figure 4-1|Listing 4-2|Listing:|表：|: pandoc/);
    expect(html(b!.tree)).toContain('Representation of a <code>String</code>');
  });

  it('makes valid structures: figure + figcaption, table + caption first, listing caption above its code', async () => {
    const { book } = await load('numbering: true', files);
    const a = book.parts[0]!.chapters[0]!;
    expect(html(a.tree)).toContain('<figure class="figure" id="fig-系统架构"><img src="x.png" alt="系统架构"><figcaption class="caption"><b class="caption-label">图 1-1</b>　系统架构</figcaption></figure>');
    const table = elements(a.tree, (el) => el.tagName === 'table')[0]!;
    expect(table.properties.id).toBe('tbl-模型对比');
    expect((table.children.find((c) => c.type === 'element') as Element).tagName).toBe('caption');
    const listing = elements(a.tree, (el) => el.tagName === 'figure' && el.properties.id === 'lst-注意力的计算')[0]!;
    expect(listing.children.filter((c) => c.type === 'element').map((c) => (c as Element).tagName)).toEqual(['figcaption', 'pre']);
    // Ids are book-wide ids of the chapter, as every other id.
    expect(a.ids.has('fig-系统架构')).toBe(true);
  });

  it('a diagram block with a Figure:/图： line is a figure, not a listing; without one it is left alone', async () => {
    const { book } = await load('numbering: true', {
      'chapters/a.md': '# 甲\n\n```mermaid\ngraph LR; a-->b\n```\n\n图：流程\n\n```dot\ndigraph { a }\n```\n\n段落。\n',
      'chapters/b.md': '# 乙\n',
    });
    const tree = book.parts[0]!.chapters[0]!.tree;
    expect(captions(tree)).toEqual(['图 1-1　流程']);
    const figure = elements(tree, (el) => el.tagName === 'figure')[0]!;
    expect(figure.properties.id).toBe('fig-流程');
    expect(figure.children.filter((c) => c.type === 'element').map((c) => (c as Element).tagName)).toEqual(['pre', 'figcaption']);
    expect(elements(tree, (el) => el.tagName === 'pre').length).toBe(2);
  });

  it('numbers only the kinds asked for', async () => {
    const { book } = await load('numbering: { tables: true }', files);
    expect(captions(book.parts[0]!.chapters[0]!.tree)).toEqual(['表 1-1　模型对比']);
    expect(hastToString(book.parts[0]!.chapters[0]!.tree)).toContain('代码：注意力的计算');
  });

  it('the label words reach the font subsets, the bold ones included', async () => {
    const { book } = await load('numbering: true', files);
    const text = textByRole(book);
    for (const ch of '图表代码章第-') expect(text.body).toContain(ch);
    for (const ch of '图表代码') expect(text.bold).toContain(ch);
  });
});

describe('references', () => {
  it('a link to a numbered figure, table or listing whose text is empty, @ or the word says its number, in any chapter', async () => {
    const { book, warnings } = await load('numbering: true', {
      'chapters/a.md': '# 甲\n\n见[图](#fig-系统架构)、[](b.md#tbl-对比)、[@](b.md#lst-例子)、[Figure](#fig-系统架构)，以及[这张图](#fig-系统架构)。\n\n![系统架构](x.png)\n',
      'chapters/b.md': '# 乙\n\nTable: 对比\n\n| a |\n| - |\n| 1 |\n\nListing: 例子\n\n```js\nx\n```\n\n回到[图](a.md#fig-系统架构)。\n',
    });
    expect(warnings).toEqual([]);
    const [a, b] = book.parts[0]!.chapters;
    const links = (tree: Root) => elements(tree, (el) => el.tagName === 'a').map((el) => `${hastToString(el)} → ${String(el.properties.href)}`);
    expect(links(a!.tree)).toEqual(['图 1-1 → #fig-系统架构', '表 2-1 → #tbl-对比', '代码 2-1 → #lst-例子', '图 1-1 → #fig-系统架构', '这张图 → #fig-系统架构']);
    expect(links(b!.tree)).toEqual(['图 1-1 → #fig-系统架构']);
  });

  it('two figures with the same caption get ids of their own, and a link to a missing one is a broken-fragment warning', async () => {
    const { book, warnings } = await load('numbering: { figures: true }', {
      'chapters/a.md': '# 甲\n\n![同名](x.png)\n\n![同名](x.png)\n\n[图](#fig-没有)\n',
      'chapters/b.md': '# 乙\n',
    });
    const ids = elements(book.parts[0]!.chapters[0]!.tree, (el) => el.tagName === 'figure').map((el) => el.properties.id);
    expect(ids).toEqual(['fig-同名', 'fig-同名-1']);
    expect(warnings).toEqual(['chapters/a.md:7: warning: link to #fig-没有: no heading or id of this note has that name; the link text is kept, unlinked [broken-fragment]']);
  });
});
