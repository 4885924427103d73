/**
 * Obsidian comments, `%%…%%`: text the author keeps for themselves, shown in the editor and
 * never in reading view, so never in the book. A micromark extension, so `%%` in code (spans
 * and fences), in link destinations and in URLs is left alone.
 *
 *   - inline: `text %%note to self%% more`, possibly across the lines of one paragraph;
 *     a `%%` with no closing `%%` in its paragraph stays as text;
 *   - block: a line that starts with `%%` opens a comment that runs over any lines, blank ones
 *     included, to the next `%%` on a later line (or is `%% one line %%`); text after that
 *     closing `%%` on its line is kept as a paragraph of its own. A block comment never closed
 *     hides the rest of the note (or of its list item or quote), as in Obsidian; the comment
 *     token says so (`_unclosed`) and markdown/comments.ts warns.
 *
 * Each comment becomes an `obsidianComment` node (so its position is known), which
 * markdown/comments.ts removes, with any paragraph left empty.
 */
import type { Extension as FromMarkdownExtension, Handle } from 'mdast-util-from-markdown';
import { markdownLineEnding, markdownSpace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Position } from 'unist';

/** A comment in the Markdown tree, until markdown/comments.ts removes it. */
export interface ObsidianComment {
  type: 'obsidianComment';
  /** A block comment with no closing `%%`: it hid the rest of its container. */
  unclosed: boolean;
  /** Text after a block comment's closing `%%` on its line (kept as a paragraph). */
  tail?: string;
  position?: Position;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    obsidianComment: ObsidianComment;
  }
  interface RootContentMap {
    obsidianComment: ObsidianComment;
  }
  interface BlockContentMap {
    obsidianComment: ObsidianComment;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    obsidianComment: 'obsidianComment';
    obsidianCommentData: 'obsidianCommentData';
    obsidianCommentTail: 'obsidianCommentTail';
  }
  interface Token {
    /** A block comment that reached the end of its container without a closing `%%`. */
    _unclosed?: boolean;
  }
}

const PERCENT = 37;

/** The micromark syntax extension. */
export function commentSyntax(): Extension {
  return {
    flow: { [PERCENT]: { name: 'obsidianCommentBlock', tokenize: tokenizeBlockComment, concrete: true } },
    text: { [PERCENT]: { name: 'obsidianComment', tokenize: tokenizeInlineComment } },
  };
}

/** `%%…%%` inside a paragraph; line endings of the paragraph may be inside. */
function tokenizeInlineComment(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const previous = this.previous;
  const open: State = (code) => {
    if (code !== PERCENT || previous === PERCENT) return nok(code);
    effects.enter('obsidianComment');
    effects.consume(code);
    return second;
  };
  const second: State = (code) => {
    if (code !== PERCENT) return nok(code);
    effects.consume(code);
    return inside;
  };
  const inside: State = (code) => {
    if (code === null) return nok(code); // not closed in this paragraph: plain text
    effects.consume(code);
    return code === PERCENT ? maybeClose : inside;
  };
  const maybeClose: State = (code) => {
    if (code === PERCENT) {
      effects.consume(code);
      effects.exit('obsidianComment');
      return ok;
    }
    return inside(code);
  };
  return open;
}

const nonLazyLine: Construct = { partial: true, tokenize: tokenizeNonLazyLine };

/** The next line belongs to the same container (not a lazy continuation of a quote or list). */
function tokenizeNonLazyLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const start: State = (code) => {
    if (code === null) return nok(code);
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    return after;
  };
  const after: State = (code) => (this.parser.lazy[this.now().line] ? nok(code) : ok(code));
  return start;
}

/**
 * A block comment: `%%` at the start of a line. On its first line, a closing `%%` followed by
 * more text means it is an inline comment in a paragraph instead (the attempt fails).
 */
function tokenizeBlockComment(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let firstLine = true;
  let token: ReturnType<Effects['enter']>;
  const start: State = (code) => {
    if (code !== PERCENT) return nok(code);
    token = effects.enter('obsidianComment');
    effects.enter('obsidianCommentData');
    effects.consume(code);
    return second;
  };
  const second: State = (code) => {
    if (code !== PERCENT) return nok(code);
    effects.consume(code);
    return inside;
  };
  const inside: State = (code: Code) => {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('obsidianCommentData');
      return lineEnd(code);
    }
    effects.consume(code);
    return code === PERCENT ? percent : inside;
  };
  const percent: State = (code) => {
    if (code !== PERCENT) return inside(code);
    effects.consume(code);
    return afterClose;
  };
  // After `%%`: the comment ends here if only white space follows on this line.
  const afterClose: State = (code) => {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('obsidianCommentData');
      effects.exit('obsidianComment');
      return ok(code);
    }
    if (markdownSpace(code)) {
      effects.consume(code);
      return afterClose;
    }
    if (firstLine) return nok(code);
    // `…%% more text` on a later line: the comment ends here; the text stays.
    effects.exit('obsidianCommentData');
    effects.enter('obsidianCommentTail');
    return tail(code);
  };
  const tail: State = (code) => {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('obsidianCommentTail');
      effects.exit('obsidianComment');
      return ok(code);
    }
    effects.consume(code);
    return tail;
  };
  const lineEnd: State = (code) => {
    if (code === null) return unclosed(code);
    return effects.check(nonLazyLine, nextLine, unclosed)(code);
  };
  const nextLine: State = (code) => {
    firstLine = false;
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    return lineStart;
  };
  const lineStart: State = (code) => {
    if (code === null || markdownLineEnding(code)) return lineEnd(code);
    effects.enter('obsidianCommentData');
    return inside(code);
  };
  const unclosed: State = (code) => {
    token._unclosed = true;
    effects.exit('obsidianComment');
    return ok(code);
  };
  return start;
}

/** Each comment token becomes an `obsidianComment` node. */
export function commentFromMarkdown(): FromMarkdownExtension {
  const enter: Handle = function (token) {
    this.enter({ type: 'obsidianComment', unclosed: token._unclosed === true }, token);
  };
  const exit: Handle = function (token) {
    this.exit(token);
  };
  const tail: Handle = function (token) {
    const node = this.stack[this.stack.length - 1];
    if (node?.type === 'obsidianComment') node.tail = this.sliceSerialize(token).trim();
  };
  return { enter: { obsidianComment: enter }, exit: { obsidianComment: exit, obsidianCommentTail: tail } };
}
