/**
 * Links between notes as GitBook, mdBook, Obsidian, VitePress and MkDocs authors write them,
 * fragments, and what happens to a link that cannot work inside the book.
 */
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, loadWithImagesIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

type Loaded = Awaited<ReturnType<typeof loadWithImagesIn>>;
const chapterHtml = (loaded: Loaded, i = 0) => toHtml(loaded.book.parts[0]!.chapters[i]!.tree as Root);

/**
 * A book whose root holds `docs/` as the book folder (book.yaml inside it), so that root-absolute
 * links from the repository root (`/docs/…`) can be tried too. The first note's body is `body`.
 */
function linkBook(body: string, extra: Record<string, string> = {}) {
  return writeBook({
    'docs/book.yaml': [
      'title: T',
      'language: zh-CN',
      'chapters:',
      '  - a.md',
      '  - guide/b.md',
      '  - guide/README.md',
      '  - 目录/中文 名.md',
      '  - deep/index.md',
      '',
    ].join('\n'),
    'docs/a.md': `# 甲章\n\n${body}\n\n## 本章小节\n\n<a id="raw-anchor"></a>文字\n`,
    'docs/guide/b.md': '# 乙章\n\n## 安装 Go\n\n## C++ 入门\n\n## 安装 Go\n\n## circuitBreaker.sleepWindowInMilliseconds\n\n群\n\n## 群\n',
    'docs/guide/README.md': '# 指南\n\n内容\n',
    'docs/目录/中文 名.md': '# 中文名章\n\n## 第一节\n',
    'docs/deep/index.md': '# 深处\n\n内容\n',
    'docs/guide/other.md': '# 不在书里\n',
    'docs/code/main.go': 'package main\n',
    ...extra,
  });
}
const load = (dir: string) => loadWithImagesIn(`${dir}/docs`);

describe('links to other notes', () => {
  const forms: [string, string][] = [
    ['guide/b.md', '#乙章'],
    ['./guide/b.md', '#乙章'],
    ['<guide/b.md>', '#乙章'],
    ['guide/b.html', '#乙章'],
    ['./guide/b', '#乙章'],
    ['/guide/b.md', '#乙章'],
    ['/guide/b', '#乙章'],
    ['/docs/guide/b.md', '#乙章'],
    ['./guide/', '#指南'],
    ['guide', '#指南'],
    ['guide/index.html', '#指南'],
    ['guide/README.md', '#指南'],
    ['./deep/', '#深处'],
    ['<目录/中文 名.md>', '#中文名章'],
    ['%E7%9B%AE%E5%BD%95/%E4%B8%AD%E6%96%87%20%E5%90%8D.md', '#中文名章'],
    ['guide/b.md?plain=1', '#乙章'],
    ['Guide/B.md', '#乙章'],
  ];
  for (const [href, expected] of forms) {
    it(`[x](${href}) → ${expected}`, async () => {
      const loaded = await load(linkBook(`[x](${href})`));
      expect(loaded.warnings).toEqual([]);
      expect(chapterHtml(loaded)).toContain(`<p><a href="${expected}">x</a></p>`);
    });
  }

  it('links from a note in a folder, relative to that note', async () => {
    const dir = linkBook('正文', { 'docs/guide/b.md': '# 乙章\n\n[回到甲](../a.md) [指南](./) [中文](../目录/中文%20名.md#第一节)\n' });
    const loaded = await load(dir);
    expect(loaded.warnings).toEqual([]);
    expect(chapterHtml(loaded, 1)).toContain('<p><a href="#甲章">回到甲</a> <a href="#指南">指南</a> <a href="#第一节">中文</a></p>');
  });

  it('raw HTML links are read the same way', async () => {
    const loaded = await load(linkBook('<a href="guide/b.html#c-入门">入门</a>'));
    expect(loaded.warnings).toEqual([]);
    expect(chapterHtml(loaded)).toContain('<a href="#c-入门">入门</a>');
  });
});

describe('fragments', () => {
  const forms: [string, string][] = [
    ['guide/b.md#安装-go', '安装-go'], // GitHub / VitePress slug
    ['guide/b.md#安装-go-1', '安装-go-1'], // the second heading of that name
    ['guide/b.md#安装%20Go', '安装-go'], // Obsidian: the heading text, encoded
    ['<guide/b.md#C++ 入门>', 'c-入门'],
    ['guide/b.md#c-入门', 'c-入门'],
    ['guide/b.md#%E7%BE%A4', '群'],
    ['guide/b.md#circuitBreaker.sleepWindowInMilliseconds', 'circuitbreakersleepwindowinmilliseconds'],
    ['guide/b.html#乙章', '乙章'], // the note's own title heading is the chapter
    ['#本章小节', '本章小节'],
    ['#raw-anchor', 'raw-anchor'],
    ['#甲章', '甲章'],
  ];
  for (const [href, id] of forms) {
    it(`[x](${href}) → #${id}`, async () => {
      const loaded = await load(linkBook(`[x](${href})`));
      expect(loaded.warnings).toEqual([]);
      expect(chapterHtml(loaded)).toContain(`<a href="#${id}">x</a>`);
    });
  }

  it('a fragment that names nothing in the other note: linked to the note, warned, decoded', async () => {
    const loaded = await load(linkBook('[x](guide/b.md#%E6%B2%A1%E6%9C%89)'));
    expect(chapterHtml(loaded)).toContain('<a href="#乙章">x</a>');
    expect(loaded.warnings).toEqual([
      'a.md:3: warning: link to guide/b.md#没有: guide/b.md has no heading or id #没有; the link goes to the start of that note [broken-fragment]',
    ]);
  });

  it('a fragment that names nothing in the same note: the text stays, unlinked, warned', async () => {
    const loaded = await load(linkBook('见[别处](#%E5%88%AB%E5%A4%84)。'));
    expect(chapterHtml(loaded)).toContain('<p>见别处。</p>');
    expect(loaded.warnings).toEqual(['a.md:3: warning: link to #别处: no heading or id of this note has that name; the link text is kept, unlinked [broken-fragment]']);
  });
});

describe('links that cannot work in the book', () => {
  it('keep their text without the link, each with a broken-link warning saying why', async () => {
    const body = [
      '[不在](guide/other.md)',
      '[代码](code/main.go)',
      '[没有](nowhere.md#x)',
      '[外面](../../outside.md)',
      '[空目录](code/)',
      '[编码](%E6%B2%A1%E6%9C%89.md)',
      '<a href="gone.html" id="keep">带 id</a>',
      '[**粗**](gone.md)',
    ].join('\n\n');
    const loaded = await load(linkBook(body));
    const html = chapterHtml(loaded);
    expect(html).toContain('<p>不在</p>\n<p>代码</p>\n<p>没有</p>\n<p>外面</p>\n<p>空目录</p>\n<p>编码</p>\n<p><span id="keep">带 id</span></p>\n<p><strong>粗</strong></p>');
    expect(loaded.warnings).toEqual([
      'a.md:3: warning: link to a note that is not in the book: guide/other.md; the link text is kept, unlinked [broken-link]',
      "a.md:5: warning: link to a file that cannot be in the book: code/main.go (only the book's notes can be linked); the link text is kept, unlinked [broken-link]",
      'a.md:7: warning: link to nothing: nowhere.md#x (no note or file at nowhere.md); the link text is kept, unlinked [broken-link]',
      "a.md:9: warning: link leads outside the book's folder: ../../outside.md; the link text is kept, unlinked [broken-link]",
      'a.md:11: warning: link to nothing: code/ (no note or file at code); the link text is kept, unlinked [broken-link]',
      'a.md:13: warning: link to nothing: 没有.md (no note or file at 没有.md); the link text is kept, unlinked [broken-link]',
      'a.md:15: warning: link to nothing: gone.html (no note or file at gone.html); the link text is kept, unlinked [broken-link]',
      'a.md:17: warning: link to nothing: gone.md (no note or file at gone.md); the link text is kept, unlinked [broken-link]',
    ]);
  });

  it('a link around an image to the image file itself is dropped without a warning; the image stays', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const dir = linkBook('[![图](fig.png)](fig.png)');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/docs/fig.png`, png);
    const loaded = await load(dir);
    expect(loaded.warnings).toEqual([]);
    expect(chapterHtml(loaded)).toMatch(/<p><img src="images\/[0-9a-f]{16}\.png" alt="图"><\/p>/);
  });

  it('external links stay; a protocol-relative one gets https', async () => {
    const loaded = await load(linkBook('[a](https://example.com/a.md) [b](mailto:x@example.com) [c](http://example.com) <a href="//example.com/x">d</a>'));
    expect(loaded.warnings).toEqual([]);
    expect(chapterHtml(loaded)).toContain(
      '<a href="https://example.com/a.md">a</a> <a href="mailto:x@example.com">b</a> <a href="http://example.com">c</a> <a href="https://example.com/x">d</a>',
    );
  });
});
