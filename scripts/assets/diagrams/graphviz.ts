/**
 * ```` ```dot ```` / ```` ```graphviz ```` blocks drawn by Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz): no system binary, no browser.
 *
 * Graphviz sizes a node to its label by estimating the text's width from a table of Latin font
 * metrics, and it counts every byte of a character it does not know as a space: a Chinese
 * character (three bytes in UTF-8) comes out as three-quarters of its real width, and every
 * Chinese label would overflow its box. So the graph is laid out twice: once as written, and
 * once with each character outside ASCII replaced by two Latin letters that Graphviz measures as
 * one em together (the width of a CJK character; an overestimate, never an overflow, for the
 * rest). The second layout's geometry is kept, with the text of the first put back into it
 * element by element. Both layouts must have the same elements in the same order; if they do not
 * (a replacement happened to spell an existing name), the graph is drawn as written.
 *
 * Text is set in the book's fonts (`font-family`), like mermaid's diagrams.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseXml, XmlElement, XmlText, type XmlNode } from '@rgrove/parse-xml';
import type { DiagramResult } from './types.ts';

type Graphviz = Awaited<ReturnType<typeof import('@hpcc-js/wasm-graphviz').Graphviz.load>>;

let graphviz: Promise<Graphviz> | undefined;

/** Loaded once per process, and only when a graph is not in the cache (the module is ~1 MB of WebAssembly). */
function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return graphviz;
}

/** The Graphviz release: part of the cache key, so a new one redraws every graph. */
export function graphvizVersion(): string {
  // The package exports no package.json: read it next to its entry point (dist/index.js).
  const entry = createRequire(import.meta.url).resolve('@hpcc-js/wasm-graphviz');
  return (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Letters that Times (Graphviz's default metrics) sets exactly half an em wide. None of them
 * follows a backslash to make an escape (`\n`, `\l`, `\r`, `\N`, `\G`, `\E`, `\T`, `\H`, `\L`),
 * and none is a digit, so an unquoted name stays a name.
 */
const HALF_EM = 'bdghkopquvxy';

const NON_ASCII = /[^\p{ASCII}]/gu;

/** Each distinct non-ASCII character → its stand-in: two letters (one em), three past 144 characters. */
function standIns(source: string): Map<string, string> {
  const chars = [...new Set(source.match(NON_ASCII) ?? [])];
  const n = HALF_EM.length;
  return new Map(
    chars.map((c, i) => {
      const letters = i < n * n ? [Math.floor(i / n), i % n] : [Math.floor(i / (n * n)) % n, Math.floor(i / n) % n, i % n];
      return [c, letters.map((l) => HALF_EM[l]).join('')];
    }),
  );
}

export async function drawGraphviz(source: string, fontFamily: string): Promise<DiagramResult> {
  const gv = await loadGraphviz();
  let asWritten: string;
  try {
    asWritten = gv.layout(source, 'svg', 'dot');
  } catch (e) {
    return { ok: false, message: oneLine((e as Error).message ?? String(e)) };
  }
  const map = standIns(source);
  let svg = asWritten;
  if (map.size > 0) {
    try {
      const measured = gv.layout(source.replace(NON_ASCII, (c) => map.get(c)!), 'svg', 'dot');
      svg = withTextOf(measured, asWritten) ?? asWritten;
    } catch {
      // The stand-ins made it unreadable (they should not): draw it as written.
    }
  }
  return { ok: true, svg: setFontFamily(svg, fontFamily) };
}

/** Graphviz's message on one line: `syntax error in line 3 near '}'`. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim() || 'Graphviz could not read the graph';
}

/**
 * `geometry` with every text node replaced by the same text node of `text` (both Graphviz SVGs
 * of one graph), or undefined when their elements differ.
 */
function withTextOf(geometry: string, text: string): string | undefined {
  const a = nodesOf(geometry);
  const b = nodesOf(text);
  if (a.shape !== b.shape || a.texts.length !== b.texts.length) return undefined;
  let out = '';
  let at = 0;
  a.texts.forEach((node, i) => {
    out += geometry.slice(at, node.start) + text.slice(b.texts[i]!.start, b.texts[i]!.end);
    at = node.end;
  });
  return out + geometry.slice(at);
}

function nodesOf(svg: string): { shape: string; texts: XmlText[] } {
  const doc = parseXml(svg, { includeOffsets: true, ignoreUndefinedEntities: true });
  const names: string[] = [];
  const texts: XmlText[] = [];
  const walk = (node: XmlNode) => {
    if (node instanceof XmlElement) {
      names.push(node.name);
      node.children.forEach(walk);
      names.push('/');
    } else if (node instanceof XmlText) texts.push(node);
  };
  walk(doc.root!);
  return { shape: names.join(' '), texts };
}

/** Graphviz writes `font-family="Times,serif"` on every text: the book's fonts instead. */
function setFontFamily(svg: string, fontFamily: string): string {
  const attr = fontFamily.replace(/"/g, '&quot;');
  return svg.replace(/\sfont-family="[^"]*"/g, ` font-family="${attr}"`);
}

/** The code that decides a graph's drawing (test/diagrams.test.ts notices when it changes). */
export const GRAPHVIZ_CODE = [HALF_EM, drawGraphviz, standIns, withTextOf, nodesOf, setFontFamily].map(String).join('\n');
