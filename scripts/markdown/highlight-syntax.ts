/**
 * `==highlighted==` (Obsidian, also Typora and pymdownx.mark) → an mdast `highlight` node that
 * becomes `<mark>`. A micromark extension, so it is never seen inside code, link destinations
 * or other constructs, and `**` next to `==` still pairs (`==**重点**==`).
 *
 * Built like GFM strikethrough, with exactly two `=`: a run of two can open when the next
 * character is not white space, and close when the previous one is not. Unlike emphasis,
 * punctuation does not matter, so `==重点。==后面` (Chinese punctuation right before the closing
 * `==`) is a highlight, as Obsidian shows it; `a == b` is not (white space on both sides).
 */
import type { Extension as FromMarkdownExtension, Handle } from 'mdast-util-from-markdown';
import type { PhrasingContent } from 'mdast';
import type { Position } from 'unist';
import { markdownLineEndingOrSpace } from 'micromark-util-character';
import { splice } from 'micromark-util-chunked';
import { resolveAll } from 'micromark-util-resolve-all';
import type { Code, Event, Extension, Resolver, State, Token, TokenizeContext, Tokenizer } from 'micromark-util-types';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    highlight: 'highlight';
    highlightSequence: 'highlightSequence';
    highlightSequenceTemporary: 'highlightSequenceTemporary';
    highlightText: 'highlightText';
  }
}

/** `==text==` in the Markdown tree: its children are phrasing content. */
export interface Highlight {
  type: 'highlight';
  children: PhrasingContent[];
  data?: { hName?: string };
  position?: Position;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    highlight: Highlight;
  }
  interface RootContentMap {
    highlight: Highlight;
  }
}

const EQUALS = 61;

/** The micromark syntax extension. */
export function highlightSyntax(): Extension {
  const construct = { name: 'highlight', tokenize: tokenizeHighlight, resolveAll: resolveAllHighlight };
  return {
    text: { [EQUALS]: construct },
    insideSpan: { null: [construct] },
    attentionMarkers: { null: [EQUALS] },
  };
}

/** Pairs openers with closers (the text between them is resolved for other spans, e.g. emphasis). */
const resolveAllHighlight: Resolver = (events, context) => {
  let index = -1;
  while (++index < events.length) {
    const closer = events[index]!;
    if (closer[0] !== 'enter' || closer[1].type !== 'highlightSequenceTemporary' || !closer[1]._close) continue;
    let open = index;
    while (open--) {
      const opener = events[open]!;
      if (opener[0] !== 'exit' || opener[1].type !== 'highlightSequenceTemporary' || !opener[1]._open) continue;
      closer[1].type = 'highlightSequence';
      opener[1].type = 'highlightSequence';
      const highlight: Token = { type: 'highlight', start: { ...opener[1].start }, end: { ...closer[1].end } };
      const text: Token = { type: 'highlightText', start: { ...opener[1].end }, end: { ...closer[1].start } };
      const next: Event[] = [
        ['enter', highlight, context],
        ['enter', opener[1], context],
        ['exit', opener[1], context],
        ['enter', text, context],
      ];
      const insideSpan = context.parser.constructs.insideSpan.null;
      if (insideSpan) splice(next, next.length, 0, resolveAll(insideSpan, events.slice(open + 1, index), context));
      splice(next, next.length, 0, [
        ['exit', text, context],
        ['enter', closer[1], context],
        ['exit', closer[1], context],
        ['exit', highlight, context],
      ]);
      splice(events, open - 1, index - open + 3, next);
      index = open + next.length - 2;
      break;
    }
  }
  for (const event of events) if (event[1].type === 'highlightSequenceTemporary') event[1].type = 'data';
  return events;
};

function tokenizeHighlight(this: TokenizeContext, effects: Parameters<Tokenizer>[0], ok: State, nok: State): State {
  const previous = this.previous;
  const events = this.events;
  let size = 0;
  const start: State = (code) => {
    // The middle of a longer run of `=` (an escaped `\=` before it does not count).
    if (previous === EQUALS && events[events.length - 1]![1].type !== 'characterEscape') return nok(code);
    effects.enter('highlightSequenceTemporary');
    return more(code);
  };
  const more: State = (code: Code) => {
    if (code === EQUALS) {
      if (size === 2) return nok(code); // `===`: not a highlight
      effects.consume(code);
      size++;
      return more;
    }
    if (size < 2) return nok(code);
    const token = effects.exit('highlightSequenceTemporary');
    token._open = code !== null && !markdownLineEndingOrSpace(code);
    token._close = previous !== null && !markdownLineEndingOrSpace(previous);
    return ok(code);
  };
  return start;
}

/** Turns the tokens into `highlight` nodes rendered as `<mark>`. */
export function highlightFromMarkdown(): FromMarkdownExtension {
  const enter: Handle = function (token) {
    this.enter({ type: 'highlight', children: [], data: { hName: 'mark' } }, token);
  };
  const exit: Handle = function (token) {
    this.exit(token);
  };
  return { enter: { highlight: enter }, exit: { highlight: exit } };
}
