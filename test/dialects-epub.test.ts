/**
 * A small book with every spelling of callouts, tabs, template tags and components (the inputs
 * of the golden fixtures) built to an EPUB: epubcheck reports nothing, the callouts are asides
 * with their roles and labels, and no callout title or tab label is in the navigation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { formatWarning } from '../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from './helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/markdown');
const CASES = ['callouts-github', 'callouts-obsidian', 'admonitions-mkdocs', 'tabs-mkdocs', 'containers-vitepress', 'containers-docusaurus', 'hints-gitbook', 'template-tags', 'site-components'];

let zip: JSZip;
let epubFile: string;
let warnings: string[];

afterAll(cleanupTempDirs);

beforeAll(async () => {
  const notes = Object.fromEntries(CASES.map((c) => [`${c}.md`, readFileSync(path.join(FIXTURES, c, 'input.md'))]));
  const dir = writeBook({
    'book.yaml': [
      'title: 提示与标签页',
      'author: 测试者',
      'language: zh-CN',
      'chapters:',
      '  - { title: GitHub 与 Obsidian, notes: [callouts-github.md, callouts-obsidian.md] }',
      '  - { title: MkDocs, notes: [admonitions-mkdocs.md, tabs-mkdocs.md] }',
      '  - { title: VitePress 与 Docusaurus, notes: [containers-vitepress.md, containers-docusaurus.md] }',
      '  - hints-gitbook.md',
      '  - { title: 模板标签, notes: [template-tags.md, site-components.md] }',
      '',
    ].join('\n'),
    ...notes,
  });
  const out = makeTempDir('ink-dialects-out-');
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  try {
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    epubFile = result.outputs[0]!.file;
    warnings = result.warnings.map(formatWarning);
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
  zip = await JSZip.loadAsync(readFileSync(epubFile));
});

const chapters = async () => {
  const names = Object.keys(zip.files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n)).sort();
  return (await Promise.all(names.map((n) => zip.file(n)!.async('string')))).join('\n');
};

describe('callouts, tabs and template tags in an EPUB', () => {
  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, epubFile], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('prints every callout as an aside with a role and its label, and every tab under its label', async () => {
    const xhtml = await chapters();
    const asides = [...xhtml.matchAll(/<aside class="callout[^"]*" role="([^"]+)">/g)].map((m) => m[1]);
    // As many as the fixtures' expected.html have between them: every spelling ends up here.
    expect(asides.length).toBe(51);
    expect(new Set(asides)).toEqual(new Set(['note', 'doc-tip', 'doc-example']));
    for (const label of ['注意', '提示', '重要', '警告', '小心', '危险', '信息', '详情', '总结', '待办', '成功', '示例', '引用', 'Bug']) {
      expect(xhtml, label).toContain(`<span class="callout-label">${label}</span>`);
    }
    const tabLabels = [...xhtml.matchAll(/<p class="tab-label">([^<]*)<\/p>/g)].map((m) => m[1]);
    expect(tabLabels).toEqual(['Python', 'C++', '新的一组', '同组第二个', '选中', '甲', '乙', 'npm', 'pnpm', 'js', '苹果', '橘子', 'py', 'JavaScript', 'Python', 'Go']);
  });

  it('leaves no template tag, component or container marker in the text (code aside)', async () => {
    const text = (await chapters()).replace(/<pre[^]*?<\/pre>|<code>[^]*?<\/code>/g, '');
    for (const gone of ['{% include', '{% endif', '{% hint', '{% endhint', '{% tab', '{% embed', '{{< youtube', '{{% notice', '<Badge', '<MyChart', '<CustomBlock', '<script', '<Tabs', '<TabItem', '<Admonition', '!!! note', '??? warning', '::: tip', ':::note', '=== "', '> [!']) {
      expect(text, gone).not.toContain(gone.replace(/</g, '&lt;'));
      expect(text, gone).not.toContain(gone);
    }
  });

  it('keeps callout titles and tab labels out of the navigation', async () => {
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    for (const label of ['外层问题', '自定义标题', 'Python', '苹果', '提示块里的标签页']) expect(nav, label).not.toContain(label);
  });

  it('says what went, once per kind and note', () => {
    expect(warnings.filter((w) => /\[(template-tag|hugo-shortcode|site-component|unclosed-container)\]$/.test(w)).map((w) => w.replace(/: .*\[/, ' ['))).toEqual([
      'containers-docusaurus.md:1 [site-component]',
      'hints-gitbook.md:33 [unclosed-container]',
      'template-tags.md:5 [template-tag]',
      'template-tags.md:19 [hugo-shortcode]',
      'site-components.md:1 [site-component]',
    ]);
  });
});
