/**
 * Whether a document or the book has formulas (`<math>`, written by markdown/math-render.ts):
 * an EPUB document with MathML must say so in the package (`properties="mathml"`), and only a
 * book with formulas carries the math stylesheet.
 */
import type { Nodes } from 'hast';
import { EXIT, visit } from 'unist-util-visit';

export function containsMath(nodes: Nodes | Nodes[]): boolean {
  let found = false;
  for (const node of Array.isArray(nodes) ? nodes : [nodes]) {
    visit(node, 'element', (el) => {
      if (el.tagName !== 'math') return;
      found = true;
      return EXIT;
    });
    if (found) return true;
  }
  return false;
}
