/**
 * Removes Obsidian `%%comments%%` (parsed by comment-syntax.ts) from the tree, and the
 * paragraphs that held nothing else (text after a block comment's closing `%%` stays, as a
 * paragraph of plain text). A block comment that is never closed hid the rest of the
 * note (or of its list item or quote), as Obsidian does: that gets an `unclosed-comment`
 * warning at the line where it opened, since the author probably did not mean it.
 */
import type { Parent, Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { Diagnostics } from '../errors.ts';

export function removeComments(tree: Root, file: string, diagnostics: Diagnostics): void {
  visit(tree, 'obsidianComment', (node, index, parent: Parent | undefined) => {
    if (!parent || index === undefined) return undefined;
    if (node.unclosed) {
      diagnostics.warn('unclosed-comment', 'comment %% opened here is never closed; the rest of the note (as in Obsidian) is left out of the book', {
        file,
        line: node.position?.start.line,
      });
    }
    if (node.tail) {
      parent.children.splice(index, 1, { type: 'paragraph', children: [{ type: 'text', value: node.tail, position: node.position }], position: node.position } as never);
      return [SKIP, index + 1];
    }
    parent.children.splice(index, 1);
    // `a %%x%% b` leaves `a ` and ` b`: one space between them is enough.
    const before = parent.children[index - 1];
    const after = parent.children[index];
    if (before?.type === 'text' && after?.type === 'text') {
      before.value = /\s$/.test(before.value) && /^\s/.test(after.value) ? before.value.replace(/\s+$/, '') + after.value.replace(/^\s+/, ' ') : before.value + after.value;
      if (before.position && after.position) before.position.end = after.position.end;
      parent.children.splice(index, 1);
    }
    return [SKIP, index];
  });
  // A paragraph that was only a comment (`%% note %%` inside other text on its line) is empty now.
  visit(tree, 'paragraph', (node, index, parent) => {
    if (!parent || index === undefined) return undefined;
    const empty = node.children.every((c) => (c.type === 'text' && c.value.trim() === '') || c.type === 'break');
    if (!empty) return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
}
