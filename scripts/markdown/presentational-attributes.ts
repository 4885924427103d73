/**
 * rehype plugin: makes what the sanitizer kept valid EPUB 3 XHTML. Markdown and old HTML carry
 * presentational attributes and elements that HTML5, and so epubcheck, forbids: GFM column
 * alignment (`| :-: |`) becomes `<td align="center">` in mdast-util-to-hast, and notes pasted
 * from the web bring `cellpadding`, `border`, `width` on tables, `valign`, `<center>`, `<font>`.
 *
 * - Alignment that carries meaning becomes a class styled in styles/book.css:
 *   `align="left|center|right|justify"` on paragraphs, divisions, headings and table cells and
 *   rows → `align-*`; `valign="top|middle|bottom|baseline"` on cells and rows → `valign-*`;
 *   `<center>` → `<div class="align-center">`.
 * - `width`/`height` stay on images when they are whole pixel numbers (`300px` → `300`), a
 *   percentage becomes an inline style; on any other element they are dropped.
 * - `<font color>` → `<span style="color: …">`; `<font>` with nothing left is unwrapped.
 *   `<big>` → `<span class="big">`, `<tt>` → `<code>`, `<strike>` → `<s>`, `<acronym>` → `<abbr>`.
 * - `<a name="x">` (an old-style anchor) → `<a id="x">`, so links to it keep working.
 * - Table layout (`border`, `cellpadding`, `cellspacing`, `frame`, `rules`, `summary`), colours
 *   and sizes of old HTML, and attributes valid only on elements the book does not keep are
 *   dropped: the book's stylesheet lays out tables for a phone and a page.
 * - `style` keeps only the declarations inline-style.ts allows.
 * Nothing here is reported: a reader loses nothing, and it is not unsafe.
 */
import type { Element, ElementContent, Properties, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { readInlineStyle, writeInlineStyle, type Declaration } from './inline-style.ts';

/** Attributes (hast property names) valid only on these elements in EPUB 3 XHTML. */
const ONLY_ON: Record<string, readonly string[]> = {
  abbr: ['th'],
  alt: ['img'],
  checked: ['input'],
  disabled: ['input'],
  type: ['input'],
  colSpan: ['td', 'th'],
  rowSpan: ['td', 'th'],
  headers: ['td', 'th'],
  scope: ['th'],
  dateTime: ['del', 'ins'],
  hrefLang: ['a'],
  isMap: ['img'],
  media: ['source'],
  open: ['details'],
  span: ['col', 'colgroup'],
  start: ['ol'],
  value: ['li'],
  itemScope: ['div'],
  itemType: ['div'],
};

/** Obsolete or form-only attributes: never valid on an element the book keeps. */
const DROPPED = new Set([
  'accept', 'acceptCharset', 'action', 'axis', 'bgColor', 'border', 'cellPadding', 'cellSpacing', 'char', 'charOff', 'charSet',
  'clear', 'cols', 'compact', 'coords', 'encType', 'face', 'frame', 'hSpace', 'htmlFor', 'label', 'longDesc', 'maxLength',
  'method', 'multiple', 'noHref', 'noShade', 'noWrap', 'prompt', 'readOnly', 'rev', 'rows', 'rules', 'selected', 'shape',
  'size', 'summary', 'useMap', 'vSpace',
]);

/** Elements on which `align` means text alignment (a class); elsewhere it is dropped. */
const TEXT_ALIGNED = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr', 'thead', 'tbody', 'tfoot']);
const ALIGN = new Set(['left', 'center', 'right', 'justify']);
const VERTICALLY_ALIGNED = new Set(['td', 'th', 'tr', 'thead', 'tbody', 'tfoot']);
const VALIGN = new Set(['top', 'middle', 'bottom', 'baseline']);
/** Elements that may have `width` and `height` (whole numbers of CSS pixels). */
const SIZED = new Set(['img']);

/** Attributes whose value must be a whole number. */
const INTEGER = new Set(['start', 'value', 'span', 'colSpan', 'rowSpan', 'tabIndex']);

const RENAMED: Record<string, string> = { tt: 'code', strike: 's', acronym: 'abbr', center: 'div', font: 'span', big: 'span' };

function addClass(props: Properties, name: string): void {
  const current: unknown = props.className;
  const list = Array.isArray(current) ? current.map(String) : typeof current === 'string' ? current.split(/\s+/).filter(Boolean) : [];
  if (!list.includes(name)) list.push(name);
  props.className = list;
}

/** `300`, `300px`, `300px; ` → 300; `50%` → '50%'; anything else → undefined. */
function readSize(value: unknown): number | string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const pixels = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*;?\s*$/i.exec(value);
  if (pixels) return Math.round(Number(pixels[1]));
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*;?\s*$/.exec(value);
  return percent ? `${percent[1]}%` : undefined;
}

/** A colour given as a name or #hex, as `<font color>` takes it. */
function readColour(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(v) || /^[a-z]{3,20}$/i.test(v) ? v : undefined;
}

function fixElement(el: Element): void {
  const original = el.tagName;
  const props = el.properties;
  const style: Declaration[] = typeof props.style === 'string' ? readInlineStyle(props.style).kept : [];
  delete props.style;

  if (original in RENAMED) el.tagName = RENAMED[original]!;
  if (original === 'center') addClass(props, 'align-center');
  if (original === 'big') addClass(props, 'big');
  if (original === 'font') {
    const colour = readColour(props.color);
    if (colour && !style.some(([p]) => p === 'color')) style.push(['color', colour]);
  }
  delete props.color;

  if (original === 'a' && typeof props.name === 'string' && props.id === undefined && props.name.trim()) props.id = props.name;
  delete props.name;

  const align = typeof props.align === 'string' ? props.align.trim().toLowerCase() : undefined;
  delete props.align;
  if (align && ALIGN.has(align) && TEXT_ALIGNED.has(el.tagName)) addClass(props, `align-${align}`);
  const valign = typeof props.vAlign === 'string' ? props.vAlign.trim().toLowerCase() : undefined;
  delete props.vAlign;
  if (valign && VALIGN.has(valign) && VERTICALLY_ALIGNED.has(el.tagName)) addClass(props, `valign-${valign}`);

  for (const dimension of ['width', 'height'] as const) {
    if (props[dimension] === undefined) continue;
    const size = SIZED.has(el.tagName) ? readSize(props[dimension]) : undefined;
    delete props[dimension];
    if (typeof size === 'number') props[dimension] = size;
    else if (typeof size === 'string' && !style.some(([p]) => p === dimension)) style.push([dimension, size]);
  }

  for (const key of Object.keys(props)) {
    if (DROPPED.has(key)) delete props[key];
    else if (key in ONLY_ON && !ONLY_ON[key]!.includes(el.tagName)) delete props[key];
    else if (INTEGER.has(key) && !/^-?\d+$/.test(String(props[key]).trim())) delete props[key];
  }
  if (props.dir !== undefined && !['ltr', 'rtl', 'auto'].includes(String(props.dir).toLowerCase())) delete props.dir;
  // An id is a non-empty token: spaces would make two names of it.
  if (typeof props.id === 'string') {
    const id = props.id.trim().replace(/\s+/g, '-');
    if (id) props.id = id;
    else delete props.id;
  }
  const written = writeInlineStyle(style);
  if (written) props.style = written;
}

export default function rehypePresentationalAttributes() {
  return (tree: Root): void => {
    visit(tree, 'element', (el: Element, index, parent) => {
      const wasFont = el.tagName === 'font';
      fixElement(el);
      // A <font> that only set a face or a size leaves a bare span: keep its content alone.
      if (wasFont && parent && index !== undefined && Object.keys(el.properties).length === 0) {
        parent.children.splice(index, 1, ...(el.children as ElementContent[]));
        return index;
      }
      return undefined;
    });
  };
}
