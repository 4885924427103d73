/**
 * TeX → MathML at build time, so no output needs JavaScript: every
 * `<code class="language-math">` (from `$…$`, `$$…$$`, `\(…\)`, `\[…\]` read by math-syntax.ts,
 * and ```` ```math ```` fences) becomes a MathML `<math>` element, written by Temml.
 *
 * Why Temml: it writes MathML Core, the part of MathML that Chromium renders (the PDF) and
 * that EPUB 3 allows in XHTML, with no HTML/CSS fallback markup to carry (KaTeX writes both;
 * MathJax is many times larger and lays out its own output for the browser). Temml is small,
 * has no dependencies, and follows KaTeX's TeX coverage: `aligned`, `cases`, `pmatrix`,
 * `\mathbb`, `\operatorname`, `\text{中文}` …
 *
 * Readers that cannot see the formula get its TeX: `alttext` on `<math>` and a TeX
 * `<annotation>` (screen readers and EPUB readers without MathML read one of them).
 *
 * A formula Temml cannot read is shown as its TeX source in code style (`code.math-error`) and
 * reported as `math-error` with `file:line` and Temml's message; the book is built anyway.
 * Runs after the sanitizer: our own MathML is trusted, while `<math>` written as raw HTML in a
 * note is still removed as before. `\href`, `\url`, `\includegraphics` and `\html…` are off
 * (Temml's `trust: false`), so a formula cannot link or load anything.
 */
import { parseXml, XmlElement, XmlText, type XmlNode } from '@rgrove/parse-xml';
import type { Element, ElementContent, Root } from 'hast';
import temml from 'temml';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** The TeX of a formula and how to show it. */
export interface Formula {
  tex: string;
  display: boolean;
}

export type RenderedFormula = { ok: true; math: Element } | { ok: false; message: string; position?: number };

/** One formula to a `<math>` tree, or Temml's error message. */
export function renderFormula({ tex, display }: Formula): RenderedFormula {
  let xml: string;
  try {
    xml = temml.renderToString(tex, { displayMode: display, annotate: true, xml: true, throwOnError: true, trust: false });
  } catch (error) {
    const e = error as { message?: string; position?: unknown };
    return { ok: false, message: cleanMessage(String(e.message ?? error)), position: typeof e.position === 'number' ? e.position : undefined };
  }
  const root = parseXml(xml).root;
  if (!root) throw new Error(`Temml wrote no MathML for ${JSON.stringify(tex)}`);
  const math = toHast(root);
  math.properties.alttext = tex;
  return { ok: true, math };
}

/**
 * Temml's messages end with an excerpt of the TeX (underlined with combining characters, over
 * several lines): keep the words, on one line; the warning gives the line already.
 */
export function cleanMessage(message: string): string {
  return message
    .replace(/^\s*(Temml )?(parse error:\s*)?/i, '')
    .replace(/(at end of input|at position \d+):[\s\S]*$/, '$1')
    // A position counts characters in the formula, which the reader does not see as such.
    .replace(/ at position \d+$/, '')
    .replace(/:\s*\n[\s\S]*$/, '')
    .replace(/\u0332/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Accents Temml writes as spacing characters that the math font (Noto Sans Math) does not have:
 * its combining forms, which it has and which Chromium centres over the base the same way, so no
 * other font is pulled in for them (`\bar`, `\breve`, `\dot`, `\ddot`, `\acute`, `\check`, `\grave`, `\tilde`).
 */
const ACCENTS: Record<string, string> = {
  '\u203e': '\u0305',
  '\u00af': '\u0304',
  '\u02d8': '\u0306',
  '\u02d9': '\u0307',
  '\u00a8': '\u0308',
  '\u00b4': '\u0301',
  '\u02c7': '\u030c',
  '\u0060': '\u0300',
  '\u02dc': '\u0303',
  '\u02da': '\u030a',
};

/**
 * Temml's MathML as a hast tree, made valid for EPUB as well (epubcheck checks MathML 3):
 * MathML Core lets any element set `scriptlevel` and `displaystyle`, MathML 3 only `<mstyle>`
 * (and `<math>`, `<mtable>` for `displaystyle`), so such an element is wrapped in an `<mstyle>`
 * that carries them: the same layout in a browser.
 */
function toHast(el: XmlElement): Element {
  const properties: Record<string, string | string[]> = {};
  const style: Record<string, string> = {};
  for (const [name, value] of Object.entries(el.attributes)) {
    if (el.name !== 'mstyle' && (name === 'scriptlevel' || (name === 'displaystyle' && el.name !== 'math' && el.name !== 'mtable'))) style[name] = value;
    else properties[name === 'class' ? 'className' : name] = name === 'class' ? value.split(/\s+/).filter(Boolean) : value;
  }
  const children: ElementContent[] = [];
  for (const child of el.children as XmlNode[]) {
    if (child instanceof XmlElement) children.push(toHast(child));
    else if (child instanceof XmlText) children.push({ type: 'text', value: el.name === 'mo' ? (ACCENTS[child.text] ?? child.text) : child.text });
  }
  const result: Element = { type: 'element', tagName: el.name, properties, children };
  return Object.keys(style).length === 0 ? result : { type: 'element', tagName: 'mstyle', properties: style, children: [result] };
}

const hasClass = (el: Element, name: string): boolean => {
  const value = el.properties.className;
  return Array.isArray(value) && value.includes(name);
};

/**
 * The placeholder `<code>` of a formula, and whether it is display math: inline in text, a block
 * (`<div>` from math-block.ts) or a ```` ```math ```` fence (`<pre>`).
 */
function formulaOf(el: Element): { code: Element; display: boolean } | undefined {
  if ((el.tagName === 'pre' || el.tagName === 'div') && el.children.length === 1) {
    const code = el.children[0]!;
    if (code.type === 'element' && code.tagName === 'code' && hasClass(code, 'language-math')) return { code, display: true };
    return undefined;
  }
  if (el.tagName === 'code' && hasClass(el, 'language-math')) return { code: el, display: hasClass(el, 'math-display') };
  return undefined;
}

const textOf = (el: Element): string => el.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');

/** What to show for a formula that does not parse: its source, as code. */
function sourceAsCode(tex: string, block: boolean): Element {
  const code: Element = { type: 'element', tagName: 'code', properties: { className: ['math-error'] }, children: [{ type: 'text', value: tex }] };
  return block ? { type: 'element', tagName: 'pre', properties: { className: ['math-error'] }, children: [code] } : code;
}

export interface MathRenderOptions {
  /** Called for each formula that does not parse, with the line it is on. */
  onError(message: string, line: number | undefined): void;
}

/**
 * `align`, `gather` and `equation` number their lines: Temml leaves an empty HTML `<span>` for a
 * CSS counter, which is not MathML (epubcheck rejects it) and would count across the whole
 * PDF. The numbers are written in instead, counted per note, as LaTeX counts per document.
 */
function numberEquations(math: Element, next: () => number): void {
  visit(math, 'element', (el) => {
    const only = el.children.length === 1 ? el.children[0] : undefined;
    if (el.tagName === 'mtext' && only?.type === 'element' && only.tagName === 'span' && hasClass(only, 'tml-eqn')) {
      el.children = [{ type: 'text', value: `(${next()})` }];
    }
  });
}

/** Replaces every math placeholder in `tree` (see the module comment). */
export function renderMathIn(tree: Root, options: MathRenderOptions): void {
  let equations = 0;
  visit(tree, 'element', (el, index, parent) => {
    if (!parent || index === undefined) return;
    const found = formulaOf(el);
    if (!found) return;
    const raw = textOf(found.code);
    const tex = raw.trim();
    const rendered = renderFormula({ tex, display: found.display });
    if (rendered.ok) {
      numberEquations(rendered.math, () => ++equations);
      parent.children[index] = rendered.math;
      return [SKIP, index + 1];
    }
    // The line of the error: the formula's first line, plus the lines before the TeX starts
    // (a ```math fence; `$$` alone on its line is in `raw`) and before the error's position.
    const start = el.position?.start.line;
    const leading = raw.slice(0, raw.length - raw.trimStart().length);
    const fence = el.tagName === 'pre' && !hasClass(found.code, 'math-display') ? '\n' : '';
    const before = `${fence}${leading}${tex.slice(0, rendered.position ?? 0)}`;
    options.onError(rendered.message, start === undefined ? undefined : start + (before.match(/\n/g)?.length ?? 0));
    parent.children[index] = sourceAsCode(tex, el.tagName === 'pre' || el.tagName === 'div');
    return [SKIP, index + 1];
  });
}

/**
 * The rehype plugin. Off when the note's syntax says `math: false` (book.yaml
 * `markdown.math`): then nothing is math, not even a ```` ```math ```` fence, which stays code.
 */
export default function rehypeMath() {
  return (tree: Root, file: VFile): void => {
    const note = file.data.note;
    if (note?.syntax?.math === false) return;
    renderMathIn(tree, {
      onError(message, line) {
        if (note) note.diagnostics.warn('math-error', `formula not understood, shown as TeX: ${message}`, { file: note.file, line });
      },
    });
  };
}
