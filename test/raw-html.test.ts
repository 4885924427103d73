/**
 * Raw HTML and presentational Markdown in a note: what is kept (harmless attributes and
 * elements), what is made valid EPUB 3 XHTML (alignment, old table and font markup), what is
 * removed and reported (only what is unsafe), ids kept as link targets and unique in the book,
 * and a small book of all of it through epubcheck.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { Diagnostics, formatWarning, type Warning } from '../scripts/errors.ts';
import { markdownToHast } from '../scripts/markdown/pipeline.ts';
import type { Chapter } from '../scripts/model.ts';
import { cleanupTempDirs, loadIn, makeTempDir, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

async function render(markdown: string) {
  const diagnostics = new Diagnostics();
  const { tree } = await markdownToHast(markdown, { file: 'chapters/n.md', single: false, footnotePrefix: 'n1-', indentedCode: 'auto', diagnostics });
  return { html: toHtml(tree), warnings: diagnostics.warnings.map(formatWarning) };
}
const html = async (markdown: string) => (await render(markdown)).html;

describe('presentational attributes become valid EPUB 3 XHTML', () => {
  it('turns GFM column alignment into classes', async () => {
    const out = await html('| 左 | 中 | 右 | 无 |\n|:---|:---:|---:|---|\n| 1 | 2 | 3 | 4 |');
    expect(out).not.toContain('align=');
    expect(out).toContain('<th class="align-left">左</th>\n<th class="align-center">中</th>\n<th class="align-right">右</th>\n<th>无</th>');
    expect(out).toContain('<td class="align-left">1</td>\n<td class="align-center">2</td>\n<td class="align-right">3</td>\n<td>4</td>');
  });

  it('drops table layout of old HTML and keeps its alignment as classes', async () => {
    const out = await html(
      '<table border="0" cellpadding="2" cellspacing="1" width="80%" bgcolor="#eee" align="center" summary="x" class="t">' +
        '<tr valign="top" align="right"><td width="260" height="20" nowrap valign="middle" align="center" colspan="2">格</td></tr></table>',
    );
    expect(out).toBe('<table class="t"><tbody><tr class="align-right valign-top"><td colspan="2" class="align-center valign-middle">格</td></tr></tbody></table>');
  });

  it('maps <center>, <font>, <big>, <tt>, <strike> and <acronym> to HTML5', async () => {
    expect(await html('<center>居中</center>')).toBe('<div class="align-center">居中</div>');
    expect(await html('<font color="red" face="楷体" size="4">红字</font>')).toBe('<p><span style="color: red">红字</span></p>');
    expect(await html('前<font size="2">小</font>后')).toBe('<p>前小后</p>');
    expect(await html('<big>大</big> <tt>mono</tt> <strike>删</strike> <acronym title="World Wide Web">WWW</acronym>')).toBe(
      '<p><span class="big">大</span> <code>mono</code> <s>删</s> <abbr title="World Wide Web">WWW</abbr></p>',
    );
  });

  it('keeps whole-pixel sizes on images only, and percentages as style', async () => {
    expect(await html('<img src="a.png" width="300px; " height="200" align="left" border="0" alt="图">')).toBe('<img src="a.png" alt="图" width="300" height="200">');
    expect(await html('<img src="a.png" width="50%" height="auto">')).toBe('<img src="a.png" style="width: 50%">');
    expect(await html('<p align="center" width="10">段</p>')).toBe('<p class="align-center">段</p>');
    expect(await html('<div align="middle"><hr width="50%" size="2" noshade align="left"></div>')).toBe('<div><hr></div>');
  });

  it('turns an old <a name> anchor into an id', async () => {
    expect(await html('<a name="fig-1"></a>图一')).toBe('<p><a id="fig-1"></a>图一</p>');
    expect(await html('<a name="x" id="y">锚</a>')).toBe('<p><a id="y">锚</a></p>');
  });

  it('keeps only inline styles that size, align or colour, and reports CSS that loads URLs', async () => {
    const { html: out, warnings } = await render('<div style="text-align:center; position:fixed; font-family: x; background: url(https://evil.example/x.png); width: 400px !important">字</div>');
    expect(out).toBe('<div style="text-align: center; width: 400px">字</div>');
    expect(warnings).toEqual([
      'chapters/n.md:1:1: warning: removed "background: url(https://evil.example/x.png)" from the style of <div>: CSS that loads URLs or runs code is not allowed [unsafe-html]',
    ]);
  });

  it('fixes ids and dir values that XHTML refuses', async () => {
    expect(await html('<span id="two words" dir="sideways">字</span>')).toBe('<p><span id="two-words">字</span></p>');
  });
});

describe('the sanitizer keeps what is harmless and reports only what is unsafe', () => {
  it('keeps class, id, title, lang, dir and data-* on every element, without a warning', async () => {
    const { html: out, warnings } = await render(
      '<div class="box" id="d1" title="提示" lang="en" dir="ltr" data-kind="note"><p class="p" data-x="1">文</p>' +
        '<table class="t" data-n="2"><tr><td class="c" lang="zh">格</td></tr></table>' +
        '<code class="x">c</code> <a href="https://example.com/" class="btn" data-y="z">链</a></div>',
    );
    expect(out).toBe(
      '<div class="box" id="d1" title="提示" lang="en" dir="ltr" data-kind="note"><p class="p" data-x="1">文</p>' +
        '<table class="t" data-n="2"><tbody><tr><td class="c" lang="zh">格</td></tr></tbody></table>' +
        '<code class="x">c</code> <a href="https://example.com/" class="btn" data-y="z">链</a></div>',
    );
    expect(warnings).toEqual([]);
  });

  it('keeps <u> <mark> <kbd> <sub> <sup> <small> <abbr>, without a warning', async () => {
    const markdown = '<u>下划线</u><mark>高亮</mark><kbd>Ctrl</kbd>H<sub>2</sub>O x<sup>2</sup><small>小字</small><abbr title="大语言模型">LLM</abbr>';
    const { html: out, warnings } = await render(markdown);
    expect(out).toBe(`<p>${markdown}</p>`);
    expect(warnings).toEqual([]);
  });

  it('reports each unsafe removal with file:line:col, what and why', async () => {
    const { html: out, warnings } = await render(
      [
        '<script>alert(1)</script>',
        '',
        '<p onclick="steal()">点</p>',
        '',
        '<a href="javascript:alert(1)">链</a> <img src="file:///etc/passwd">',
        '',
        '<iframe src="https://example.com/"></iframe>',
        '',
        '<style>body { background: url(https://evil.example/) }</style>',
        '',
        '正文',
      ].join('\n'),
    );
    for (const bad of ['script', 'onclick', 'javascript', 'file:', 'iframe', 'evil', 'background']) expect(out).not.toContain(bad);
    expect(out).toContain('<p>正文</p>');
    expect(warnings).toEqual([
      'chapters/n.md:1:1: warning: removed <script> element (with its content): scripts do not run in the book [unsafe-html]',
      'chapters/n.md:3:1: warning: removed attribute onclick from <p> (event handlers could run code) [unsafe-html]',
      'chapters/n.md:5:1: warning: removed href="javascript:alert(1)" from <a>: javascript: URLs are not allowed [unsafe-html]',
      'chapters/n.md:5:37: warning: removed src="file:///etc/passwd" from <img>: file: URLs are not allowed [unsafe-html]',
      'chapters/n.md:7:1: warning: removed <iframe> element (its text kept): embedded pages load content from outside the book [unsafe-html]',
      'chapters/n.md:9:1: warning: removed <style> element (with its content): a stylesheet in a note could restyle the whole book or load files [unsafe-html]',
    ]);
  });

  it('drops harmless attributes it does not keep without a warning', async () => {
    const { html: out, warnings } = await render('<a href="https://example.com/" target="_blank" rel="noopener">链</a>');
    expect(out).toBe('<p><a href="https://example.com/">链</a></p>');
    expect(warnings).toEqual([]);
  });

  it('says how to show a tag that is not HTML, such as List<T> outside code', async () => {
    const { html: out, warnings } = await render('类型 List<T> 的元素');
    expect(out).toBe('<p>类型 List 的元素</p>');
    expect(warnings).toEqual(['chapters/n.md:1:8: warning: <t> is not HTML the book keeps: the tag is removed and its text kept; to show it as text, write \\<t> or put it in `code` [unknown-html]']);
  });
});

describe('code is never sanitised', () => {
  const script = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  const shown = '&#x3C;script>alert(1)&#x3C;/script>&#x3C;img src=x onerror=alert(2)>';

  it.each([
    ['fenced code', `\`\`\`\n${script}\n\`\`\``, `<pre><code>${shown}\n</code></pre>`],
    ['fenced code with a language', `~~~html\n${script}\n~~~`, 'alert'],
    ['indented code', `说明：\n\n    ${script}\n`, `<pre><code>${shown}\n</code></pre>`],
    ['tab-indented code in a list item', `- 输出：\n\n\t\t${script}\n`, `<pre><code>  ${shown}\n</code></pre>`],
    ['inline code', `运行 \`${script}\` 看看`, `<code>${shown}</code>`],
    ['inline code with backticks inside', `\`\` \`${script}\` \`\``, `<code>\`${shown}\`</code>`],
  ])('shows %s as text, without a warning', async (_name, markdown, expected) => {
    const { html: out, warnings } = await render(markdown);
    expect(out).toContain(expected);
    expect(out).not.toMatch(/<script|<img/);
    expect(warnings).toEqual([]);
  });

  it('shows indented code as text with indentedCode: true as well', async () => {
    const diagnostics = new Diagnostics();
    const { tree } = await markdownToHast(`    ${script}\n`, { file: 'n.md', single: false, footnotePrefix: 'n1-', indentedCode: true, diagnostics });
    expect(toHtml(tree)).toBe(`<pre><code>${shown}\n</code></pre>`);
    expect(diagnostics.warnings).toEqual([]);
  });
});

describe('ids from raw HTML', () => {
  const files = {
    'book.yaml': 'title: 测试之书\nlanguage: zh-CN\nchapters:\n  - title: 合集\n    notes: [chapters/a.md, chapters/b.md]\n  - chapters/c.md\n',
    'chapters/a.md': '# 甲\n\n<a id="top"></a>开头\n\n## Top\n\n[回到开头](#top) [乙的图](b.md#fig-1)\n',
    'chapters/b.md': '# 乙\n\n<a id="top"></a><a name="fig-1"></a>图一 <span id="glossary">词</span>\n\n[开头](#top)\n',
    'chapters/c.md': '# 丙\n\n## Fig 1\n',
  };

  it('stay link targets, made unique in the book', async () => {
    const { book, warnings } = await loadIn(writeBook(files));
    const [group, c] = book.parts[0]!.chapters as [Chapter, Chapter];
    const out = toHtml(group.tree as Root);
    // The heading "Top" was slugged first in note a; the raw id of a, then of b, get suffixes.
    expect(out).toContain('<h3 id="top">Top</h3>');
    expect(out).toContain('<a id="top-1"></a>开头');
    expect(out).toContain('<a id="top-2"></a><a id="fig-1"></a>图一 <span id="user-glossary">词</span>');
    // In note a, #top is the heading (as on GitHub); in note b, its own anchor; b.md#fig-1 the raw anchor.
    expect(out).toContain('<a href="#top">回到开头</a> <a href="#fig-1">乙的图</a>');
    expect(out).toContain('<a href="#top-2">开头</a>');
    // A later heading whose slug a raw id already has gets another id.
    expect(c.sections.map((s) => s.id)).toEqual(['fig-1-1']);
    const all = book.parts.flatMap((p) => p.chapters.flatMap((ch) => [...toHtml(ch.tree as Root).matchAll(/ id="([^"]+)"/g)].map((m) => m[1])));
    expect(new Set(all).size).toBe(all.length);
    expect(warnings).toEqual([]);
  });
});

describe('a book of presentational and raw HTML passes epubcheck', () => {
  const note = [
    '# 表格与旧式 HTML',
    '',
    '| 左 | 中 | 右 |',
    '|:---|:---:|---:|',
    '| 1 | 2 | 3 |',
    '',
    '<table border="0" cellpadding="2" cellspacing="1" width="100%" bgcolor="#eee" align="center" summary="s">',
    '<tr valign="top"><th align="left" width="30%">名</th><td align="right" nowrap height="20">值</td></tr>',
    '</table>',
    '',
    '<center><font color="#c00" face="黑体" size="5">居中的红字</font></center>',
    '',
    '<p align="justify"><big>大</big> <tt>tt</tt> <strike>删</strike> <acronym title="万维网">WWW</acronym> <u>下</u> <mark>亮</mark> <kbd>K</kbd> <small>小</small> H<sub>2</sub>O x<sup>2</sup></p>',
    '',
    '<img src="pic.png" width="300px" height="200" align="right" border="0" hspace="4" alt="图"> <img src="pic.png" width="40%" alt="半">',
    '',
    '<a name="anchor-1"></a>锚点 <a href="#anchor-1">跳转</a> <span id="has space" dir="bad" data-x="1" lang="en" title="t" class="c">属性</span>',
    '',
    '<div style="text-align: right; position: absolute; background-image: url(x.png)">右</div>',
    '',
    '\t缩进的中文段落，不是代码。',
    '',
    '说明：',
    '',
    '    <script>alert(1)</script>',
    '    func main() {}',
    '',
  ].join('\n');
  let xhtml = '';
  let epub = '';
  let warnings: Warning[] = [];

  beforeAll(async () => {
    const dir = writeBook({
      'book.yaml': 'title: 测试\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n',
      'chapters/a.md': note,
      'chapters/pic.png': Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'),
    });
    const out = makeTempDir('ink-rawhtml-out-');
    symlinkSync(makeTempDir('ink-rawhtml-cache-'), path.join(out, '.cache'), 'dir');
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    epub = result.outputs[0]!.file;
    warnings = result.warnings;
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const chapters = Object.keys(zip.files).filter((f) => /chapter-\d+\.xhtml$/.test(f));
    xhtml = (await Promise.all(chapters.map((f) => zip.file(f)!.async('string')))).join('\n');
  });

  it('has none of the forbidden attributes and elements in its XHTML', () => {
    for (const bad of [' align=', ' valign=', ' cellpadding=', ' cellspacing=', ' border=', ' bgcolor=', ' nowrap', ' hspace=', ' summary=', ' name=', '<center', '<font', '<big', '<tt', '<strike', '<acronym', '<script']) {
      expect(xhtml).not.toContain(bad);
    }
    expect(xhtml).toContain('<th class="align-left">左</th>');
    expect(xhtml).toContain('<img src="images/');
    expect(xhtml).toMatch(/<img src="images\/[^"]+" alt="图" width="300" height="200"/);
    expect(xhtml).toContain('<pre><code>&#x3C;script>alert(1)&#x3C;/script>\nfunc main() {}\n</code></pre>');
    expect(xhtml).toContain('<p>缩进的中文段落，不是代码。</p>');
  });

  it('reports only the unsafe CSS, with its line', () => {
    expect(warnings.map((w) => `${w.position.file}:${w.position.line} ${w.rule}`)).toEqual(['chapters/a.md:19 unsafe-html']);
  });

  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, epub], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });
});
