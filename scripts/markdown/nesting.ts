/**
 * Refuses notes nested absurdly deep before they are parsed. The Markdown parser and every
 * tree walker after it recurse once per level: thousands of nested quotes or lists
 * (`>>>>…`, `- - - …`) overflow the stack or take minutes. No real note needs more than a
 * handful of levels, so deeper nesting is an error that names the line, not a crash.
 */
import { InkstoneError } from '../errors.ts';

/** Quote and list levels allowed on one line; far beyond any real note, far below the stack limit. */
export const MAX_NESTING = 100;

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * Container levels a line opens: `>` markers, list markers, and (when the line has a marker)
 * two columns of leading indentation per level, the least a nested list item needs.
 */
export function lineNesting(line: string): { depth: number; column: number } {
  let markers = 0;
  let indent = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    // Indentation counts before the first marker only; spaces after a marker belong to it.
    if (c === ' ') indent += markers === 0 ? 1 : 0;
    else if (c === '\t') indent += markers === 0 ? 4 : 0;
    else if (c === '>') markers += 1;
    else {
      const m = LIST_MARKER.exec(line.slice(i, i + 11));
      if (!m) break;
      markers += 1;
      i += m[0].length;
      continue;
    }
    i += 1;
  }
  return { depth: markers === 0 ? 0 : markers + Math.floor(indent / 2), column: i + 1 };
}

/** Throws an InkstoneError naming file:line:col when a line nests deeper than MAX_NESTING. */
export function checkNesting(markdown: string, file: string): void {
  let line = 1;
  let start = 0;
  while (start <= markdown.length) {
    let end = markdown.indexOf('\n', start);
    if (end < 0) end = markdown.length;
    // Only lines that could possibly be that deep are measured.
    if (end - start > MAX_NESTING) {
      const { depth, column } = lineNesting(markdown.slice(start, end));
      if (depth > MAX_NESTING) {
        throw new InkstoneError(`quotes or lists nested ${depth} levels deep; at most ${MAX_NESTING} are supported`, {
          position: { file, line, column },
          hint: 'Flatten the nesting (is this generated text?).',
        });
      }
    }
    start = end + 1;
    line += 1;
  }
}
