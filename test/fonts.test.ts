/**
 * The book's fonts and their fallbacks: coverage read from the fonts' cmaps (checked against
 * HarfBuzz), which font each character goes to (so a Chinese-only book carries no fallback),
 * the missing-glyph warning with file:line, SVG text mapped to the book's families, and the
 * PDF font check.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Blob, Face } from 'harfbuzzjs';
import subsetFont from 'subset-font';
import { afterAll, describe, expect, it } from 'vitest';
import { fontCoverage, fontFileCoverage } from '../scripts/assets/cmap.ts';
import { FALLBACK_FAMILIES, FALLBACK_FONTS } from '../scripts/assets/fallback-fonts.ts';
import { clustersAround, planFonts } from '../scripts/assets/font-plan.ts';
import { BOOK_FONTS, fontSourcePath, sourceCoverage, type FontFace, type FontRole } from '../scripts/assets/fonts.ts';
import { mapCssFonts, svgImageElement, svgImageText, SVG_MONO, SVG_SERIF } from '../scripts/assets/svg-image.ts';
import { build } from '../scripts/build.ts';
import { fontProblems, parsePdffonts } from '../scripts/check/pdf.ts';
import { formatWarning } from '../scripts/errors.ts';
import { bookYaml, cleanupTempDirs, makeTempDir, writeBook } from './helpers.ts';

afterAll(() => cleanupTempDirs());

const primary = Object.fromEntries(BOOK_FONTS.map((f) => [f.role, f])) as Record<FontRole, FontFace>;
const roles = (text: string, bold = '', heading = '', mono = ''): Record<FontRole, string> => ({ body: text, bold: bold + heading, heading, mono, emoji: '', math: '' });
/** family weight → the characters planned for it */
const planned = (text: Record<FontRole, string>) => {
  const plan = planFonts(text, primary, sourceCoverage);
  const byFamily: Record<string, string> = {};
  for (const [face, chars] of plan.assigned) if (face.role === 'fallback' || face.role === 'emoji') byFamily[`${face.family} ${face.weight}`] = [...chars].sort().join('');
  return { plan, byFamily };
};

describe('font coverage from the cmap', () => {
  it('is what HarfBuzz reads from the same file', () => {
    for (const face of [primary.body, primary.emoji, FALLBACK_FONTS.find((f) => f.family === 'Inkstone Korean')!]) {
      const file = fontSourcePath(face);
      const hb = new Face(new Blob(readFileSync(file)), 0).collectUnicodes();
      expect([...fontFileCoverage(file).codePoints()], face.source).toEqual([...hb]);
    }
  });

  it('of a subset is exactly the characters asked for that the font has', async () => {
    const subset = await subsetFont(readFileSync(fontSourcePath(primary.body)), '中文abc\u3000₂', { targetFormat: 'sfnt' });
    // Noto Serif SC has no ₂: it stays out.
    expect([...fontCoverage(subset).codePoints()].map((c) => String.fromCodePoint(c)).join('')).toBe('abc\u3000中文');
  });
});

describe('which font draws which character', () => {
  it('gives a Chinese-only book no fallback font and nothing missing', () => {
    const { plan, byFamily } = planned(roles('中文的书，只有汉字、标点和 ASCII text 123。\u3000缩进。', '粗体', '标题'));
    expect(byFamily).toEqual({});
    expect(plan.missing).toEqual([]);
  });

  it('sends each script and symbol to its fallback, Greek whole, and reports what no font has', () => {
    const { plan, byFamily } = planned(roles('H₂O 10⁹ 5 − 3 a ⋅ b a ∗ b ❰引❱ ✆ Привет Ελληνικά 한국어 हिन्दी ไทย مرحبا שלום \u3000 \ue000 ཀ'));
    expect(byFamily).toEqual({
      // ά is not in Noto Serif SC, so all the Greek goes to Noto Serif.
      'Inkstone Text 400': [...'Εληνικά₂⁹'].sort().join(''),
      'Inkstone Operators 400': [...'⋅∗'].sort().join(''),
      'Inkstone Symbols2 400': [...'❰❱✆'].sort().join(''),
      'Inkstone Korean 400': [...'한국어'].sort().join(''),
      'Inkstone Devanagari 400': [...new Set('हिन्दी')].sort().join(''),
      'Inkstone Thai 400': [...'ไทย'].sort().join(''),
      'Inkstone Arabic 400': [...new Set('مرحبا')].sort().join(''),
      'Inkstone Hebrew 400': [...'שלום'].sort().join(''),
    });
    // Cyrillic and − are in the Chinese fonts; U+3000 is a space (no fallback needed).
    expect(plan.missing).toEqual(['ཀ', '\ue000']);
    expect([...plan.excluded.get(primary.body)!].sort().join('')).toBe([...'Εληνικ'].sort().join(''));
  });

  it('uses the bold face of a fallback for bold text and headings, the regular one where there is no bold', () => {
    const { byFamily } = planned(roles('正文', '한국어 ⋅', 'Ελληνικά'));
    expect(byFamily).toEqual({
      'Inkstone Korean 700': [...'한국어'].sort().join(''),
      'Inkstone Operators 400': '⋅',
      'Inkstone Text 700': [...'Εληνικά'].sort().join(''),
    });
  });

  it('keeps a grapheme cluster in one font', () => {
    expect([...clustersAround('xe\u0301y ḁ̈ 👩\u200d💻!', new Set(['\u0301', '💻']))].sort()).toEqual(['e\u0301', '👩\u200d💻']);
    // A letter and a combining mark that Noto Serif SC lacks: both from Noto Serif.
    const { byFamily } = planned(roles('q\u0331'));
    expect(byFamily).toEqual({ 'Inkstone Text 400': 'q\u0331' });
  });

  it('lists the fallbacks in styles/book.css in the order the plan assumes', () => {
    const css = readFileSync(path.resolve('styles/book.css'), 'utf8');
    const list = /--fallback:\s*([^;]+);/.exec(css)![1]!.split(',').map((f) => f.trim().replace(/^"|"$/g, ''));
    expect(list).toEqual([...FALLBACK_FAMILIES]);
    expect(css).toMatch(/--serif: "Inkstone Serif", "Inkstone Emoji", var\(--fallback\)/);
    const print = readFileSync(path.resolve('styles/print.css'), 'utf8');
    expect(print).toMatch(/--mono: "Inkstone Mono", "Inkstone Serif", "Inkstone Emoji", var\(--fallback\);/);
  });
});

describe('the missing-glyph warning', () => {
  it('names the first note and line that use a character no font has, one warning per line', async () => {
    const dir = writeBook({
      'book.yaml': bookYaml('  - chapters/one.md\n  - chapters/two.md\n'),
      'chapters/one.md': '# 第一章\n\n正文。\n\n有一个私用区字符 \ue000 和 \ue001。\n',
      'chapters/two.md': '---\ntitle: 第二章\n---\n\n又一次 \ue000。\n\n藏文 ཀ\n',
    });
    const r = await build({ configFile: path.join(dir, 'book.yaml'), outDir: makeTempDir('ink-fonts-'), formats: ['epub'], offline: true });
    expect(r.warnings.filter((w) => w.rule === 'missing-glyph').map(formatWarning)).toEqual([
      'chapters/one.md:5: warning: no font of the book has U+E000 "\ue000" (private use), U+E001 "\ue001" (private use); the PDF shows each one\'s code in a box instead (a font for it: see "Fonts" in the README) [missing-glyph]',
      'chapters/two.md:7: warning: no font of the book has U+0F40 "ཀ"; the PDF shows its code in a box instead (a font for it: see "Fonts" in the README) [missing-glyph]',
    ]);
  });

  it('points at book.yaml for a character only its title uses', async () => {
    const dir = writeBook({
      'book.yaml': 'title: 书名\nauthor: 某人 \ue123\nlanguage: zh-CN\nchapters:\n  - chapters/one.md\n',
      'chapters/one.md': '# 一\n\n正文。\n',
    });
    const r = await build({ configFile: path.join(dir, 'book.yaml'), outDir: makeTempDir('ink-fonts-'), formats: ['epub'], offline: true });
    expect(r.warnings.filter((w) => w.rule === 'missing-glyph').map((w) => `${w.position.file}:${w.position.line}`)).toEqual(['book.yaml:2']);
  });
});

describe('text in SVG images', () => {
  const svg = (body: string) => ({ href: `images/${Math.random().toString(16).slice(2)}.svg`, mediaType: 'image/svg+xml', data: Buffer.from(body) });

  it('maps every font family to the book\'s stacks, monospace to Mono', () => {
    expect(mapCssFonts('.a { font-family: Helvetica, Arial; fill: red } .b{font:bold 12px "Courier New", monospace}')).toBe(
      `.a { font-family: ${SVG_SERIF}; fill: red } .b{font:bold 12px ${SVG_MONO}}`,
    );
    const asset = svg(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><style>.t{font-family:Arial}</style>' +
        '<text font-family="Times" x="1">图示 H₂O</text><g font-family="Courier New"><text style="font-weight:bold">mono 代码</text></g><title>不画出来</title></svg>',
    );
    expect(svgImageText(asset)).toEqual({ body: '图示 H₂Omono 代码', bold: 'mono 代码', mono: 'mono 代码' });
    const el = svgImageElement(asset)!;
    const html = JSON.stringify(el);
    expect(html).not.toMatch(/Arial|Times|Courier/);
    expect(html).toContain(JSON.stringify(SVG_MONO).slice(1, -1));
  });

  it('counts in the font subsets', async () => {
    const dir = writeBook({
      'book.yaml': bookYaml('  - chapters/one.md\n'),
      'chapters/one.md': '# 一\n\n![图](../images/a.svg)\n',
      'images/a.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="20"><text y="15">鑫 ❰</text></svg>',
    });
    const out = makeTempDir('ink-fonts-');
    await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    const zip = (await import('jszip')).default;
    const epub = await zip.loadAsync(readFileSync(path.join(out, 'book.epub')));
    const fonts = await Promise.all(Object.keys(epub.files).filter((f) => f.endsWith('.ttf')).map(async (f) => ({ f, cov: fontCoverage(Buffer.from(await epub.file(f)!.async('uint8array'))) })));
    expect(fonts.find((x) => x.f.includes('inkstone-serif-400'))!.cov.has('鑫'.codePointAt(0)!)).toBe(true);
    expect(fonts.find((x) => x.f.includes('inkstone-symbols2-400'))!.cov.has('❰'.codePointAt(0)!)).toBe(true);
  });
});

describe('the PDF font check', () => {
  const pdffonts = (names: string[]) =>
    'name                                 type              encoding         emb sub uni object ID\n------------------------------------ ----------------- ---------------- --- --- --- ---------\n' +
    names.map((n, i) => `${n.padEnd(37)}CID TrueType      Identity-H       yes yes yes ${String(i + 8).padStart(6)}  0`).join('\n');

  it('accepts the book fonts and the fallbacks, and nothing else', () => {
    expect(fontProblems(parsePdffonts(pdffonts(['AAAAAA+InkstoneSerif-Regular', 'BAAAAA+InkstoneOperators-Regular', 'CAAAAA+InkstoneKorean-Bold'])))).toEqual([]);
    const problems = fontProblems(parsePdffonts(pdffonts(['AAAAAA+InkstoneSerif-Regular', 'BAAAAA+DejaVuSans', 'CAAAAA+InkstoneFoo-Regular'])));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^font from outside the book: BAAAAA\+DejaVuSans \(CID TrueType\); only the book's own fonts \(InkstoneSerif, InkstoneSans, InkstoneMono, InkstoneEmoji, InkstoneMath, InkstoneText, .*\) belong in the PDF$/);
  });
});
