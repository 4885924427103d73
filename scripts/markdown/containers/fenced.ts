/**
 * A micromark construct for blocks between an opening and a closing line, whose content is
 * Markdown parsed like the rest of the note (lists, code, nested blocks): VitePress and
 * Docusaurus `::: tip 标题` … `:::`, GitBook `{% hint style="info" %}` … `{% endhint %}`. Each
 * spelling plugin says which opening lines it takes and which line closes them; the block
 * becomes a `rawContainer` node (model.ts) that the plugin then turns into a callout or a tab.
 *
 * Why not a regular expression over the note, or remark-directive: the content must be parsed
 * as Markdown with the right nesting (a `:::` inside a code block is code; a container can hold
 * a list that holds code), which only the parser knows; and remark-directive also reads
 * `:name` inside any text as a directive (`时间:abc` loses its `abc`), and does not take
 * VitePress's `::: tip 标题`. The state machine is that of micromark-extension-directive's
 * container (MIT, Titus Wormer), with the opening and closing lines matched as whole lines.
 *
 * As in VitePress and Docusaurus, the first closing line closes the container that is open:
 * nesting a container inside another of the same fence needs a longer fence outside
 * (`::::` … `::::`). A container that is never closed runs to the end of its parent; the
 * node says so (`closed: false`) so its plugin can warn.
 */
import type { Extension as FromMarkdownExtension, CompileContext, Token as MdastToken } from 'mdast-util-from-markdown';
import { factorySpace } from 'micromark-factory-space';
import { markdownLineEnding } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, Token, TokenizeContext } from 'micromark-util-types';
import type { RawContainer } from './model.ts';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    inkFencedContainer: 'inkFencedContainer';
    inkFencedContainerOpen: 'inkFencedContainerOpen';
    inkFencedContainerClose: 'inkFencedContainerClose';
    inkFencedContainerContent: 'inkFencedContainerContent';
  }
}

/** What an opening line means for the parser: which later line closes it. */
export interface FencedOpening {
  closes(line: string): boolean;
}

export interface FencedSyntax {
  /** Character codes an opening line can start with (`:` is 58, `{` is 123). */
  startCodes: number[];
  /** The opening line (indentation removed): undefined when it opens nothing. */
  open(line: string): FencedOpening | undefined;
}

/** The micromark extension for one fenced syntax. */
export function fencedContainerSyntax(syntax: FencedSyntax): Extension {
  const construct: Construct = { name: 'inkFencedContainer', tokenize: tokenizer(syntax), concrete: true };
  return { flow: Object.fromEntries(syntax.startCodes.map((code) => [code, construct])) };
}

const nonLazyLine: Construct = { tokenize: tokenizeNonLazyLine, partial: true };

/** Consume the rest of the line as one token, then decide with `decide(text)`. */
function wholeLine(effects: Effects, self: TokenizeContext, type: 'inkFencedContainerOpen' | 'inkFencedContainerClose', decide: (text: string) => State): State {
  let token: Token;
  const inside: State = (code: Code) => {
    if (code === null || markdownLineEnding(code)) {
      effects.exit(type);
      return decide(self.sliceSerialize(token).trim())(code);
    }
    effects.consume(code);
    return inside;
  };
  return (code: Code) => {
    // An empty line: no token (micromark has no empty tokens), and no text to match.
    if (code === null || markdownLineEnding(code)) return decide('')(code);
    token = effects.enter(type);
    return inside(code);
  };
}

function tokenizer(syntax: FencedSyntax) {
  return function tokenizeFencedContainer(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    return fencedContainerStates(this, syntax, effects, ok, nok);
  };
}

/** The states of one fenced container; `self` is micromark's tokenizer context. */
function fencedContainerStates(self: TokenizeContext, syntax: FencedSyntax, effects: Effects, ok: State, nok: State): State {
  {
    const tail = self.events[self.events.length - 1];
    const initialSize = tail && tail[1].type === 'linePrefix' ? tail[2].sliceSerialize(tail[1], true).length : 0;
    let opening: FencedOpening | undefined;
    let previous: Token | undefined;
    const closingFence: Construct = { tokenize: tokenizeClosingFence, partial: true };

    const start: State = (code) => {
      effects.enter('inkFencedContainer');
      return wholeLine(effects, self, 'inkFencedContainerOpen', (text) => {
        opening = syntax.open(text);
        return opening ? openAfter : nok;
      })(code);
    };
    return start;

    function openAfter(code: Code): State | undefined {
      if (code === null) return after(code);
      if (self.interrupt) return ok(code);
      return effects.attempt(nonLazyLine, contentStart, after)(code);
    }

    function contentStart(code: Code): State | undefined {
      if (code === null) return after(code);
      if (markdownLineEnding(code)) return effects.check(nonLazyLine, emptyContentNonLazyLineAfter, after)(code);
      effects.enter('inkFencedContainerContent');
      return lineStart(code);
    }

    function lineStart(code: Code): State | undefined {
      return effects.attempt(closingFence, afterContent, initialSize ? factorySpace(effects, chunkStart, 'linePrefix', initialSize + 1) : chunkStart)(code);
    }

    function chunkStart(code: Code): State | undefined {
      if (code === null) return afterContent(code);
      if (markdownLineEnding(code)) return effects.check(nonLazyLine, chunkNonLazyStart, afterContent)(code);
      return chunkNonLazyStart(code);
    }

    function contentContinue(code: Code): State | undefined {
      if (code === null) {
        const t = effects.exit('chunkDocument');
        self.parser.lazy[t.start.line] = false;
        return afterContent(code);
      }
      if (markdownLineEnding(code)) return effects.check(nonLazyLine, nonLazyLineAfter, lineAfter)(code);
      effects.consume(code);
      return contentContinue;
    }

    function chunkNonLazyStart(code: Code): State | undefined {
      const token = effects.enter('chunkDocument', { contentType: 'document', previous });
      if (previous) previous.next = token;
      previous = token;
      return contentContinue(code);
    }

    function emptyContentNonLazyLineAfter(code: Code): State | undefined {
      effects.enter('inkFencedContainerContent');
      return lineStart(code);
    }

    function nonLazyLineAfter(code: Code): State | undefined {
      effects.consume(code);
      const t = effects.exit('chunkDocument');
      self.parser.lazy[t.start.line] = false;
      return lineStart;
    }

    function lineAfter(code: Code): State | undefined {
      const t = effects.exit('chunkDocument');
      self.parser.lazy[t.start.line] = false;
      return afterContent(code);
    }

    function afterContent(code: Code): State | undefined {
      effects.exit('inkFencedContainerContent');
      return after(code);
    }

    function after(code: Code): State | undefined {
      effects.exit('inkFencedContainer');
      return ok(code);
    }

    function tokenizeClosingFence(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
      const indentLimit = self.parser.constructs.disable.null?.includes('codeIndented') ? undefined : 4;
      return factorySpace(
        effects,
        wholeLine(effects, self, 'inkFencedContainerClose', (text) => (opening!.closes(text) ? ok : nok)),
        'linePrefix',
        indentLimit,
      );
    }
  }
}

function tokenizeNonLazyLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const lineStart: State = (code) => (this.parser.lazy[this.now().line] ? nok(code) : ok(code));
  return (code) => {
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    return lineStart;
  };
}

/** mdast-util-from-markdown: the tokens above → a `rawContainer` node with its opening line. */
export const fencedContainerFromMarkdown: FromMarkdownExtension = {
  enter: {
    inkFencedContainer(this: CompileContext, token: MdastToken) {
      const node: RawContainer = { type: 'rawContainer', fence: 'fenced', opening: '', closed: false, children: [] };
      this.enter(node, token);
    },
  },
  exit: {
    inkFencedContainerOpen(this: CompileContext, token: MdastToken) {
      const node = this.stack[this.stack.length - 1] as RawContainer;
      node.opening = this.sliceSerialize(token).trim();
    },
    inkFencedContainerClose(this: CompileContext) {
      (this.stack[this.stack.length - 1] as RawContainer).closed = true;
    },
    inkFencedContainer(this: CompileContext, token: MdastToken) {
      this.exit(token);
    },
  },
};
