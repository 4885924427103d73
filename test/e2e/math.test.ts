/**
 * The PDF of a book of formulas (test/fixtures/math-book): Chromium lays out the MathML in the
 * book's math font, and only the book's fonts are embedded (no system font for a symbol the
 * math font lacks); the formulas are text (italic math letters, the sum sign), the TeX source
 * only where a formula did not parse.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { fontProblems, parsePdffonts, withoutSubsetTag } from '../../scripts/check/pdf.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('PDF of a book with formulas', () => {
  let dir: string;
  let pdf: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-math-pdf-'));
    cpSync(path.resolve('test/fixtures/math-book'), dir, { recursive: true });
    const r = await build({ configFile: path.join(dir, 'book.yaml'), outDir: path.join(dir, 'out'), formats: ['pdf'] });
    pdf = r.outputs[0]!.file;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('embeds only the book fonts, the math font among them', () => {
    const fonts = parsePdffonts(run('pdffonts', [pdf]));
    expect(fontProblems(fonts)).toEqual([]);
    expect(fonts.map((f) => withoutSubsetTag(f.name))).toContain('InkstoneMath-Regular');
  });

  it('prints formulas as math text, and a formula that did not parse as its TeX', () => {
    const text = run('pdftotext', [pdf, '-']);
    expect(text).toContain('𝑥'); // the automatic italic of <mi>x</mi>
    expect(text).toContain('∑');
    expect(text).toContain('ℝ');
    expect(text).toContain('\\frac{1}{');
    expect(text).not.toContain('\\sum');
    expect(text.replace(/\s+/g, '')).toContain('价格$3到$5，还有$5and$10。');
  });
});
