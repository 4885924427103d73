/**
 * Typography: book.yaml `style.punctuation`, the CSS it gives every format, hyphenation points,
 * break points in code and URLs, code blocks split into lines for print, wide tables in the
 * EPUB, and what the font subsets keep for Chinese punctuation (halt/chws, U+3000, U+2010).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toString as hastToString } from 'hast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { fontCoverage } from '../scripts/assets/cmap.ts';
import { layoutFeatureTags } from '../scripts/assets/font-features.ts';
import { fontSourcePath, subsetBookFonts } from '../scripts/assets/fonts.ts';
import type { Book } from '../scripts/model.ts';
import { hyphenatorFor, hyphenateTree } from '../scripts/render/hyphenation.ts';
import { splitCodeLines } from '../scripts/render/pdf/code-lines.ts';
import { addBreakOpportunities, withBreaks } from '../scripts/render/pdf/line-breaks.ts';
import { readStyles } from '../scripts/render/styles.ts';
import { markWideTables, tableColumns } from '../scripts/render/tables.ts';
import { cleanupTempDirs, configError, makeTempDir, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const NOTE = { 'chapters/a.md': '# 甲\n\n正文。\n' };
const yaml = (...lines: string[]) => `${['title: T', 'language: zh-CN', ...lines, 'chapters:', '  - chapters/a.md'].join('\n')}\n`;
const SHY = '\u00ad';
const shown = (s: string) => s.replaceAll(SHY, '·');

describe('book.yaml style.punctuation', () => {
  it('is full-width unless the book says compress', () => {
    expect(resolveIn(writeBook({ 'book.yaml': yaml(), ...NOTE })).style.punctuation).toBe('full-width');
    expect(resolveIn(writeBook({ 'book.yaml': yaml('style: { punctuation: compress }'), ...NOTE })).style.punctuation).toBe('compress');
    expect(resolveIn(writeBook({ 'book.yaml': yaml('style: { punctuation: full-width, paragraphs: spacing }'), ...NOTE })).style).toEqual({ paragraphs: 'spacing', punctuation: 'full-width' });
  });

  it('rejects another value with the two it accepts', () => {
    expect(configError(writeBook({ 'book.yaml': yaml('style:', '  punctuation: half'), ...NOTE }))).toBe(
      'book.yaml:4:16: style.punctuation: expected full-width or compress, got the string "half"',
    );
  });

  it('becomes text-spacing-trim in the CSS of every format, with text-autospace', () => {
    const css = (punctuation: 'full-width' | 'compress') =>
      readStyles(path.resolve('styles'), ['book.css'], { parts: [], config: { style: { paragraphs: 'indent', punctuation }, pdf: {} } } as unknown as Book);
    expect(css('full-width')).toContain('body { text-spacing-trim: space-all; text-autospace: normal; }');
    expect(css('compress')).toContain('body { text-spacing-trim: normal; text-autospace: normal; }');
  });
});

describe('hyphenation points', () => {
  it('hyphenates Latin words in a Chinese book as English, and keeps names, acronyms and short words whole', () => {
    const hyphenate = hyphenatorFor('zh-CN')!;
    expect(shown(hyphenate('Self-Consistency 与 Least-to-Most Prompting'))).toBe('Self-Con·sis·ten·cy 与 Least-to-Most Prompt·ing');
    expect(shown(hyphenate('ChatGPT DeepSeek LLM Chain of Thought'))).toBe('ChatGPT DeepSeek LLM Chain of Thought');
  });

  it('uses the patterns of the language, and none where it has none', () => {
    expect(shown(hyphenatorFor('de')!('Donaudampfschifffahrt'))).toBe('Do·nau·dampf·schiff·fahrt');
    expect(hyphenatorFor('ru')).toBeUndefined();
  });

  it('follows lang attributes and leaves code and headings alone', () => {
    const tree = h(null, [h('p', ['internationalization ', h('code', 'internationalization'), h('span', { lang: 'ru' }, ' internationalization')]), h('h2', 'internationalization')]);
    hyphenateTree(tree as Root, 'zh-CN');
    expect(shown(hastToString(tree))).toBe('in·ter·na·tion·al·iza·tion internationalization internationalizationinternationalization');
  });
});

describe('break points in code and URLs (print)', () => {
  const asText = (nodes: ElementContent[]) => nodes.map((n) => (n.type === 'text' ? n.value : n.type === 'element' ? `<${n.tagName}>` : '')).join('');

  it('puts a <wbr> after punctuation runs followed by a letter or digit, never inside a number', () => {
    expect(asText(withBreaks('torch.nn.functional.cross_entropy(logits, 3.14)'))).toBe('torch.<wbr>nn.<wbr>functional.<wbr>cross_<wbr>entropy(<wbr>logits, 3.14)');
    expect(asText(withBreaks('https://example.com/a/b?x=1&y=2'))).toBe('https://<wbr>example.<wbr>com/<wbr>a/<wbr>b?<wbr>x=<wbr>1&<wbr>y=<wbr>2');
    expect(asText(withBreaks('plain words'))).toBe('plain words');
  });

  it('adds them to code and to links whose text is a URL, not to other text', () => {
    const tree = h(null, [h('p', ['a.b ', h('code', 'a.b'), ' ', h('a', { href: 'https://x.org/a' }, 'https://x.org/a'), ' ', h('a', { href: 'https://x.org' }, 'x.org 网站')])]);
    addBreakOpportunities(tree as Root);
    const p = tree.children[0] as Element;
    expect(p.children.map((c) => (c.type === 'element' ? c.children.filter((n) => n.type === 'element' && n.tagName === 'wbr').length : 0))).toEqual([0, 1, 0, 3, 0, 0]);
    // The text itself is unchanged: copying and searching see what the author wrote.
    expect(hastToString(p)).toBe('a.b a.b https://x.org/a x.org 网站');
  });
});

describe('code blocks as lines (print)', () => {
  it('makes one span.code-line per source line, highlighting spans split where they cross lines, with the indentation', () => {
    const pre = h('pre', [h('code', { className: ['hljs'] }, ['def f():\n', h('span', { className: ['hljs-string'] }, '"""two\n\tlines"""'), '\n    return 1\n'])]);
    const tree = h(null, [pre]);
    splitCodeLines(tree as Root);
    const lines = (pre.children[0] as Element).children as Element[];
    expect(lines.map((l) => [hastToString(l), l.properties.style])).toEqual([
      ['def f():', '--indent: 0'],
      ['"""two', '--indent: 0'],
      ['\tlines"""', '--indent: 8'],
      ['    return 1', '--indent: 4'],
    ]);
    expect(lines.every((l) => l.tagName === 'span' && String(l.properties.className) === 'code-line')).toBe(true);
    expect((lines[2]!.children[0] as Element).properties.className).toEqual(['hljs-string']);
  });
});

describe('wide tables in the EPUB', () => {
  const table = (cols: number) => h('table', [h('thead', [h('tr', Array.from({ length: cols }, () => h('th', 'Consistency')))]), h('tbody', [h('tr', [h('td', { colSpan: cols }, 'Consistency')])])]);

  it('marks tables of 4 or more columns and gives their words hyphenation points', () => {
    expect(tableColumns(table(5))).toBe(5);
    const tree = h(null, [table(3), table(4)]) as Root;
    markWideTables(tree, 'zh-CN');
    const [narrow, wide] = tree.children as Element[];
    expect(narrow!.properties.className).toBeUndefined();
    expect(shown(hastToString(narrow!))).not.toContain('·');
    expect(wide!.properties.className).toEqual(['table-wide']);
    expect(shown(hastToString(wide!))).toContain('Con·sis·ten·cy');
  });
});

describe('font subsets and Chinese punctuation', () => {
  it('keep the halt and chws features (punctuation compression), U+3000 and the hyphen U+2010', async () => {
    const fonts = await subsetBookFonts({ textByRole: { body: '中文，“引号”。', bold: '粗', heading: '标题', mono: 'code', emoji: '', math: '' }, cacheDir: makeTempDir('ink-typo-fonts-') });
    const body = fonts.find((f) => f.face.role === 'body')!;
    const heading = fonts.find((f) => f.face.role === 'heading')!;
    // What the source fonts offer, the subsets keep (Noto Sans SC has halt but no chws).
    for (const f of [body, heading]) {
      const source = layoutFeatureTags(readFileSync(fontSourcePath(f.face)));
      const subset = layoutFeatureTags(f.data);
      for (const tag of ['halt', 'chws', 'vhal', 'palt']) expect(subset.has(tag), `${f.face.family} ${tag}`).toBe(source.has(tag));
      expect(fontCoverage(f.data).has(0x3000)).toBe(true);
      expect(fontCoverage(f.data).has(0x2010)).toBe(true);
    }
    // The body font (Noto Serif SC) has both, so compress has what it needs.
    expect([...layoutFeatureTags(body.data)].filter((t) => t === 'halt' || t === 'chws').sort()).toEqual(['chws', 'halt']);
  });
});
