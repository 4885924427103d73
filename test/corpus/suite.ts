/**
 * The corpus suite: one real book built as a user builds it (the CLI, EPUB + PDF, offline) from
 * a copy in a temp folder, then checked against its own notes: exit 0, only warnings that are
 * true of the notes, epubcheck clean, only the book's fonts in the PDF, every local image in both
 * formats, every piece of text in the EPUB. Without the corpus the suite is skipped, not failed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontProblems, parsePdffonts, withoutSubsetTag } from '../../scripts/check/pdf.ts';
import { normaliseText, xhtmlText } from '../helpers.ts';
import { codeText, marksBeyondCode, marksInProse, proseText } from './dialect-syntax.ts';
import { runCli } from './cli.ts';
import { epubcheck } from './epubcheck.ts';
import { corpusBook, corpusMissing, prepareCorpusBook, type PreparedBook } from './books.ts';
import { pdfImages } from './pdf-images.ts';
import { expectedImages, inBook, listedNotes, parseWarnings, textFragments, untrue, type SourceNote } from './sources.ts';

const run = promisify(execFile);
const tool = async (cmd: string, args: string[]) => (await run(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout;

interface Built {
  book: PreparedBook;
  code: number;
  stderr: string;
  seconds: number;
  epub: string;
  pdf: string;
  notes: SourceNote[];
}

/**
 * The CLI as a user runs it (scripts/run.mjs → the bundled build), offline: CI has no internet.
 * `--verbose`, so that every warning is printed (by default they are folded) and checked.
 */
async function buildWithCli(book: PreparedBook, outDir: string): Promise<{ code: number; stderr: string; seconds: number }> {
  const t0 = performance.now();
  const r = await runCli(['build', book.configFile, '--out', outDir, '--format', 'epub,pdf', '--offline', '--verbose'], book.root, { SOURCE_DATE_EPOCH: '1700000000' });
  return { code: r.code, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

/** Counts per key, as `key ×n`, most frequent first. */
function tally(keys: string[]): string[] {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${k} ×${n}`);
}

function occurrences(hay: string, needle: string): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function describeCorpusBook(name: string): void {
  const spec = corpusBook(name);
  const missing = corpusMissing(spec);
  if (missing) {
    // Skipped, not failed: a user's clone has no ../shared. The note says why in the report.
    describe(`corpus book ${name} (${spec.tool})`, () => {
      it('is built and checked against its notes', (ctx) => {
        console.log(`corpus book ${name}: skipped, ${missing}`);
        ctx.skip(`skipped: ${missing}`);
      });
    });
    return;
  }

  describe(`corpus book ${name} (${spec.tool})`, () => {
    let built: Built;
    let zip: JSZip | undefined;
    const outputs = () => {
      if (!existsSync(built.epub) || !existsSync(built.pdf)) throw new Error(`no EPUB or PDF: the build failed (exit ${built.code})\n${built.stderr.slice(-2000)}`);
    };

    beforeAll(async () => {
      const book = prepareCorpusBook(spec);
      const outDir = path.join(path.dirname(book.copy), 'out');
      const r = await buildWithCli(book, outDir);
      built = { book, ...r, epub: path.join(outDir, 'book.epub'), pdf: path.join(outDir, 'book.pdf'), notes: listedNotes(book.configFile) };
      if (existsSync(built.epub)) zip = await JSZip.loadAsync(readFileSync(built.epub));
    });
    afterAll(async () => {
      if (!built) return;
      const pages = existsSync(built.pdf) ? /^Pages:\s+(\d+)/m.exec(await tool('pdfinfo', [built.pdf]))?.[1] : '?';
      const warnings = parseWarnings(built.stderr);
      console.log(`corpus ${name}: ${built.notes.length} notes, built in ${built.seconds.toFixed(1)} s (EPUB + PDF, cold), ${pages} PDF pages, ${warnings.length} warnings (${tally(warnings.map((w) => w.rule)).join(', ') || 'none'})`);
      rmSync(path.dirname(built.book.copy), { recursive: true, force: true });
    });

    it('builds the EPUB and the PDF with exit code 0', () => {
      expect(built.code, built.stderr.slice(-3000)).toBe(0);
      expect(existsSync(built.epub) && existsSync(built.pdf)).toBe(true);
    });

    it('prints only warnings that are true of the notes, and says how many', () => {
      const warnings = parseWarnings(built.stderr);
      const done = /^inkstone: done, (\d+) warnings?$/m.exec(built.stderr);
      if (done) expect(Number(done[1]), 'the count in "done, N warnings"').toBe(warnings.length);
      const wrong = warnings.flatMap((w) => {
        const why = untrue(w, built.book.root, built.notes);
        return why === undefined ? [] : [{ rule: w.rule, why, raw: w.raw }];
      });
      // One line per kind (rule and reason), with the count and the first example.
      const report = tally(wrong.map((w) => `[${w.rule}] ${w.why.replace(/: .*/, '')}`)).map((k) => {
        const example = wrong.find((w) => k.startsWith(`[${w.rule}] ${w.why.replace(/: .*/, '')} ×`))!;
        return `${k}, e.g. ${example.raw.slice(0, 180)}`;
      });
      expect(report, `${wrong.length} of ${warnings.length} warnings are not true of the notes`).toEqual([]);
    });

    it('passes epubcheck with 0 errors and 0 warnings', async () => {
      outputs();
      const result = await epubcheck(built.epub);
      expect(result, 'epubcheck, per message id').toEqual({ counts: { fatals: 0, errors: 0, warnings: 0 }, byId: [] });
    });

    it("embeds only the book's own fonts in the PDF", async () => {
      outputs();
      const fonts = parsePdffonts(await tool('pdffonts', [built.pdf]));
      expect(fontProblems(fonts), `fonts: ${[...new Set(fonts.map((f) => withoutSubsetTag(f.name)))].join(', ')}`).toEqual([]);
    });

    it('shows every image of the notes that exists on disk, in the EPUB and in the PDF', async () => {
      outputs();
      const expected = expectedImages(built.notes, built.book.root);
      // EPUB: one manifest item per distinct image (the cover aside), each in the zip, and one
      // <img> per reference in the chapters, each pointing into the zip.
      const opf = await zip!.file('OEBPS/content.opf')!.async('string');
      const items = [...opf.matchAll(/<item\b[^>]*>/g)].map((m) => m[0]).filter((i) => /media-type="image\//.test(i) && !/cover-image/.test(i));
      const hrefs = items.map((i) => /href="([^"]+)"/.exec(i)![1]!);
      for (const href of hrefs) expect(zip!.file(`OEBPS/${href}`), href).not.toBeNull();
      const chapters = Object.keys(zip!.files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n));
      const imgs = (await Promise.all(chapters.map((n) => zip!.file(n)!.async('string')))).flatMap((x) => [...x.matchAll(/<img\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!));
      expect(imgs.filter((src) => !zip!.file(`OEBPS/${src}`)), '<img> pointing outside the EPUB').toEqual([]);
      // Which raster images are not in the EPUB byte for byte (SVG may be rewritten), to say which.
      const inZip = new Set(await Promise.all(hrefs.map(async (h) => createHash('sha256').update(await zip!.file(`OEBPS/${h}`)!.async('nodebuffer')).digest('hex'))));
      const absent = expected.distinct.filter((d) => !d.svg && !inZip.has(d.sha256)).map((d) => `${d.ref.note}:${d.ref.line}: ${d.ref.src}`);
      // PDF: distinct raster images (SVG is drawn as vectors), the cover on page 1 aside.
      const pdf = await pdfImages(built.pdf);
      const raster = expected.distinct.filter((d) => !d.svg).length;
      expect({
        'EPUB: distinct images': hrefs.length,
        'EPUB: <img> in the chapters': imgs.length,
        'EPUB: raster images not found byte for byte': absent.slice(0, 10),
        'PDF: distinct raster images': pdf.total - pdf.firstPage,
      }).toEqual({
        'EPUB: distinct images': expected.distinct.length,
        'EPUB: <img> in the chapters': expected.local.length,
        'EPUB: raster images not found byte for byte': [],
        'PDF: distinct raster images': raster,
      });
    });

    it('has every paragraph, heading, table cell, code block and raw HTML text of the notes in the EPUB', async () => {
      outputs();
      const chapters = Object.keys(zip!.files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n)).sort();
      const bookText = normaliseText((await Promise.all(chapters.map((n) => zip!.file(n)!.async('string')))).map(xhtmlText).join('\n'));
      const fragments = textFragments(built.notes, spec.dialect);
      expect(fragments.length).toBeGreaterThan(500);
      const missing = fragments.filter((f) => !inBook(f, bookText));
      expect(
        {
          missing: missing.length,
          byKind: tally(missing.map((f) => f.kind)),
          byNote: tally(missing.map((f) => f.note)),
          examples: missing.slice(0, 12).map((f) => `${f.note}:${f.line}: ${f.text.slice(0, 70)}`),
        },
        `${missing.length} of ${fragments.length} pieces of text missing`,
      ).toEqual({ missing: 0, byKind: [], byNote: [], examples: [] });
    });

    it('leaves no syntax of the authoring tool in the text of the EPUB or the PDF', async () => {
      outputs();
      const docs = Object.keys(zip!.files).filter((n) => /^OEBPS\/.*\.xhtml$/.test(n)).sort();
      const xhtml = await Promise.all(docs.map((n) => zip!.file(n)!.async('string')));
      const prose = xhtml.map(proseText).join('\n');
      // A formula left as text: `$…$` around TeX (a command, a sub- or superscript), not a price
      // or the prose between two shell variables.
      const texish = /\\[A-Za-z]+|[\^_][{A-Za-z0-9]/;
      const texLeft = [...prose.matchAll(/\$[^\s$\d][^$\n]{0,80}[^\s$]\$/g)].map((m) => m[0]).filter((t) => texish.test(t)).slice(0, 5);
      const pdfText = await tool('pdftotext', ['-enc', 'UTF-8', built.pdf, '-']);
      expect({ epub: marksInProse(prose), texLeft, pdf: marksBeyondCode(pdfText, xhtml.map(codeText).join('\n')) }).toEqual({ epub: [], texLeft: [], pdf: [] });
    });

    it('has each long paragraph exactly as often as the notes have it', async () => {
      outputs();
      const chapters = Object.keys(zip!.files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n)).sort();
      const bookText = normaliseText((await Promise.all(chapters.map((n) => zip!.file(n)!.async('string')))).map(xhtmlText).join('\n'));
      const all = textFragments(built.notes, spec.dialect);
      // Counted in every kind of text (a heading may repeat a paragraph), checked for paragraphs.
      const sourceText = all.map((f) => f.text).join('\n');
      const fragments = all.filter((f) => f.kind === 'paragraph' && f.text.length >= 24);
      const seen = new Set<string>();
      const wrong: string[] = [];
      for (const f of fragments) {
        if (seen.has(f.text)) continue;
        seen.add(f.text);
        const inBook = occurrences(bookText, f.text);
        const inNotes = occurrences(sourceText, f.text);
        if (inBook > 0 && inBook !== inNotes) wrong.push(`${f.note}:${f.line}: ${inBook}× in the book, ${inNotes}× in the notes: ${f.text.slice(0, 50)}`);
      }
      expect(wrong.slice(0, 10), `${wrong.length} paragraphs repeated or lost`).toEqual([]);
    });
  });
}
