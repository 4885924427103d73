/**
 * Printing HTML to PDF in a locked-down page: JavaScript off, every request answered from memory
 * (`https://book.invalid/…`), anything else aborted, so only the build's own files can enter the
 * PDF. Each stage has a time limit and fails with an InkstoneError naming it.
 */
import type { Browser, HTTPRequest, Page } from 'puppeteer';
import { InkstoneError, ToolError } from '../../errors.ts';
import { BOOK_ORIGIN, type PagePatch } from './print-html.ts';

export interface Resource {
  contentType: string;
  body: Buffer | string;
}

export interface PrintOptions {
  /** Seconds for loading the page and its fonts. */
  loadTimeout?: number;
  /** Seconds for one `page.pdf` call. */
  printTimeout?: number;
}

export const INDEX_URL = `${BOOK_ORIGIN}index.html`;

async function withTimeout<T>(stage: string, seconds: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ToolError(`PDF: ${stage} timed out after ${seconds} s`, { hint: 'a very large book may need more time; otherwise the browser hangs: try another one with PUPPETEER_EXECUTABLE_PATH' })), seconds * 1000);
      }),
    ]);
  } catch (e) {
    if (e instanceof InkstoneError) throw e;
    const msg = (e as Error)?.message ?? String(e);
    const crashed = /Target closed|Session closed|crash|disconnected|Protocol error/i.test(msg);
    throw new ToolError(`PDF: ${stage} failed${crashed ? ' (the browser crashed or closed)' : ''}: ${msg.split('\n')[0]}`, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/** A page that serves `resources` (keyed by URL) and nothing else. `blocked` collects refused URLs. */
export async function openBookPage(browser: Browser, resources: Map<string, Resource>, blocked: Set<string>): Promise<Page> {
  const page = await withTimeout('opening a page', 30, browser.newPage());
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = request.url().split('#')[0]!;
    const resource = request.method() === 'GET' ? resources.get(url) : undefined;
    if (resource) {
      void request.respond({ status: 200, contentType: resource.contentType, body: resource.body }).catch(() => {});
    } else {
      if (!url.startsWith('data:')) blocked.add(url);
      void request.abort('blockedbyclient').catch(() => {});
    }
  });
  return page;
}

/** Loads the book page (resources[INDEX_URL]) and waits for images and fonts. */
export async function loadBookPage(page: Page, options: PrintOptions = {}): Promise<void> {
  const seconds = options.loadTimeout ?? 120;
  await withTimeout('loading the book page', seconds, page.goto(INDEX_URL, { waitUntil: 'load', timeout: 0 }));
  // Runtime.evaluate works with page scripts disabled.
  const fonts = await withTimeout(
    'loading fonts',
    seconds,
    page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].map((f) => `${f.family} ${f.weight} ${f.status}`);
    }),
  );
  const failed = fonts.filter((f) => f.endsWith('error'));
  if (failed.length) throw new ToolError(`PDF: the browser could not load the book fonts: ${failed.join(', ')}`);
}

/**
 * Probe links: where thousands of places must be measured (every term use, every index place),
 * making each a named destination is what it used to cost, and Chromium's print time grows
 * with pages × destinations (the book ×4: 14 s for one measuring print, 6 s without the term
 * uses' destinations). A link, by contrast, costs only where it is painted: so while measuring,
 * each such place holds an empty, out-of-flow link to `PROBE_ORIGIN` + its id, the only thing
 * painted, and its link annotation says on which page it is (probePages in destinations.ts).
 * Out of flow and empty, it moves nothing; it is removed before the painted print.
 */
export const PROBE_ORIGIN = `${BOOK_ORIGIN}probe/`;
const PROBE_CLASS = 'inkstone-probe';
/**
 * Painting is most of a print's time (for this repository's book 85 %: 1 s of layout, 6 s of
 * drawing glyphs into the PDF), and a print made only to learn where things land needs none of
 * it: hidden boxes keep their size and place, and their named destinations still come out.
 * Only the probe links are painted.
 */
const UNPAINTED_CSS = `*, *::before, *::after { visibility: hidden !important; } a.${PROBE_CLASS} { visibility: visible !important; }`;

/** Puts a probe link into each element whose id is in `ids`; returns how many were found. */
export async function addProbes(page: Page, ids: string[]): Promise<number> {
  return withTimeout(
    'marking the places to measure',
    60,
    page.evaluate(
      (list: string[], origin: string, cls: string) => {
        let found = 0;
        for (const id of list) {
          const el = document.getElementById(id);
          if (!el) continue;
          const probe = document.createElement('a');
          probe.className = cls;
          probe.href = origin + encodeURIComponent(id);
          probe.setAttribute('style', 'position: absolute; display: block; width: 1px; height: 1px; margin: 0; padding: 0; border: 0;');
          el.prepend(probe);
          found++;
        }
        return found;
      },
      ids,
      PROBE_ORIGIN,
      PROBE_CLASS,
    ),
  );
}

/** Takes every probe link out again (before the painted print). */
export async function removeProbes(page: Page): Promise<void> {
  await withTimeout(
    'removing the measuring marks',
    60,
    page.evaluate((cls: string) => {
      for (const el of document.querySelectorAll(`a.${cls}`)) el.remove();
    }, PROBE_CLASS),
  );
}

/**
 * `measure: true` prints only to learn where things land: nothing painted, no structure tags
 * and no outline (none of them changes the layout).
 */
export async function printPdf(page: Page, options: PrintOptions & { measure?: boolean } = {}): Promise<Uint8Array> {
  const seconds = options.printTimeout ?? 600;
  const full = !options.measure;
  const print = () => page.pdf({ outline: full, tagged: full, printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, timeout: 0 });
  if (full) return withTimeout('printing', seconds, print());
  return withTimeout(
    'measuring the pages',
    seconds,
    (async () => {
      const style = await page.addStyleTag({ content: UNPAINTED_CSS });
      try {
        return await print();
      } finally {
        await style.evaluate((el) => el.remove());
        await style.dispose();
      }
    })(),
  );
}

/** Fills page numbers into the loaded page (see PagePatch in html.ts). */
export async function patchBookPage(page: Page, patch: PagePatch): Promise<void> {
  const missing = await withTimeout(
    'filling in page numbers',
    60,
    page.evaluate((p: PagePatch) => {
      const notFound: string[] = [];
      for (const [id, n] of p.numbers) {
        const slot = document.querySelector(`.contents-page a[href="#${CSS.escape(id)}"] .toc-page`);
        if (slot) slot.textContent = n;
        else notFound.push(id);
      }
      for (const [id, html] of p.footnotePages) {
        const list = document.getElementById(id)?.querySelector('.footnote-pages');
        if (list) list.outerHTML = html;
        else notFound.push(id);
      }
      if (p.glossaryId && p.glossaryHtml !== undefined) {
        const section = document.getElementById(p.glossaryId);
        if (section) section.outerHTML = p.glossaryHtml;
        else notFound.push(p.glossaryId);
      }
      if (p.indexId && p.indexHtml !== undefined) {
        const section = document.getElementById(p.indexId);
        if (section) section.outerHTML = p.indexHtml;
        else notFound.push(p.indexId);
      }
      // Cross-references (cross-references.ts): each slot after a link to that target.
      for (const [id, n] of p.references ?? []) {
        const slots = document.querySelectorAll<HTMLElement>(`.xref-page[data-xref="${CSS.escape(id)}"]`);
        if (slots.length === 0) notFound.push(id);
        for (const slot of slots) {
          slot.hidden = n === '';
          const number = slot.querySelector('.xref-number');
          if (number) number.textContent = n;
        }
      }
      return notFound;
    }, patch),
  );
  if (missing.length) throw new InkstoneError(`PDF: could not fill in page numbers for ${missing.length} entries (first: #${missing[0]})`, { kind: 'internal' });
}
