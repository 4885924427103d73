/**
 * ```` ```mermaid ```` blocks drawn by the `mermaid` npm package in headless Chromium (the
 * browser the PDF build uses, see browser/shared.ts). Mermaid lays text out by measuring it in
 * the page, so it needs a real browser and the book's own fonts.
 *
 * The page is a separate one in its own browser context, with JavaScript on (mermaid is a
 * script) and no network: every request is answered from memory (the page, mermaid's browser
 * bundle, the fonts) or refused. Each diagram gets its own time limit; a page stuck in a
 * diagram is closed and the next diagram gets a new one.
 *
 * What comes out is SVG with its labels as SVG `<text>` (`htmlLabels: false`; no
 * `<foreignObject>` with HTML in it, which EPUB readers draw badly or not at all), every
 * `font-family` set to the book's (so the PDF embeds only the book's fonts and the EPUB's
 * @font-face fonts apply), ids derived from a fixed seed (`deterministicIds`), so the same
 * source always gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, HTTPRequest, Page } from 'puppeteer';
import { fontFaceCss } from '../fonts.ts';
import type { SubsetFont } from '../../model.ts';
import type { DiagramResult } from './types.ts';

const require = createRequire(import.meta.url);
const ORIGIN = 'https://diagrams.invalid/';
/** Seconds one diagram may take before its page is closed. */
const DIAGRAM_TIMEOUT = 30;

/** The mermaid release: part of the cache key, so a new one redraws every diagram. */
export function mermaidVersion(): string {
  return (require('mermaid/package.json') as { version: string }).version;
}

/** Mermaid's settings; also part of the cache key. */
export function mermaidConfig(fontFamily: string): Record<string, unknown> {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    theme: 'neutral',
    // Same ids for the same source (they are renamed per book later, see svg-element.ts).
    deterministicIds: true,
    deterministicIDSeed: 'inkstone',
    suppressErrorRendering: true,
    fontFamily,
    themeVariables: { fontFamily },
    // Labels as SVG text, never HTML in <foreignObject>.
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    journey: { textPlacement: 'tspan', taskFontFamily: fontFamily },
    // As SVG text (not HTML), a journey's section and task names take their box's fill: unreadable.
    themeCSS: 'text.journey-section, text.task { fill: #333; }',
    timeline: { textPlacement: 'tspan', taskFontFamily: fontFamily },
    sequence: { actorFontFamily: fontFamily, noteFontFamily: fontFamily, messageFontFamily: fontFamily },
  };
}

interface Resource {
  contentType: string;
  body: Buffer | string;
}

function pageResources(fonts: SubsetFont[], fontFamily: string): Map<string, Resource> {
  // Some diagram types name their own fonts in style attributes ("Open Sans", "trebuchet ms"):
  // measured in the book's fonts all the same, and rewritten to them afterwards (drawInPage).
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
${fontFaceCss(fonts, ORIGIN)}
body, text, tspan { font-family: ${fontFamily} !important; }
</style><script src="${ORIGIN}mermaid.js"></script></head><body></body></html>`;
  const resources = new Map<string, Resource>([
    [ORIGIN, { contentType: 'text/html; charset=utf-8', body: html }],
    [`${ORIGIN}mermaid.js`, { contentType: 'text/javascript; charset=utf-8', body: readFileSync(require.resolve('mermaid/dist/mermaid.min.js')) }],
  ]);
  for (const f of fonts) resources.set(ORIGIN + f.href, { contentType: f.mediaType, body: f.data });
  return resources;
}

/**
 * Runs in the page (serialised by Puppeteer: it may use nothing from this module). A change
 * to what it draws needs DIAGRAM_CACHE_VERSION (index.ts) bumped.
 */
async function drawInPage(source: string, fontFamily: string): Promise<DiagramResult> {
  const mermaid = (window as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
  document.body.replaceChildren();
  try {
    const { svg } = await mermaid.render('d', source);
    const box = document.createElement('div');
    box.innerHTML = svg;
    document.body.append(box);
    const root = box.querySelector('svg');
    if (!root) return { ok: false, message: 'mermaid drew nothing' };
    for (const el of root.querySelectorAll('*')) {
      if (el.hasAttribute('font-family')) el.setAttribute('font-family', fontFamily);
      const style = (el as SVGElement | HTMLElement).style;
      if (style?.fontFamily) style.fontFamily = fontFamily;
    }
    for (const style of root.querySelectorAll('style')) {
      style.textContent = (style.textContent ?? '').replace(/font-family:[^;}]*/g, `font-family:${fontFamily}`);
    }
    // XML, not innerHTML: an HTML serialisation may hold `&nbsp;` and other things XML rejects.
    return { ok: true, svg: new XMLSerializer().serializeToString(root) };
  } catch (e) {
    return { ok: false, message: String((e as Error)?.message ?? e) };
  } finally {
    document.body.replaceChildren();
  }
}

/** The page-side code (test/diagrams.test.ts notices when it changes). */
export const MERMAID_PAGE_CODE = drawInPage.toString();

/** Mermaid's messages run over several lines (the source line and a caret under it): the gist on one. */
export function mermaidMessage(message: string): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !/^-*\^$/.test(l));
  const gist = lines.length > 2 ? [lines[0], lines[lines.length - 1]] : lines;
  const text = gist.join(' ').replace(/\s+/g, ' ');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text || 'mermaid could not read the diagram';
}

export interface MermaidOptions {
  browser: () => Promise<Browser>;
  /** The book's fonts, subset to the diagrams' text: mermaid measures labels with them. */
  fonts: SubsetFont[];
  fontFamily: string;
}

/** Draws each source, in order; a diagram that fails gives its parser's message. */
export async function drawMermaid(sources: string[], options: MermaidOptions): Promise<DiagramResult[]> {
  const browser = await options.browser();
  const context = await browser.createBrowserContext();
  const resources = pageResources(options.fonts, options.fontFamily);
  const config = mermaidConfig(options.fontFamily);
  let page: Page | undefined;
  try {
    const results: DiagramResult[] = [];
    for (const source of sources) {
      page ??= await openPage(context, resources, config);
      const result = await withTimeout(page.evaluate(drawInPage, source, options.fontFamily), DIAGRAM_TIMEOUT);
      if (result === 'timeout') {
        // The page may be stuck in the diagram's layout: it goes, and the next diagram gets a new one.
        await page.close().catch(() => {});
        page = undefined;
        results.push({ ok: false, message: `mermaid took longer than ${DIAGRAM_TIMEOUT} s to draw it` });
      } else {
        results.push(result.ok ? result : { ok: false, message: mermaidMessage(result.message) });
      }
    }
    return results;
  } finally {
    await context.close().catch(() => {});
  }
}

async function openPage(context: BrowserContext, resources: Map<string, Resource>, config: Record<string, unknown>): Promise<Page> {
  const page = await context.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const resource = request.method() === 'GET' ? resources.get(request.url().split('#')[0]!) : undefined;
    if (resource) void request.respond({ status: 200, contentType: resource.contentType, body: resource.body }).catch(() => {});
    else void request.abort('blockedbyclient').catch(() => {});
  });
  await page.goto(ORIGIN, { waitUntil: 'load', timeout: 60_000 });
  await page.evaluate(async (config) => {
    // Every face fully loaded before the first measurement.
    await Promise.all([...document.fonts].map((f) => f.load()));
    (window as unknown as { mermaid: { initialize(c: unknown): void } }).mermaid.initialize(config);
  }, config);
  return page;
}

async function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work, new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), seconds * 1000)))]);
  } finally {
    clearTimeout(timer);
  }
}
