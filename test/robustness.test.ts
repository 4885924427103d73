/**
 * Hostile and broken input: each case writes a small book into a temp folder and builds its
 * EPUB, through build() or through the real CLI when exit codes, stderr or signals matter.
 * Nothing may be lost silently, nothing may crash with a stack trace, and a failed or
 * interrupted build must leave the previous outputs exactly as they were.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import type { Warning } from '../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir, writeBook, type FixtureFiles } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const EPOCH = '1700000000';
/** One font cache for every case: subsetting is the slow part of a small build. */
const SHARED_CACHE = makeTempDir('ink-robust-cache-');

afterAll(cleanupTempDirs);

const yaml = (chapters: string[]) => `title: 测试\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n${chapters.map((c) => `  - ${c}\n`).join('')}`;

/** A fresh output folder that shares the font cache. */
function outDir(): string {
  const dir = makeTempDir('ink-robust-out-');
  symlinkSync(SHARED_CACHE, path.join(dir, '.cache'), 'dir');
  return dir;
}

async function buildEpub(files: FixtureFiles): Promise<{ dir: string; out: string; warnings: Warning[]; zip: JSZip; epub: Buffer }> {
  const dir = writeBook(files);
  const out = outDir();
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = EPOCH;
  try {
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    const epub = readFileSync(result.outputs[0]!.file);
    return { dir, out, warnings: result.warnings, zip: await JSZip.loadAsync(epub), epub };
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
}

const chapterFiles = (zip: JSZip) => Object.keys(zip.files).filter((f) => /chapter-\d+\.xhtml$/.test(f)).sort();
const allChapterText = async (zip: JSZip) => (await Promise.all(chapterFiles(zip).map((f) => zip.file(f)!.async('string')))).join('\n');
const brief = (ws: Warning[]) => ws.map((w) => `${w.position.file}:${w.position.line ?? ''} ${w.rule}`);

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The real CLI through tsx, as `npm run build` runs it (INIT_CWD = the book's folder). */
function runCli(dir: string, out: string, options: { onStderr?: (text: string, child: ReturnType<typeof spawn>) => void } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/cli.ts'), 'book.yaml', '--out', out, '--format', 'epub', '--offline'], {
      cwd: ROOT,
      env: { ...process.env, INIT_CWD: dir, SOURCE_DATE_EPOCH: EPOCH },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** The five original notes, joined, repeated until the text is at least `bytes` long. */
function realNotes(bytes: number): string {
  const dir = path.join(ROOT, 'test/fixtures/source-notes');
  const one = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8').replace(/^\uFEFF/, ''))
    .join('\n\n');
  let text = '# 很长的笔记\n\n';
  while (Buffer.byteLength(text) < bytes) text += `${one}\n\n`;
  return text;
}

describe('content problems are warnings, and the book still builds', () => {
  it('an empty note gives an empty-note warning', async () => {
    const { warnings, zip } = await buildEpub({
      'book.yaml': yaml(['chapters/a.md', '{ title: 空章, notes: [chapters/empty.md] }']),
      'chapters/a.md': '# 甲\n\n正文。\n',
      'chapters/empty.md': '',
    });
    expect(brief(warnings)).toContain('chapters/empty.md:1 empty-note');
    expect(await allChapterText(zip)).toContain('正文。');
  });

  it('BOM and CRLF give the same chapter XHTML as LF', async () => {
    const note = '# 标题\n\n第一段，\n接着一行。\n\n- 项目一\n- 项目二\n\n```js\nconst a = 1;\n```\n';
    const lf = await buildEpub({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': note });
    const crlf = await buildEpub({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': `\uFEFF${note.replace(/\n/g, '\r\n')}` });
    const files = chapterFiles(lf.zip);
    expect(files.length).toBe(1);
    expect(chapterFiles(crlf.zip)).toEqual(files);
    for (const f of files) expect(await crlf.zip.file(f)!.async('string')).toBe(await lf.zip.file(f)!.async('string'));
    expect(crlf.warnings).toEqual([]);
  });

  it('an unclosed code fence is reported with the line it opens on', async () => {
    const { warnings } = await buildEpub({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': '# 甲\n\n段落。\n\n```python\nprint(1)\n\n后面的文字\n' });
    expect(brief(warnings)).toEqual(['chapters/a.md:5 unclosed-code-fence']);
  });

  it('two notes whose titles collide are both kept, with distinct ids and files', async () => {
    const { zip } = await buildEpub({
      'book.yaml': yaml(['chapters/一.md', 'chapters/二.md', '{ title: 笔记, notes: [chapters/三.md] }']),
      'chapters/一.md': '# 笔记\n\n## 小结\n\n第一篇的内容。\n',
      'chapters/二.md': '# 笔记\n\n## 小结\n\n第二篇的内容。\n',
      'chapters/三.md': '# 笔记\n\n## 小结\n\n第三篇的内容。\n',
    });
    const files = chapterFiles(zip);
    expect(files.length).toBe(3);
    const texts = await Promise.all(files.map((f) => zip.file(f)!.async('string')));
    expect(texts.filter((t) => t.includes('第一篇的内容。')).length).toBe(1);
    expect(texts.filter((t) => t.includes('第二篇的内容。')).length).toBe(1);
    expect(texts.filter((t) => t.includes('第三篇的内容。')).length).toBe(1);
    const ids = texts.flatMap((t) => [...t.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(ids).size).toBe(ids.length);
  });

  // 2 MB keeps this file under a minute on a shared 2-core machine; 5 MB also builds (~50 s there).
  it('a very large note (the real notes repeated to ~2 MB) builds', async () => {
    const text = realNotes(2 * 1024 * 1024);
    const { zip } = await buildEpub({ 'book.yaml': yaml(['chapters/big.md']), 'chapters/big.md': text });
    const body = await allChapterText(zip);
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
  }, 90_000);
});

describe('hostile raw HTML is removed, and each removal is reported', () => {
  const note = [
    '# 甲', // 1
    '',
    '<script>alert("x")</script>', // 3
    '',
    '<img src="ok.png" onerror="alert(1)">', // 5
    '',
    '[点我](javascript:alert(1))', // 7
    '',
    '<iframe src="https://example.com/"></iframe>', // 9
    '',
    '<object data="x.swf"></object>', // 11
    '',
    '<form action="https://example.com/"><button>提交</button></form>', // 13
    '',
    '<img src="file:///etc/passwd" alt="密码">', // 15
    '',
    '安全的正文。',
    '',
  ].join('\n');

  it('none of it reaches the EPUB, and every removal has file:line and a rule id', async () => {
    const { warnings, zip } = await buildEpub({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': note, 'chapters/ok.png': Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') });
    const xhtml = await allChapterText(zip);
    expect(xhtml).toContain('安全的正文。');
    for (const bad of ['<script', 'alert', 'onerror', 'javascript:', '<iframe', '<object', '<form', 'file:', '/etc/passwd']) expect(xhtml).not.toContain(bad);
    const unsafe = warnings.filter((w) => w.rule === 'unsafe-html');
    expect(unsafe.map((w) => `${w.position.file}:${w.position.line}`)).toEqual([
      'chapters/a.md:3',
      'chapters/a.md:5',
      'chapters/a.md:7',
      'chapters/a.md:9',
      'chapters/a.md:11',
      'chapters/a.md:13',
      'chapters/a.md:13',
      'chapters/a.md:15',
    ]);
    expect(unsafe.map((w) => w.message)).toEqual([
      'removed <script> element (with its content): scripts do not run in the book',
      'removed attribute onerror from <img> (event handlers could run code)',
      'removed href="javascript:alert(1)" from <a>: javascript: URLs are not allowed',
      'removed <iframe> element (its text kept): embedded pages load content from outside the book',
      'removed <object> element (its text kept): plugins and embedded objects load content from outside the book',
      'removed <form> element (its text kept): forms submit data',
      'removed <button> element (its text kept): form controls submit data',
      'removed src="file:///etc/passwd" from <img>: file: URLs are not allowed',
    ]);
  });
});

describe('pathological nesting is a clean error, never a stack overflow', () => {
  const cases: [string, string, number][] = [
    ['5000 nested blockquotes', `# 甲\n\n${'>'.repeat(5000)} x\n`, 3],
    ['5000-deep nested list on one line', `# 甲\n\n${'- '.repeat(5000)}x\n`, 3],
    ['5000-deep nested list by indentation', `# 甲\n\n${Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`, 103],
  ];
  for (const [name, markdown, line] of cases) {
    it(name, async () => {
      const dir = writeBook({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': markdown });
      const t0 = Date.now();
      const run = await runCli(dir, outDir());
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(run.code).toBe(1);
      expect(run.stderr).not.toMatch(/Maximum call stack|RangeError|internal error|\n\s+at /);
      expect(run.stderr).toMatch(new RegExp(`inkstone: error: chapters/a\\.md:${line}:\\d+: quotes or lists nested \\d+ levels deep; at most 100 are supported`));
    });
  }

  it('100 levels still build', async () => {
    const { zip } = await buildEpub({ 'book.yaml': yaml(['chapters/a.md']), 'chapters/a.md': `# 甲\n\n${'>'.repeat(100)} 深处\n\n${'- '.repeat(99)}列表深处\n` });
    const xhtml = await allChapterText(zip);
    expect(xhtml).toContain('深处');
    expect(xhtml).toContain('列表深处');
  });
});

describe('failed, concurrent and interrupted builds (real CLI)', () => {
  it('invalid UTF-8: exit 1 naming file and byte offset; no EPUB written, a previous one left byte-identical', async () => {
    const bytes = Buffer.concat([Buffer.from('# 甲\n\n第一行\n'), Buffer.from([0xe4, 0xb8]), Buffer.from('\n')]);
    const offset = Buffer.byteLength('# 甲\n\n第一行\n');
    const dir = writeBook({ 'book.yaml': yaml(['chapters/bad.md']), 'chapters/bad.md': bytes });
    const fresh = outDir();
    const run = await runCli(dir, fresh);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`inkstone: error: chapters/bad.md:4: invalid UTF-8 at byte ${offset}`);
    expect(existsSync(path.join(fresh, 'book.epub'))).toBe(false);

    const previous = outDir();
    const old = Buffer.from('previous book.epub bytes');
    writeFileSync(path.join(previous, 'book.epub'), old);
    const again = await runCli(dir, previous);
    expect(again.code).toBe(1);
    expect(readFileSync(path.join(previous, 'book.epub')).equals(old)).toBe(true);
    expect(readdirSync(previous).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('two builds into the same folder at once both succeed with a valid EPUB', async () => {
    const dir = writeBook({ 'book.yaml': yaml(['chapters/a.md', 'chapters/b.md']), 'chapters/a.md': '# 甲\n\n甲的正文。\n', 'chapters/b.md': '# 乙\n\n乙的正文。\n' });
    const out = outDir();
    const [one, two] = await Promise.all([runCli(dir, out), runCli(dir, out)]);
    expect([one.code, two.code], `${one.stderr}\n${two.stderr}`).toEqual([0, 0]);
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'book.epub')));
    expect(await zip.file('mimetype')!.async('string')).toBe('application/epub+zip');
    expect(await allChapterText(zip)).toContain('乙的正文。');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp') || f === '.inkstone.lock')).toEqual([]);
  });

  it('SIGINT during a build: exit 130, no *.tmp left, the previous EPUB intact', async () => {
    const dir = writeBook({ 'book.yaml': yaml(['chapters/big.md']), 'chapters/big.md': realNotes(400 * 1024) });
    const out = outDir();
    mkdirSync(out, { recursive: true });
    const old = Buffer.from('previous book.epub bytes');
    writeFileSync(path.join(out, 'book.epub'), old);
    let sent = false;
    // Interrupt as soon as the build is under way (its first progress line), mid-pipeline.
    const run = await runCli(dir, out, {
      onStderr: (text, child) => {
        if (!sent && text.includes('inkstone: ')) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('inkstone: interrupted; previous outputs are untouched');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(path.join(out, 'book.epub')).equals(old)).toBe(true);
  });
});
