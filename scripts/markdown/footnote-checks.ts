/**
 * What GFM does silently with footnotes, said out loud (remark, on the note's Markdown):
 * - a definition (`[^x]: …`) that no reference uses, or a second definition of the same label, is
 *   left out of the page by GitHub, and so by the book: `footnote-unused`;
 * - a reference whose definition is missing (`[^9]` with no `[^9]: …` in the note) is not a
 *   footnote at all but text, shown as written: `footnote-undefined`. Regular expressions in
 *   prose (`[^0-9]`) look the same, so this is said only for a label of digits, or in a note
 *   that does have footnotes, and only for labels made of letters, digits, `_` and `-` that are
 *   not ranges (`a-z`).
 * A blockquote that held nothing but definitions would be left empty (the definitions move to
 * the notes): it goes with them.
 */
import type { FootnoteDefinition, Parent, Root, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** `[^label]` as GFM writes a footnote call. */
const CALL = /\[\^([^\]\s]+)\]/g;
const LABEL_LIKE = /^[\p{L}\p{N}_-]+$/u;
/** `0-9`, `a-zA-Z`: a character class of a regular expression, not a label. */
const RANGES = /^(?:[A-Za-z0-9]-[A-Za-z0-9])+$/;

/** micromark's normalisation of labels (whitespace collapsed, case folded), for comparing. */
const normalise = (label: string) => label.replace(/[\t\n\r ]+/g, ' ').trim().toLowerCase().toUpperCase();

export default function remarkFootnoteChecks() {
  return (tree: Root, file: VFile) => {
    const note = file.data.note;
    const warn = (rule: 'footnote-unused' | 'footnote-undefined', message: string, line: number | undefined) => note?.diagnostics.warn(rule, message, { file: note.file, line });

    const definitions = new Map<string, FootnoteDefinition>();
    const referenced = new Set<string>();
    visit(tree, (node) => {
      if (node.type === 'footnoteReference') referenced.add(normalise(node.identifier));
      if (node.type === 'footnoteDefinition') {
        const id = normalise(node.identifier);
        if (definitions.has(id)) warn('footnote-unused', `footnote [^${node.label ?? node.identifier}] is defined a second time; only the first definition is used, this one is left out`, node.position?.start.line);
        else definitions.set(id, node);
      }
    });
    for (const [id, node] of definitions) {
      if (!referenced.has(id)) warn('footnote-unused', `footnote [^${node.label ?? node.identifier}] is never referenced, so it is left out; refer to it with [^${node.label ?? node.identifier}] in the text, or delete it`, node.position?.start.line);
    }

    visit(tree, 'text', (node: Text) => {
      for (const m of node.value.matchAll(CALL)) {
        const label = m[1]!;
        if (!LABEL_LIKE.test(label) || RANGES.test(label) || definitions.has(normalise(label))) continue;
        if (definitions.size === 0 && !/^\d+$/.test(label)) continue;
        const start = node.position?.start.line;
        const line = start === undefined ? undefined : start + (node.value.slice(0, m.index).match(/\n/g)?.length ?? 0);
        warn('footnote-undefined', `footnote reference [^${label}] has no definition in this note ([^${label}]: …), so it is shown as written`, line);
      }
    });

    // Containers left empty once their definitions are taken out.
    visit(tree, (node, index, parent: Parent | undefined) => {
      if (!parent || index === undefined || node.type !== 'blockquote') return undefined;
      const children = node.children;
      if (children.length > 0 && children.every((c) => c.type === 'footnoteDefinition')) {
        parent.children.splice(index, 1, ...(children as typeof parent.children));
        return [SKIP, index + children.length];
      }
      return undefined;
    });
  };
}
