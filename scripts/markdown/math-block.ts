/**
 * Display math as a block of its own: a line that starts with `$$` (or `\[`) opens it, and it
 * ends at the line that ends with `$$` (or `\]`), however the author split the TeX:
 *
 *     $$                    $$\begin{aligned}         \[
 *     a = b                 a &= b \\                  E = mc^2
 *     + c                   \end{aligned}$$            \]
 *     $$
 *
 * Read as a paragraph (math-syntax.ts does that too), a TeX line starting with `+ `, `- ` or
 * `1. ` would begin a list and break the formula in two; as a block, the lines between are TeX
 * whatever they start with. Unlike a code fence, a block that never closes is not a block: if no
 * line ends it before a blank line or the end of its container, the lines are read as a
 * paragraph again (where `$$` is text unless it closes there), so a stray `$$` never swallows
 * the rest of a note. Text after the closing `$$` on its line also leaves it to the paragraph.
 *
 * The node is a block `math` (mdast-util-math's name), shown as
 * `<div><code class="language-math math-display">` until math-render.ts makes it MathML.
 */
import type { Math as MathNode } from 'mdast';
import type { CompileContext, Extension as FromMarkdownExtension, Token as MdastToken } from 'mdast-util-from-markdown';
import { markdownLineEnding, markdownSpace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';

const DOLLAR = 36;
const BACKSLASH = 92;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
/** `\[1\]`, `\[2, 3\]`: an escaped citation, not a formula (as in math-syntax.ts). */
const CITATION = /^[\s\d.,;:\-–]*$/;

declare module 'mdast' {
  /** A display formula that is a block of its own. */
  interface Math extends Literal {
    type: 'math';
  }
  interface RootContentMap {
    math: Math;
  }
  interface BlockContentMap {
    math: Math;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathBlock: 'mathBlock';
    mathBlockFence: 'mathBlockFence';
    mathBlockValue: 'mathBlockValue';
  }
}

/** The line ending, then a line that belongs to the block: not lazy, not blank. */
function tokenizeNextLine(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const lazy = () => this.parser.lazy[this.now().line];
  return start;

  function start(code: Code): State | undefined {
    if (code === null || !markdownLineEnding(code)) return nok(code);
    effects.enter('lineEnding');
    effects.consume(code);
    effects.exit('lineEnding');
    return lineStart;
  }

  function lineStart(code: Code): State | undefined {
    return lazy() ? nok(code) : indent(code);
  }

  // The line's indentation is part of the formula's text (TeX ignores it).
  function indent(code: Code): State | undefined {
    if (markdownSpace(code)) {
      effects.enter('whitespace');
      effects.consume(code);
      effects.exit('whitespace');
      return indent;
    }
    return code === null || markdownLineEnding(code) ? nok(code) : ok(code);
  }
}

const nextLine: Construct = { partial: true, tokenize: tokenizeNextLine };

function tokenizeMathBlock(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  const interrupt = Boolean(this.interrupt);
  /** `$$` or `\[`, and what closes it. */
  let dollars = true;
  let open = 0;
  let run = 0;
  let text = '';
  let inValue = false;
  return start;

  function start(code: Code): State | undefined {
    if (code !== DOLLAR && code !== BACKSLASH) return nok(code);
    dollars = code === DOLLAR;
    effects.enter('mathBlock');
    effects.enter('mathBlockFence');
    return opening(code);
  }

  function opening(code: Code): State | undefined {
    if (dollars && code === DOLLAR) {
      effects.consume(code);
      open++;
      return open === 2 ? afterOpening : opening;
    }
    if (!dollars && open === 0 && code === BACKSLASH) {
      effects.consume(code);
      open++;
      return opening;
    }
    if (!dollars && open === 1 && code === LEFT_BRACKET) {
      effects.consume(code);
      return afterOpening;
    }
    return nok(code);
  }

  function afterOpening(code: Code): State | undefined {
    // `$$$` is not an opening.
    if (code === DOLLAR) return nok(code);
    effects.exit('mathBlockFence');
    return content(code);
  }

  function enterValue() {
    if (!inValue) effects.enter('mathBlockValue');
    inValue = true;
  }
  function exitValue() {
    if (inValue) effects.exit('mathBlockValue');
    inValue = false;
  }

  function content(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) {
      exitValue();
      // Checking whether a paragraph may be interrupted: an opening line is enough.
      if (interrupt) return ok(code);
      text += '\n';
      return effects.attempt(nextLine, content, nok)(code);
    }
    if (dollars && code === DOLLAR) {
      exitValue();
      effects.enter('mathBlockFence');
      run = 0;
      return closing(code);
    }
    if (!dollars && code === BACKSLASH) {
      exitValue();
      effects.enter('mathBlockFence');
      effects.consume(code);
      return bracketClosing;
    }
    enterValue();
    effects.consume(code);
    text += String.fromCodePoint(Math.max(code, 32));
    if (code === BACKSLASH) return escaped;
    return content;
  }

  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return content(code);
    effects.consume(code);
    text += String.fromCodePoint(Math.max(code, 32));
    return content;
  }

  /** A `\` in `\[…\]`: `\]` closes, anything else is TeX (`\\`, `\frac`…). */
  function bracketClosing(code: Code): State | undefined {
    if (code === RIGHT_BRACKET) {
      effects.consume(code);
      return afterClosing;
    }
    const token = effects.exit('mathBlockFence');
    token.type = 'mathBlockValue';
    text += '\\';
    if (code === null || markdownLineEnding(code)) return content(code);
    enterValue();
    effects.consume(code);
    text += String.fromCodePoint(Math.max(code, 32));
    return content;
  }

  function closing(code: Code): State | undefined {
    if (code === DOLLAR) {
      effects.consume(code);
      run++;
      return closing;
    }
    if (run === 2) return afterClosing(code);
    // A lone `$` (or `$$$`) inside the formula is TeX's business.
    const token = effects.exit('mathBlockFence');
    token.type = 'mathBlockValue';
    text += '$'.repeat(run);
    return content(code);
  }

  /** Only spaces may follow the closing on its line. */
  function afterClosing(code: Code): State | undefined {
    if (text.trim() === '' || (!dollars && CITATION.test(text))) return nok(code);
    effects.exit('mathBlockFence');
    return trailing(code);
  }

  function trailing(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) {
      effects.exit('mathBlock');
      return ok(code);
    }
    if (markdownSpace(code)) {
      effects.enter('whitespace');
      effects.consume(code);
      effects.exit('whitespace');
      return trailing;
    }
    return nok(code);
  }
}

const mathBlock: Construct = { name: 'mathBlock', tokenize: tokenizeMathBlock, concrete: true };

/** The micromark side: tried before a line starting with `$$` or `\[` is a paragraph. */
export function mathBlockSyntax(): Extension {
  return { flow: { [DOLLAR]: mathBlock, [BACKSLASH]: mathBlock } };
}

/** The mdast side: the TeX between the delimiters (line breaks kept for error lines). */
export function mathBlockFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      mathBlock(this: CompileContext, token: MdastToken) {
        this.enter({ type: 'math', value: '' }, token);
      },
    },
    exit: {
      mathBlock(this: CompileContext, token: MdastToken) {
        const raw = this.sliceSerialize(token).trimEnd();
        const node = this.stack[this.stack.length - 1] as MathNode;
        const value = raw.slice(2, -2);
        node.value = value;
        // Not a <pre>: HTML drops a line break right after <pre>, and the TeX's line breaks
        // are what place an error on its line.
        node.data = {
          hName: 'div',
          hChildren: [{ type: 'element', tagName: 'code', properties: { className: ['language-math', 'math-display'] }, children: [{ type: 'text', value }] }],
        };
        this.exit(token);
      },
    },
  };
}
