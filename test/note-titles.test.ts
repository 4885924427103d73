/**
 * Every note has its title (book/note-title.ts, `notes.titleFromFileName`) and empty headings are
 * left out (markdown/empty-headings.ts): the file-name rule, how a note's opening is read, the
 * book model for each mode, and a tiny EPUB whose navigation is parsed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { titleFromFileName } from '../scripts/book/note-title.ts';
import { build } from '../scripts/build.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { markdownToHast } from '../scripts/markdown/pipeline.ts';
import type { Chapter } from '../scripts/model.ts';
import { cleanupTempDirs, configError, loadIn, makeTempDir, writeBook, type FixtureFiles } from './helpers.ts';

afterAll(cleanupTempDirs);

const chapterHtml = (chapter: Chapter) => toHtml(chapter.tree as Root);
const sectionsOf = (chapter: Chapter) => chapter.sections.map((s) => `h${s.depth} ${s.text}`);

async function convert(markdown: string, file = 'chapters/n.md') {
  const diagnostics = new Diagnostics();
  const result = await markdownToHast(markdown, { file, single: false, indentedCode: 'auto', footnotePrefix: 'n1-', diagnostics });
  return { ...result, html: toHtml(result.tree), warnings: diagnostics.warnings.map(formatWarning) };
}

describe('a title from a file name', () => {
  it.each([
    ['chapters/03_线性回归.md', '线性回归'],
    ['1.2 intro.md', 'intro'],
    ['01-foo.md', 'foo'],
    ['a/1、引言.md', '引言'],
    ['02 - Getting started.md', 'Getting started'],
    ['10_统计学习核心/未命名 1.md', '未命名 1'],
    ['KNN_sklearn实现.md', 'KNN_sklearn实现'],
    ['Matplotlib 绘图框架详解.md', 'Matplotlib 绘图框架详解'],
    // Not a sorting number: a date, a number that is the name, a number that is part of a word.
    ['journal/2024-04-07.md', '2024-04-07'],
    ['2024-04-07-周记.md', '2024-04-07-周记'],
    ['12.md', '12'],
    ['3D打印.md', '3D打印'],
    ['2024年总结.md', '2024年总结'],
    ['notes.markdown', 'notes'],
  ])('%s → %s', (file, title) => {
    expect(titleFromFileName(file)).toBe(title);
  });
});

describe('how a note opens', () => {
  it.each([
    ['', 'empty'],
    ['---\ntitle: 只有元数据\n---\n', 'empty'],
    ['正文\n\n## 定义\n', 'text'],
    ['- 列表\n', 'text'],
    ['<!-- 注释 -->\n# 标题\n', 'h1'],
    ['# 标题\n\n# 另一个\n', 'h1'],
    ['## 线性回归\n\n### 定义\n', 'subheading'],
    ['## 背景\n\n## 方法\n', 'subheading'],
    ['### 小节\n\n# 大节\n', 'subheading'],
    // An empty heading is gone before the opening is read.
    ['##\n\n正文\n', 'text'],
  ])('%j → %s', async (markdown, opening) => {
    expect((await convert(markdown)).headings.opening).toBe(opening);
  });
});

describe('empty headings', () => {
  it('leaves out ##, ## **, ## ~~ ~~ and a heading of spaces, each with a warning at its line', async () => {
    const { html, warnings } = await convert('# 标题\n\n##\n\n正文\n\n## **\n\n### ~~ ~~\n\n## &nbsp;\n\n#\n\n## 小节\n');
    expect(html).toBe('<h2>标题</h2>\n<p>正文</p>\n<h3>小节</h3>');
    expect(warnings).toEqual([
      'chapters/n.md:3: warning: empty heading "##" left out (it would be an empty contents entry); give it text or delete it [empty-heading]',
      'chapters/n.md:7: warning: empty heading "##" left out (it would be an empty contents entry); give it text or delete it [empty-heading]',
      'chapters/n.md:9: warning: empty heading "###" left out (it would be an empty contents entry); give it text or delete it [empty-heading]',
      'chapters/n.md:11: warning: empty heading "##" left out (it would be an empty contents entry); give it text or delete it [empty-heading]',
      'chapters/n.md:13: warning: empty heading "#" left out (it would be an empty contents entry); give it text or delete it [empty-heading]',
    ]);
  });

  it('keeps a heading that shows something: an image, code, a word in emphasis', async () => {
    const { html, warnings } = await convert('## ![](a.png)\n\n## `x`\n\n## **要点**\n');
    expect(html).toBe('<h2><img src="a.png" alt=""></h2>\n<h2><code>x</code></h2>\n<h2><strong>要点</strong></h2>');
    expect(warnings).toEqual([]);
  });
});

/** One multi-note chapter with a note of every kind, and a one-note chapter without a heading. */
function titleBook(mode?: string): FixtureFiles {
  return {
    'book.yaml': [
      'title: 测试之书',
      'language: zh-CN',
      ...(mode ? [`notes: { titleFromFileName: ${mode} }`] : []),
      'chapters:',
      '  - title: 合集',
      '    notes: [notes/*.md]',
      '  - notes/solo/07_结语.md',
      '',
    ].join('\n'),
    'notes/01_前言.md': '---\ntitle: 序\n---\n没有标题的正文。\n',
    'notes/02_线性回归.md': '直接开始的正文[^1]。\n\n## 定义\n\n见[同篇](#定义)。\n\n### 公式\n\n[^1]: 脚注\n',
    'notes/3.1 intro.md': '## 背景\n\n甲\n\n## 方法\n\n乙，见[定义](02_线性回归.md#定义)。\n',
    // Its heading already says its title (never the same title twice).
    'notes/4-单独.md': '## 单独 (alone)\n\n### 小节\n\n丙\n',
    'notes/5_有标题.md': '# 自带标题\n\n丁\n\n## 小节\n',
    'notes/6_空.md': '',
    // A journal: one `#` per day.
    'notes/7_日记.md': '# 5/26\n\n甲\n\n# 5/27\n\n乙\n',
    // Hugo and most static site generators: the title in front matter, the text starts at ##.
    'notes/8_hugo.md': '---\ntitle: 雨果\n---\n## 背景\n\n### 细节\n',
    'notes/solo/07_结语.md': '只有正文的结语。\n',
  };
}

describe('every note has its title', () => {
  it('auto (the default): a note that starts with text or with a heading deeper than # gets one', async () => {
    const { book, warnings } = await loadIn(writeBook(titleBook()));
    const [group, solo] = book.parts[0]!.chapters;
    expect(sectionsOf(group!)).toEqual([
      'h2 序', // front-matter title
      'h2 线性回归', // file name without "02_"
      'h3 定义',
      'h4 公式',
      'h2 intro', // "3.1 " dropped; its ## sections move under it
      'h3 背景',
      'h3 方法',
      'h2 单独 (alone)', // not "单独" above it
      'h3 小节',
      'h2 自带标题', // opens with #: its own
      'h3 小节',
      'h2 5/26',
      'h2 5/27',
      'h2 雨果',
      'h3 背景',
      'h4 细节',
    ]);
    const out = chapterHtml(group!);
    expect(out).toContain('<div class="note" id="note-01_前言"><h2 id="序">序</h2><p>没有标题的正文。</p></div>');
    expect(out).toContain('<div class="note" id="note-02_线性回归"><h2 id="线性回归">线性回归</h2><p>直接开始的正文');
    expect(out).toContain('<h3 id="定义">定义</h3>\n<p>见<a href="#定义">同篇</a>。</p>\n<h4 id="公式">公式</h4>');
    // Footnotes are gathered at the chapter's end, under a title that is no heading.
    expect(out).toContain('<p class="footnotes-title">注释</p>');
    expect(out).not.toMatch(/<h\d[^>]*>注释/);
    expect(out).toContain('<div class="note" id="note-31-intro"><h2 id="intro">intro</h2><h3 id="背景">背景</h3>');
    // A link to a section of the titled note still lands on it.
    expect(out).toContain('乙，见<a href="#定义">定义</a>。');
    // The empty note gets nothing (it is reported instead).
    // An empty note gets no title: it is left out of the book (book/empty-notes.ts, an empty-note warning).
    expect(out).not.toContain('note-6_空');
    expect(warnings).toEqual(['notes/6_空.md:1: warning: the note is empty: left out of the book; write its text or take it out of book.yaml [empty-note]']);
    // A one-note chapter with no heading and no front-matter title: the same file-name rule.
    expect(solo!.title).toBe('结语');
    expect(solo!.sections).toEqual([]);
  });

  it('always: also a note that opens with a # heading, unless that heading already says the title', async () => {
    const { book } = await loadIn(writeBook(titleBook('always')));
    expect(sectionsOf(book.parts[0]!.chapters[0]!)).toEqual([
      'h2 序',
      'h2 线性回归',
      'h3 定义',
      'h4 公式',
      'h2 intro',
      'h3 背景',
      'h3 方法',
      'h2 单独 (alone)',
      'h3 小节',
      'h2 有标题',
      'h3 自带标题',
      'h4 小节',
      'h2 日记',
      'h3 5/26',
      'h3 5/27',
      'h2 雨果',
      'h3 背景',
      'h4 细节',
    ]);
  });

  it('never: only front-matter titles', async () => {
    const { book } = await loadIn(writeBook(titleBook('never')));
    expect(sectionsOf(book.parts[0]!.chapters[0]!)).toEqual([
      'h2 序',
      'h2 定义',
      'h3 公式',
      'h2 背景',
      'h2 方法',
      'h2 单独 (alone)',
      'h3 小节',
      'h2 自带标题',
      'h3 小节',
      'h2 5/26',
      'h2 5/27',
      'h2 雨果',
      'h3 背景',
      'h4 细节',
    ]);
    expect(book.parts[0]!.chapters[1]!.title).toBe('结语');
  });

  it('says a title once: the same ignoring case, spaces and punctuation, or followed by more after a space or punctuation', async () => {
    const titles = async (notes: Record<string, string>) => {
      const files: FixtureFiles = { 'book.yaml': 'title: T\nlanguage: zh-CN\nnotes: { titleFromFileName: always }\nchapters:\n  - title: 合\n    notes: [a/*.md]\n' };
      for (const [name, text] of Object.entries(notes)) files[`a/${name}`] = text;
      const { book } = await loadIn(writeBook(files));
      return sectionsOf(book.parts[0]!.chapters[0]!);
    };
    expect(await titles({ '1_Linear regression.md': '# LINEAR-REGRESSION\n', '2_线性回归.md': '# 线性回归：最小二乘\n', '3_a.md': '## Architecture\n', '4_回归.md': '# 回归诊断\n' })).toEqual([
      'h2 LINEAR-REGRESSION',
      'h2 线性回归：最小二乘',
      'h2 a',
      'h3 Architecture',
      'h2 回归',
      'h3 回归诊断',
    ]);
  });

  it('a chapter without a title of its own takes its first note’s title', async () => {
    const { book } = await loadIn(
      writeBook({
        'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - notes: [a/*.md]\n',
        'a/01_线性回归.md': '正文\n\n## 定义\n',
        'a/02_岭回归.md': '## 背景\n\n## 方法\n',
      }),
    );
    const chapter = book.parts[0]!.chapters[0]!;
    expect(chapter.title).toBe('线性回归');
    expect(sectionsOf(chapter)).toEqual(['h2 线性回归', 'h3 定义', 'h2 岭回归', 'h3 背景', 'h3 方法']);
  });

  it('a link to note.md#slug names the note’s own heading, not the title it was given', async () => {
    const { book } = await loadIn(
      writeBook({
        'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - title: 合\n    notes: [a/*.md]\n',
        'a/01_背景.md': '引言\n\n## 背景\n\n正文\n',
        'a/02_其他.md': '见[背景一节](01_背景.md#背景)和[整篇](01_背景.md)。\n',
      }),
    );
    const out = chapterHtml(book.parts[0]!.chapters[0]!);
    expect(out).toContain('<h2 id="背景">背景</h2><p>引言</p>\n<h3 id="背景-1">背景</h3>');
    expect(out).toContain('见<a href="#背景-1">背景一节</a>和<a href="#note-01_背景">整篇</a>。');
  });

  it('refuses another value, naming the three', () => {
    const dir = writeBook({ ...titleBook(), 'book.yaml': 'title: T\nlanguage: zh-CN\nnotes:\n  titleFromFileName: yes\nchapters:\n  - notes/solo/07_结语.md\n' });
    expect(configError(dir)).toBe('book.yaml:4:22: notes.titleFromFileName: expected auto, always or never, got the string "yes"');
  });
});

describe('the EPUB of a vault-like book', () => {
  it('shows every note’s title in the navigation, no empty entry, and passes epubcheck', async () => {
    const dir = writeBook({
      ...titleBook(),
      'notes/9_空标题.md': '# 有标题\n\n##\n\n正文\n\n## **\n\n## 真的小节\n',
    });
    const out = makeTempDir('ink-titles-out-');
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    let result;
    try {
      result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    expect(result.warnings.filter((w) => w.rule === 'empty-heading').map((w) => `${w.position.file}:${w.position.line}`)).toEqual(['notes/9_空标题.md:3', 'notes/9_空标题.md:7']);
    const zip = await JSZip.loadAsync(readFileSync(result.outputs[0]!.file));
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    const entries = [...nav.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => ({ href: m[1]!, text: m[2]! }));
    const texts = entries.map((e) => e.text);
    for (const title of ['合集', '序', '线性回归', 'intro', '单独 (alone)', '自带标题', '5/26', '5/27', '雨果', '有标题', '结语']) expect(texts).toContain(title);
    expect(texts.filter((t) => t.trim() === '')).toEqual([]);
    // No anchor element in the navigation is left without text either (e.g. `<a …/>` or nested markup).
    expect(nav).not.toMatch(/<a [^>]*\/>|<a [^>]*>\s*<\/a>/);
    // Each title entry points at a heading with that id and text in the chapter's XHTML.
    const intro = entries.find((e) => e.text === 'intro')!;
    const [file, id] = intro.href.split('#');
    const xhtml = await zip.file(`OEBPS/${file}`)!.async('string');
    expect(xhtml).toContain(`<h2 id="${id}">intro</h2>`);
    expect(xhtml).toContain('<h3 id="背景">背景</h3>');
    // The empty headings are gone from the note, its real section is there.
    expect(xhtml).toMatch(/<h2 id="有标题">有标题<\/h2>\s*<p>正文<\/p>\s*<h3 id="真的小节">真的小节<\/h3>/);

    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const check = spawnSync('java', ['-jar', jar, result.outputs[0]!.file], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });
});
