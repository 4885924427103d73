/**
 * Text in SVG images, drawn with the book's fonts. A browser draws an SVG loaded through <img>
 * with system fonts only, so the PDF puts each SVG into the page itself (pdf/inline-svg.ts),
 * with every font family it names mapped to the book's: monospace families to the Mono stack,
 * all others to the Serif stack (the book has no regular-weight sans). The characters the SVG
 * draws count in the font subsets (book/font-text.ts), like the notes' own text.
 *
 * The SVG is parsed as the HTML parser parses inline SVG (parse5): an XML declaration, a DOCTYPE
 * with an internal subset and comments before the root are dropped, CDATA is read as text.
 */
import type { Element, ElementContent, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parseFragment } from 'parse5';
import { FALLBACK_FAMILIES } from './fallback-fonts.ts';
import type { ImageAsset } from '../model.ts';

const quote = (families: readonly string[]) => families.map((f) => `"${f}"`).join(', ');
/** The stacks of styles/print.css, written out (SVG presentation attributes take no var()). */
export const SVG_SERIF = quote(['Inkstone Serif', 'Inkstone Emoji', ...FALLBACK_FAMILIES]);
export const SVG_MONO = quote(['Inkstone Mono', 'Inkstone Serif', 'Inkstone Emoji', ...FALLBACK_FAMILIES]);

const MONO_FAMILY = /mono|courier|consol|menlo|monaco|code|fixed|typewriter/i;
/** A font-family value → the book's stack for it. */
export const mapFontFamily = (value: string): string => (MONO_FAMILY.test(value) ? SVG_MONO : SVG_SERIF);

const BOLD = /font-weight\s*:\s*(bold|bolder|[6-9]00)\b/i;

/** Rewrites `font-family` (and the family in a `font` shorthand) in CSS text. */
export function mapCssFonts(css: string): string {
  return css
    .replace(/(font-family\s*:\s*)([^;}]+?)(\s*!important)?(\s*(?:;|}|$))/gi, (_, head: string, value: string, imp = '', tail: string) => `${head}${mapFontFamily(value)}${imp}${tail}`)
    .replace(/(\bfont\s*:\s*)([^;}]*?)(\d[\d.]*(?:px|pt|em|rem|%|ex)?(?:\s*\/\s*[\d.]+[a-z%]*)?\s+)([^;}]+?)(\s*(?:;|}|$))/gi, (_, head: string, pre: string, size: string, family: string, tail: string) => `${head}${pre}${size}${mapFontFamily(family)}${tail}`);
}

/** Text an SVG image draws, by the role whose fonts draw it (see font-text.ts). */
export interface SvgText {
  body: string;
  bold: string;
  mono: string;
}

interface ParsedSvg {
  svg: Element;
  text: SvgText;
}

const NOT_DRAWN = new Set(['style', 'script', 'title', 'desc', 'metadata']);
const parsed = new Map<string, ParsedSvg | undefined>();

function parse(asset: ImageAsset): ParsedSvg | undefined {
  const source = asset.data.toString('utf8').replace(/^\uFEFF/, '');
  const root = fromParse5(parseFragment(source)) as Root;
  const svg = root.children.find((n): n is Element => n.type === 'element' && n.tagName === 'svg');
  if (!svg) return undefined;
  const text: SvgText = { body: '', bold: '', mono: '' };
  // Bold set by a class in a <style> cannot be told without matching selectors: then all of it
  // may be bold.
  let styleBold = false;
  const walk = (el: Element, mono: boolean, bold: boolean) => {
    const props = el.properties;
    if (el.tagName === 'script') {
      el.children = [];
      return;
    }
    const style = typeof props.style === 'string' ? props.style : '';
    if (typeof props.fontFamily === 'string') {
      mono = MONO_FAMILY.test(props.fontFamily);
      props.fontFamily = mapFontFamily(props.fontFamily);
    }
    const styleFamily = /font-family\s*:\s*([^;]+)/i.exec(style);
    if (styleFamily) mono = MONO_FAMILY.test(styleFamily[1]!);
    if (style) props.style = mapCssFonts(style);
    if (/^(bold|bolder|[6-9]00)$/.test(String(props.fontWeight ?? '')) || BOLD.test(style)) bold = true;
    for (const child of el.children) {
      if (child.type === 'element') {
        if (child.tagName === 'style') {
          for (const t of child.children) {
            if (t.type !== 'text') continue;
            if (BOLD.test(t.value)) styleBold = true;
            t.value = mapCssFonts(t.value);
          }
        } else walk(child, mono, bold);
      } else if (child.type === 'text' && !NOT_DRAWN.has(el.tagName) && child.value.trim()) {
        text.body += child.value;
        if (bold) text.bold += child.value;
        if (mono) text.mono += child.value;
      }
    }
  };
  walk(svg, false, false);
  if (styleBold) text.bold = text.body;
  return { svg, text };
}

function parsedSvg(asset: ImageAsset): ParsedSvg | undefined {
  if (asset.mediaType !== 'image/svg+xml') return undefined;
  // Keyed by href, which is a hash of the bytes (assets/images.ts).
  if (!parsed.has(asset.href)) parsed.set(asset.href, parse(asset));
  return parsed.get(asset.href);
}

/** The text an SVG image draws; empty for other images. */
export function svgImageText(asset: ImageAsset): SvgText {
  return parsedSvg(asset)?.text ?? { body: '', bold: '', mono: '' };
}

/** The SVG element with the book's font families, a fresh copy the caller may change. */
export function svgImageElement(asset: ImageAsset): Element | undefined {
  const p = parsedSvg(asset);
  return p && (structuredClone(p.svg) as Element);
}

/** The text nodes of an SVG element that are drawn, for callers that rewrite them. */
export function drawnTextNodes(svg: Element): { value: string }[] {
  const out: { value: string }[] = [];
  const walk = (el: Element) => {
    for (const child of el.children as ElementContent[]) {
      if (child.type === 'element') walk(child);
      else if (child.type === 'text' && !NOT_DRAWN.has(el.tagName)) out.push(child);
    }
  };
  walk(svg);
  return out;
}
