/**
 * rehype plugin: fenced ```` ```mermaid ````, ```` ```dot ```` and ```` ```graphviz ```` blocks
 * are marked as diagrams (`data.diagram` on the `<pre>`). Nothing else changes here: drawing
 * needs a browser (mermaid) or WebAssembly (Graphviz), and the Markdown stage is per note and
 * synchronous in spirit, so the assets stage draws them (assets/diagrams/). Until then, and for
 * good when a diagram cannot be drawn, the block is ordinary code, which is exactly how a
 * diagram that fails to parse is shown. Stages in between (glossary, links) leave code alone.
 *
 * `markdown: { diagrams: false }` in book.yaml leaves them unmarked: code in every format.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import type { DiagramKind } from '../model.ts';
import { fencedCode } from './fenced-code.ts';

const KIND_OF_LANGUAGE: Record<string, DiagramKind> = { mermaid: 'mermaid', dot: 'graphviz', graphviz: 'graphviz' };

export default function rehypeDiagramBlocks() {
  return (tree: Root, file: VFile): void => {
    if (file.data.note?.syntax?.diagrams === false) return;
    visit(tree, 'element', (el: Element) => {
      const fenced = fencedCode(el);
      const kind = fenced && KIND_OF_LANGUAGE[fenced.language];
      if (!kind) return;
      el.data = { ...el.data, diagram: { kind, line: el.position?.start.line } } as Element['data'];
      return 'skip';
    });
  };
}
