/**
 * Notes with nothing to show (a docs site's home page that is only front matter, an empty file,
 * only a comment) are left out with an `empty-note` warning, and never make an empty chapter.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, errorOfAsync, loadIn, TINY_PNG, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const HOME = `---
# https://vitepress.dev/reference/default-theme-home-page
layout: home

hero:
  name: "advanced-java"
  text: "互联网 Java 工程师进阶知识完全扫盲"
  tagline: Doocs 技术社区出品
  actions:
    - theme: brand
      text: 开始学习
      link: /high-concurrency/mq-interview

features:
  - title: "⚡ 高并发架构"
    details: 包含消息队列、搜索引擎、缓存
    link: /high-concurrency/mq-interview
---
`;

describe('notes with nothing to show', () => {
  it("a docs site's home page that is only front matter: no chapter, a warning saying where its text belongs", async () => {
    const dir = writeBook({
      'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - index.md\n  - a.md\n',
      'index.md': HOME,
      'a.md': '# 甲章\n\n正文。\n',
    });
    const { book, warnings } = await loadIn(dir);
    const chapters = book.parts.flatMap((p) => p.chapters);
    expect(chapters.map((c) => [c.number, c.title])).toEqual([[1, '甲章']]);
    expect(warnings).toEqual([
      "index.md:1: warning: the note shows nothing (no text or image outside its front matter): left out of the book (and its chapter with it); it is a docs site's home page: put its title and tagline in book.yaml (title, subtitle, description) [empty-note]",
    ]);
  });

  it('an empty file and a note of only a comment or removed HTML are left out; the other notes of the group stay', async () => {
    const dir = writeBook({
      'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - { title: 合集, notes: [empty.md, comment.md, a.md, script.md] }\n',
      'empty.md': '\n\n',
      'comment.md': '---\ntitle: 只有注释\n---\n<!-- 待写 -->\n',
      'a.md': '正文。\n',
      'script.md': '<script>alert(1)</script>\n',
    });
    const { book, warnings } = await loadIn(dir);
    const [chapter] = book.parts[0]!.chapters;
    expect(chapter!.title).toBe('合集');
    expect(chapter!.notes.map((n) => n.relPath)).toEqual(['a.md']);
    expect(warnings.filter((w) => w.includes('[empty-note]'))).toEqual([
      'empty.md:1: warning: the note is empty: left out of the book; write its text or take it out of book.yaml [empty-note]',
      'comment.md:1: warning: the note shows nothing (no text or image outside its front matter): left out of the book; write its text or take it out of book.yaml [empty-note]',
      'script.md:1: warning: the note shows nothing (no text or image outside its front matter): left out of the book; write its text or take it out of book.yaml [empty-note]',
    ]);
  });

  it('a note that is only its title heading, or only an image, is kept', async () => {
    const dir = writeBook({
      'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - part.md\n  - fig.md\n',
      'part.md': '# 第二部分\n',
      'fig.md': '![](x.png)\n',
      'x.png': TINY_PNG,
    });
    const { book, warnings } = await loadIn(dir);
    expect(warnings).toEqual([]);
    expect(book.parts[0]!.chapters.map((c) => c.title)).toEqual(['第二部分', 'fig']);
  });

  it('a book of nothing but empty or draft notes is an error, not an EPUB with an empty contents page', async () => {
    const dir = writeBook({
      'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - index.md\n  - draft.md\n',
      'index.md': HOME,
      'draft.md': '---\ndraft: true\n---\n# 草稿\n',
    });
    expect(await errorOfAsync(() => loadIn(dir))).toBe(
      'book.yaml: the book has nothing to show: every note it lists is empty or a draft\n  write at least one note, or set draft: false in the front matter of the notes that are ready',
    );
  });
});
