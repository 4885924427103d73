/**
 * The Markdown of other tools (scripts/markdown/dialects.ts): every spelling of a callout or of
 * tabs gives the same HTML, each book.yaml `markdown:` switch turns off only its own syntax,
 * template tags and components are reported once per kind and note, and nothing inside code is
 * touched. The golden fixtures (callouts-*, admonitions-mkdocs, containers-*, hints-gitbook,
 * tabs-mkdocs, template-tags, site-components, dialects-off) show each spelling in full.
 */
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, describe, expect, it } from 'vitest';
import { textByRole } from '../scripts/assets/font-text.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { LABELS } from '../scripts/labels.ts';
import { cachedMarkdownToHast } from '../scripts/markdown/cache.ts';
import { calloutLabel, calloutStyle } from '../scripts/markdown/containers/model.ts';
import { MAX_NESTING } from '../scripts/markdown/nesting.ts';
import { DEFAULT_SYNTAX, markdownToHast } from '../scripts/markdown/pipeline.ts';
import type { MarkdownSyntax } from '../scripts/model.ts';
import { bookYaml, cleanupTempDirs, configError, loadIn, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const ON: MarkdownSyntax = DEFAULT_SYNTAX;

async function render(markdown: string, markdownOptions: Partial<MarkdownSyntax> = {}) {
  const diagnostics = new Diagnostics();
  const { tree } = await markdownToHast(markdown, { file: 'n.md', single: false, footnotePrefix: 'n1-', indentedCode: 'auto', diagnostics, syntax: { ...ON, ...markdownOptions } });
  return { html: toHtml(tree as Root), warnings: diagnostics.warnings.map(formatWarning), rules: diagnostics.warnings.map((w) => w.rule) };
}
const html = async (markdown: string, options: Partial<MarkdownSyntax> = {}) => (await render(markdown, options)).html;

describe('one callout, every spelling', () => {
  const TITLED = '<aside class="callout callout-tip callout-short" role="doc-tip">\n<p class="callout-title"><span class="callout-label">提示</span> <span class="callout-title-text">安装 <em>Go</em></span></p>\n<p>内容 <strong>粗</strong></p>\n</aside>';

  it.each([
    ['GitHub / Obsidian', '> [!TIP] 安装 *Go*\n> 内容 **粗**\n'],
    ['Obsidian, foldable', '> [!tip]- 安装 *Go*\n> 内容 **粗**\n'],
    ['MkDocs !!!', '!!! tip "安装 *Go*"\n    内容 **粗**\n'],
    ['MkDocs ???+', '???+ tip "安装 *Go*"\n\n    内容 **粗**\n'],
    ['VitePress', '::: tip 安装 *Go*\n内容 **粗**\n:::\n'],
    ['Docusaurus', ':::tip[安装 *Go*]\n\n内容 **粗**\n\n:::\n'],
    ['Docusaurus, longer fence', '::::tip{title="安装 *Go*"}\n内容 **粗**\n::::\n'],
  ])('%s', async (_name, markdown) => {
    expect(await html(markdown)).toBe(TITLED);
  });

  it('Docusaurus <Admonition> and GitBook hints give the same box (GitBook has no title)', async () => {
    const untitled = await html('> [!tip]\n> 内容 **粗**\n');
    expect(untitled).toContain('<p class="callout-title"><span class="callout-label">提示</span></p>');
    expect(await html('{% hint style="tip" %}\n内容 **粗**\n{% endhint %}\n')).toBe(untitled);
    expect(await html('<Admonition type="tip">\n\n内容 **粗**\n\n</Admonition>\n')).toBe(untitled);
  });

  it('has a label for every kind it has a style for, and shows an unknown kind by its name as written', () => {
    const labels: Record<string, string> = LABELS.calloutKinds;
    for (const kind of Object.keys(labels)) expect(calloutStyle(kind), kind).toBeDefined();
    for (const kind of ['note', 'tip', 'important', 'warning', 'caution', 'danger', 'info', 'example', 'quote', 'summary', 'question', 'failure', 'success', 'bug', 'todo', 'abstract']) {
      expect(labels[kind], kind).toMatch(/\S/);
    }
    expect(calloutLabel('WARNING')).toBe('警告');
    expect(calloutLabel('MyKind')).toBe('MyKind');
    expect(calloutStyle('MyKind')).toBeUndefined();
  });

  it('is never a heading: a callout title does not enter the contents', async () => {
    const dir = writeBook({ 'book.yaml': bookYaml('  - n.md\n'), 'n.md': '# 章\n\n!!! note "不是标题"\n    内容\n\n## 小节\n' });
    const { book } = await loadIn(dir);
    const sections = book.parts[0]!.chapters[0]!.sections;
    expect(sections.map((s) => s.text)).toEqual(['小节']);
  });
});

describe('one set of tabs, every spelling', () => {
  const TABS = '<div class="tabs">\n<div class="tab">\n<p class="tab-label">Python</p>\n<p>甲 <strong>粗</strong></p>\n</div>\n<div class="tab">\n<p class="tab-label">Go</p>\n<p>乙</p>\n</div>\n</div>';

  it.each([
    ['MkDocs', '=== "Python"\n\n    甲 **粗**\n\n=== "Go"\n\n    乙\n'],
    ['GitBook', '{% tabs %}\n{% tab title="Python" %}\n甲 **粗**\n{% endtab %}\n{% tab title="Go" %}\n乙\n{% endtab %}\n{% endtabs %}\n'],
    ['Docusaurus', '<Tabs>\n<TabItem value="py" label="Python">\n\n甲 **粗**\n\n</TabItem>\n<TabItem value="Go">\n\n乙\n\n</TabItem>\n</Tabs>\n'],
  ])('%s', async (_name, markdown) => {
    expect(await html(markdown)).toBe(TABS);
  });

  it('VitePress code groups label each code block with its [name], else its language', async () => {
    const out = await html('::: code-group\n```sh [npm]\nnpm i\n```\n```js\nx\n```\n:::\n');
    expect(out).toMatch(/^<div class="tabs">\n<div class="tab">\n<p class="tab-label">npm<\/p>\n<pre><code class="hljs language-sh">npm i\n<\/code><\/pre>\n<\/div>\n<div class="tab">\n<p class="tab-label">js<\/p>/);
  });
});

describe('book.yaml markdown: switches', () => {
  const SAMPLE = '> [!NOTE]\n> 甲\n\n=== "Python"\n    乙\n\n::: code-group\n```js [a.js]\nx\n```\n:::\n\n文字 {% include x.html %} 与 <Badge text="beta"/>\n';

  it('callouts: false leaves alerts as quotes and keeps tabs', async () => {
    const { html: out, rules } = await render(SAMPLE, { callouts: false });
    expect(out).toContain('<blockquote>\n<p>[!NOTE]\n甲</p>\n</blockquote>');
    expect(out).not.toContain('<aside');
    expect(out).toContain('<p class="tab-label">Python</p>');
    expect(out).toContain('<p class="tab-label">a.js</p>');
    expect(rules).toEqual(['template-tag', 'site-component']);
  });

  it('tabs: false leaves tabs as text and keeps callouts', async () => {
    const out = await html(SAMPLE, { tabs: false });
    expect(out).toContain('<aside class="callout callout-note callout-short" role="note">');
    expect(out).not.toContain('class="tabs"');
    expect(out).toContain('<p>=== "Python"\n乙</p>');
    expect(out).toContain('<p>::: code-group</p>');
  });

  it('templateTags: false keeps the tags, without a warning', async () => {
    const { html: out, rules } = await render(SAMPLE, { templateTags: false });
    expect(out).toContain('文字 {% include x.html %} 与');
    expect(rules).not.toContain('template-tag');
    expect(rules).not.toContain('site-component');
  });

  it('are read from book.yaml, each on by default', () => {
    expect(resolveIn(writeBook({ 'book.yaml': bookYaml('  - n.md\n'), 'n.md': '文字\n' })).markdown).toEqual({ ...ON, indentedCode: 'auto', pluginBlocks: 'drop' });
    const off = writeBook({ 'book.yaml': bookYaml('  - n.md\n', 'markdown: { callouts: false, templateTags: false }\n'), 'n.md': '文字\n' });
    expect(resolveIn(off).markdown).toEqual({ ...ON, indentedCode: 'auto', pluginBlocks: 'drop', callouts: false, tabs: true, templateTags: false });
  });

  it('are checked like every key', () => {
    const wrongType = writeBook({ 'book.yaml': bookYaml('  - n.md\n', 'markdown:\n  tabs: "no"\n'), 'n.md': '文字\n' });
    expect(configError(wrongType)).toBe('book.yaml:5:9: markdown.tabs: expected true or false, got the string "no"');
    const typo = writeBook({ 'book.yaml': bookYaml('  - n.md\n', 'markdown:\n  callout: false\n'), 'n.md': '文字\n' });
    expect(configError(typo)).toBe('book.yaml:5:3: markdown.callout: unknown key "callout"; did you mean "callouts"?\n  Allowed here: indentedCode, wikilinks, includes, highlight, comments, math, callouts, tabs, templateTags, diagrams, pluginBlocks');
  });

  it('reach the book through the note cache, which never serves a note converted with other switches', async () => {
    const markdown = '> [!NOTE]\n> 甲\n';
    const convert = async (callouts: boolean) => {
      const options = { file: 'cached.md', single: false, footnotePrefix: 'n1-', indentedCode: 'auto' as const, diagnostics: new Diagnostics(), syntax: { ...ON, callouts } };
      return toHtml((await cachedMarkdownToHast(markdown, options, {})).tree as Root);
    };
    expect(await convert(true)).toContain('<aside');
    expect(await convert(false)).toContain('<blockquote>');
    expect(await convert(true)).toContain('<aside');
  });

  it('a whole book: markdown.callouts: false in book.yaml gives quotes', async () => {
    const dir = writeBook({ 'book.yaml': bookYaml('  - n.md\n', 'markdown: { callouts: false }\n'), 'n.md': '# 章\n\n> [!NOTE]\n> 甲\n' });
    const { book } = await loadIn(dir);
    expect(toHtml(book.parts[0]!.chapters[0]!.tree as Root)).toContain('<blockquote>');
  });
});

describe('template tags and components', () => {
  it('gives one warning per kind and note, naming what went', async () => {
    const { warnings } = await render(
      [
        '{% include a.html %} 甲 {% if x %}乙{% endif %}',
        '',
        '{{< youtube abc >}} 与 {{% notice %}}丙{{% /notice %}}',
        '',
        '<Badge text="新"/> <MyWidget/> <Other>丁</Other>',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([
      "n.md:1: warning: template tag {% include a.html %} removed (3 in this note, also if, endif): a site generator's tags mean nothing in a book; the text around them is kept [template-tag]",
      "n.md:3: warning: Hugo shortcode {{< youtube abc >}} removed (3 in this note, also notice): a site generator's tags mean nothing in a book; the text around them is kept [hugo-shortcode]",
      "n.md:5: warning: removed <Badge>, <MyWidget>, <Other>: a documentation site's components and scripts mean nothing in a book; the text inside components is kept [site-component]",
    ]);
  });

  it('never touches code blocks or inline code', async () => {
    const markdown = '```\n{% raw %}\n> [!NOTE]\n!!! note\n::: tip\n{{< x >}}\n<Badge/>\n```\n\n`{% include a %}` `<Badge/>` `{{< y >}}`\n';
    const { html: out, warnings } = await render(markdown);
    expect(out).toBe(
      '<pre><code>{% raw %}\n> [!NOTE]\n!!! note\n::: tip\n{{&#x3C; x >}}\n&#x3C;Badge/>\n</code></pre>\n<p><code>{% include a %}</code> <code>&#x3C;Badge/></code> <code>{{&#x3C; y >}}</code></p>',
    );
    expect(warnings).toEqual([]);
  });

  it('keeps what {% raw %} encloses exactly, across paragraphs and HTML comments', async () => {
    const out = await html('<!-- {% raw %} -->\n甲 {{.Name}} {% if %}\n\n乙 {% endif %}\n<!-- {% endraw %} -->\n\n丙 {% if %}\n');
    expect(out).toContain('<p>甲 {{.Name}} {% if %}</p>\n<p>乙 {% endif %}</p>');
    expect(out).toContain('<p>丙</p>');
  });

  it('leaves no space where a tag stood between Chinese words, one between Latin ones', async () => {
    expect(await html('中文 {% include x %} 中文 and {% include y %} words\n')).toBe('<p>中文中文 and words</p>');
  });
});

describe('fonts', () => {
  it('sets callout labels, titles and tab labels in the heading font, so its subset has their characters', async () => {
    const dir = writeBook({ 'book.yaml': bookYaml('  - n.md\n'), 'n.md': '# 章\n\n> [!caution] 鹦鹉\n> 内容\n\n=== "骆驼"\n    内容\n' });
    const { book } = await loadIn(dir);
    const heading = textByRole(book).heading;
    for (const ch of ['小', '心', '鹦', '鹉', '骆', '驼']) expect(heading).toContain(ch);
  });
});

describe('pathological nesting of callouts and tabs is a clean error, not minutes of parsing', () => {
  const deepIndented = (n: number) => `${Array.from({ length: n }, (_, i) => `${' '.repeat(4 * i)}!!! note`).join('\n')}\n${' '.repeat(4 * n)}底\n`;
  const deepFenced = (n: number) => `${Array.from({ length: n }, (_, i) => `${':'.repeat(3 + n - i)} tip`).join('\n')}\n底\n${Array.from({ length: n }, (_, i) => ':'.repeat(4 + i)).join('\n')}\n`;

  it.each([
    ['3000 admonitions, each indented under the last', deepIndented(3000), 101],
    ['3000 ::: containers, each fence one colon shorter', deepFenced(3000), 101],
    ['3000 GitBook hints', `${'{% hint style="info" %}\n'.repeat(3000)}底\n`, 101],
  ])('%s', async (_name, markdown, line) => {
    const t0 = Date.now();
    const error = await render(markdown).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(error?.message).toBe(`n.md:${line}:1: callouts or tabs nested ${MAX_NESTING + 1} levels deep; at most ${MAX_NESTING} are supported\n  Flatten the nesting (is this generated text?).`);
  });

  it('100 levels still build', async () => {
    const out = await html(deepIndented(100));
    expect(out.match(/<aside/g)).toHaveLength(100);
    expect(out).toContain('<p>底</p>');
  });
});
