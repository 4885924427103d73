/**
 * What epubcheck's SVG 1.1 schema says per element, which assets/svg.ts (element by element,
 * attribute by attribute, but not which attribute goes on which element) leaves to us. Diagram
 * tools write SVG for browsers, where these slips draw the same:
 *
 *   - geometry attributes on elements that have no such geometry (`width` on a `<circle>`, `dy`
 *     on a `<g>`, `name` on a `<rect>`), and empty attributes (`font-weight=""`): dropped; no
 *     browser uses them;
 *   - a tooltip (`title="…"`, which SVG 1.1 does not have) as `xlink:title` on a link (its text
 *     when it has none: EPUB checkers want every SVG link titled), as a `<title>` child elsewhere;
 *   - shapes without their required geometry (an empty `<rect>` mermaid keeps for a label
 *     background it never sized): given the value a missing one means (`width="0"`), and a
 *     `<path>` with no `d` or a polygon with no points, which draw nothing, removed.
 */
import type { Element, Root } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import { s } from 'hastscript';
import { visit } from 'unist-util-visit';

/** hast property → the SVG 1.1 elements that may carry it. */
const HOSTS: Record<string, ReadonlySet<string>> = {
  width: new Set(['svg', 'rect', 'image', 'use', 'pattern', 'mask', 'filter', 'foreignObject', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting', 'feDisplacementMap', 'feFlood', 'feGaussianBlur', 'feImage', 'feMerge', 'feMorphology', 'feOffset', 'feSpecularLighting', 'feTile', 'feTurbulence']),
  dx: new Set(['text', 'tspan', 'tref', 'altGlyph', 'glyphRef', 'feOffset']),
  r: new Set(['circle', 'radialGradient']),
  rx: new Set(['rect', 'ellipse']),
  cx: new Set(['circle', 'ellipse', 'radialGradient']),
  x1: new Set(['line', 'linearGradient']),
  points: new Set(['polygon', 'polyline']),
  d: new Set(['path', 'glyph', 'missing-glyph']),
  name: new Set(['color-profile', 'font-face-name']),
  overflow: new Set(['svg', 'symbol', 'image', 'pattern', 'marker', 'foreignObject']),
  viewBox: new Set(['svg', 'symbol', 'marker', 'pattern', 'view']),
};
HOSTS.height = HOSTS.width!;
HOSTS.dy = HOSTS.dx!;
HOSTS.ry = HOSTS.rx!;
HOSTS.cy = HOSTS.cx!;
HOSTS.x2 = HOSTS.y1 = HOSTS.y2 = HOSTS.x1!;

/** Required geometry, and the value its absence means (nothing drawn). */
const REQUIRED: Record<string, Record<string, string>> = {
  rect: { width: '0', height: '0' },
  circle: { r: '0' },
  ellipse: { rx: '0', ry: '0' },
};
/** Shapes that are nothing without this attribute. */
const EMPTY_WITHOUT: Record<string, string> = { path: 'd', polygon: 'points', polyline: 'points' };

export function fitSvg11(svg: Element): void {
  const remove: { parent: Element | Root; el: Element }[] = [];
  visit(svg, 'element', (el: Element, _i, parent: Element | Root | undefined) => {
    for (const [key, value] of Object.entries(el.properties)) {
      const hosts = HOSTS[key];
      // An empty value (`font-weight=""`) is invalid for every SVG attribute and means nothing.
      if ((hosts && !hosts.has(el.tagName)) || value === '') delete el.properties[key];
    }
    for (const [key, value] of Object.entries(REQUIRED[el.tagName] ?? {})) el.properties[key] ??= value;
    // A link's tooltip is `xlink:title` in SVG 1.1, and EPUB wants one on every link (ACC-011);
    // any other element's is a `<title>` child.
    if (el.tagName === 'a') {
      const title = el.properties.title ?? el.properties.xLinkTitle ?? (hastToString(el).trim() || el.properties.xLinkHref);
      delete el.properties.title;
      if (title !== undefined) el.properties.xLinkTitle = String(title);
    } else if (el.tagName !== 'style' && el.properties.title !== undefined) {
      const title = String(el.properties.title);
      delete el.properties.title;
      if (!el.children.some((c) => c.type === 'element' && c.tagName === 'title')) el.children.unshift(s('title', title));
    }
    const needed = EMPTY_WITHOUT[el.tagName];
    if (needed && parent && (el.properties[needed] === undefined || el.properties[needed] === '')) remove.push({ parent, el });
  });
  for (const { parent, el } of remove) parent.children.splice(parent.children.indexOf(el), 1);
}
