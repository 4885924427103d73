/**
 * The PDF of the real book, checked by structure with poppler and qpdf: pages, metadata, fonts
 * (only the book's own, all embedded), outline, the contents' page numbers, line-start
 * punctuation, and byte-identical rebuilds with the same SOURCE_DATE_EPOCH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/build.ts';
import { bookmarkTexts } from '../../scripts/render/pdf/outline-titles.ts';
import { BOOK_FONT, withoutSubsetTag } from '../../scripts/check/pdf.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const pageText = (file: string, n: number) => run('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-']);
const squash = (s: string) => s.replace(/\s+/g, '');

describe('PDF of the real book', () => {
  const dirs: string[] = [];
  let result: BuildResult;
  let pdf: string;
  let second: string;
  const savedEpoch = process.env.SOURCE_DATE_EPOCH;

  const buildOnce = async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-pdf-'));
    dirs.push(dir);
    const r = await build({ configFile: path.resolve('book.yaml'), outDir: dir, formats: ['pdf'] });
    return { r, file: r.outputs[0]!.file };
  };

  beforeAll(async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    const first = await buildOnce();
    result = first.r;
    pdf = first.file;
    // Built right away: the sources must not change in between.
    second = (await buildOnce()).file;
  });
  afterAll(() => {
    if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = savedEpoch;
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('has pages, metadata and passes qpdf --check', () => {
    const info = run('pdfinfo', [pdf]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    expect(pages).toBeGreaterThan(50);
    expect(info).toMatch(new RegExp(`^Title:\\s+${result.book.meta.title}$`, 'm'));
    expect(info).toMatch(new RegExp(`^Author:\\s+${result.book.meta.authors.join('、')}$`, 'm'));
    expect(info).toMatch(/^Creator:\s+Inkstone$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(run('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors');
  });

  it('embeds only the book fonts', () => {
    const rows = run('pdffonts', [pdf]).trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(2);
    for (const row of rows) {
      const cols = row.trim().split(/\s+/);
      expect(withoutSubsetTag(cols[0]!)).toMatch(BOOK_FONT);
      // name, type (2 words), encoding, emb, sub, uni, object, gen
      expect(cols.at(-5)).toBe('yes');
    }
  });

  it('has an outline with every part and chapter, nested', () => {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: { title: string; kids: { title: string }[] }[] };
    const top = json.outlines.map((o) => o.title);
    for (const part of result.book.parts) {
      if (result.book.config.hasParts) {
        expect(top).toContain(part.title);
        const node = json.outlines.find((o) => o.title === part.title)!;
        for (const c of part.chapters) expect(node.kids.map((k) => k.title)).toContain(c.title);
      } else {
        for (const c of part.chapters) expect(top).toContain(c.title);
      }
    }
  });

  it('titles every bookmark with its heading, once (Chromium doubles headings that start a page)', () => {
    type Node = { title: string; kids: Node[] };
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: Node[] };
    const titles: string[] = [];
    const walk = (nodes: Node[]) => nodes.forEach((n) => (titles.push(n.title), walk(n.kids)));
    walk(json.outlines);
    const headings = bookmarkTexts(result.book);
    expect(titles.length).toBeGreaterThan(100);
    expect(titles.filter((t) => !headings.has(t.replace(/\s+/g, ' ').trim()))).toEqual([]);
  });

  it('prints in the contents the page that holds each heading', () => {
    // The contents pages: from page 3 up to the page before the first part/chapter page.
    const book = result.book;
    const entries: { title: string; page: number }[] = [];
    const firstChapterTitle = book.parts[0]!.title ?? book.parts[0]!.chapters[0]!.title;
    for (let n = 3; n < 30; n++) {
      const text = pageText(pdf, n);
      const lines = text.split('\n').filter((l) => l.trim());
      if (n > 3 && !lines.some((l) => /\s\d+\s*$/.test(l) && /\S\s{2,}\d+\s*$/.test(l))) break;
      for (const line of lines) {
        const m = /^\s*(.*?\S)\s{2,}(\d+)\s*$/.exec(line);
        if (m) entries.push({ title: m[1]!, page: Number(m[2]) });
      }
    }
    const expected = book.parts.flatMap((p) => [...(book.config.hasParts && p.title ? [p.title] : []), ...p.chapters.flatMap((c) => [c.title, ...c.sections.filter((s) => s.depth === 2).map((s) => s.text)])]);
    expect(entries.length).toBeGreaterThan(expected.length * 0.9);
    expect(entries[0]!.title).toBe(firstChapterTitle);
    let checked = 0;
    for (const e of entries) {
      const text = squash(pageText(pdf, e.page));
      // Long titles wrap in the contents; the first 8 characters are on one line.
      const head = squash(e.title).slice(0, 8);
      expect(text, `"${e.title}" on page ${e.page}`).toContain(head);
      // The folio printed at the foot of that page is the same number.
      const last = pageText(pdf, e.page).trim().split('\n').at(-1)!.trim();
      if (/^\d+$/.test(last)) expect(Number(last)).toBe(e.page);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('starts no line with 。or ，', () => {
    const text = run('pdftotext', ['-layout', pdf, '-']);
    const bad = text.split('\n').filter((l) => /^\s*[。，、；：！？]/.test(l));
    expect(bad).toEqual([]);
  });

  it('is byte-identical when built again with the same SOURCE_DATE_EPOCH', () => {
    expect(Buffer.compare(readFileSync(pdf), readFileSync(second))).toBe(0);
  });

  /** Pages where each chapter title stands (from the outline, which points at the heading). */
  function outlinePages(): Map<string, number> {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', '--json-key=pages', pdf])) as {
      outlines: { title: string; destpageposfrom1: number; kids: unknown[] }[];
    };
    const pages = new Map<string, number>();
    const walk = (nodes: { title: string; destpageposfrom1: number; kids: unknown[] }[]) => {
      for (const n of nodes) {
        pages.set(n.title, n.destpageposfrom1);
        walk(n.kids as typeof nodes);
      }
    };
    walk(json.outlines);
    return pages;
  }

  it('shows no running head and no folio on a chapter opening page, and both elsewhere', () => {
    const pages = outlinePages();
    const chapters = result.book.parts.flatMap((p) => p.chapters);
    let checked = 0;
    for (const c of chapters) {
      const n = pages.get(c.title);
      expect(n, c.title).toBeDefined();
      const lines = pageText(pdf, n!).split('\n').filter((l) => l.trim());
      expect(squash(lines[0]!), `first line of page ${n}`).toBe(squash(c.title));
      expect(lines.at(-1)!.trim(), `last line of page ${n}`).not.toMatch(/^\d+$/);
      // The page after the opening has its folio and a running head.
      const next = pageText(pdf, n! + 1).split('\n').filter((l) => l.trim());
      if (next.length > 3 && pages.get(chapters[chapters.indexOf(c) + 1]?.title ?? '') !== n! + 1) {
        expect(next.at(-1)!.trim()).toBe(String(n! + 1));
        expect([result.book.meta.title, c.title].map(squash)).toContain(squash(next[0]!));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('ends each glossary entry with the pages where the term is used, and every number is right', () => {
    const glossary = result.book.glossary!;
    const start = outlinePages().get(glossary.title)!;
    const total = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
    const lines = run('pdftotext', ['-f', String(start), '-l', String(total), pdf, '-']).split('\n').map((l) => l.trim());
    let at = 0;
    let checkedNumbers = 0;
    for (const entry of glossary.entries) {
      // The entry's own line: the term and its English form (a definition may start with a term too).
      // The English name is shown only where it is not the term itself (glossary/tree.ts).
      const english = entry.english && entry.english.trim().toLowerCase() !== entry.term.trim().toLowerCase() ? entry.english : '';
      const dt = squash(`${entry.term}${english}`);
      const termLine = lines.findIndex((l, i) => i >= at && squash(l).startsWith(dt));
      expect(termLine, `glossary entry ${entry.term}`).toBeGreaterThanOrEqual(at);
      at = termLine + 1;
      if (entry.uses.length === 0) continue;
      // Justified lines may space out the label ("页 码 ："): compare without spaces.
      const pagesLine = lines.findIndex((l, i) => i > termLine && squash(l).startsWith('页码：'));
      let text = lines[pagesLine]!.slice(lines[pagesLine]!.indexOf('：') + 1);
      // A long list wraps after a comma or dash; a bare number after a complete list is a folio.
      for (let i = pagesLine + 1; /[,–]$/.test(text.trim()) && /^[\d,\s–-]+$/.test(lines[i] ?? ''); i++) text += lines[i];
      expect(text, entry.term).toMatch(/^\s*\d+(–\d+)?(\s*,\s*\d+(–\d+)?)*\s*$/);
      const pages = [...text.matchAll(/(\d+)(?:–(\d+))?/g)].flatMap(([, a, b]) =>
        b === undefined ? [Number(a)] : Array.from({ length: Number(b) - Number(a) + 1 }, (_, k) => Number(a) + k),
      );
      expect(pages.length, entry.term).toBeGreaterThan(0);
      const names = [entry.term, ...entry.aliases].map((n) => squash(n).replace(/-/g, '').toLowerCase());
      for (const p of pages) {
        // Content-stream order (-raw) keeps a word wrapped inside a table cell together; hyphens
        // at line ends are dropped by pdftotext, so they are ignored on both sides.
        const page = squash(run('pdftotext', ['-raw', '-f', String(p), '-l', String(p), pdf, '-'])).replace(/-/g, '').toLowerCase();
        expect(names.some((n) => page.includes(n)), `"${entry.term}" on page ${p}`).toBe(true);
        checkedNumbers++;
      }
    }
    expect(checkedNumbers).toBeGreaterThan(100);
  });
});

describe('a hostile note in the PDF', () => {
  it('cannot make the PDF show a file from outside the book', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-pdf-hostile-'));
    try {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      mkdirSync(path.join(dir, 'chapters'));
      writeFileSync(path.join(dir, 'book.yaml'), 'title: 恶意笔记\nlanguage: zh-CN\nchapters:\n  - chapters/evil.md\n');
      writeFileSync(
        path.join(dir, 'chapters/evil.md'),
        [
          '# 恶意',
          '',
          '正文之一。',
          '',
          '<img src="/etc/passwd" alt="a"><img src="file:///etc/passwd" alt="b"><iframe src="file:///etc/passwd"></iframe>',
          '<object data="file:///etc/hostname"></object><embed src="file:///etc/passwd">',
          '<link rel="stylesheet" href="file:///etc/passwd"><div style="background:url(file:///etc/passwd)">x</div>',
          '',
          '![c](../../../../etc/passwd) ![d](file:///etc/passwd)',
          '',
          '正文之二。',
          '',
        ].join('\n'),
      );
      const warnings: string[] = [];
      const r = await build({ configFile: path.join(dir, 'book.yaml'), outDir: path.join(dir, 'build'), formats: ['pdf'], offline: true, onWarning: (w) => warnings.push(w.rule) });
      const text = run('pdftotext', [r.outputs[0]!.file, '-']);
      expect(text).toContain('正文之一');
      expect(text).toContain('正文之二');
      expect(text).not.toMatch(/root:.*:0:0:/);
      expect(text).not.toContain(readFileSync('/etc/hostname', 'utf8').trim() || 'no-hostname');
      // Every attempt was reported, and the images became visible placeholders.
      expect(warnings).toContain('unsafe-html');
      expect(warnings.filter((w) => w === 'image-unavailable').length).toBeGreaterThanOrEqual(2);
      // No image of any kind made it into the PDF.
      expect(run('pdfimages', ['-list', r.outputs[0]!.file]).split('\n').slice(2).filter((l) => l.trim()).length).toBeLessThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
