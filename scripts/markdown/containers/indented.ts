/**
 * A micromark construct for blocks whose content is indented under an opening line, as
 * Python-Markdown reads them: MkDocs admonitions (`!!! note "标题"`, `??? warning`) and content
 * tabs (`=== "Python"`), with their content indented four spaces (or a tab) under them.
 *
 * It is a container like a list item or a footnote definition (and its state machine is that
 * of micromark-extension-gfm-footnote's definition, MIT, Titus Wormer): the block goes on while
 * lines are blank or indented four columns, and its content, those four columns removed, is
 * parsed as Markdown in place. So the content can hold lists, code and more indented blocks
 * (8 spaces: an admonition inside an admonition), and a `!!!` inside a code block stays code.
 * Indented code (which notes do not use, pipeline.ts) plays no part: the four columns belong to
 * the block, not to the content. The block becomes a `rawContainer` node (model.ts).
 */
import type { Extension as FromMarkdownExtension, CompileContext, Token as MdastToken } from 'mdast-util-from-markdown';
import { blankLine } from 'micromark-core-commonmark';
import { factorySpace } from 'micromark-factory-space';
import { markdownLineEnding } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';
import type { RawContainer } from './model.ts';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    inkIndentedContainer: 'inkIndentedContainer';
    inkIndentedContainerOpen: 'inkIndentedContainerOpen';
    inkIndentedContainerIndent: 'inkIndentedContainerIndent';
  }
}

export interface IndentedSyntax {
  /** Character codes an opening line can start with (`!` is 33, `?` is 63, `=` is 61). */
  startCodes: number[];
  /** Whether this line (indentation removed, spaces trimmed) opens a block. */
  opens(line: string): boolean;
}

/** The micromark extension for one indented syntax. */
export function indentedContainerSyntax(syntax: IndentedSyntax): Extension {
  const construct: Construct = {
    name: 'inkIndentedContainer',
    tokenize: startTokenizer(syntax),
    continuation: { tokenize: tokenizeContinuation },
    exit: (effects: Effects) => {
      effects.exit('inkIndentedContainer');
    },
  };
  return { document: Object.fromEntries(syntax.startCodes.map((code) => [code, construct])) };
}

function startTokenizer(syntax: IndentedSyntax) {
  return function tokenizeStart(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    const sliceSerialize = (token: Token) => this.sliceSerialize(token);
    let open: Token;
    const inside: State = (code) => {
      if (code === null || markdownLineEnding(code)) {
        effects.exit('inkIndentedContainerOpen');
        // The content starts on the next line; this one is all opening.
        return syntax.opens(sliceSerialize(open).trim()) ? ok(code) : nok(code);
      }
      effects.consume(code);
      return inside;
    };
    return (code) => {
      effects.enter('inkIndentedContainer')._container = true;
      open = effects.enter('inkIndentedContainerOpen');
      return inside(code);
    };
  };
}

const indent: Construct = { tokenize: tokenizeIndent, partial: true };

/** A blank line, or a line indented four columns, goes on with the block. */
function tokenizeContinuation(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  return effects.check(blankLine, ok, effects.attempt(indent, ok, nok));
}

function tokenizeIndent(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  // Only an indent consumed here counts: the last event may be an outer block's own indent.
  const before = this.events.length;
  const afterPrefix = (code: Code) => {
    const events = this.events;
    const tail = events[events.length - 1];
    const own = events.length > before && tail && tail[1].type === 'inkIndentedContainerIndent';
    return own && tail[2].sliceSerialize(tail[1], true).length === 4 ? ok(code) : nok(code);
  };
  return factorySpace(effects, afterPrefix, 'inkIndentedContainerIndent', 4 + 1);
}

/** mdast-util-from-markdown: the tokens above → a `rawContainer` node with its opening line. */
export const indentedContainerFromMarkdown: FromMarkdownExtension = {
  enter: {
    inkIndentedContainer(this: CompileContext, token: MdastToken) {
      const node: RawContainer = { type: 'rawContainer', fence: 'indented', opening: '', closed: true, children: [] };
      this.enter(node, token);
    },
  },
  exit: {
    inkIndentedContainerOpen(this: CompileContext, token: MdastToken) {
      (this.stack[this.stack.length - 1] as RawContainer).opening = this.sliceSerialize(token).trim();
    },
    inkIndentedContainer(this: CompileContext, token: MdastToken) {
      this.exit(token);
    },
  },
};
