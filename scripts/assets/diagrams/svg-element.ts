/**
 * A drawn diagram (SVG text) → the inline `<svg>` element the chapter tree gets. Inline, not an
 * `<img>`: only inline SVG is drawn with the page's @font-face fonts, the book's.
 *
 *   - made plain SVG 1.1 like any SVG image of the book (assets/svg.ts: no scripts, no outside
 *     references, no attributes an EPUB reader or epubcheck does not know; svg11.ts: attributes
 *     only on the elements they belong to);
 *   - every id gets the diagram's own prefix, and every reference follows (`url(#…)`, `#…`
 *     hrefs, aria id lists, selectors in the diagram's `<style>`): two diagrams on one page
 *     (the PDF is one page) must not share an arrowhead; an id given twice is made unique;
 *   - `role="img"` with the diagram's source as its text alternative: a `<title>`, or a `<desc>`
 *     when the author gave mermaid a title of their own (`accTitle`).
 */
import type { Element, ElementContent, Properties } from 'hast';
import { h, s } from 'hastscript';
import { parseXml, XmlElement, XmlText, type XmlNode } from '@rgrove/parse-xml';
import { visit } from 'unist-util-visit';
import type { DiagramKind } from '../../model.ts';
import { cleanSvg } from '../svg.ts';
import { fitSvg11 } from './svg11.ts';

export type SvgElementResult = { ok: true; element: Element } | { ok: false; reason: string };

export interface SvgElementOptions {
  kind: DiagramKind;
  source: string;
  /** Unique in the book, e.g. `diagram-3-`. */
  idPrefix: string;
}

/** The `<figure class="diagram">` holding the inline SVG, or why the SVG could not be used. */
export function diagramFigure(svgText: string, options: SvgElementOptions): SvgElementResult {
  const cleaned = cleanSvg(Buffer.from(svgText, 'utf8'));
  if (!cleaned.ok) return { ok: false, reason: cleaned.reason };
  const root = parseXml(cleaned.data.toString('utf8')).root!;
  const svg = toHast(root);
  fitSvg11(svg);
  prefixIds(svg, options.idPrefix);
  describe(svg, options.source.trimEnd());
  return { ok: true, element: h('figure', { className: ['diagram', `diagram-${options.kind}`] }, [svg]) };
}

function toHast(el: XmlElement): Element {
  const attributes: Record<string, string> = {};
  // The SVG namespace is the serialiser's business; prefix declarations (`xmlns:xlink`) are
  // kept, since hast-util-to-xast writes `xlink:href` without declaring the prefix.
  for (const [name, value] of Object.entries(el.attributes)) if (name !== 'xmlns') attributes[name] = value;
  const children: ElementContent[] = [];
  for (const child of el.children as XmlNode[]) {
    if (child instanceof XmlElement) children.push(toHast(child));
    else if (child instanceof XmlText) children.push({ type: 'text', value: child.text });
  }
  return s(el.name, attributes, children);
}

function prefixIds(svg: Element, prefix: string): void {
  const ids = new Map<string, string>();
  // Mermaid sometimes gives two elements one id (a mindmap's nodes): references go to the first,
  // as in a browser, and the others get ids of their own.
  const repeated: { el: Element; id: string }[] = [];
  visit(svg, 'element', (el: Element) => {
    const id = el.properties.id;
    if (typeof id !== 'string') return;
    if (!ids.has(id)) ids.set(id, prefix + id);
    else repeated.push({ el, id: `${prefix}${id}-${repeated.length + 2}` });
  });
  if (ids.size === 0) return;
  const inUrl = (value: string) => value.replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (whole, q: string, id: string) => (ids.has(id) ? `url(${q}#${ids.get(id)}${q})` : whole));
  const inCss = (css: string) => inUrl(css).replace(/#([A-Za-z_][\w-]*)/g, (whole, id: string) => (ids.has(id) ? `#${ids.get(id)}` : whole));
  visit(svg, 'element', (el: Element) => {
    const props: Properties = el.properties;
    for (const [key, value] of Object.entries(props)) {
      if (key === 'id' && typeof value === 'string') props[key] = ids.get(value) ?? value;
      else if ((key === 'xLinkHref' || key === 'href') && typeof value === 'string' && value.startsWith('#')) props[key] = `#${ids.get(value.slice(1)) ?? value.slice(1)}`;
      else if ((key === 'ariaLabelledBy' || key === 'ariaDescribedBy') && Array.isArray(value)) props[key] = value.map((v) => ids.get(String(v)) ?? String(v));
      else if (typeof value === 'string') props[key] = inUrl(value);
    }
    if (el.tagName === 'style') for (const c of el.children) if (c.type === 'text') c.value = inCss(c.value);
  });
  for (const { el, id } of repeated) el.properties.id = id;
}

/** `role="img"` and the source as the text a screen reader reads. */
function describe(svg: Element, source: string): void {
  svg.properties.role = 'img';
  // Mermaid's "flowchart-v2" is its own name for the renderer, not something to read out.
  delete svg.properties.ariaRoleDescription;
  const own = (name: string) => svg.children.find((c): c is Element => c.type === 'element' && c.tagName === name);
  if (!own('title')) svg.children.unshift(s('title', source));
  else if (!own('desc')) svg.children.splice(svg.children.indexOf(own('title')!) + 1, 0, s('desc', source));
}
