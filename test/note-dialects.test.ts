/**
 * The Markdown people actually write beyond CommonMark: Obsidian vaults (wikilinks, embeds,
 * highlights, comments, block ids), mdBook and MkDocs includes, front-matter order. The golden
 * fixtures (test/fixtures/markdown/obsidian-*, includes-*, highlight, comments,
 * front-matter-order, markdown-extensions-off) show every spelling; this file checks what a
 * golden file cannot: Obsidian's lookup rules one by one, errors, the note cache seeing changed
 * included and embedded files, and a small vault built to an EPUB that epubcheck accepts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { formatWarning } from '../scripts/errors.ts';
import { findInVault, scanVault } from '../scripts/markdown/vault.ts';
import { parseWikiTarget } from '../scripts/markdown/wikilinks.ts';
import { toString as hastToText } from 'hast-util-to-string';
import { cleanupTempDirs, configError, errorOfAsync, loadIn, makeTempDir, TINY_PNG, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

describe('Obsidian: which file [[name]] means', () => {
  const dir = writeBook({
    'a/note.md': '',
    'a/b/note.md': '',
    'c/note.md': '',
    'c/d/e/Other Name.md': '',
    'top.md': '',
    'x/top.md': '',
    'img/pic.png': TINY_PNG,
    'a/pic.png': TINY_PNG,
    'attach/only-here.png': TINY_PNG,
    'build/note.md': '',
    'node_modules/pkg/note.md': '',
    '.hidden/note.md': '',
  });
  const vault = scanVault(dir, [path.join(dir, 'build')]);

  it('lists the folder without hidden folders, node_modules and the output folder', () => {
    expect(vault.files).toEqual(['a/b/note.md', 'a/note.md', 'a/pic.png', 'attach/only-here.png', 'c/d/e/Other Name.md', 'c/note.md', 'img/pic.png', 'top.md', 'x/top.md']);
  });

  it('prefers the linking note’s own folder, then the shortest path', () => {
    expect(findInVault(vault, 'note', 'a/b/from.md')).toBe('a/b/note.md');
    expect(findInVault(vault, 'note', 'c/d/from.md')).toBe('a/note.md'); // a/ and c/ are as deep: alphabetical
    expect(findInVault(vault, 'top', 'x/y/from.md')).toBe('top.md');
  });

  it('matches names in any case, with or without .md, and paths from the root, the note or their end', () => {
    expect(findInVault(vault, 'other name', 'top.md')).toBe('c/d/e/Other Name.md');
    expect(findInVault(vault, 'OTHER NAME.md', 'top.md')).toBe('c/d/e/Other Name.md');
    expect(findInVault(vault, 'x/top', 'a/from.md')).toBe('x/top.md');
    expect(findInVault(vault, 'e/Other Name', 'top.md')).toBe('c/d/e/Other Name.md');
    expect(findInVault(vault, '../x/top', 'a/from.md')).toBe('x/top.md');
    expect(findInVault(vault, 'b/note', 'top.md')).toBe('a/b/note.md');
  });

  it('finds nothing outside the vault, in hidden or excluded folders, or under another name', () => {
    expect(findInVault(vault, '../../etc/passwd', 'a/from.md')).toBeUndefined();
    expect(findInVault(vault, 'nothing', 'top.md')).toBeUndefined();
    expect(findInVault(vault, 'build/note', 'top.md')).toBeUndefined(); // the output folder is not in the vault
    expect(findInVault(vault, 'pkg/note', 'top.md')).toBeUndefined();
  });

  it('finds attachments next to the note first, then in the attachment folder, then anywhere', () => {
    expect(findInVault(vault, 'pic.png', 'a/from.md', { attachment: true })).toBe('a/pic.png');
    expect(findInVault(vault, 'pic.png', 'c/from.md', { attachment: true })).toBe('a/pic.png'); // shortest, then alphabetical
    const withFolder = { ...vault, attachmentFolder: 'img' };
    expect(findInVault(withFolder, 'pic.png', 'c/from.md', { attachment: true })).toBe('img/pic.png');
    expect(findInVault({ ...vault, attachmentFolder: './' }, 'pic.png', 'img/from.md', { attachment: true })).toBe('img/pic.png');
    expect(findInVault(vault, 'only-here.png', 'c/from.md', { attachment: true })).toBe('attach/only-here.png');
  });

  it('splits [[path#heading|text]] as Obsidian does (`\\|` in tables, the last heading of a chain)', () => {
    expect(parseWikiTarget('note')).toEqual({ path: 'note', fragment: undefined, alias: undefined });
    expect(parseWikiTarget('dir/note#A#B|shown')).toEqual({ path: 'dir/note', fragment: 'B', alias: 'shown' });
    expect(parseWikiTarget('note#^blk-1\\|x')).toEqual({ path: 'note', fragment: '^blk-1', alias: 'x' });
    expect(parseWikiTarget('#本节')).toEqual({ path: '', fragment: '本节', alias: undefined });
    expect(parseWikiTarget('pic.png|300x200')).toEqual({ path: 'pic.png', fragment: undefined, alias: '300x200' });
  });

  it('reads the attachment folder from .obsidian/app.json', () => {
    const vaultDir = writeBook({ '.obsidian/app.json': '{"attachmentFolderPath": "./assets"}', 'n.md': '' });
    expect(scanVault(vaultDir).attachmentFolder).toBe('./assets');
    expect(scanVault(writeBook({ '.obsidian/app.json': '{ not json', 'n.md': '' })).attachmentFolder).toBeUndefined();
  });
});

const BOOK = 'title: 方言\nauthor: 测试者\nlanguage: zh-CN\n';

describe('includes and embeds stay inside the book’s folder', () => {
  it('an mdBook include outside the folder is an error at the directive’s line', async () => {
    const root = writeBook({
      'secret.txt': 'secret\n',
      'book/book.yaml': `${BOOK}chapters:\n  - a.md\n`,
      'book/a.md': '# 甲\n\n```\n{{#include ../secret.txt}}\n```\n',
    });
    const dir = path.join(root, 'book');
    const message = await errorOfAsync(() => loadIn(dir));
    expect(message).toBe(
      "a.md:4: {{#include ../secret.txt}}: path leads outside the book's folder: ../secret.txt\n" +
        "  An included file must be inside the book's folder (the folder of book.yaml); move it there, or move book.yaml up.",
    );
  });

  it('an absolute MkDocs snippet path is an error too', async () => {
    const dir = writeBook({ 'book.yaml': `${BOOK}chapters:\n  - a.md\n`, 'a.md': '# 甲\n\n--8<-- "/etc/hostname"\n' });
    expect(await errorOfAsync(() => loadIn(dir))).toMatch(/^a\.md:3: --8<-- "\/etc\/hostname": absolute path not allowed: \/etc\/hostname\n/);
  });

  it('book.yaml markdown: takes only its switches, as true or false', () => {
    const bad = writeBook({ 'book.yaml': `${BOOK}markdown: { wikilinks: "no", tables: false }\nchapters:\n  - a.md\n`, 'a.md': '# 甲\n' });
    expect(configError(bad)).toBe(
      'book.yaml:4:24: markdown.wikilinks: expected true or false, got the string "no"\n' +
        'book.yaml:4:30: markdown.tables: unknown key "tables"; did you mean "tabs"?\n  Allowed here: indentedCode, wikilinks, includes, highlight, comments, math, callouts, tabs, templateTags, diagrams, pluginBlocks',
    );
  });
});

describe('the note cache sees the files a note includes or embeds', () => {
  it('a changed include, a changed embedded note and a new file that [[name]] finds are all picked up', async () => {
    const dir = writeBook({
      'book.yaml': `${BOOK}chapters:\n  - a.md\n`,
      'a.md': '# 甲\n\n```\n{{#include code.txt}}\n```\n\n![[片段]]\n\n见 [[新笔记]]。\n',
      'code.txt': '第一版代码\n',
      'lib/片段.md': '第一版片段。\n',
    });
    const text = async () => hastToText((await loadIn(dir)).book.parts[0]!.chapters[0]!.tree);
    // What the preview watches besides the listed notes.
    expect((await loadIn(dir)).book.dependencies).toEqual([path.join(dir, 'code.txt'), path.join(dir, 'lib/片段.md')]);
    const first = await text();
    expect(first).toContain('第一版代码');
    expect(first).toContain('第一版片段。');
    writeFileSync(path.join(dir, 'code.txt'), '第二版代码\n');
    writeFileSync(path.join(dir, 'lib/片段.md'), '第二版片段。\n');
    const second = await text();
    expect(second).toContain('第二版代码');
    expect(second).toContain('第二版片段。');
    // `[[新笔记]]` found nothing; once the file exists it is a note outside the book (another warning).
    const before = (await loadIn(dir)).warnings;
    expect(before).toContain("a.md:9: warning: link to nothing: [[新笔记]] (no note or file of that name in the book's folder); the link text is kept, unlinked [broken-link]");
    writeFileSync(path.join(dir, 'lib/新笔记.md'), '# 新\n');
    const after = (await loadIn(dir)).warnings;
    expect(after).toContain('a.md:9: warning: link to a note that is not in the book: lib/新笔记.md; the link text is kept, unlinked [broken-link]');
  });
});

describe('a small Obsidian vault as an EPUB', () => {
  it('builds with every dialect, passes epubcheck with 0 errors and 0 warnings, and leaves no syntax behind', async () => {
    const dir = writeBook({
      'book.yaml': `${BOOK}chapters:\n  - title: 笔记\n    notes: ["notes/*.md"]\n`,
      '.obsidian/app.json': '{"attachmentFolderPath": "附件"}',
      '附件/图 1.png': TINY_PNG,
      'notes/甲.md': [
        '---',
        'order: 1',
        '---',
        '# 甲',
        '',
        '见 [[乙]]、[[乙#第二节|第二节]]、[[乙#^blk]]、[[#本节]]。==重点==%%注释%%。',
        '',
        '![[图 1.png|120x80]]',
        '',
        '![[书外#要点]]',
        '',
        '```',
        '{{#include ../code/x.txt}}',
        '```',
        '',
        '## 本节',
        '',
        '%%',
        '块注释',
        '%%',
        '',
        '结束。',
      ].join('\n'),
      'notes/乙.md': '---\norder: 0\n---\n# 乙\n\n## 第二节\n\n有块标识的一段。 ^blk\n',
      'lib/书外.md': '# 书外\n\n## 要点\n\n要点内容。\n',
      'code/x.txt': '引入的代码\n',
    });
    const out = makeTempDir('ink-dialects-out-');
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    expect(result.warnings.map(formatWarning)).toEqual([]);
    const file = result.outputs[0]!.file;
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const check = spawnSync('java', ['-jar', jar, file], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');

    const zip = await JSZip.loadAsync(readFileSync(file));
    const xhtml = await zip.file('OEBPS/chapter-001.xhtml')!.async('string');
    // 乙 (order 0) comes before 甲 (order 1).
    expect(xhtml.indexOf('id="note-乙"')).toBeLessThan(xhtml.indexOf('id="note-甲"'));
    expect(xhtml).toContain('见 <a href="#note-乙">乙</a>、<a href="#第二节">第二节</a>、<a href="#blk">乙</a>、<a href="#本节">本节</a>。<mark>重点</mark>。');
    expect(xhtml).toContain('<p id="blk">有块标识的一段。</p>');
    expect(xhtml).toMatch(/<img src="images\/[0-9a-f]{16}\.png" alt="图 1\.png" width="120" height="80" \/>/);
    expect(xhtml).toContain('要点内容。');
    expect(xhtml).toContain('<code>引入的代码\n</code>');
    const text = xhtml.replace(/<[^>]+>/g, '');
    for (const left of ['[[', ']]', '==', '%%', '^blk', '{{#', '块注释']) expect(text, left).not.toContain(left);
  });
});
