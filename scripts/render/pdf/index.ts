/**
 * The PDF renderer: the book as one HTML page with print CSS (styles/print.css), printed by
 * Chromium through Puppeteer. Chromium has no `target-counter()`, so the contents get their page
 * numbers in a second pass: print, read where every heading landed from the PDF's named
 * destinations and probe links, fill the numbers in, and paint; when filling in can move text
 * (cross-references), measure again until nothing moves first. Measuring prints paint nothing
 * (print.ts), a fraction of a painted print.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { PDFDocument } from 'pdf-lib';
import { InkstoneError } from '../../errors.ts';
import { SharedBrowser, type StartedBrowser } from '../../browser/shared.ts';
import { destinationPages, probePages } from './destinations.ts';
import { footnoteRefIds } from './footnote-pages.ts';
import { BOOK_ORIGIN, pagePatch, printHtml, tocTargets } from './print-html.ts';
import { CODE_MARK_HREF, CODE_MARK_SVG } from './code-lines.ts';
import { fitTables, tableHyphenation } from './fit-tables.ts';
import { GLOSSARY_BLOCKS, unjustifyLooseLines } from './loose-lines.ts';
import { atTextBlockWidth } from './text-block.ts';
import { bookFontNames } from './fonts.ts';
import { finishPdf } from './postprocess.ts';
import { bookmarkTexts, repairOutlineTitles } from './outline-titles.ts';
import { crossReferenceTargets } from './cross-references.ts';
import { pageProbeIds } from './index-section.ts';
import { addProbes, INDEX_URL, loadBookPage, openBookPage, patchBookPage, printPdf, PROBE_ORIGIN, removeProbes, type Resource } from './print.ts';
import type { RenderContext, Renderer, RendererSession } from '../renderer.ts';

/** Passes after the first one before we give up on the contents' page numbers settling. */
const MAX_EXTRA_PASSES = 6;

/** A hash of everything that goes into the print (`html`: the first print's page); also the PDF's document ID. */
function printInputHash(ctx: RenderContext, html: string): string {
  const hash = createHash('sha256').update(html);
  for (const f of ctx.assets.fonts) hash.update(f.data);
  for (const img of ctx.assets.images.values()) hash.update(img.href).update(img.data);
  hash.update(ctx.assets.cover.data).update(JSON.stringify(ctx.book.meta)).update(JSON.stringify(ctx.book.config.pdf));
  return hash.digest('hex').slice(0, 32);
}

/**
 * The finished PDF keyed by everything that goes into the print: the first pass's HTML (the
 * whole book, styles included), fonts, images, metadata and the pipeline code. Only when the
 * code is identified (INKSTONE_BUILD_ID, set by scripts/run.mjs): tests always print.
 */
function outputCache(ctx: RenderContext, inputHash: string): { read(): Buffer | undefined; write(pdf: Buffer): void } | undefined {
  const buildId = process.env.INKSTONE_BUILD_ID;
  if (!buildId) return undefined;
  const key = createHash('sha256').update(buildId).update(inputHash).digest('hex').slice(0, 32);
  const file = path.join(ctx.book.config.output.dir, '.cache', 'pdf', `${key}.pdf`);
  return {
    read: () => (existsSync(file) ? readFileSync(file) : undefined),
    write(pdf) {
      // One entry is enough: the previous build's.
      rmSync(path.dirname(file), { recursive: true, force: true });
      writeFileAtomic(file, pdf);
    },
  };
}

/** The browser, started while the rest of the build runs (finding it may even install one). */
interface PdfSession extends RendererSession {
  browser: Promise<StartedBrowser>;
}

/** The build's shared browser (build.ts closes it), or one of its own. */
function openSession(progress: (message: string) => void, shared?: SharedBrowser): PdfSession {
  const owner = shared ? undefined : new SharedBrowser(progress);
  return {
    browser: (shared ?? owner!).get('PDF'),
    async close() {
      await owner?.close();
    },
  };
}

export const pdfRenderer: Renderer = {
  format: 'pdf',
  open: openSession,
  async render(ctx, session) {
    const { book } = ctx;
    const t0 = performance.now();
    const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
    // Same print input as a previous build → the same PDF: reuse it (see outputCache).
    // Made once (it costs about a second for this repository's book): hashed, then printed.
    const html = printHtml(ctx);
    const inputHash = printInputHash(ctx, html);
    const cache = outputCache(ctx, inputHash);
    const hit = cache?.read();
    if (hit) {
      ctx.progress('pdf: unchanged since the last build, reusing it');
      return { kind: 'file', data: hit };
    }
    const own = session ? undefined : openSession(ctx.progress);
    const { executable, launched } = await ((session as PdfSession | undefined) ?? own!).browser;

    const resources = bookResources(ctx);
    const targets = tocTargets(book, ctx.layout);
    const noteRefs = footnoteRefIds(book);
    try {
      const blocked = new Set<string>();
      const page = await openBookPage(launched.browser, resources, blocked);
      // Term uses and index places: measured by probe links, not named destinations (print.ts).
      const probeIds = pageProbeIds(book);
      const xrefTargets = crossReferenceTargets(book);
      /**
       * One print. `paint: false` only measures (print.ts): a fraction of the time, the same
       * pages. The first print loads the page; later ones fill the numbers in first.
       */
      const pass = async (pageOf: Map<string, number> | undefined, paint: boolean) => {
        const t = performance.now();
        if (pageOf === undefined) {
          resources.set(INDEX_URL, printPage(ctx, html));
          await loadBookPage(page);
          await atTextBlockWidth(page, book.config.pdf.pageSize.width, async () => {
            const fit = await fitTables(page, tableHyphenation(book));
            if (fit.small + fit.smaller + fit.hyphenated + fit.broken) ctx.progress(`pdf: tables fitted to the page: ${fit.small} in smaller type, ${fit.smaller} smaller still, ${fit.hyphenated} also hyphenated, ${fit.broken} broken anywhere (of ${fit.tables})`);
            const loose = await unjustifyLooseLines(page);
            if (loose) ctx.progress(`pdf: ${loose} lines too loose to justify set flush left`);
          });
          if (probeIds.length) await addProbes(page, probeIds);
        } else {
          // The page is loaded already: fill the numbers in rather than load it again.
          await patchBookPage(page, pagePatch(ctx, pageOf));
          // The glossary was written anew with its numbers: its loose term lines again. (A
          // forced break where a line already ends moves nothing, so no page number changes.)
          if (book.glossary) await atTextBlockWidth(page, book.config.pdf.pageSize.width, () => unjustifyLooseLines(page, GLOSSARY_BLOCKS));
        }
        if (paint && probeIds.length) await removeProbes(page);
        const loaded = performance.now();
        const bytes = await printPdf(page, { measure: !paint });
        const printed = performance.now();
        const doc = await PDFDocument.load(bytes, { updateMetadata: false });
        const pages = destinationPages(doc);
        if (!paint) for (const [id, n] of probePages(doc, PROBE_ORIGIN)) pages.set(id, n);
        const s = (a: number, b: number) => ((b - a) / 1000).toFixed(1);
        const timing = `${pageOf === undefined ? 'load' : 'fill in numbers'} ${s(t, loaded)} s, ${paint ? 'print' : 'measure'} ${s(loaded, printed)} s, read ${s(printed, performance.now())} s`;
        return { doc, pages, timing };
      };
      const required = new Set([...targets.map((t) => t.id), ...noteRefs]);
      /**
       * The places whose pages the book prints that moved since `pageOf`: the contents' entries
       * and the notes' references must be measured; the body's cross-reference targets and the
       * places the glossary and the index list count where this print has them (a painted print
       * has no probes, only the places a page number links to).
       */
      const movedSince = (pageOf: Map<string, number>, now: Map<string, number>) =>
        [...required, ...xrefTargets, ...probeIds].filter((id) => (now.has(id) || required.has(id)) && now.get(id) !== pageOf.get(id));
      ctx.progress(`pdf: printing with ${executable}`);
      const first = await pass(undefined, false);
      ctx.progress(`pdf: pass 1, ${first.doc.getPageCount()} pages: ${first.timing} (${elapsed()})`);
      // Filling in moves nothing that prints a page number when the book has no cross-references
      // (the only numbers in the body's text; the contents' and the notes' slots are of fixed
      // width) and nothing comes after the glossary (whose page lists change its length; the
      // index comes after it). Then paint straight after the first measure; its named
      // destinations (contents, notes, every place a number links to) show whether anything
      // moved after all. Otherwise measure (cheap) until the numbers settle, then paint.
      const bodyReflows = xrefTargets.length > 0 || Boolean(book.glossary && book.index);
      let known = first.pages;
      let settled = !bodyReflows;
      let result: Awaited<ReturnType<typeof pass>> | undefined;
      for (let i = 0; i < MAX_EXTRA_PASSES && !result; i++) {
        if (settled) {
          const painted = await pass(known, true);
          const moved = movedSince(known, painted.pages);
          ctx.progress(`pdf: pass ${i + 2}, painted, ${painted.doc.getPageCount()} pages: ${painted.timing}${moved.length ? `; ${moved.length} places moved, measuring again` : ''} (${elapsed()})`);
          if (moved.length === 0) {
            result = painted;
            break;
          }
          // Measure again, probes back in; the numbers the painted print measured go in first.
          known = new Map([...known, ...painted.pages]);
          if (probeIds.length) await addProbes(page, probeIds);
          settled = false;
          continue;
        }
        const measured = await pass(known, false);
        settled = movedSince(known, measured.pages).length === 0;
        known = measured.pages;
        ctx.progress(`pdf: pass ${i + 2}, ${measured.doc.getPageCount()} pages: ${measured.timing}${settled ? '; page numbers settled' : ''} (${elapsed()})`);
      }
      if (!result) {
        const workaround = book.config.pdf.crossReferencePages ? '; book.yaml pdf.crossReferencePages: false prints it without them' : '';
        throw new InkstoneError(`PDF: the page numbers did not settle after ${MAX_EXTRA_PASSES + 1} prints`, { hint: `please report this book: its layout changes when page numbers are filled in${workaround}`, kind: 'internal' });
      }
      result.pages = known;
      const missing = targets.filter((t) => !result.pages.has(t.id));
      if (missing.length) throw new InkstoneError(`PDF: no page found for ${missing.length} contents entries (first: "${missing[0]!.title}" #${missing[0]!.id})`, { kind: 'internal' });
      const lost = noteRefs.filter((id) => !result.pages.has(id));
      if (lost.length) ctx.progress(`pdf: ${lost.length} footnote references are not printed (first: #${lost[0]}); their notes show no page`);
      for (const url of blocked) if (!url.startsWith(BOOK_ORIGIN + 'favicon')) ctx.progress(`pdf: blocked a request for ${url}`);

      const keywords = book.parts.map((p) => p.title).filter((t): t is string => Boolean(t));
      // Chapter opening pages carry no running head or folio (Chromium cannot say so in CSS).
      const openings = [...book.parts.flatMap((p) => p.chapters.map((c) => c.id)), ...(book.glossary ? [book.glossary.id] : []), ...(book.index ? [book.index.id] : [])]
        .map((id) => result.pages.get(id))
        .filter((n): n is number => n !== undefined);
      repairOutlineTitles(result.doc, bookmarkTexts(book));
      const pdf = await finishPdf(result.doc, { meta: book.meta, keywords, fontNames: bookFontNames(ctx.assets.fonts), barePages: openings, documentId: inputHash });
      ctx.progress(`pdf: finished (metadata, bookmarks, fonts named) (${elapsed()})`);
      cache?.write(pdf);
      return { kind: 'file', data: pdf };
    } finally {
      await own?.close();
    }
  },
};

/** The files the print page loads (fonts, images, cover), by URL. */
export function bookResources(ctx: RenderContext): Map<string, Resource> {
  const { fonts, images, cover } = ctx.assets;
  const resources = new Map<string, Resource>();
  for (const f of fonts) resources.set(BOOK_ORIGIN + f.href, { contentType: f.mediaType, body: f.data });
  for (const img of images.values()) resources.set(BOOK_ORIGIN + img.href, { contentType: img.mediaType, body: img.data });
  resources.set(BOOK_ORIGIN + cover.href, { contentType: cover.mediaType, body: cover.data });
  resources.set(BOOK_ORIGIN + CODE_MARK_HREF, { contentType: 'image/svg+xml', body: CODE_MARK_SVG });
  return resources;
}

/** The first pass's page (`html`: printHtml's, when made already): the whole book, page numbers not yet filled in. */
export function printPage(ctx: RenderContext, html = printHtml(ctx)): Resource {
  return { contentType: 'text/html; charset=utf-8', body: html };
}
