/**
 * `npm run init`: each kind of source (test/fixtures/init/<kind>/, small trees written for these
 * tests) is copied to a temp folder, init writes its book.yaml, and the tests read that file
 * back as YAML and check its structure, its comments and what init reported. One case builds
 * the EPUB from what init wrote; one runs the real command line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { build } from '../scripts/build.ts';
import { InkstoneError } from '../scripts/errors.ts';
import { initBook, type InitResult } from '../scripts/init/index.ts';
import { JsDataReader, Opaque, firstOpaque } from '../scripts/init/js-literal.ts';
import { guessLanguage } from '../scripts/init/language.ts';
import { cleanName, compareNames } from '../scripts/init/order.ts';
import { cleanupTempDirs, makeTempDir, writeFiles, type FixtureFiles } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const FIXTURES = path.join(ROOT, 'test/fixtures/init');

afterAll(cleanupTempDirs);

/** A copy of a fixture in a fresh temp folder (init writes into the folder it is given). */
function copyFixture(kind: string): string {
  const dir = path.join(makeTempDir('ink-init-'), kind);
  cpSync(path.join(FIXTURES, kind), dir, { recursive: true });
  return dir;
}

interface Run {
  dir: string;
  result: InitResult;
  text: string;
  data: Record<string, unknown>;
}

function initIn(dir: string): Run {
  const result = initBook(dir);
  const text = readFileSync(path.join(dir, 'book.yaml'), 'utf8');
  return { dir, result, text, data: parse(text) as Record<string, unknown> };
}

const initFixture = (kind: string) => initIn(copyFixture(kind));
const initFiles = (files: FixtureFiles) => initIn(writeFiles(path.join(makeTempDir('ink-init-'), 'book'), files));

describe('init: mdBook', () => {
  const run = initFixture('mdbook');

  it('takes parts from the # headings of SUMMARY.md and the rest from book.toml', () => {
    expect(run.data).toEqual({
      title: 'Rust 小书',
      author: ['张三', '李四'],
      language: 'zh-CN',
      markdown: { indentedCode: true },
      parts: [
        { title: '前言', chapters: ['src/README.md'] },
        {
          title: '基础篇',
          chapters: [
            { title: '入门', notes: ['src/basics/README.md', 'src/basics/install.md', 'src/basics/hello.md'] },
            { title: '变量与类型', notes: ['src/basics/variables.md'] },
          ],
        },
        { title: '进阶篇', chapters: [{ title: '所有权', notes: ['src/advanced/README.md', 'src/advanced/borrowing.md', 'src/advanced/lifetimes.md'] }] },
      ],
    });
  });

  it('skips drafts, reports missing pages, deep nesting and notes not in SUMMARY.md', () => {
    const { report, notInNav } = run.result;
    expect(report.found).toContain('src/SUMMARY.md:10: draft chapter "草稿章节" (no link) skipped');
    expect(report.found).toContain('1 note nested below chapter level is a section of its chapter (a book has parts → chapters → notes)');
    expect(report.problems).toContain('src/SUMMARY.md:18: "并发" links to advanced/concurrency.md, which does not exist; left out');
    expect(notInNav).toEqual(['src/unused.md']);
    expect(run.text).toContain('# Notes that are not in the nav, so not in the book (add a path to a chapter to include it):\n#   - src/unused.md');
  });

  it('does not believe mdBook\'s default language = "en" for Chinese notes, and says so', () => {
    expect(run.result.report.problems.find((p) => p.startsWith('book.toml [book] language says "en", but the notes are not written in it; used zh-CN'))).toBeDefined();
    expect(run.text).toMatch(/^language: zh-CN # guessed from the text: \d+ Chinese characters, simplified forms/m);
  });

  it('comments where each part came from', () => {
    expect(run.text).toMatch(/# from src\/SUMMARY\.md:5\n {2}- title: 基础篇/);
    expect(run.text).toMatch(/# from src\/SUMMARY\.md:13\n {2}- title: 进阶篇/);
    expect(run.text).toMatch(/^title: Rust 小书 # from book\.toml \[book\] title$/m);
    expect(run.text).toMatch(/^author: \[ 张三, 李四 \] # from book\.toml \[book\] authors$/m);
  });

  it('builds the EPUB from what it wrote', async () => {
    const out = makeTempDir('ink-init-out-');
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    try {
      const result = await build({ configFile: path.join(run.dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
      expect(result.warnings).toEqual([]);
      const zip = await JSZip.loadAsync(readFileSync(result.outputs[0]!.file));
      const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
      const entries = [...nav.matchAll(/<li class="toc-(part|chapter)"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => `${m[1]}:${m[2]}`);
      expect(entries).toEqual(['part:前言', 'chapter:前言', 'part:基础篇', 'chapter:入门', 'chapter:变量与类型', 'part:进阶篇', 'chapter:所有权']);
      const opf = await zip.file('OEBPS/content.opf')!.async('string');
      expect(opf).toContain('<dc:language>zh-CN</dc:language>');
      expect(opf).toContain('>张三</dc:creator>');
      const chapter4 = await zip.file('OEBPS/chapter-004.xhtml')!.async('string');
      for (const text of ['每个值都有一个所有者', '借用让我们不转移所有权就能使用值', '生命周期说明引用有效的范围']) expect(chapter4).toContain(text);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});

describe('init: GitBook / HonKit', () => {
  it('reads book.json (root, title, author, language) and puts README.md first as the introduction', () => {
    const run = initFixture('gitbook');
    expect(run.data).toEqual({
      title: '網頁程式設計',
      author: '王小明',
      language: 'zh-TW',
      markdown: { indentedCode: true },
      chapters: [
        'content/README.md',
        { title: '環境設定', notes: ['content/ch1.md', 'content/ch1-install.md'] },
        { title: '第二章', notes: ['content/ch2/README.md', 'content/ch2/forms.md'] },
      ],
    });
    const { found } = run.result.report;
    expect(found).toContain('content/README.md is the introduction: placed first, as GitBook does when SUMMARY.md does not list it');
    expect(found).toContain('content/ch1-install.md is in the nav 2 times (links to its sections?); kept where it first appears');
    expect(found).toContain('content/SUMMARY.md:8: "參考資料" links to https://example.com/ref, not a note; skipped');
    expect(run.result.report.problems).toEqual([]);
  });

  it('follows LANGS.md to the first language folder with a SUMMARY.md', () => {
    const run = initFiles({
      'LANGS.md': '* [Deutsch](de/)\n* [English](en/)\n* [中文](zh/)\n',
      'README.md': '# The repository\n',
      'en/SUMMARY.md': '* [Start](start.md)\n',
      'en/README.md': '# Web apps\n\nAn introduction that is written in English for the readers of this book.\n',
      'en/start.md': '# Start\n\nThe first chapter of the book is about the tools that you need.\n',
      'zh/SUMMARY.md': '* [开始](start.md)\n',
      'zh/start.md': '# 开始\n',
    });
    expect(run.data.chapters).toEqual(['en/README.md', 'en/start.md']);
    expect(run.data.title).toBe('Web apps');
    expect(run.data.language).toBe('en');
    expect(run.result.report.found).toContain('LANGS.md lists 3 languages; used en/ (English); also present: zh/ (run init on one of those folders for another language)');
    expect(run.result.report.found).toContain('not looked at (outside en/): README.md, zh/SUMMARY.md, zh/start.md');
  });
});

describe('init: MkDocs', () => {
  it('follows the nav of mkdocs.yml, reads its settings and reports pages that do not exist', () => {
    const run = initFixture('mkdocs');
    expect(run.data).toEqual({
      title: 'Field Notes',
      author: 'Ada Writer',
      language: 'en',
      description: 'Notes from the field, collected.',
      markdown: { indentedCode: true },
      chapters: [
        { title: 'Home', notes: ['docs/index.md'] },
        { title: 'Guide', notes: ['docs/guide/start.md', 'docs/guide/advanced.md'] },
        { title: 'About', notes: ['docs/about.md'] },
      ],
    });
    expect(run.result.report.problems).toEqual(['mkdocs.yml:16: "Old page" names guide/removed.md, which does not exist in docs/; left out']);
    expect(run.result.report.found).toContain('mkdocs.yml:17: "Source code" links to https://example.com/repo, not a page; skipped');
    expect(run.result.notInNav).toEqual(['docs/scratch.md']);
  });

  it('without a nav, takes every page of docs_dir in folder order', () => {
    const run = initFiles({
      'mkdocs.yml': 'site_name: 笔记\ndocs_dir: pages\n',
      'pages/index.md': '# 首页\n\n欢迎。\n',
      'pages/b.md': '# 乙\n\n第二篇。\n',
      'pages/a.md': '# 甲\n\n第一篇。\n',
    });
    expect(run.data.chapters).toEqual(['pages/index.md', 'pages/a.md', 'pages/b.md']);
    expect(run.result.report.found).toContain('mkdocs.yml has no nav: every page of pages/ in folder order, as MkDocs does');
  });
});

describe('init: VitePress', () => {
  it('reads the sidebar of docs/.vitepress/config.mts as data: paths go through docs/', () => {
    const run = initFixture('vitepress');
    expect(run.data).toEqual({
      title: '并发编程手记',
      language: 'zh-CN',
      description: '关于并发的笔记',
      markdown: { indentedCode: true },
      parts: [
        { title: '指南', chapters: ['docs/guide/quick-start.md', 'docs/guide/install.md', { title: '配置', notes: ['docs/guide/config.md'] }] },
        { title: '深入', chapters: [{ title: '线程', notes: ['docs/deep/threads.md', 'docs/deep/pool.md'] }, 'docs/deep/locks.md'] },
        { title: '附录', chapters: ['docs/appendix/index.md'] },
      ],
    });
    expect(run.text).toMatch(/# from docs\/\.vitepress\/config\.mts:16 \(sidebar "指南"\)\n {2}- title: 指南/);
    expect(run.result.report.leftOut.get('docs/index.md')).toBe('a home page (layout: home), not a chapter');
    expect(run.result.notInNav).toEqual(['docs/guide/notes.md']);
    // The footer's `${new Date()…}` is code, but it is not in the sidebar: nothing to report.
    expect(run.result.report.problems).toEqual(['author: not found; write it in book.yaml (a commented line marks the place)']);
    expect(run.text).toContain('# author: (not found; write the name here and remove the #)\nlanguage: zh-CN');
  });

  it('says where and why when the sidebar is code, and falls back to the folder rule', () => {
    const run = initFiles({
      '.vitepress/config.ts': "import { defineConfig } from 'vitepress'\nexport default defineConfig({\n  title: 'T',\n  themeConfig: {\n    sidebar: sidebarGuide(),\n  },\n})\nfunction sidebarGuide() { return [] }\n",
      'guide/a.md': '# 甲\n\n正文。\n',
      'guide/b.md': '# 乙\n\n正文。\n',
    });
    expect(run.result.report.problems).toContain(".vitepress/config.ts:5: themeConfig.sidebar is not plain data (a call to sidebarGuide()); init does not run the config's code; used the folder rule for ./");
    // One folder holding everything: its notes are the book's chapters.
    expect(run.data.chapters).toEqual(['guide/a.md', 'guide/b.md']);
  });

  it('follows a sidebar imported from a file of the book, and names a package import it cannot read', () => {
    const local = initFiles({
      'docs/.vitepress/config.mts': "import { sidebar } from './sidebar'\nexport default { title: 'T', themeConfig: { sidebar } }\n",
      'docs/.vitepress/sidebar.ts': "export const sidebar = [{ text: '一', link: '/one' }, { text: '二', link: '/two' }]\n",
      'docs/one.md': '# 一\n\n正文。\n',
      'docs/two.md': '# 二\n\n正文。\n',
    });
    expect(local.data.chapters).toEqual(['docs/one.md', 'docs/two.md']);
    const pkg = initFiles({
      'docs/.vitepress/config.mts': "import { sidebar } from 'some-theme'\nexport default { title: 'T', themeConfig: { sidebar } }\n",
      'docs/one.md': '# 一\n\n正文。\n',
    });
    expect(pkg.result.report.problems[0]).toBe("docs/.vitepress/config.mts:1: themeConfig.sidebar is not plain data (sidebar is imported from the package 'some-theme'); init does not run the config's code; used the folder rule for docs/");
  });
});

describe('init: Docusaurus', () => {
  it('reads sidebars.js: doc ids without number prefixes, front-matter ids, categories, autogenerated folders', () => {
    const run = initFixture('docusaurus');
    expect(run.data).toEqual({
      title: '数据库笔记',
      language: 'zh-Hans',
      description: '从索引到事务',
      markdown: { indentedCode: true },
      chapters: [
        'docs/intro.md',
        { title: '教程', notes: ['docs/tutorial/overview.md', 'docs/tutorial/01-basics/01-index-types.md', 'docs/tutorial/01-basics/02-b-plus-tree.md'] },
        // sidebar_position: locks (1) before transactions (2), whatever their names say.
        { title: '补充', notes: ['docs/tutorial/extras/locks.md', 'docs/tutorial/extras/transactions.md'] },
      ],
    });
    expect(run.result.report.leftOut.get('docs/tutorial/extras/_shared.md')).toBe('a partial (Docusaurus does not list files starting with _)');
    expect(run.result.report.found).toContain('sidebars.js tutorialSidebar: "官方文档" links to https://example.com/docs, not a doc; skipped');
  });
});

describe('init: Obsidian', () => {
  const run = initFixture('obsidian');

  it('makes parts and chapters of the folders, Chinese names by pinyin', () => {
    expect(run.data).toEqual({
      title: 'obsidian',
      language: 'zh-CN',
      markdown: { indentedCode: true },
      parts: [
        // fāngchā < jūnzhí < zhōngwèishù (by code point 中 < 均 < 方 would be the reverse).
        { title: '统计基础', chapters: ['01_统计基础/方差.md', '01_统计基础/均值.md', '01_统计基础/中位数.md'] },
        {
          title: '回归',
          chapters: [
            { title: '线性', notes: ['02_回归/02_线性/简单线性回归.md', '02_回归/02_线性/最小二乘法.md'] },
            { title: '广义线性', notes: ['02_回归/03_广义线性/泊松回归.md'] },
            '02_回归/回归概论.md',
          ],
        },
        // The folder note 03_专题/03_专题.md is the folder's page: first.
        { title: '专题', chapters: ['03_专题/03_专题.md', '03_专题/模型选择.md'] },
      ],
    });
  });

  it('leaves out templates, attachments, drawings and empty notes, and says why', () => {
    expect(Object.fromEntries(run.result.report.leftOut)).toEqual({
      '01_统计基础/未命名.md': 'empty',
      '03_专题/示意图.excalidraw.md': 'an Excalidraw drawing, not a note',
      '附件/': 'Obsidian attachments (.obsidian/app.json)',
      '模板/': 'Obsidian templates (.obsidian/templates.json)',
    });
    expect(run.result.report.guessed).toContain('title: obsidian (guessed from the name of the vault)');
  });

  it('finds a vault one folder down and gives the folder rule a subfolder of attachments', () => {
    const nested = initFiles({
      'README.md': '# 我的知识库\n\n仓库说明。\n',
      'vault/.obsidian/app.json': '{ "attachmentFolderPath": "./assets" }',
      'vault/甲/一.md': '# 一\n\n正文。\n',
      'vault/甲/assets/说明.md': '# 不是笔记\n',
      'vault/乙.md': '# 乙\n\n正文。\n',
    });
    expect(nested.data.title).toBe('我的知识库');
    expect(nested.data.chapters).toEqual([{ title: '甲', notes: ['vault/甲/一.md'] }, 'vault/乙.md']);
    expect(nested.result.report.leftOut.get('vault/甲/assets/')).toBe('Obsidian attachments (.obsidian/app.json)');
  });
});

describe('init: a plain folder', () => {
  const run = initFixture('folder');

  it('folders are chapters; numeric prefixes in natural order; README first', () => {
    expect(run.data).toEqual({
      title: '我的读书笔记',
      language: 'zh-CN',
      chapters: ['README.md', '01_开始.md', { title: '基础', notes: ['02_基础/1.2.md', '02_基础/1.9.md', '02_基础/1.10.md'] }, '03_结尾.md', '附录 \\[A\\].md'],
    });
  });

  it('escapes a file name that reads as a pattern, and explains it', () => {
    expect(run.text).toContain('  - 附录 \\[A\\].md # the file 附录 [A].md: its brackets are escaped, or book.yaml would read a pattern\n');
  });

  it('takes the author most notes name in their front matter, and says it is a guess', () => {
    const withAuthors = initFiles({
      'a.md': '---\nauthor: 林静\n---\n\n# 一\n\n正文。\n',
      'b.md': '---\nauthor: 林静\n---\n\n# 二\n\n正文。\n',
      'c.md': '---\nauthor: 客座作者\n---\n\n# 三\n\n正文。\n',
    });
    expect(withAuthors.data.author).toBe('林静');
    expect(withAuthors.text).toMatch(/^author: 林静 # guessed from the front matter of 2 of the 3 notes$/m);
    expect(run.data.author).toBeUndefined();
  });

  it('leaves out repository files and drafts', () => {
    expect(Object.fromEntries(run.result.report.leftOut)).toEqual({ 'LICENSE.md': 'a repository file, not a note', '草稿.md': 'draft: true in its front matter' });
  });
});

describe('init: an existing book.yaml and other refusals', () => {
  it('never overwrites book.yaml without --force', () => {
    const dir = copyFixture('folder');
    writeFileSync(path.join(dir, 'book.yaml'), 'title: mine\n');
    let error: unknown;
    try {
      initBook(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InkstoneError);
    expect((error as Error).message).toBe(`${path.join(dir, 'book.yaml')} already exists; not overwritten\n  Run again with --force to replace it, or move it away first.`);
    expect(readFileSync(path.join(dir, 'book.yaml'), 'utf8')).toBe('title: mine\n');
    initBook(dir, { force: true });
    expect(parse(readFileSync(path.join(dir, 'book.yaml'), 'utf8')).title).toBe('我的读书笔记');
  });

  it('says so when there is nothing to make a book of', () => {
    const dir = makeTempDir('ink-init-empty-');
    mkdirSync(path.join(dir, 'images'));
    expect(() => initBook(dir)).toThrow(`no notes to make a book of in ${dir}`);
    expect(existsSync(path.join(dir, 'book.yaml'))).toBe(false);
  });

  it('runs as a command: prints what it found and guessed, exit 1 with a hint the second time', () => {
    const dir = copyFixture('obsidian');
    const run = () => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/init.ts'), 'obsidian'], { cwd: ROOT, env: { ...process.env, INIT_CWD: path.dirname(dir) }, encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout.split('\n').slice(0, 2)).toEqual(['found: Obsidian vault (.obsidian/)', '  contents: 3 parts, 8 chapters, 9 notes']);
    expect(first.stdout).toContain('guessed (check these in book.yaml):\n  title: obsidian (guessed from the name of the vault)\n  language: zh-CN (guessed from the text: ');
    expect(first.stdout).toContain('left out (4):\n  03_专题/示意图.excalidraw.md: an Excalidraw drawing, not a note\n');
    expect(first.stdout).toContain(`wrote obsidian/book.yaml\nnext: npm run build -- obsidian/book.yaml\n`);
    const second = run();
    expect(second.status).toBe(1);
    expect(second.stderr).toBe(`inkstone: error: ${path.join(dir, 'book.yaml')} already exists; not overwritten\n  Run again with --force to replace it, or move it away first.\n`);
  });
});

describe('init: ordering', () => {
  it('sorts numbers as numbers and Chinese by pinyin, interleaved with Latin', () => {
    const names = ['1.10.md', '1.2.md', '10_统计.md', '2_回归.md', '中位数.md', '方差.md', '均值.md', 'KNN.md', 'Bootstrap实战.md', '交叉验证.md'];
    expect([...names].sort(compareNames)).toEqual(['1.2.md', '1.10.md', '2_回归.md', '10_统计.md', 'Bootstrap实战.md', '方差.md', '交叉验证.md', '均值.md', 'KNN.md', '中位数.md']);
  });

  it('cleans numeric prefixes off folder names', () => {
    expect(['10_统计学习核心', '1.2 Intro', '02-setup.md', '01基础', '2024', 'README.md'].map(cleanName)).toEqual(['统计学习核心', 'Intro', 'setup', '基础', '2024', 'README']);
  });
});

describe('init: language guess', () => {
  it('tells simplified from traditional Chinese, Japanese, Korean and a few Latin-script languages', () => {
    expect(guessLanguage('这个问题说明了我们为什么需要学习数据库。').tag).toBe('zh-CN');
    expect(guessLanguage('這個問題說明了我們為什麼需要學習資料庫。').tag).toBe('zh-TW');
    expect(guessLanguage('これはデータベースについてのノートです。').tag).toBe('ja');
    expect(guessLanguage('이것은 데이터베이스에 관한 노트입니다.').tag).toBe('ko');
    expect(guessLanguage('This is a note about the database and the way it is used.').tag).toBe('en');
    expect(guessLanguage('Das ist eine Notiz über die Datenbank und wie sie mit der Zeit wächst.').tag).toBe('de');
    expect(guessLanguage('Ceci est une note sur les bases de données et la façon dont on les utilise pour le travail.').tag).toBe('fr');
  });

  it('reads Chinese prose with English terms in it as Chinese', () => {
    expect(guessLanguage('Transformer 模型使用 self-attention 机制，可以并行处理整个序列，这是它比 RNN 更快的原因。').tag).toBe('zh-CN');
  });

  it('says when it had nothing to go on', () => {
    expect(guessLanguage('')).toEqual({ tag: 'zh-CN', reason: 'nothing (no text to guess from; zh-CN by default)', confident: false });
  });
});

describe('init: reading JavaScript and TypeScript without running it', () => {
  const dir = makeTempDir('ink-init-js-');
  const read = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const reader = new JsDataReader(dir);
    const mod = reader.load(file);
    if (typeof mod === 'string') throw new Error(mod);
    return reader.defaultExport(mod);
  };

  it('evaluates literal data: objects, lists, strings, numbers, spreads of constants, as/satisfies', () => {
    const data = read(
      'a.ts',
      "const base = { a: 1 } as const\nconst list = ['x', `y`]\nexport default { ...base, b: -2, c: [...list, 'z'], 'd-e': true, f: null, g: undefined } satisfies Record<string, unknown>\n",
    );
    expect(data).toEqual({ a: 1, b: -2, c: ['x', 'y', 'z'], 'd-e': true, f: null, g: undefined });
  });

  it('reads module.exports in CommonJS', () => {
    expect(read('b.js', "const s = { x: ['intro'] };\nmodule.exports = s;\n")).toEqual({ x: ['intro'] });
  });

  it('names what it cannot read and where, and never runs it', () => {
    const marker = path.join(dir, 'ran');
    const data = read(
      'c.mjs',
      `import fs from 'node:fs'\nexport default {\n  a: fs.writeFileSync(${JSON.stringify(marker)}, 'x'),\n  b: \`v\${1 + 1}\`,\n  c: () => 1,\n  d: process.env.HOME,\n}\n`,
    );
    expect(existsSync(marker)).toBe(false);
    const d = data as Record<string, unknown>;
    expect(String(d.a)).toBe(`c.mjs:3: a call to fs.writeFileSync()`);
    expect(String(d.b)).toBe('c.mjs:4: a template string with ${…} (`v${1 + 1}`)');
    expect(String(d.c)).toBe('c.mjs:5: a function');
    expect(String(d.d)).toBe('c.mjs:6: an expression (process.env.HOME)');
    expect(firstOpaque(data)).toBeInstanceOf(Opaque);
  });

  it('reports a syntax error as a message', () => {
    const file = path.join(dir, 'd.js');
    writeFileSync(file, 'export default {');
    expect(new JsDataReader(dir).load(file)).toMatch(/^d\.js: cannot parse: Unexpected token/);
  });
});

describe('init: paths stay inside the folder', () => {
  it('leaves out SUMMARY.md links that lead outside the book, by .. or through a symlink', () => {
    const outside = makeTempDir('ink-init-outside-');
    writeFileSync(path.join(outside, 'secret.md'), '# secret\n');
    const dir = path.join(makeTempDir('ink-init-'), 'book');
    writeFiles(dir, { 'SUMMARY.md': `* [一](one.md)\n* [外面](../${path.basename(outside)}/secret.md)\n* [链接](linked/secret.md)\n`, 'one.md': '# 一\n\n正文。\n' });
    symlinkSync(outside, path.join(dir, 'linked'));
    const run = initIn(dir);
    expect(run.data.chapters).toEqual(['one.md']);
    expect(run.result.report.problems).toContain(`SUMMARY.md:2: "外面" links to ../${path.basename(outside)}/secret.md, outside the book's folder; left out`);
    expect(run.result.report.problems).toContain(`SUMMARY.md:3: "链接" links to linked/secret.md, outside the book's folder; left out`);
  });
});
