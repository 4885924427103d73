/**
 * Finds the index's terms in a chapter's tree with the glossary's matcher (CJK-aware, longest
 * first, Latin on word boundaries) and marks each place with an id the index can point to.
 *
 * Text is matched across inline markup: the glossary has already wrapped its terms in links and
 * spans, and `**注意力**机制` is still 注意力机制. The run of text breaks at every block, at code,
 * at a line break. A match gets a `<span id="ix-…" class="index-use">` around its first piece of
 * text (its first text node), so the place holds at least one character of the term: that is
 * where the PDF measures its page. Nothing else of the tree changes, so glossary links and the
 * text read exactly as before.
 */
import type { Element, ElementContent, Root as HastRoot, Text } from 'hast';
import { h } from 'hastscript';
import { INDEX_MARK_CLASS } from '../markdown/index-marks.ts';
import type { TermMatcher } from '../glossary/matcher.ts';

/** Phrasing elements a term may run across. */
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'data', 'del', 'dfn', 'em', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);
/** Never searched: code, and what is not text. */
const SKIP = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'svg', 'math', 'img', 'picture']);

/** A place found: the element holding it and the entries it belongs to, in reading order. */
export interface Found<T> {
  element: Element;
  of: T[];
}

interface Piece {
  node: Text;
  parent: Element | HastRoot;
  /** Offset of the node's text in the run. */
  start: number;
}

/**
 * Walks the tree in reading order. `ofMark` says which entries an index mark
 * (`span.index-mark`) names, `ofMatch` which entries a match of matcher pattern `entry` belongs
 * to. Returns the places, marks and matches interleaved in reading order (marks that name no
 * entry too, so the caller can remove them); the caller gives the ids.
 */
export function findUses<T>(tree: HastRoot, matcher: TermMatcher, ofMatch: (entry: number) => T[], ofMark: (mark: Element) => T[]): Found<T>[] {
  const found: Found<T>[] = [];
  let run: Piece[] = [];
  let text = '';
  // Marks met in the current run, with the run offset they stand at, to keep reading order.
  let pendingMarks: { at: number; item: Found<T> }[] = [];

  const flush = () => {
    const matches = text ? matcher.find(text) : [];
    const wrapped: { at: number; item: Found<T> }[] = [];
    // Wrap from the end, so offsets into earlier text nodes stay valid.
    for (const m of [...matches].reverse()) {
      const of = ofMatch(m.entry);
      if (of.length === 0) continue;
      const piece = pieceAt(run, m.start);
      if (!piece) continue;
      const element = wrapPiece(piece, m.start - piece.start, Math.min(m.end, piece.start + piece.node.value.length) - piece.start);
      wrapped.push({ at: m.start, item: { element, of } });
    }
    const ordered = [...wrapped, ...pendingMarks].sort((a, b) => a.at - b.at);
    for (const o of ordered) found.push(o.item);
    run = [];
    text = '';
    pendingMarks = [];
  };

  const walk = (parent: Element | HastRoot) => {
    // A copy: wrapping changes the children of the parents of text nodes of the run.
    for (const child of [...parent.children] as ElementContent[]) {
      if (child.type === 'text') {
        run.push({ node: child, parent, start: text.length });
        text += child.value;
      } else if (child.type === 'element') {
        // A footnote's number or back-link is not part of the sentence it stands in.
        if (child.properties.dataFootnoteRef !== undefined || child.properties.dataFootnoteBackref !== undefined) continue;
        if (isMark(child)) {
          pendingMarks.push({ at: text.length, item: { element: child, of: ofMark(child) } });
          continue;
        }
        if (SKIP.has(child.tagName)) {
          flush();
          continue;
        }
        const inline = INLINE.has(child.tagName);
        if (!inline) flush();
        walk(child);
        if (!inline) flush();
      }
    }
  };
  walk(tree);
  flush();
  return found;
}

function isMark(el: Element): boolean {
  const c = el.properties.className;
  return Array.isArray(c) && c.includes(INDEX_MARK_CLASS);
}

function pieceAt(run: Piece[], offset: number): Piece | undefined {
  for (let i = run.length - 1; i >= 0; i--) {
    const p = run[i]!;
    if (p.start <= offset && offset < p.start + p.node.value.length) return p;
  }
  return undefined;
}

/** Wraps node.value[start, end) in a span, splitting the text node; returns the span. */
function wrapPiece(piece: Piece, start: number, end: number): Element {
  const { node, parent } = piece;
  const value = node.value;
  const span = h('span', { className: ['index-use'] }, value.slice(start, end));
  const replacement: ElementContent[] = [];
  if (start > 0) replacement.push({ type: 'text', value: value.slice(0, start) });
  replacement.push(span);
  if (end < value.length) replacement.push({ type: 'text', value: value.slice(end) });
  const siblings = parent.children as ElementContent[];
  siblings.splice(siblings.indexOf(node), 1, ...replacement);
  // Matches are wrapped from the end: an earlier one in this node lies in the text before the
  // span, which starts where the node did, so the piece now stands for that text.
  const before = replacement[0];
  if (start > 0 && before?.type === 'text') piece.node = before;
  return span;
}
