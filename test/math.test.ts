/**
 * Math: how formulas are found in a note (math-syntax.ts), turned into MathML (math-render.ts),
 * switched off (book.yaml `markdown.math`), cached, counted for the math font (math-text.ts),
 * and the EPUB of a small book of formulas (test/fixtures/math-book/): epubcheck, the package's
 * `mathml` property, the math font, the exact warnings. The golden fixtures
 * (test/fixtures/markdown/math-*) hold the HTML of every spelling.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import JSZip from 'jszip';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mathItalic, mathText } from '../scripts/assets/math-text.ts';
import { subsetBookFonts } from '../scripts/assets/fonts.ts';
import { build, type BuildResult } from '../scripts/build.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { cachedMarkdownToHast } from '../scripts/markdown/cache.ts';
import { cleanMessage, renderFormula } from '../scripts/markdown/math-render.ts';
import { DEFAULT_SYNTAX, markdownToHast } from '../scripts/markdown/pipeline.ts';
import { cleanupTempDirs, configError, makeTempDir, writeBook, bookYaml } from './helpers.ts';

afterAll(cleanupTempDirs);

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/math-book');

async function convert(markdown: string, math = true) {
  const diagnostics = new Diagnostics();
  const { tree } = await markdownToHast(markdown, { file: 'n.md', single: false, footnotePrefix: 'n1-', indentedCode: 'auto', syntax: { ...DEFAULT_SYNTAX, math }, diagnostics });
  return { tree, warnings: diagnostics.warnings.map(formatWarning) };
}

/** The TeX of every formula in the note, with `display` marked. */
async function formulas(markdown: string): Promise<string[]> {
  const { tree } = await convert(markdown);
  const found: string[] = [];
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'math') found.push(`${el.properties.display === 'block' ? 'display:' : ''}${String(el.properties.alttext)}`);
  });
  return found;
}

describe('finding formulas', () => {
  it.each([
    ['$5 and $10', []],
    ['价格 $3 到 $5', []],
    ['$1,000-$2,000', []],
    ['公式$x^2$表示', ['x^2']],
    ['between $5 and $x$', ['x']],
    ['export PATH=$PATH:$GOBIN', []],
    ['**$GOPATH/pkg/$GOOS_$GOARCH** 和 **$GOROOT/pkg/$GOOS_$GOARCH**', []],
    ['函数$len()和$cap()，加入到$PATH变量中', []],
    ['推荐是$32库\\times32表$，', ['32库\\times32表']],
    ['$HOME/go:$GOPATH/bin', []],
    ['$x$5', []],
    ['$ x $', []],
    ['\\$x\\$', []],
    ['the $i$th term, $a$,$b$', ['i', 'a', 'b']],
    ['$a = \\$5$', ['a = \\$5']],
    ['a $$x$$ b', ['display:x']],
    ['\\(a+b\\)', ['a+b']],
    ['\\\\(a\\\\)', []],
    ['\\(\\)', []],
    ['\\( \\left( x \\right) \\)', ['\\left( x \\right)']],
    ['\\[ E = mc^2 \\]', ['display:E = mc^2']],
    ['见 \\[1\\]，和 \\[2, 3\\]', []],
    ['见\\[x\\]', []],
    ['`$x$` and `\\(y\\)`', []],
    ['<span>$x$</span>', ['x']],
  ])('%s → %j', async (markdown, expected) => {
    expect(await formulas(markdown)).toEqual(expected);
  });

  it('reads a display formula over several lines of a paragraph, inside list items and quotes', async () => {
    const note = ['- item', '  $$\\begin{aligned}', '  a &= b \\\\', '  &= c', '  \\end{aligned}$$', '', '> $$', '> x', '> $$'].join('\n');
    expect(await formulas(note)).toEqual(['display:\\begin{aligned}\na &= b \\\\\n&= c\n\\end{aligned}', 'display:x']);
  });

  it('reads \\| in a table cell as a pipe, as GFM does in code spans', async () => {
    expect(await formulas('| a |\n| - |\n| $\\|x\\|$ |')).toEqual(['|x|']);
  });

  it('with math off, dollars and brackets are text and ```math stays code', async () => {
    const { tree, warnings } = await convert('$x$ and \\(y\\) and $$z$$\n\n```math\n\\frac{1}{\n```', false);
    expect(toHtml(tree)).toBe('<p>$x$ and (y) and $$z$$</p>\n<pre><code class="hljs language-math">\\frac{1}{\n</code></pre>');
    expect(warnings).toEqual([]);
  });
});

describe('MathML', () => {
  it('keeps the TeX for readers that cannot see the formula: alttext and an annotation', () => {
    const r = renderFormula({ tex: 'x^2', display: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(toHtml(r.math)).toBe(
      '<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x^2"><semantics><msup><mi>x</mi><mn class="tml-sml-pad">2</mn></msup><annotation encoding="application/x-tex">x^2</annotation></semantics></math>',
    );
  });

  it('moves scriptlevel and displaystyle to an <mstyle> (MathML 3, which epubcheck checks)', () => {
    for (const tex of ["f'(x)", '\\boxed{x}', '\\dfrac{1}{2}', '\\textstyle\\sum_i x_i']) {
      const r = renderFormula({ tex, display: true });
      if (!r.ok) throw new Error(r.message);
      visit(r.math, 'element', (el: Element) => {
        if (el.tagName === 'mstyle') return;
        expect(el.properties, `${tex}: <${el.tagName}>`).not.toHaveProperty('scriptlevel');
        if (el.tagName !== 'math' && el.tagName !== 'mtable') expect(el.properties, `${tex}: <${el.tagName}>`).not.toHaveProperty('displaystyle');
      });
    }
  });

  it('draws accents the math font lacks (‾ ˘) with the combining forms it has', () => {
    const r = renderFormula({ tex: '\\bar{y} \\breve{x}', display: false });
    if (!r.ok) throw new Error(r.message);
    const mo: string[] = [];
    visit(r.math, 'element', (el: Element) => {
      if (el.tagName === 'mo') mo.push(el.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
    });
    expect(mo).toEqual(['\u0305', '\u0306']);
  });

  it('numbers align lines per note, in the MathML itself', async () => {
    const { tree } = await convert('$$\\begin{align} a \\\\ b \\end{align}$$\n\n$$\\begin{align} c \\end{align}$$');
    const numbers: string[] = [];
    visit(tree, 'element', (el: Element) => {
      if (el.tagName === 'mtext') numbers.push(el.children.map((c) => (c.type === 'text' ? c.value : '')).join(''));
      expect(el.tagName).not.toBe('span');
    });
    expect(numbers).toEqual(['(1)', '(2)', '(3)']);
  });

  it('cannot link or load anything (\\href, \\url, \\includegraphics are refused)', async () => {
    const { tree, warnings } = await convert('$\\href{https://example.com}{x}$ $\\url{https://example.com}$ $\\includegraphics{a.png}$');
    expect(toHtml(tree)).not.toContain('href=');
    expect(warnings).toEqual([
      'n.md:1: warning: formula not understood, shown as TeX: Unsupported function name: \\href [math-error]',
      'n.md:1: warning: formula not understood, shown as TeX: Unsupported function name: \\url [math-error]',
      'n.md:1: warning: formula not understood, shown as TeX: Function "\\includegraphics" is not trusted [math-error]',
    ]);
  });

  it('keeps raw <math> in a note out (the sanitizer), while its own MathML passes', async () => {
    const { tree } = await convert('<math><mi>x</mi></math> and $y$');
    const maths: string[] = [];
    visit(tree, 'element', (el: Element) => {
      if (el.tagName === 'math') maths.push(String(el.properties.alttext));
    });
    expect(maths).toEqual(['y']);
  });

  it('reports the line of the error inside a formula of several lines, with the parser\'s message on one line', async () => {
    const { warnings } = await convert('text\n\n$$\n\\begin{aligned}\na &= b \\\\\nc &= \\nope{d}\n\\end{aligned}\n$$');
    expect(warnings).toEqual(['n.md:6: warning: formula not understood, shown as TeX: Unsupported function name: \\nope [math-error]']);
    expect(cleanMessage("Temml parse error: Expected '}', got 'EOF' at end of input: x^2\n\\sqrt{")).toBe("Expected '}', got 'EOF' at end of input");
  });
});

describe('the note cache and the switch', () => {
  it('never serves a note converted with math on to a book with math off', async () => {
    const note = '$x$ 公式';
    const options = { file: 'cache-switch.md', single: false, footnotePrefix: 'n1-', indentedCode: 'auto' as const };
    const on = await cachedMarkdownToHast(note, { ...options, syntax: { ...DEFAULT_SYNTAX, math: true }, diagnostics: new Diagnostics() }, {});
    const off = await cachedMarkdownToHast(note, { ...options, syntax: { ...DEFAULT_SYNTAX, math: false }, diagnostics: new Diagnostics() }, {});
    expect(toHtml(on.tree)).toContain('<math');
    expect(toHtml(off.tree)).toBe('<p>$x$ 公式</p>');
  });

  it('book.yaml markdown.math is checked like every key', () => {
    const note = { 'chapters/a.md': '# A\n' };
    expect(configError(writeBook({ 'book.yaml': bookYaml('  - chapters/a.md\n', 'markdown:\n  math: "no"\n'), ...note }))).toBe(
      'book.yaml:5:9: markdown.math: expected true or false, got the string "no"',
    );
    expect(configError(writeBook({ 'book.yaml': bookYaml('  - chapters/a.md\n', 'markdown:\n  maths: false\n'), ...note }))).toBe(
      'book.yaml:5:3: markdown.maths: unknown key "maths"; did you mean "math"?\n  Allowed here: indentedCode, wikilinks, includes, highlight, comments, math, callouts, tabs, templateTags, diagrams, pluginBlocks',
    );
  });
});

describe('the math font', () => {
  it('covers what formulas show: auto-italic letters, the radical, not the TeX annotation', () => {
    const r = renderFormula({ tex: '\\sqrt{h} + \\mathrm{d}\\alpha', display: false });
    if (!r.ok) throw new Error(r.message);
    const text = mathText({ type: 'root', children: [r.math] } as Root);
    expect(text).toContain('\u210e'); // italic h
    expect(text).toContain('\u{1d6fc}'); // italic alpha
    expect(text).toContain('\u221a');
    expect(text).not.toContain('sqrt');
    expect(text).not.toContain('\u{1d451}'); // \mathrm{d} stays upright
    expect(mathItalic('x')).toBe('\u{1d465}');
    expect(mathItalic('Ω')).toBe('\u{1d6fa}');
    expect(mathItalic('1')).toBeUndefined();
  });

  it('is subset with its MATH table and the glyph variants stretchy brackets need', async () => {
    const fonts = await subsetBookFonts({ textByRole: { body: '', bold: '', heading: '', mono: '', emoji: '', math: '(∑)' }, cacheDir: makeTempDir('ink-math-fonts-') });
    const math = fonts.find((f) => f.face.role === 'math')!;
    expect(math.face.family).toBe('Inkstone Math');
    const tables = new Map<string, number>();
    for (let i = 0; i < math.data.readUInt16BE(4); i++) tables.set(math.data.toString('latin1', 12 + i * 16, 16 + i * 16), 12 + i * 16);
    expect(tables.has('MATH')).toBe(true);
    const maxp = math.data.readUInt32BE(tables.get('maxp')! + 8);
    // Three characters and .notdef, plus the larger sizes and the pieces of tall brackets.
    expect(math.data.readUInt16BE(maxp + 4)).toBeGreaterThan(10);
  });

  it('is left out of a book without formulas', async () => {
    const fonts = await subsetBookFonts({ textByRole: { body: '正文', bold: '', heading: '', mono: '', emoji: '', math: '' }, cacheDir: makeTempDir('ink-math-fonts-') });
    expect(fonts.map((f) => f.face.role)).not.toContain('math');
  });
});

describe('EPUB of a book with formulas (test/fixtures/math-book)', () => {
  let result: BuildResult;
  let zip: JSZip;
  let outDir: string;

  beforeAll(async () => {
    const dir = makeTempDir('ink-math-book-');
    cpSync(FIXTURE, dir, { recursive: true });
    outDir = path.join(dir, 'out');
    result = await build({ configFile: path.join(dir, 'book.yaml'), outDir, formats: ['epub'], offline: true });
    zip = await JSZip.loadAsync(readFileSync(result.outputs[0]!.file));
  });

  const text = (name: string) => zip.file(name)!.async('string');

  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, result.outputs[0]!.file], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('marks exactly the documents with MathML as such in the package', async () => {
    const opf = await text('OEBPS/content.opf');
    const items = [...opf.matchAll(/<item id="(chapter-\d+)"[^>]*?(?: properties="([^"]*)")?\/>/g)].map((m) => [m[1], m[2] ?? '']);
    expect(items).toEqual([
      ['chapter-1', 'mathml'],
      ['chapter-2', 'mathml'],
      ['chapter-3', ''],
    ]);
    const plain = await text('OEBPS/chapter-003.xhtml');
    expect(plain).not.toContain('<math');
    expect(plain).toContain('价格 $5，路径 $HOME/go:$GOPATH。');
  });

  it('writes MathML in its namespace with the TeX kept, and no script anywhere', async () => {
    const xhtml = await text('OEBPS/chapter-001.xhtml');
    expect(xhtml).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x^2 + y^2 = z^2">');
    expect(xhtml).toContain('<annotation encoding="application/x-tex">x^2 + y^2 = z^2</annotation>');
    expect(xhtml).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"');
    expect(xhtml).toContain('<code class="math-error">\\frac{1}{</code>');
    expect(xhtml).toContain('行内公式<math');
    expect(xhtml).toContain('价格 $3 到 $5，还有 $5 and $10。');
    for (const name of Object.keys(zip.files)) if (name.endsWith('.xhtml')) expect(await text(name), name).not.toMatch(/<script/i);
  });

  it('embeds the math font and the math styles', async () => {
    const opf = await text('OEBPS/content.opf');
    expect(opf).toMatch(/href="fonts\/inkstone-math-400-[0-9a-f]{8}\.ttf"/);
    const css = await text('OEBPS/style.css');
    expect(css).toContain('font-family: "Inkstone Math"');
    expect(css).toContain('--math: "Inkstone Math"');
    expect(css).toContain('math[display="block"]');
  });

  it('names a heading with a formula by its TeX (its id and contents entry), and links to it work', async () => {
    const stats = result.book.parts[0]!.chapters[1]!;
    expect(stats.sections.map((s) => [s.id, s.text])).toContainEqual(['2-r2-统计量-r-squared', '2. R^2 统计量 (R-squared)']);
    const xhtml = await text('OEBPS/chapter-002.xhtml');
    expect(xhtml).toContain('<h3 id="2-r2-统计量-r-squared">2. <math');
    expect(xhtml).toContain('<a href="#2-r2-统计量-r-squared">R²</a>');
  });

  it('warns exactly once, for the formula that does not parse', () => {
    expect(result.warnings.map(formatWarning)).toEqual([
      "chapters/formulas.md:52: warning: formula not understood, shown as TeX: Unexpected end of input in a macro argument, expected '}' at end of input [math-error]",
    ]);
  });
});

describe('a book without formulas', () => {
  it('gets no math font and no math styles', async () => {
    const dir = writeBook({ 'book.yaml': bookYaml('  - chapters/a.md\n'), 'chapters/a.md': '# A\n\n价格 $5，没有公式。\n' });
    const r = await build({ configFile: path.join(dir, 'book.yaml'), outDir: path.join(dir, 'out'), formats: ['epub'], offline: true });
    const zip = await JSZip.loadAsync(readFileSync(r.outputs[0]!.file));
    expect(Object.keys(zip.files).filter((f) => f.includes('inkstone-math'))).toEqual([]);
    expect(await zip.file('OEBPS/style.css')!.async('string')).not.toContain('math[display="block"]');
  });
});
