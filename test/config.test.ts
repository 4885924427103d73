/**
 * book.yaml → ResolvedBook: every mistake a user can make gives one exact message with
 * `book.yaml:LINE:COL`, the key path and what to do. Tests run with cwd = the book's folder, so
 * messages name `book.yaml` as a user running `npm run build` there would see it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { allowedKeys } from '../scripts/config/load.ts';
import { bookSchema } from '../scripts/config/schema.ts';
import { textByRole } from '../scripts/assets/font-text.ts';
import { cleanupTempDirs, configError, loadIn, makeTempDir, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const NOTE = { 'chapters/a.md': '# 甲\n\n正文。\n' };
/** A valid book.yaml with the given lines replaced/added; keeps tests to the line under test. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;
const CHAPTERS = ['chapters:', '  - chapters/a.md'];
/** The top-level keys as the hint lists them (from the schema, so a new key does not break tests). */
const TOP_KEYS = allowedKeys(bookSchema, []).join(', ');

describe('book.yaml: reading and YAML syntax', () => {
  it('reports a missing book.yaml with what to do', () => {
    const dir = writeBook({ 'notes.txt': '' });
    expect(configError(dir)).toBe('book.yaml not found\n  Create it (see README.md, "book.yaml"), or pass the path: npm run build -- path/to/book.yaml');
  });

  it('points an unclosed quote at where it opens, not at the end of the file', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: "大模型手记', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:1:8: YAML: quoted value is never closed; add the closing "');
  });

  it('reports an unclosed flow list with line and column', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: [a, b', 'language: zh-CN'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:2:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]');
  });

  it('refuses tab indentation', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '\t- chapters/a.md'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:4:1: YAML: tab used for indentation; indent with spaces');
  });

  it('refuses a duplicate key, naming it and where it first appears', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'title: U', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:3:1: YAML: title: duplicate key "title" (first at line 1); each key may appear once');
  });

  it('names the full key path of a nested duplicate key', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'pdf:', '  pageSize: A5', '  pageSize: A4', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:5:3: YAML: pdf.pageSize: duplicate key "pageSize" (first at line 4); each key may appear once');
  });

  it.each([
    ['!!js/function', 'title: !!js/function "function () {}"', 'book.yaml:1:8: YAML: Unresolved tag: tag:yaml.org,2002:js/function; YAML tags are not allowed in book.yaml'],
    ['!foo', 'title: !foo T', 'book.yaml:1:8: YAML: Unresolved tag: !foo; YAML tags are not allowed in book.yaml'],
  ])('refuses the YAML tag %s', (_name, line, message) => {
    const dir = writeBook({ 'book.yaml': yaml(line, 'language: zh-CN', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe(message);
  });

  it('stops a billion-laughs alias bomb within a second', () => {
    const levels = 'abcdefghi'.split('');
    const lines = [`a: &a [${Array(9).fill('"lol"').join(',')}]`];
    for (let i = 1; i < levels.length; i++) lines.push(`${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`);
    const dir = writeBook({ 'book.yaml': yaml(...lines, 'title: T', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    const t0 = performance.now();
    const message = configError(dir);
    const elapsed = performance.now() - t0;
    expect(message).toBe('book.yaml:1:1: YAML: too many aliases (*name): more than 100 copies, as in an alias bomb; write the values out instead');
    expect(elapsed).toBeLessThan(1000);
  });

  it.each([
    ['an empty file', ''],
    ['a file with only comments', '# nothing yet\n'],
  ])('reports %s as empty', (_name, text) => {
    const dir = writeBook({ 'book.yaml': text });
    expect(configError(dir)).toBe('book.yaml:1:1: book.yaml is empty\n  Add at least title, language and chapters.');
  });

  it('refuses a book.yaml that is not a mapping', () => {
    const dir = writeBook({ 'book.yaml': 'just a title\n' });
    expect(configError(dir)).toBe('book.yaml:1:1: (top level): expected a mapping (key: value lines), got the string "just a title"');
  });

  it('shows the path relative to the working directory', () => {
    const dir = writeBook({ 'book/book.yaml': yaml('title: 3', 'language: zh-CN', ...CHAPTERS), 'book/chapters/a.md': '# A\n' });
    expect(configError(dir)).toBe('book.yaml not found\n  Create it (see README.md, "book.yaml"), or pass the path: npm run build -- path/to/book.yaml');
    expect(configError(path.join(dir, 'book'))).toBe('book.yaml:1:8: title: expected the book title, got the number 3');
  });
});

describe('book.yaml: schema', () => {
  it('suggests the nearest key for a typo, and does not also report the real key as missing', () => {
    const dir = writeBook({ 'book.yaml': yaml('titel: 大模型手记', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe(
      'book.yaml:1:1: titel: unknown key "titel"; did you mean "title"?\n' +
        `  Allowed here: ${TOP_KEYS}`,
    );
  });

  it('suggests the nearest key inside a part', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'parts:', '  - title: 第一部分', '    chapter:', '      - chapters/a.md'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:5:5: parts[0].chapter: unknown key "chapter"; did you mean "chapters"?\n  Allowed here: title, chapters');
  });

  it('lists the top-level keys in schema order', () => {
    expect(TOP_KEYS.startsWith('title, subtitle, author, language, description, publisher, date, version, identifier, cover, parts, chapters, ')).toBe(true);
    expect(TOP_KEYS.endsWith('output, style, notes, markdown, footnotes, epub, pdf')).toBe(true);
  });

  it('gives no suggestion for a key unlike any other', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'epub:', '  xyz: 1', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:4:3: epub.xyz: unknown key "xyz"\n  Allowed here: embedFonts');
  });

  it('reports every problem at once', () => {
    const dir = writeBook({ 'book.yaml': yaml('titel: T', 'language: zh-CN', 'epub:', '  embedFonts: "no"', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe(
      'book.yaml:1:1: titel: unknown key "titel"; did you mean "title"?\n' +
        `  Allowed here: ${TOP_KEYS}\n` +
        'book.yaml:4:15: epub.embedFonts: expected true or false, got the string "no"',
    );
  });

  it.each([
    ['title: 3', ['title: 3', 'language: zh-CN'], 'book.yaml:1:8: title: expected the book title, got the number 3'],
    ['author: {a: 1}', ['title: T', 'author: {a: 1}', 'language: zh-CN'], 'book.yaml:2:9: author: expected an author name or a list of names, got a mapping'],
    ['epub.embedFonts: "yes"', ['title: T', 'language: zh-CN', 'epub:', '  embedFonts: "yes"'], 'book.yaml:4:15: epub.embedFonts: expected true or false, got the string "yes"'],
    ['language: chinese', ['title: T', 'language: chinese simplified'], 'book.yaml:2:11: language: expected a BCP 47 language tag such as zh-CN, got the string "chinese simplified"'],
    ['date: 2024/1/2', ['title: T', 'language: zh-CN', 'date: 2024/1/2'], 'book.yaml:3:7: date: expected a date as YYYY-MM-DD, got the string "2024/1/2"'],
    ['title: ""', ['title: ""', 'language: zh-CN'], 'book.yaml:1:8: title: expected the book title, got an empty string'],
  ])('refuses the wrong type in %s', (_name, lines, message) => {
    const dir = writeBook({ 'book.yaml': yaml(...lines, ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe(message);
  });

  it('refuses chapters given as a string instead of a list', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters: chapters/a.md'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:3:11: chapters: expected a list of chapters, got the string "chapters/a.md"');
  });

  it('reports a missing required key', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', ...CHAPTERS), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:1:1: language: required key is missing (expected a BCP 47 language tag such as zh-CN)');
  });

  it('refuses a book without parts or chapters', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:1:1: (top level): the book has no content: add parts or chapters');
  });

  it('refuses an empty chapter list', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters: []'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:3:11: chapters: expected at least one chapter');
  });
});

describe('book.yaml: notes', () => {
  it('reports a listed note that does not exist, at its line in book.yaml', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - chapters/a.md', '  - chapters/nope.md'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:5:5: file not found: chapters/nope.md');
  });

  it('reports a glob that matches nothing', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - title: 周记', '    notes: [journal/*.md]'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:5:13: no note matches journal/*.md\n  Check the folder and the pattern.');
  });

  it('refuses a note listed twice', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - chapters/a.md', '  - chapters/a.md'), ...NOTE });
    expect(configError(dir)).toBe('book.yaml:5:5: note listed twice: chapters/a.md (first at line 4)\n  A note can be in one chapter only; remove one of the entries.');
  });

  it('refuses a note matched by a glob and listed again by path', () => {
    const dir = writeBook({
      'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - title: 全部', '    notes: [chapters/*.md]', '  - chapters/b.md'),
      ...NOTE,
      'chapters/b.md': '# 乙\n',
    });
    expect(configError(dir)).toBe('book.yaml:6:5: note listed twice: chapters/b.md (first at line 5)\n  A note can be in one chapter only; remove one of the entries.');
  });

  it.each([
    ['../x.md', "book.yaml:4:5: path leads outside the book's folder: ../x.md"],
    ['/etc/passwd', 'book.yaml:4:5: absolute path not allowed: /etc/passwd; write it relative to book.yaml'],
    ['chapters/../../x.md', "book.yaml:4:5: path leads outside the book's folder: chapters/../../x.md"],
    ['../*.md', "book.yaml:4:5: glob must stay inside the book's folder: ../*.md"],
  ])('refuses a path outside the book: %s', (entry, message) => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', `  - ${entry}`), ...NOTE });
    fs.writeFileSync(path.join(path.dirname(dir), 'x.md'), '# outside\n');
    expect(configError(dir)).toBe(message);
  });

  it('refuses a symlink inside the folder that leads outside', () => {
    const outside = writeBook({ 'secret.md': '# 秘密\n' });
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - chapters/link.md'), ...NOTE });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'chapters/link.md'));
    expect(configError(dir)).toBe("book.yaml:4:5: path leads outside the book's folder through a symlink: chapters/link.md");
  });

  it('does not let a glob pick up a symlink that leads outside', () => {
    const outside = writeBook({ 'secret.md': '# 秘密\n' });
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - title: 全部', '    notes: [chapters/*.md]'), ...NOTE });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'chapters/link.md'));
    expect(resolveIn(dir).parts[0]!.chapters[0]!.notes.map((n) => n.relPath)).toEqual(['chapters/a.md']);
  });

  it('expands globs in natural order (n2 before n10)', () => {
    const dir = writeBook({
      'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - title: 全部', '    notes: [notes/*.md]'),
      'notes/n10.md': '# 十\n',
      'notes/n2.md': '# 二\n',
      'notes/n1.md': '# 一\n',
      'notes/N3.md': '# 三\n',
    });
    const book = resolveIn(dir);
    expect(book.parts[0]!.chapters[0]!.notes.map((n) => n.relPath)).toEqual(['notes/n1.md', 'notes/n2.md', 'notes/N3.md', 'notes/n10.md']);
    expect(book.parts[0]!.chapters[0]!.notes.map((n) => n.path)).toEqual(['n1', 'n2', 'N3', 'n10'].map((n) => path.join(dir, 'notes', `${n}.md`)));
  });

  it('leaves out a draft note with a draft-skipped warning', async () => {
    const dir = writeBook({
      'book.yaml': yaml('title: T', 'language: zh-CN', 'chapters:', '  - title: 全部', '    notes: [chapters/a.md, chapters/b.md]'),
      ...NOTE,
      'chapters/b.md': '---\ndraft: true\n---\n# 草稿\n\n还没写完。\n',
    });
    const { book, warnings } = await loadIn(dir);
    expect(warnings).toEqual(['chapters/b.md:1: warning: left out of the book: front matter says draft: true [draft-skipped]']);
    expect(book.parts[0]!.chapters[0]!.notes.map((n) => n.relPath)).toEqual(['chapters/a.md']);
    expect(textByRole(book).body).not.toContain('还没写完');
  });

  it('warns about a note under chapters/ that no chapter lists', async () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', ...CHAPTERS), ...NOTE, 'chapters/sub/forgotten.md': '# 忘了\n', 'other/x.md': '# 不在 chapters 下\n' });
    const { warnings } = await loadIn(dir);
    expect(warnings).toEqual(['chapters/sub/forgotten.md: warning: note is not in any chapter of book.yaml; add it or move it out of chapters/ [unlisted-note]']);
  });
});

describe('book.yaml: metadata', () => {
  const savedEpoch = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = savedEpoch;
  });

  it('derives a stable identifier from title and author', () => {
    const a = writeBook({ 'book.yaml': yaml('title: 大模型手记', 'author: Zest7', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    const b = writeBook({ 'book.yaml': yaml('title: 大模型手记', 'author: [Zest7]', 'language: zh-CN', 'description: 另一份', ...CHAPTERS), ...NOTE });
    const c = writeBook({ 'book.yaml': yaml('title: 大模型手记', 'author: 别人', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    const first = resolveIn(a).meta.identifier;
    expect(first).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(resolveIn(a).meta.identifier).toBe(first);
    expect(resolveIn(b).meta.identifier).toBe(first);
    expect(resolveIn(c).meta.identifier).not.toBe(first);
  });

  it('uses the identifier from book.yaml when given', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'identifier: isbn:9787000000000', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    expect(resolveIn(dir).meta.identifier).toBe('isbn:9787000000000');
  });

  it('takes meta.modified (and the default date) from SOURCE_DATE_EPOCH', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    const book = resolveIn(dir);
    expect(book.meta.modified.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(book.meta.date).toBe('2023-11-14');
    process.env.SOURCE_DATE_EPOCH = '0';
    expect(resolveIn(dir).meta.modified.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    process.env.SOURCE_DATE_EPOCH = '2024-01-01';
    expect(configError(dir)).toBe('SOURCE_DATE_EPOCH must be whole seconds since 1970, got "2024-01-01"');
  });

  it('fills defaults and makes paths absolute', () => {
    const dir = writeBook({ 'book.yaml': yaml('title: T', 'language: zh-CN', ...CHAPTERS), ...NOTE });
    const book = resolveIn(dir);
    expect(book.root).toBe(dir);
    expect(book.hasParts).toBe(false);
    expect(book.output).toEqual({ dir: path.join(dir, 'build'), name: 'book' });
    expect(book.meta.description).toBe('T');
    expect(book.pdf.pageSize).toEqual({ name: 'A5', width: '148mm', height: '210mm' });
    expect(book.epub.embedFonts).toBe(true);
  });

  it('keeps makeTempDir folders apart', () => {
    expect(makeTempDir()).not.toBe(makeTempDir());
  });
});
