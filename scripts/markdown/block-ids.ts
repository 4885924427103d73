/**
 * Obsidian block ids: a paragraph (or list item) that ends with ` ^block-id` can be linked to
 * as `[[note#^block-id]]`; a line `^block-id` of its own names the block just before it (a
 * table, a list, a quote). Obsidian hides the marker, and so does the book: the marker is
 * removed and the element remembers the id in `data.blockId`. The book model gives it a
 * book-wide unique id (book/block-ids.ts), which links with that fragment then land on.
 *
 * A rehype plugin, after the sanitizer: text in code never reaches it (a `pre`'s text is not a
 * paragraph's last child).
 */
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';

declare module 'hast' {
  interface ElementData {
    /** An Obsidian block id (`^id`) this element carries. */
    blockId?: string;
  }
}

const MARKER = /(^|\s)\^([A-Za-z0-9-]+)\s*$/;
const ALONE = /^\s*\^([A-Za-z0-9-]+)\s*$/;

/** The plugin; it does nothing when the note's wikilinks are switched off. */
export default function rehypeBlockIds() {
  return (tree: Root, file: VFile) => {
    if (file.data.note?.syntax?.wikilinks === false || !file.data.note?.vault) return;
    visit(tree, 'element', (el: Element, index, parent) => {
      if (el.tagName !== 'p' && el.tagName !== 'li') return undefined;
      if (el.tagName === 'p' && el.children.length === 1 && el.children[0]!.type === 'text' && parent && index !== undefined) {
        const alone = ALONE.exec(el.children[0]!.value);
        const before = alone ? previousElement(parent.children, index) : undefined;
        if (alone && before) {
          before.data = { ...before.data, blockId: alone[1]! } as Element['data'];
          // The marker paragraph and the line break before it go.
          const from = parent.children[index - 1]?.type === 'text' ? index - 1 : index;
          parent.children.splice(from, index - from + 1);
          return [SKIP, from];
        }
      }
      const last = lastText(el);
      if (!last) return undefined;
      const m = MARKER.exec(last.value);
      if (!m) return undefined;
      last.value = last.value.slice(0, m.index).replace(/\s+$/, '');
      el.data = { ...el.data, blockId: m[2]! } as Element['data'];
      return undefined;
    });
  };
}

function previousElement(children: (ElementContent | Root['children'][number])[], index: number): Element | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const child = children[i]!;
    if (child.type === 'element') return child;
    if (child.type === 'text' && child.value.trim() === '') continue;
    return undefined;
  }
  return undefined;
}

/** The element's last text, if it ends the element (a tight list item: before a nested list). */
function lastText(el: Element): { value: string } | undefined {
  let children = el.children.filter((c) => !(c.type === 'text' && c.value.trim() === '' && el.tagName === 'li'));
  if (el.tagName === 'li') {
    // `- item ^id` followed by a nested list: the marker ends the item's own text.
    const nested = children.findIndex((c) => c.type === 'element' && (c.tagName === 'ul' || c.tagName === 'ol'));
    if (nested >= 0) children = children.slice(0, nested);
    const tail = children.at(-1);
    if (tail?.type === 'element' && tail.tagName === 'p') return undefined; // a loose item: its paragraph has the marker
  }
  const tail = children.at(-1);
  return tail?.type === 'text' ? tail : undefined;
}
