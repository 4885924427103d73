/**
 * The commands as a user runs them (`node scripts/run.mjs <command>`, in the book's folder):
 * the exact text of folded warnings and their summary, `--verbose`, warnings still printed when
 * the build fails, and the exit code of each family of errors (scripts/errors.ts EXIT_CODES).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeTempDir, writeBook, type FixtureFiles } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUN = path.join(ROOT, 'scripts/run.mjs');
/** One font cache for every build: subsetting is the slow part of a small build. */
const SHARED_CACHE = makeTempDir('ink-cli-cache-');

afterAll(cleanupTempDirs);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node scripts/run.mjs …args` with the book's folder as the working directory. */
function inkstone(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], { cwd: dir, env: { ...process.env, INIT_CWD: dir, SOURCE_DATE_EPOCH: '1700000000', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A fixture book in a fresh folder, with `out/` (its output folder in these tests) sharing the font cache. */
function book(files: FixtureFiles): string {
  const dir = writeBook(files);
  mkdirSync(path.join(dir, 'out'));
  symlinkSync(SHARED_CACHE, path.join(dir, 'out', '.cache'), 'dir');
  return dir;
}

/** stderr without the progress lines (`inkstone: notes → book: …`), which carry timings. */
const withoutProgress = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => !/^inkstone: (notes → book|assets|epub|pdf|html):/.test(l))
    .join('\n');

const yaml = (notes: string[], extra = '') => `title: 测试\nauthor: 测试者\nlanguage: zh-CN\n${extra}chapters:\n${notes.map((n) => `  - ${n}\n`).join('')}`;

const WARNING_BOOK: FixtureFiles = {
  'book.yaml': yaml(['chapters/a.md', 'chapters/b.md', 'chapters/c.md']),
  'chapters/a.md': '# 甲\n\n[一](missing-1.md) 和 [二](missing-2.md)。\n\n[三](%E7%BE%A4.md#%E7%BE%A4)\n',
  'chapters/b.md': '# 乙\n\n<div onclick="steal()">红色</div>\n\n<iframe src="https://example.com/"></iframe>\n',
  'chapters/c.md': '',
};

const build = (dir: string, ...more: string[]) => inkstone(dir, ['build', '--out', 'out', '--format', 'epub', '--offline', ...more]);

describe('warnings, folded at the end of the build', () => {
  it('one line per rule and file with a count, then a summary by rule', async () => {
    const dir = book(WARNING_BOOK);
    const run = await build(dir);
    expect(run.code, run.stderr).toBe(0);
    expect(withoutProgress(run.stderr)).toBe(
      [
        'chapters/a.md:3: warning: link to nothing: missing-1.md (no note or file at chapters/missing-1.md); the link text is kept, unlinked [broken-link] (and 2 more in this file)',
        'chapters/b.md:3:1: warning: removed attribute onclick from <div> (event handlers could run code) [unsafe-html] (and 1 more in this file)',
        'chapters/c.md:1: warning: the note is empty: left out of the book (and its chapter with it); write its text or take it out of book.yaml [empty-note]',
        'warnings: 3 broken-link, 2 unsafe-html, 1 empty-note (--verbose lists every one)',
        'inkstone: done, 6 warnings',
        '',
      ].join('\n'),
    );
  });

  it('--verbose lists every one, links decoded', async () => {
    const dir = book(WARNING_BOOK);
    const run = await build(dir, '--verbose');
    expect(run.code, run.stderr).toBe(0);
    expect(withoutProgress(run.stderr)).toBe(
      [
        'chapters/a.md:3: warning: link to nothing: missing-1.md (no note or file at chapters/missing-1.md); the link text is kept, unlinked [broken-link]',
        'chapters/a.md:3: warning: link to nothing: missing-2.md (no note or file at chapters/missing-2.md); the link text is kept, unlinked [broken-link]',
        'chapters/a.md:5: warning: link to nothing: 群.md#群 (no note or file at chapters/群.md); the link text is kept, unlinked [broken-link]',
        'chapters/b.md:3:1: warning: removed attribute onclick from <div> (event handlers could run code) [unsafe-html]',
        'chapters/b.md:5:1: warning: removed <iframe> element (its text kept): embedded pages load content from outside the book [unsafe-html]',
        'chapters/c.md:1: warning: the note is empty: left out of the book (and its chapter with it); write its text or take it out of book.yaml [empty-note]',
        'warnings: 3 broken-link, 2 unsafe-html, 1 empty-note',
        'inkstone: done, 6 warnings',
        '',
      ].join('\n'),
    );
  });

  it('a build that fails still prints the warnings gathered so far, before the error', async () => {
    // The draft is reported when the notes are read, before the Markdown stage fails.
    const dir = book({ 'book.yaml': yaml(['chapters/c.md', 'chapters/d.md']), 'chapters/c.md': '---\ndraft: true\n---\n# 丙\n', 'chapters/d.md': `# 丁\n\n${'>'.repeat(5000)} x\n` });
    const run = await build(dir);
    expect(run.code).toBe(1);
    expect(withoutProgress(run.stderr)).toMatch(
      /^chapters\/c\.md:1: warning: left out of the book: front matter says draft: true \[draft-skipped\]\nwarnings: 1 draft-skipped\ninkstone: error: chapters\/d\.md:3:\d+: quotes or lists nested \d+ levels deep; at most 100 are supported\n/,
    );
  });
});

describe.concurrent('exit codes: one per family of errors', () => {
  const GOOD: FixtureFiles = { 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': '# 甲\n\n正文。\n' };

  it('bad book.yaml: 1, with file:line:col and the nearest key', async () => {
    const dir = book({ 'book.yaml': 'titel: 测试\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n', 'chapters/a.md': '# 甲\n' });
    const run = await build(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('inkstone: error: book.yaml:1:1: titel: unknown key "titel"; did you mean "title"?');
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it('bad command line: 2, with the usage', async () => {
    const dir = book(GOOD);
    const [flag, format, two, release, glossary, command] = await Promise.all([
      build(dir, '--bogus'),
      inkstone(dir, ['build', '--format', 'docx']),
      inkstone(dir, ['build', 'a.yaml', 'b.yaml']),
      inkstone(dir, ['release', '--bogus']),
      inkstone(dir, ['glossary']),
      inkstone(dir, ['buidl']),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("inkstone: error: Unknown option '--bogus'.");
    expect(flag.stderr).toContain('usage: npm run build -- [path/to/book.yaml] [--out DIR] [--format epub,pdf,html] [--offline] [--verbose]');
    expect([format.code, format.stderr]).toEqual([2, 'inkstone: error: unknown format "docx"; choose from epub, pdf, html\n']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('inkstone: error: expected at most one book.yaml, got 2');
    expect(release.code).toBe(2);
    expect(release.stderr).toContain('usage: npm run release -- [path/to/book.yaml] [--offline] [--verbose]');
    expect([glossary.code, glossary.stderr]).toEqual([2, 'inkstone: error: usage: npm run glossary -- --suggest [path/to/book.yaml] [--min N] [--verbose]\n']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('inkstone: unknown command buidl; expected one of build,');
  });

  it('a browser that is not there: 3, naming it and what to do', async () => {
    const dir = book(GOOD);
    const run = await inkstone(dir, ['build', '--out', 'out', '--format', 'pdf', '--offline'], { PUPPETEER_EXECUTABLE_PATH: '/nonexistent' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('inkstone: error: PUPPETEER_EXECUTABLE_PATH is "/nonexistent", which is not an executable file\n  unset it to let inkstone find a browser, or point it at Chrome/Chromium\n');
  });

  it('npm run check: 1 when a file fails a check, 3 when only the tools are missing', async () => {
    const dir = makeTempDir('ink-cli-check-');
    writeFileSync(path.join(dir, 'broken.pdf'), '%PDF-1.4 not really a PDF');
    const [failed, noTools, missing] = await Promise.all([
      inkstone(dir, ['check', '.', '--no-ace']),
      // No PATH: pdffonts, qpdf and pdfinfo cannot be found (node itself is started by its full path).
      inkstone(dir, ['check', '.', '--no-ace'], { PATH: path.join(dir, 'no-such-bin') }),
      inkstone(dir, ['check', 'nothing-here']),
    ]);
    expect(failed.code, failed.stdout).toBe(1);
    expect(failed.stdout).toContain('check: 0 passed, 3 failed, 0 not run');
    expect(noTools.code, noTools.stdout + noTools.stderr).toBe(3);
    expect(noTools.stdout).toContain('FAIL pdf fonts: broken.pdf: pdffonts not found; install it with apt-get install poppler-utils');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nothing-here is not a folder; build first (npm run build or npm run release)');
  });
});
