/**
 * `markdown.indentedCode`: a block indented by four spaces or a tab is code (`true`), never
 * code (`false`), or code unless it is mostly CJK text (`auto`, the default). The seed book's
 * notes indent Chinese paragraphs and must read exactly as with `false`; GitBook-era books
 * indent their code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { cachedMarkdownToHast } from '../scripts/markdown/cache.ts';
import { readsAsProse, type IndentedCodeMode } from '../scripts/markdown/indented-code.ts';
import { markdownToHast, parseMarkdown } from '../scripts/markdown/pipeline.ts';
import { cleanupTempDirs, configError, loadIn, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

async function render(markdown: string, indentedCode: IndentedCodeMode = 'auto') {
  const diagnostics = new Diagnostics();
  const { tree } = await markdownToHast(markdown, { file: 'chapters/n.md', single: false, footnotePrefix: 'n1-', indentedCode, diagnostics });
  return { html: toHtml(tree), warnings: diagnostics.warnings.map(formatWarning) };
}
const html = async (markdown: string, mode: IndentedCodeMode = 'auto') => (await render(markdown, mode)).html;

const GO = '示例：\n\n    package main\n\n    // 打印问候\n    func main() {\n    \tfmt.Println("你好，世界")\n    }\n';
const GO_CODE = '<pre><code>package main\n\n// 打印问候\nfunc main() {\n\tfmt.Println("你好，世界")\n}\n</code></pre>';

describe('what reads as prose', () => {
  it.each([
    ['一段中文，缩进了。', true],
    ['Super App 仍没有出现，英伟达股价暴涨又暴跌，AI 巨头们尚未找到可行的商业模式。', true],
    ['* 基于动量（NAG）\n* 基于自动学习率（例如 RMSprop）', true],
    ['fmt.Println("你好，世界")', false],
    ['// 打印问候\nfunc main() {}', false],
    ['Hello, world or 你好，世界 or こんにちは', false],
    ['详见[官方文档](https://example.com/a/very/long/path/to/the/page.html)和 https://example.org/another/long/link 。', true],
    ['<div class="box">用户名</div>', false],
    ['|——main.go         入口文件\n|——conf            配置文件\n|——controllers     控制器入口', false],
    ['', false],
  ])('%j → %s', (text, prose) => {
    expect(readsAsProse(text)).toBe(prose);
  });
});

describe('indentedCode: auto', () => {
  it('reads indented code as code, Chinese comments and strings included', async () => {
    expect(await html(GO)).toBe(`<p>示例：</p>\n${GO_CODE}`);
  });

  it('reads a paragraph indented with a tab or four spaces as a paragraph, as false does', async () => {
    for (const md of ['\t缩进的中文段落。', '    四个空格缩进的中文段落，后面还有字。', ' \t Super App 仍没有出现，AI 巨头们尚未找到可行的商业模式。']) {
      const out = await html(md);
      expect(out).toMatch(/^<p>[^<]+<\/p>$/);
      expect(out).toBe(await html(md, false));
    }
  });

  it('reads an indented list of Chinese items as a list, as false does', async () => {
    const md = '优化方向\n\n    * 基于动量（NAG）\n    * 结合两者的（Adam 一般最优）\n';
    expect(await html(md)).toBe('<p>优化方向</p>\n<ul>\n<li>基于动量（NAG）</li>\n<li>结合两者的（Adam 一般最优）</li>\n</ul>');
    expect(await html(md)).toBe(await html(md, false));
  });

  it('decides block by block in a note that has both', async () => {
    const md = `${GO}\n然后：\n\n\t是不是很简单啊，同时你是否注意到了多个 if 里面允许初始化变量。\n`;
    expect(await html(md)).toBe(`<p>示例：</p>\n${GO_CODE}\n<p>然后：</p>\n<p>是不是很简单啊，同时你是否注意到了多个 if 里面允许初始化变量。</p>`);
  });

  it('keeps a line right under an indented paragraph in that paragraph (lazy continuation)', async () => {
    const md = `${GO}\n然后：\n\n\t缩进的第一行，\n紧接着的第二行。\n\n下一段。\n`;
    expect(await html(md)).toBe(`<p>示例：</p>\n${GO_CODE}\n<p>然后：</p>\n<p>缩进的第一行，紧接着的第二行。</p>\n<p>下一段。</p>`);
  });

  it('resolves links, footnotes and raw HTML in such a paragraph, with the note’s lines', async () => {
    const md = `${GO}\n然后：\n\n\t参见[文档][doc]和脚注[^1]，这一段是缩进的中文说明文字，<b onclick="x()">粗</b>。\n\n[doc]: https://example.com/\n[^1]: 注释。\n`;
    const { html: out, warnings } = await render(md);
    expect(out).toContain('<p>参见<a href="https://example.com/">文档</a>和脚注<sup><a href="#n1-fn-1" id="n1-fnref-1" data-footnote-ref="" class="footnote-ref" role="doc-noteref" epub:type="noteref">1</a></sup>，这一段是缩进的中文说明文字，<b>粗</b>。</p>');
    // Line 12 of the note, column 35: where <b> is, after the tab; the same place false gives.
    expect(warnings).toEqual(['chapters/n.md:12:35: warning: removed attribute onclick from <b> (event handlers could run code) [unsafe-html]']);
    expect((await render(md, false)).warnings).toEqual(warnings);
  });

  it('reads the original notes exactly as false does (their indented blocks are prose)', () => {
    const dir = path.resolve(import.meta.dirname, 'fixtures/source-notes');
    let differ = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
      const md = readFileSync(path.join(dir, name), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
      const without = JSON.stringify(parseMarkdown(md, name, false));
      // Strings: a deep comparison of trees this size takes seconds.
      expect(JSON.stringify(parseMarkdown(md, name, 'auto')) === without, name).toBe(true);
      if (differ === 0 && JSON.stringify(parseMarkdown(md, name, true)) !== without) differ++;
    }
    // Not vacuous: in some of them CommonMark would have made code of indented prose.
    expect(differ).toBeGreaterThan(0);
  });
});

describe('indentedCode: true and false', () => {
  it('true makes every indented block code, Chinese too', async () => {
    expect(await html('\t缩进的中文段落。', true)).toBe('<pre><code>缩进的中文段落。\n</code></pre>');
    expect(await html(GO, true)).toBe(`<p>示例：</p>\n${GO_CODE}`);
  });

  it('false never makes code of indentation', async () => {
    expect(await html('示例：\n\n    let a = 1\n', false)).toBe('<p>示例：</p>\n<p>let a = 1</p>');
  });
});

describe('the setting in book.yaml', () => {
  const note = { 'chapters/a.md': '# 甲\n\n\t缩进的中文段落。\n\n示例：\n\n    let a = 1\n' };
  const yaml = (extra: string) => `title: 测试之书\nlanguage: zh-CN\n${extra}chapters:\n  - chapters/a.md\n`;

  it('is auto by default, and true or false when set', () => {
    expect(resolveIn(writeBook({ 'book.yaml': yaml(''), ...note })).markdown.indentedCode).toBe('auto');
    expect(resolveIn(writeBook({ 'book.yaml': yaml('markdown: { indentedCode: false }\n'), ...note })).markdown.indentedCode).toBe(false);
    expect(resolveIn(writeBook({ 'book.yaml': yaml('markdown:\n  indentedCode: true\n'), ...note })).markdown.indentedCode).toBe(true);
  });

  it('refuses another value', () => {
    expect(configError(writeBook({ 'book.yaml': yaml('markdown: { indentedCode: yes }\n'), ...note }))).toBe(
      'book.yaml:3:27: markdown.indentedCode: expected auto, true or false, got the string "yes"',
    );
  });

  it('reaches the notes', async () => {
    const chapter = async (extra: string) => toHtml((await loadIn(writeBook({ 'book.yaml': yaml(extra), ...note }))).book.parts[0]!.chapters[0]!.tree as Root);
    expect(await chapter('')).toContain('<p>缩进的中文段落。</p>\n<p>示例：</p>\n<pre><code>let a = 1\n</code></pre>');
    expect(await chapter('markdown: { indentedCode: true }\n')).toContain('<pre><code>缩进的中文段落。\n</code></pre>');
    expect(await chapter('markdown: { indentedCode: false }\n')).toContain('<p>let a = 1</p>');
  });

  it('is part of the note cache key', async () => {
    const convert = async (indentedCode: IndentedCodeMode) =>
      toHtml((await cachedMarkdownToHast('    let a = 1\n', { file: 'cache-key.md', single: false, footnotePrefix: 'n1-', indentedCode, diagnostics: new Diagnostics() }, {})).tree);
    expect(await convert(true)).toBe('<pre><code>let a = 1\n</code></pre>');
    expect(await convert(false)).toBe('<p>let a = 1</p>');
    expect(await convert(true)).toBe('<pre><code>let a = 1\n</code></pre>');
  });
});
