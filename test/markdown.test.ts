/**
 * Markdown → HTML tree: single transforms through `markdownToHast`, book-level behaviour
 * (headings, ids, links between notes, footnotes) through `loadBook` on a small fixture book.
 */
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { markdownToHast } from '../scripts/markdown/pipeline.ts';
import type { Chapter } from '../scripts/model.ts';
import { cleanupTempDirs, loadIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

async function render(markdown: string, options: { single?: boolean } = {}) {
  const diagnostics = new Diagnostics();
  const { tree, headings } = await markdownToHast(markdown, { file: 'chapters/n.md', single: options.single ?? false, footnotePrefix: 'n1-', indentedCode: 'auto', diagnostics });
  return { html: toHtml(tree), headings, warnings: diagnostics.warnings.map(formatWarning) };
}
const html = async (markdown: string) => (await render(markdown)).html;
const chapterHtml = (chapter: Chapter) => toHtml(chapter.tree as Root);

describe('emphasis next to CJK punctuation', () => {
  it('reads **强调。**后面 as strong (CommonMark alone would not)', async () => {
    expect(await html('**强调。**后面')).toBe('<p><strong>强调。</strong>后面</p>');
  });

  it('leaves no ** in 1**.**调研 (chapters/journal/2024-04-07.md line 5)', async () => {
    const { html: out, headings } = await render('# 周记\n\n## 1**.**调研整理各种“内生式”AI的资料\n');
    expect(out).toBe('<h2>周记</h2>\n<h3>1<strong>.</strong>调研整理各种“内生式”AI的资料</h3>');
    expect(headings.firstHeading).toBe('周记');
  });

  it('uses a title heading without its asterisks as the chapter title', async () => {
    const { html: out, headings } = await render('# 1**.**调研\n\n正文\n', { single: true });
    expect(headings.titleHeading).toBe('1.调研');
    expect(out).toBe('<p>正文</p>');
  });

  it('drops an empty **** pair in 霸权“****对于 (chapters/journal/2024-04-14.md line 11)', async () => {
    expect(await html('所以”**算力**霸权“****对于美国没什么好处。')).toBe('<p>所以”<strong>算力</strong>霸权“对于美国没什么好处。</p>');
  });

  it('keeps asterisks inside code', async () => {
    expect(await html('`a**b**c`')).toBe('<p><code>a**b**c</code></p>');
  });
});

describe('line breaks', () => {
  it('removes a break between two CJK characters', async () => {
    expect(await html('中文\n中文')).toBe('<p>中文中文</p>');
  });

  it('removes a break after CJK punctuation, with the indentation after it', async () => {
    expect(await html('中文，\n  继续')).toBe('<p>中文，继续</p>');
  });

  it('keeps a break between Latin words (it renders as a space)', async () => {
    expect(await html('English\nwords')).toBe('<p>English\nwords</p>');
  });

  it('keeps a break between CJK and Latin text', async () => {
    expect(await html('中文\nEnglish')).toBe('<p>中文\nEnglish</p>');
  });

  it('removes a break across inline nodes', async () => {
    expect(await html('中文\n**强调**')).toBe('<p>中文<strong>强调</strong></p>');
    expect(await html('**强调**\n中文')).toBe('<p><strong>强调</strong>中文</p>');
  });
});

describe('sanitising raw HTML', () => {
  it.each([
    ['<script>', '<script>alert(1)</script>\n\n正文', '\n<p>正文</p>'],
    ['onerror=', '<img src="https://example.com/a.png" onerror="alert(1)">', '<img src="https://example.com/a.png">'],
    ['javascript: link', '<a href="javascript:alert(1)">点我</a>', '<p><a>点我</a></p>'],
    ['markdown javascript: link', '[点我](javascript:alert(1))', '<p><a>点我</a></p>'],
    ['<iframe>', '<iframe src="file:///etc/passwd"></iframe>', ''],
    ['<object>', '<object data="x.swf"></object>', '<p></p>'],
    ['<form>', '<form action="https://evil.example/"><button>提交</button></form>', '提交'],
    ['file: image', '<img src="file:///etc/passwd">', '<img>'],
    ['style attribute', '<p style="position:fixed">字</p>', '<p>字</p>'],
  ])('removes %s', async (_name, markdown, expected) => {
    expect(await html(markdown)).toBe(expected);
  });
});

describe('code', () => {
  it('keeps the text, the language class and Chinese in a code block', async () => {
    const out = await html('```python\nprint("中文")  # 注释\n```');
    expect(out).toBe(
      '<pre><code class="hljs language-python"><span class="hljs-built_in">print</span>(<span class="hljs-string">"中文"</span>)  <span class="hljs-comment"># 注释</span>\n</code></pre>',
    );
  });

  it('keeps <SUDO> inside inline code as text', async () => {
    expect(await html('运行 `<SUDO>` 命令')).toBe('<p>运行 <code>&#x3C;SUDO></code> 命令</p>');
  });

  it('warns about an unclosed fence at the line where it opens', async () => {
    const { html: out, warnings } = await render('段落\n\n```js\nlet a = 1\n\n## 不是标题\n');
    expect(warnings).toEqual(['chapters/n.md:3: warning: code fence ``` opened here is never closed; the rest of the note is shown as code [unclosed-code-fence]']);
    expect(out).toContain('## 不是标题');
  });

  it('does not warn about a closed fence', async () => {
    expect((await render('```\na\n```\n')).warnings).toEqual([]);
  });

  it('reads a tab-indented paragraph under a list item as a paragraph, not code', async () => {
    expect(await html('- 列表项\n\n\t缩进的中文段落\n')).toBe('<ul>\n<li>\n<p>列表项</p>\n<p>缩进的中文段落</p>\n</li>\n</ul>');
    expect(await html('\t顶格缩进的段落')).toBe('<p>顶格缩进的段落</p>');
  });
});

describe('GFM', () => {
  it('renders task lists, tables and strikethrough', async () => {
    expect(await html('- [x] 完成\n- [ ] 未完成')).toBe(
      '<ul class="contains-task-list">\n<li class="task-list-item"><input type="checkbox" checked disabled> 完成</li>\n<li class="task-list-item"><input type="checkbox" disabled> 未完成</li>\n</ul>',
    );
    expect(await html('| 甲 | 乙 |\n|---|--:|\n| 1 | 2 |')).toBe(
      '<table>\n<thead>\n<tr>\n<th>甲</th>\n<th class="align-right">乙</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td class="align-right">2</td>\n</tr>\n</tbody>\n</table>',
    );
    expect(await html('~~删除~~')).toBe('<p><del>删除</del></p>');
  });

  it('writes alignment as a class, never the align attribute EPUB 3 forbids', async () => {
    expect(await html('| 甲 |\n|:-:|\n| 1 |')).toBe('<table>\n<thead>\n<tr>\n<th class="align-center">甲</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td class="align-center">1</td>\n</tr>\n</tbody>\n</table>');
    expect(await html('<p align="RIGHT">右</p>')).toBe('<p class="align-right">右</p>');
    expect(await html('<img src="https://example.com/a.png" align="absmiddle">')).toBe('<img src="https://example.com/a.png">');
  });

  it('renders footnotes as noteref links and footnote asides with the note prefix and Chinese labels', async () => {
    expect(await html('脚注[^注]\n\n[^注]: 注释内容')).toBe(
      '<p>脚注<sup><a href="#n1-fn-1" id="n1-fnref-1" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">1</a></sup></p>\n' +
        '<section class="footnotes" data-footnotes="">\n<aside id="n1-fn-1" class="footnote" role="doc-footnote" epub:type="footnote" data-footnote="">\n' +
        '<p><a class="footnote-back" role="doc-backlink" aria-label="返回正文" data-footnote-backref="" href="#n1-fnref-1">1</a> 注释内容</p>\n</aside>\n</section>',
    );
  });

  it('takes footnote attributes away from raw HTML, which cannot pose as a footnote', async () => {
    // HTML copied from a GitHub page carries GitHub's footnote markup.
    const pasted = '<p>粘贴<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref>1</a></sup></p>\n\n<section data-footnotes class="footnotes"><ol><li id="user-content-fn-1" data-footnote>注</li></ol></section>';
    const out = await html(pasted);
    expect(out).not.toMatch(/data-footnote|role=|epub:type/);
    expect(out).toContain('<a href="#user-content-fn-1" id="user-content-fnref-1">1</a>');
  });
});

describe('the book: headings, ids, links, footnotes', () => {
  const files = {
    'book.yaml': [
      'title: 测试之书',
      'language: zh-CN',
      'chapters:',
      '  - chapters/one.md',
      '  - title: 合集',
      '    notes: [chapters/g1.md, chapters/g2.md, chapters/g3.md]',
      '',
    ].join('\n'),
    'chapters/one.md': [
      '# 第一章',
      '',
      '引言[^a]。',
      '',
      '## 小结',
      '',
      '文字',
      '',
      '## 小结',
      '',
      '### Deep Dive',
      '',
      '[标题](g1.md#某标题) [篇](g2.md) [坏](missing.md) [外](https://example.com/x.md) [本](#小结-1) [图](data.csv)',
      '',
      '[^a]: 第一个脚注',
      '',
    ].join('\n'),
    'chapters/g1.md': '# 甲篇\n\n## 某标题\n\n正文[^1]\n\n[^1]: 甲的脚注\n',
    'chapters/g2.md': '---\ntitle: 乙篇（前言）\n---\n没有标题的正文[^1]\n\n[^1]: 乙的脚注\n',
    'chapters/g3.md': '## 小结\n\n丙\n',
  };

  it('normalises heading levels and gives readable, unique ids with Chinese kept', async () => {
    const { book } = await loadIn(writeBook(files));
    const [one, group] = book.parts[0]!.chapters;
    expect(one!.title).toBe('第一章');
    expect(one!.id).toBe('第一章');
    // One-note chapter: its own "# 第一章" is the chapter title; "##" stays h2.
    expect(one!.sections).toEqual([
      { id: '小结', depth: 2, text: '小结' },
      { id: '小结-1', depth: 2, text: '小结' },
      { id: 'deep-dive', depth: 3, text: 'Deep Dive' },
    ]);
    expect(chapterHtml(one!)).not.toContain('第一章');
    // Multi-note chapter: "#" → h2, "##" → h3; a note without headings gets its front-matter title,
    // one that starts at "##" its file name (book/note-title.ts).
    expect(group!.title).toBe('合集');
    expect(group!.sections).toEqual([
      { id: '甲篇', depth: 2, text: '甲篇' },
      { id: '某标题', depth: 3, text: '某标题' },
      { id: '乙篇前言', depth: 2, text: '乙篇（前言）' },
      { id: 'g3', depth: 2, text: 'g3' },
      { id: '小结-2', depth: 3, text: '小结' },
    ]);
    expect(chapterHtml(group!)).toContain('<div class="note" id="note-g1"><h2 id="甲篇">甲篇</h2>\n<h3 id="某标题">某标题</h3>');
    expect(chapterHtml(group!)).toContain('<div class="note" id="note-g2"><h2 id="乙篇前言">乙篇（前言）</h2><p>没有标题的正文');
  });

  it('gives the same ids on a second load', async () => {
    const dir = writeBook(files);
    const first = await loadIn(dir);
    const second = await loadIn(dir);
    const ids = (b: typeof first) => b.book.parts.flatMap((p) => p.chapters.flatMap((c) => [c.id, ...c.ids]));
    expect(ids(second)).toEqual(ids(first));
  });

  it('keeps every id unique across the book', async () => {
    const { book } = await loadIn(writeBook(files));
    const all = book.parts.flatMap((p) => p.chapters.flatMap((c) => [...chapterHtml(c).matchAll(/ id="([^"]+)"/g)].map((m) => m[1])));
    expect(all.length).toBeGreaterThan(10);
    expect(new Set(all).size).toBe(all.length);
  });

  it('turns links between notes into links inside the book and reports broken ones', async () => {
    const { book, warnings } = await loadIn(writeBook(files));
    const out = chapterHtml(book.parts[0]!.chapters[0]!);
    expect(out).toContain(
      '<p><a href="#某标题">标题</a> <a href="#note-g2">篇</a> 坏 <a href="https://example.com/x.md">外</a> <a href="#小结-1">本</a> 图</p>',
    );
    expect(warnings).toEqual([
      'chapters/one.md:13: warning: link to nothing: missing.md (no note or file at chapters/missing.md); the link text is kept, unlinked [broken-link]',
      'chapters/one.md:13: warning: link to nothing: data.csv (no note or file at chapters/data.csv); the link text is kept, unlinked [broken-link]',
    ]);
  });

  it('links to a one-note chapter land on the chapter id', async () => {
    const { book } = await loadIn(
      writeBook({
        'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n  - chapters/b.md\n',
        'chapters/a.md': '# 甲章\n\n见[乙章](b.md)和[乙的小节](b.md#第二节)。\n',
        'chapters/b.md': '# 乙章\n\n## 第二节\n',
      }),
    );
    expect(chapterHtml(book.parts[0]!.chapters[0]!)).toBe('<div class="note"><p>见<a href="#乙章">乙章</a>和<a href="#第二节">乙的小节</a>。</p></div>');
  });

  it('numbers footnotes through the chapter, with book-wide ids, gathered at its end and out of the contents', async () => {
    const { book } = await loadIn(writeBook(files));
    const [one, group] = book.parts[0]!.chapters;
    const out = chapterHtml(group!);
    // Two notes, each with its [^1]: 1 and 2 in the chapter.
    expect(out).toContain('正文<sup><a href="#fn-2-1" id="fnref-2-1" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">1</a></sup>');
    expect(out).toContain('没有标题的正文<sup><a href="#fn-2-2" id="fnref-2-2" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">2</a></sup>');
    expect(out).toMatch(/<\/div><section class="footnotes" data-footnotes="">\n<p class="footnotes-title">注释<\/p>\n<aside id="fn-2-1" [^>]*>\n<p><a [^>]*href="#fnref-2-1">1<\/a> 甲的脚注<\/p>\n<\/aside>\n<aside id="fn-2-2" [^>]*>\n<p><a [^>]*href="#fnref-2-2">2<\/a> 乙的脚注<\/p>\n<\/aside>\n<\/section>$/);
    expect(chapterHtml(one!)).toContain('<aside id="fn-1-1"');
    expect(group!.sections.map((s) => s.text)).not.toContain('注释');
    for (const id of ['fn-2-1', 'fnref-2-1', 'fn-2-2', 'fnref-2-2']) expect(group!.ids.has(id), id).toBe(true);
    expect([...group!.ids].filter((id) => id.startsWith('n2-') || id.startsWith('n3-'))).toEqual([]);
  });

  it('numbers footnotes through the book with footnotes.numbering: book', async () => {
    const dir = writeBook({ ...files, 'book.yaml': `${files['book.yaml']}footnotes: { numbering: book }\n` });
    const { book } = await loadIn(dir);
    const [one, group] = book.parts[0]!.chapters;
    expect(chapterHtml(one!)).toContain('<a href="#fn-1" id="fnref-1" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">1</a>');
    expect(chapterHtml(group!)).toContain('<a href="#fn-3" id="fnref-3" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">3</a>');
    expect(chapterHtml(group!)).toMatch(/<aside id="fn-3" [^>]*>\n<p><a [^>]*href="#fnref-3">3<\/a> 乙的脚注/);
  });
});
