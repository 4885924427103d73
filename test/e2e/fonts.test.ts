/**
 * No tofu, no system fonts: a small book in many scripts and symbols (test/fixtures/fonts-book)
 * printed to PDF. `pdffonts` must list only the book's own fonts (the fallbacks included),
 * the text of every script and of the SVG image must be in the PDF as text, and characters no
 * font has are warned about with file:line and printed as their code point.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/build.ts';
import { checkPdfFonts, parsePdffonts, withoutSubsetTag } from '../../scripts/check/pdf.ts';
import { formatWarning } from '../../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir } from '../helpers.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const fixture = path.resolve('test/fixtures/fonts-book/book.yaml');

describe('PDF of a book in many scripts', () => {
  let result: BuildResult;
  let pdf: string;

  beforeAll(async () => {
    result = await build({ configFile: fixture, outDir: makeTempDir('ink-fonts-pdf-'), formats: ['pdf'], offline: true });
    pdf = result.outputs[0]!.file;
  });
  afterAll(() => cleanupTempDirs());

  it('embeds only the book fonts, the fallbacks it needs among them', () => {
    const check = checkPdfFonts(pdf);
    expect(check.status, check.details.join('\n')).toBe('pass');
    const families = new Set(parsePdffonts(run('pdffonts', [pdf])).map((f) => withoutSubsetTag(f.name)));
    for (const name of ['InkstoneText-Regular', 'InkstoneOperators-Regular', 'InkstoneSymbols2-Regular', 'InkstoneKorean-Regular', 'InkstoneDevanagari-Regular', 'InkstoneThai-Regular', 'InkstoneArabic-Regular', 'InkstoneHebrew-Regular', 'InkstoneKorean-Bold', 'InkstoneEmoji-Regular']) {
      expect(families, name).toContain(name);
    }
    // Nothing in the book uses Noto Sans Symbols: it is not there.
    expect([...families].some((f) => f.startsWith('InkstoneSymbols-'))).toBe(false);
  });

  it('prints every script, symbol and the SVG image text as text', () => {
    const text = run('pdftotext', ['-layout', pdf, '-']);
    for (const s of ['H₂O', '10⁹', '5 − 3', 'a ⋅ b', '❰引文❱', '✆', 'Привет, мир!', 'Ελληνικά', '한국어', 'ไทย', 'שלום']) expect(text, s).toContain(s);
    // Drawn inline, with the book's fonts: the SVG's text is text in the PDF, not an image.
    expect(text).toContain('图示：水 H₂O 与 Привет');
    expect(text).toContain('code: x ∗ y');
  });

  it('warns about the characters no font has, with file:line, and prints their code points', () => {
    expect(result.warnings.filter((w) => w.rule === 'missing-glyph').map(formatWarning)).toEqual([
      'chapters/missing.md:5: warning: no font of the book has U+E000 "\ue000" (private use); the PDF shows its code in a box instead (a font for it: see "Fonts" in the README) [missing-glyph]',
      'chapters/missing.md:7: warning: no font of the book has U+0F40 "ཀ", U+0F41 "ཁ", U+0F42 "ག"; the PDF shows each one\'s code in a box instead (a font for it: see "Fonts" in the README) [missing-glyph]',
    ]);
    const text = run('pdftotext', ['-layout', pdf, '-']);
    expect(text).toMatch(/私用区字符：\s*E000\s*在这一行/);
    expect(text).toMatch(/0F40\s*0F41\s*0F42/);
    expect(text).not.toContain('\ue000');
  });

  it('draws the book title in the running heads with a fallback font (Greek)', () => {
    const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
    // A left page of the long chapter: its running head is the book title, its text all Chinese.
    const withTitle = [...Array(pages).keys()].map((i) => i + 1).filter((n) => {
      const text = run('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-']);
      return text.split('\n')[0]!.trim() === '字形测试 Ελληνικά' && text.includes('这一段很长') && !text.includes('长章');
    });
    expect(withTitle.length).toBeGreaterThan(0);
    const fonts = parsePdffonts(run('pdffonts', ['-f', String(withTitle[0]), '-l', String(withTitle[0]), pdf])).map((f) => withoutSubsetTag(f.name));
    expect(fonts).toContain('InkstoneText-Regular');
  });
});
