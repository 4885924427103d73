/**
 * Typography on the printed page, checked on the PDF a small book prints
 * (test/fixtures/typography-book): table columns sized by whole words, a table too wide for
 * whole words hyphenated at syllables, code lines wrapped at spaces with a hanging indent and a
 * mark beside each continuation (looked for in the rendered pixels, since the mark is drawn, not
 * text), a line too loose to justify set flush left; and the EPUB's wide table.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { checkPdfFonts } from '../../scripts/check/pdf.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from '../helpers.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const fixture = path.resolve('test/fixtures/typography-book/book.yaml');

interface Line {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** The text lines of page `n` with their boxes in points (pdftotext -bbox-layout). */
function linesOf(pdf: string, n: number): Line[] {
  const xml = run('pdftotext', ['-bbox-layout', '-f', String(n), '-l', String(n), pdf, '-']);
  return [...xml.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: [...m[5]!.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' '),
  }));
}

/** Page `n` rendered in grey at `dpi`: dark(x, y) says whether the pixel at (x, y) points is ink. */
function rendered(pdf: string, n: number, dpi: number): (xPt: number, yPt: number) => boolean {
  const dir = makeTempDir('ink-typo-png-');
  run('pdftoppm', ['-r', String(dpi), '-f', String(n), '-l', String(n), '-gray', pdf, path.join(dir, 'p')]);
  const data = readFileSync(path.join(dir, readdirSync(dir)[0]!));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.toString('latin1', 0, 40))!;
  const width = Number(header[1]);
  const offset = header[0].length;
  const scale = dpi / 72;
  return (x, y) => data[offset + Math.round(y * scale) * width + Math.round(x * scale)]! < 190;
}

/** How many ink pixels lie in the box (points). */
function inkIn(dark: (x: number, y: number) => boolean, x0: number, x1: number, y0: number, y1: number): number {
  let n = 0;
  for (let x = x0; x <= x1; x += 0.25) for (let y = y0; y <= y1; y += 0.25) if (dark(x, y)) n++;
  return n;
}

const pageWith = (pdf: string, needle: string): number => {
  const pages = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
  for (let n = 1; n <= pages; n++) if (run('pdftotext', ['-f', String(n), '-l', String(n), pdf, '-']).includes(needle)) return n;
  throw new Error(`no page has ${needle}`);
};

describe('typography of the printed page', () => {
  let pdf: string;
  let epub: string;
  let progress: string[];

  beforeAll(async () => {
    progress = [];
    const result = await build({ configFile: fixture, outDir: makeTempDir('ink-typo-'), formats: ['pdf', 'epub'], offline: true, progress: (m: string) => progress.push(m) });
    pdf = result.outputs.find((o) => o.file.endsWith('.pdf'))!.file;
    epub = result.outputs.find((o) => o.file.endsWith('.epub'))!.file;
  });
  afterAll(() => cleanupTempDirs());

  it('sizes the columns of a narrow table by whole words (no Self-Consiste|ncy)', () => {
    const page = run('pdftotext', ['-layout', '-f', String(pageWith(pdf, '五列的窄表')), '-l', String(pageWith(pdf, '五列的窄表')), pdf, '-']);
    const text = page.slice(page.indexOf('五列的窄表'), page.indexOf('八列的宽表'));
    // Each word whole on its line; Self-Consistency may break only after its own hyphen.
    for (const word of ['Chain of', 'Thought', 'Self-', 'Consistency', 'Least-to-Most', 'Prompting']) expect(text, word).toContain(word);
    expect(text).not.toMatch(/Though(?!t)|Consist(?!ency)|Prompti(?!ng)/);
    expect(text).not.toContain('\u00ad');
  });

  it('hyphenates the words of a table too wide for them at syllables, with a hyphen', () => {
    expect(progress.join('\n')).toContain('tables fitted to the page: 0 in smaller type, 0 smaller still, 1 also hyphenated, 0 broken anywhere (of 3)');
    const page = pageWith(pdf, '八列的宽表');
    const raw = run('pdftotext', ['-raw', '-f', String(page), '-l', String(page), pdf, '-']);
    const table = raw.slice(raw.indexOf('辛'));
    // Broken words end their line with the hyphen U+2010 …
    expect(table).toMatch(/\u2010\n/);
    // … and read whole again once the soft hyphens and the hyphenated line ends are taken out:
    // no line break inside a word without a hyphen.
    const joined = table.replace(/\u00ad\n?/g, '').replace(/\n?\u2010\n/g, '');
    for (const word of ['internationalization', 'incomprehensibilities', 'counterrevolutionary', 'characterization']) expect(joined.split(word).length - 1, word).toBe(2);
  });

  it('wraps a long code line at spaces, indents its continuation and marks it in the margin', () => {
    const page = pageWith(pdf, 'alpha_first_token');
    const text = run('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-']);
    // Copied text is the code as written: identifiers whole, no mark character.
    for (const id of ['alpha_first_token', 'compute_the_total(first_argument_value,', 'second_argument_value,', 'third_argument_value,', 'fourth_argument_value)']) expect(text, id).toContain(id);
    expect(text).not.toMatch(/[↩↪⤷↳]/u);

    const lines = linesOf(pdf, page);
    const first = lines.findIndex((l) => l.text.startsWith('alpha_first_token'));
    const continuations = lines.slice(first + 1).filter((l) => l.text.startsWith('second_argument_value') || l.text.startsWith('third_argument_value') || l.text.startsWith('fourth_argument_value'));
    const short = lines.find((l) => l.text.startsWith('short_line'))!;
    expect(continuations.length).toBeGreaterThan(0);
    const left = lines[first]!.xMin;
    expect(short.xMin).toBeCloseTo(left, 0);
    const dark = rendered(pdf, page, 288);
    // The mark sits in the block's left padding (0.78em of 8.6pt code ≈ 6.7pt wide).
    const markBox = (l: Line) => inkIn(dark, left - 6, left - 1, l.yMin, l.yMax);
    for (const c of continuations) {
      // Hanging indent: two columns in.
      expect(c.xMin - left).toBeGreaterThan(8);
      expect(markBox(c), c.text).toBeGreaterThan(10);
    }
    // No mark beside a line that does not continue one.
    expect(markBox(lines[first]!)).toBe(0);
    expect(markBox(short)).toBe(0);
  });

  it('sets a line flush left rather than spacing its characters out before a word that cannot break', () => {
    expect(progress.join('\n')).toContain('pdf: 1 lines too loose to justify set flush left');
    const lines = linesOf(pdf, pageWith(pdf, '这一段第一行'));
    const first = lines.find((l) => l.text.startsWith('这一段第一行'))!;
    const next = lines[lines.indexOf(first) + 1]!;
    const third = lines[lines.indexOf(first) + 2]!;
    expect(next.text.startsWith('Abcdefghijklmnopqrstuvwxyzab')).toBe(true);
    // The lines after it are justified to the right edge; the loose line ends well before it.
    expect(Math.abs(next.xMax - third.xMax)).toBeLessThan(1);
    expect(third.xMax - first.xMax).toBeGreaterThan(20);
  });

  it('embeds only the book fonts (the hyphen is one of their glyphs)', () => {
    const check = checkPdfFonts(pdf);
    expect(check.status, check.details.join('\n')).toBe('pass');
  });

  it('gives the EPUB tables of 4+ columns smaller type and hyphenation points, a two-column one whole words', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const name = Object.keys(zip.files).find((f) => /chapter-001\.xhtml$/.test(f))!;
    const xhtml = await zip.file(name)!.async('string');
    const tables = xhtml.split('<table').slice(1);
    expect(tables).toHaveLength(3);
    expect(tables[0]).toMatch(/^ class="table-wide"/);
    expect(tables[0]).toContain('Self-Con\u00adsis\u00adten\u00adcy');
    expect(tables[1]).toMatch(/^ class="table-wide"/);
    expect(tables[1]).toContain('in\u00adter\u00adna\u00adtion\u00adal\u00adiza\u00adtion');
    expect(tables[2]).not.toContain('table-wide');
    expect(tables[2]).toContain('<td>Self-Consistency</td>');
  });
});

describe('style.punctuation on the printed page', () => {
  afterAll(() => cleanupTempDirs());
  const paragraph = '他说：「这是第一句。」（注释）「引号」，《书名》，“双引号”。'.repeat(8);

  /** The lines of the paragraph in a book with the given punctuation setting. */
  const linesWith = async (punctuation: string) => {
    const dir = writeBook({
      'book.yaml': ['title: 标点', 'language: zh-CN', 'date: 2026-01-01', `style: { punctuation: ${punctuation} }`, 'chapters:', '  - a.md', ''].join('\n'),
      'a.md': `# 标点\n\n${paragraph}\n`,
    });
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: path.join(dir, 'out'), formats: ['pdf'], offline: true });
    const pdf = result.outputs[0]!.file;
    return linesOf(pdf, pageWith(pdf, '他说')).filter((l) => /[说号名释句]/.test(l.text));
  };

  it('compress sets adjacent marks closer, so the same paragraph takes fewer lines', async () => {
    const full = await linesWith('full-width');
    const compressed = await linesWith('compress');
    expect(full.length).toBe(9);
    expect(compressed.length).toBeLessThan(full.length);
  });
});
