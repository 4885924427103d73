/**
 * The characters the math font must show: what the book's `<math>` elements display, which is
 * more than their text. A browser draws a one-letter `<mi>x</mi>` as the italic 𝑥
 * (U+1D465, MathML Core's automatic italic), and a square root with the radical sign √ that no
 * text contains. The TeX in `<annotation>` is never displayed and is left out.
 */
import type { Element, Nodes } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

/** MathML Core's italic mapping (the `math-auto` text transform) for the letters it applies to. */
export function mathItalic(char: string): string | undefined {
  const c = char.codePointAt(0)!;
  if (c === 0x68) return '\u210e'; // ℎ (Planck constant): the hole in the italic block
  if (c >= 0x41 && c <= 0x5a) return String.fromCodePoint(0x1d434 + c - 0x41);
  if (c >= 0x61 && c <= 0x7a) return String.fromCodePoint(0x1d44e + c - 0x61);
  if (c === 0x131) return '\u{1d6a4}'; // dotless i
  if (c === 0x237) return '\u{1d6a5}'; // dotless j
  if (c >= 0x391 && c <= 0x3a9) return String.fromCodePoint(0x1d6e2 + c - 0x391);
  if (c >= 0x3b1 && c <= 0x3c9) return String.fromCodePoint(0x1d6fc + c - 0x3b1);
  const others: Record<number, number> = { 0x3f4: 0x1d6f3, 0x2207: 0x1d6fb, 0x2202: 0x1d715, 0x3f5: 0x1d716, 0x3d1: 0x1d717, 0x3f0: 0x1d718, 0x3d5: 0x1d719, 0x3f1: 0x1d71a, 0x3d6: 0x1d71b };
  return others[c] === undefined ? undefined : String.fromCodePoint(others[c]!);
}

function text(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && (node.tagName === 'annotation' || node.tagName === 'annotation-xml')) return '';
  if ('children' in node) return node.children.map((c) => text(c as Nodes)).join('');
  return '';
}

/** Every character the formulas in `tree` show, in no particular order. */
export function mathText(tree: Nodes): string {
  const out: string[] = [];
  visit(tree, 'element', (math: Element) => {
    if (math.tagName !== 'math') return;
    out.push(text(math));
    visit(math, 'element', (el: Element) => {
      if (el.tagName === 'msqrt' || el.tagName === 'mroot') out.push('\u221a');
      if (el.tagName === 'mi' && el.properties.mathvariant === undefined) {
        for (const char of text(el)) out.push(mathItalic(char) ?? '');
      }
    });
    return SKIP;
  });
  return out.join('');
}
