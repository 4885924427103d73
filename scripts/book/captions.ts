/**
 * Figures, tables and code listings with a caption, found in a note's tree when book.yaml
 * `numbering:` asks for them (README "Numbering"). The captions are the ones authors already
 * write for other tools:
 *
 *   figure   an image alone in its paragraph: its title (`![alt](a.png "caption")`), else its alt
 *            text (pandoc's implicit figures), unless that is a name an app made up (`image`,
 *            `Pasted image 2023…`, `截屏…`, a file name); a raw `<figure>` with a `<figcaption>`
 *   table    a paragraph `Table: caption`, `: caption` (pandoc) or `表：caption` right before or
 *            right after the table
 *   listing  a paragraph `Listing: caption` (pandoc-crossref) or `代码：caption` right before the
 *            code block
 *   diagram  a paragraph `Figure: caption` or `图：caption` right before or after a ```mermaid,
 *            ```dot or ```graphviz block: it becomes a figure like an image
 *   any      a paragraph holding only `<span class="caption">…</span>` right after it (mdBook)
 *
 * A number the author typed in the caption (`Figure 4-1:`, `表 2-3：`) is dropped: the book
 * numbers them itself (book/numbering.ts). Each one gets an id `fig-`, `tbl-` or `lst-` + the
 * GitHub slug of its caption (`#fig-系统架构`), claimed like any raw id (book/raw-ids.ts), so a
 * link `[图](#fig-系统架构)` reaches it, and from another note as `other.md#fig-系统架构`.
 * Runs while the book model is assembled, before the ids are made unique.
 */
import type { Element, ElementContent, Parent, Root as HastRoot, RootContent } from 'hast';
import { slug } from 'github-slugger';
import { toString as hastToString } from 'hast-util-to-string';
import { h } from 'hastscript';
import type { ResolvedNumbering } from '../model.ts';

export type CaptionKind = 'figure' | 'table' | 'listing';

/** The class of the caption element (figcaption or caption) that numbering.ts labels, and of its container. */
export const CAPTION_CLASS = 'caption';
export const CONTAINER_CLASS: Record<CaptionKind, string> = { figure: 'figure', table: 'numbered-table', listing: 'listing' };
const ID_PREFIX: Record<CaptionKind, string> = { figure: 'fig', table: 'tbl', listing: 'lst' };

/** `Table:`, `: `, `表：`, `表 3-1：` at the start of a caption line before or after a table. */
const TABLE_LINE = /^\s*(?:(?:Table|Tbl\.?|表格?)(?:\s*\d+(?:[-.–]\d+)*)?\s*[:：.．]|:)\s*/i;
/** `Figure:`, `图：` before or after a diagram block. */
const FIGURE_LINE = /^\s*(?:Figure|Fig\.?|图)(?:\s*\d+(?:[-.–]\d+)*)?\s*[:：.．]\s*/i;
/** `Listing:`, `代码：`, `代码清单 2-1：` before a code block. */
const LISTING_LINE = /^\s*(?:Listing|Code|代码清单|代码|程序清单|清单|列表)(?:\s*\d+(?:[-.–]\d+)*)?\s*[:：.．]\s*/i;
/** The number an author typed in an mdBook caption span, or in a figure's title: `Figure 4-1: `, `图 3-1 `. */
const TYPED_NUMBER = /^\s*(?:Figure|Fig\.?|Table|Listing|Code|图|圖|表|代码|代码清单|清单)\s*\d+(?:[-.–]\d+)*\s*[:：.．]?\s*/i;
/** Alt texts that note apps and screenshot tools make up: not a caption. */
const MADE_UP_ALT = /^(?:image|img|picture|photo|screenshot|图片|图像|截图|截屏.*|屏幕截图.*|pasted image.*|image[-_ ]?\d.*|\d[\d\s_-]*|.*\.(?:png|jpe?g|gif|svg|webp|bmp))$/i;

const isBlank = (n: RootContent | ElementContent): boolean => n.type === 'comment' || (n.type === 'text' && !n.value.trim());
const hasClass = (el: Element, name: string): boolean => Array.isArray(el.properties.className) && el.properties.className.includes(name);

/** Wraps the captioned figures, tables and listings of a note tree in place (see the module comment). */
export function markCaptions(tree: HastRoot, numbering: ResolvedNumbering): void {
  if (!numbering.figures && !numbering.tables && !numbering.listings) return;
  walk(tree, numbering);
}

function walk(parent: Parent, numbering: ResolvedNumbering): void {
  const children = parent.children as ElementContent[];
  for (let i = 0; i < children.length; i++) {
    const el = children[i]!;
    if (el.type !== 'element') continue;
    if (numbering.figures && (el.tagName === 'p' || el.tagName === 'img')) {
      const image = el.tagName === 'img' ? { node: el, img: el } : loneImage(el);
      if (image) {
        const after = captionSpanAfter(children, i);
        const caption = after ? stripTyped(after.content) : imageCaption(image.img);
        if (caption) {
          children[i] = container('figure', caption, [image.node, captionElement('figcaption', caption)]);
          if (after) children.splice(i + 1, after.index - i);
        }
        continue;
      }
    }
    if (numbering.figures && el.tagName === 'figure' && !hasClass(el, CONTAINER_CLASS.figure)) {
      const figcaption = el.children.find((c): c is Element => c.type === 'element' && c.tagName === 'figcaption');
      if (figcaption && hastToString(figcaption).trim()) {
        figcaption.properties.className = [CAPTION_CLASS];
        figcaption.children = stripTyped(figcaption.children);
        el.properties.className = [...((el.properties.className as string[] | undefined) ?? []), CONTAINER_CLASS.figure];
        if (typeof el.properties.id !== 'string') el.properties.id = idFor('figure', figcaption.children);
        continue;
      }
    }
    if (numbering.tables && el.tagName === 'table') {
      const found = captionLineAround(children, i, TABLE_LINE, true);
      if (found) {
        el.children.unshift(captionElement('caption', found.content));
        el.properties.className = [...((el.properties.className as string[] | undefined) ?? []), CONTAINER_CLASS.table];
        if (typeof el.properties.id !== 'string') el.properties.id = idFor('table', found.content);
        i = found.remove(i);
        continue;
      }
    }
    // A diagram block (markdown/diagram-blocks.ts, drawn by the assets stage) is a figure, not a listing.
    if (numbering.figures && el.tagName === 'pre' && (el.data as { diagram?: unknown } | undefined)?.diagram) {
      const found = captionLineAround(children, i, FIGURE_LINE, true);
      if (found) {
        children[i] = container('figure', found.content, [el, captionElement('figcaption', found.content)]);
        i = found.remove(i);
      }
      continue;
    }
    if (numbering.listings && el.tagName === 'pre') {
      const found = captionLineAround(children, i, LISTING_LINE, false);
      if (found) {
        const wrapped = container('listing', found.content, [captionElement('figcaption', found.content), el]);
        children[i] = wrapped;
        i = found.remove(i);
        continue;
      }
    }
    walk(el, numbering);
  }
}

/** `<p><img></p>` or `<p><a><img></a></p>`: an image alone in its paragraph, with what wraps it. */
function loneImage(p: Element): { node: Element; img: Element } | undefined {
  const content = p.children.filter((c) => !isBlank(c) && !(c.type === 'element' && c.tagName === 'br'));
  if (content.length !== 1 || content[0]!.type !== 'element') return undefined;
  const only = content[0]!;
  if (only.tagName === 'img') return { node: only, img: only };
  if (only.tagName === 'a') {
    const inner = only.children.filter((c) => !isBlank(c));
    if (inner.length === 1 && inner[0]!.type === 'element' && inner[0]!.tagName === 'img') return { node: only, img: inner[0]! };
  }
  return undefined;
}

function imageCaption(img: Element): ElementContent[] | undefined {
  const title = typeof img.properties.title === 'string' ? img.properties.title.trim() : '';
  if (title) return stripTyped([{ type: 'text', value: title }]);
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt.trim() : '';
  if (alt && !MADE_UP_ALT.test(alt)) return stripTyped([{ type: 'text', value: alt }]);
  return undefined;
}

/** The next non-blank sibling, if it is a paragraph holding only `<span class="caption">`. */
function captionSpanAfter(children: ElementContent[], i: number): { content: ElementContent[]; index: number } | undefined {
  const index = nextContent(children, i, 1);
  const p = index === undefined ? undefined : children[index];
  if (!p || p.type !== 'element' || p.tagName !== 'p') return undefined;
  const content = p.children.filter((c) => !isBlank(c));
  const span = content[0];
  if (content.length !== 1 || span?.type !== 'element' || span.tagName !== 'span' || !hasClass(span, 'caption')) return undefined;
  return { content: span.children, index: index! };
}

/**
 * A caption line (`line` matches the start of its text) right before the element, else (when
 * `after` is allowed) right after it, else an mdBook caption span after it. `remove` takes the
 * line out and returns where the element now is.
 */
function captionLineAround(children: ElementContent[], i: number, line: RegExp, after: boolean): { content: ElementContent[]; remove: (i: number) => number } | undefined {
  const before = nextContent(children, i, -1);
  const fromLine = (index: number | undefined) => {
    const p = index === undefined ? undefined : children[index];
    if (!p || p.type !== 'element' || p.tagName !== 'p') return undefined;
    const content = stripLine(p.children, line);
    return content && hastToString({ type: 'root', children: content }).trim() ? content : undefined;
  };
  const above = fromLine(before);
  if (above) return { content: above, remove: (at) => (children.splice(before!, at - before!), before!) };
  const nextIndex = nextContent(children, i, 1);
  const below = after ? fromLine(nextIndex) : undefined;
  if (below) return { content: below, remove: (at) => (children.splice(at + 1, nextIndex! - at), at) };
  const span = captionSpanAfter(children, i);
  if (span) return { content: stripTyped(span.content), remove: (at) => (children.splice(at + 1, span.index - at), at) };
  return undefined;
}

function nextContent(children: ElementContent[], i: number, step: 1 | -1): number | undefined {
  for (let k = i + step; k >= 0 && k < children.length; k += step) if (!isBlank(children[k]!)) return k;
  return undefined;
}

/** The paragraph's content without the caption line's lead-in, or undefined when it has none. */
function stripLine(content: ElementContent[], line: RegExp): ElementContent[] | undefined {
  const first = content[0];
  if (first?.type !== 'text') return undefined;
  const m = line.exec(first.value);
  if (!m) return undefined;
  return [{ type: 'text', value: first.value.slice(m[0].length) }, ...content.slice(1)];
}

/** The caption without a number the author typed (`Figure 4-1: `). */
function stripTyped(content: ElementContent[]): ElementContent[] {
  const first = content[0];
  if (first?.type !== 'text') return content;
  const m = TYPED_NUMBER.exec(first.value);
  return m ? [{ type: 'text', value: first.value.slice(m[0].length) }, ...content.slice(1)] : content;
}

function captionElement(tag: 'figcaption' | 'caption', content: ElementContent[]): Element {
  return h(tag, { className: [CAPTION_CLASS] }, structuredClone(content));
}

function container(kind: 'figure' | 'listing', caption: ElementContent[], children: ElementContent[]): Element {
  return h('figure', { className: [CONTAINER_CLASS[kind]], id: idFor(kind, caption) }, children);
}

function idFor(kind: CaptionKind, caption: ElementContent[]): string {
  const text = slug(hastToString({ type: 'root', children: caption }).trim());
  return `${ID_PREFIX[kind]}-${text || 'caption'}`;
}
