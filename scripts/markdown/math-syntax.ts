/**
 * Reading TeX math in notes: `$…$`, `$$…$$`, `\(…\)` and `\[…\]` become `inlineMath` nodes
 * (a micromark text construct plus its mdast handler, added to the parser by `remarkMathSyntax`).
 * ```` ```math ```` fences need nothing here: they are code blocks with the language `math`,
 * rendered by math-render.ts like the rest.
 *
 * Why not remark-math: its `$` works like a code span, so `$5 and $10` becomes the formula
 * "5 and " and `$$\begin{aligned}` at the start of a line opens a block that runs to the end of
 * the note when the closing `$$` ends a line of TeX (as Obsidian and Typora write it). The rules
 * here are pandoc's, which are made for prose with prices in it:
 *
 * - `$` opens only before a non-space character and closes only after one, and a closing `$`
 *   must not be followed by a digit: `$5 and $10`, `价格 $3 到 $5` stay text;
 * - a `$` inside `$…$` that cannot close it means there was no formula (TeX cannot have a bare
 *   `$` inside math either), so `between $5 and $x$` is text and then the formula `x`;
 * - shell variables are not math: a `$` after `:`, `/` or `=` and right before a letter or `_`
 *   does not close (`$PATH:$GOBIN`, `$HOME/go:$GOPATH`), nor does a `$` right after `_` or `^`,
 *   where TeX could not end (`$GOPATH/pkg/$GOOS_$GOARCH`), and `$…$` holding Chinese but no
 *   TeX command is prose between two variables (`$len()和$cap()`), not a formula;
 * - Chinese right next to the dollars is fine: `公式$x^2$表示`;
 * - `$$…$$` is display math wherever it is, also over several lines of one paragraph (a line
 *   that starts with `$$` or `\[` begins a block of its own: math-block.ts);
 * - `\(…\)` is inline and `\[…\]` display; `\\(` is an escaped backslash and a parenthesis;
 * - inside the formula a backslash escapes the next character (`\$`, `\)` are TeX's);
 * - nothing happens inside code spans, code blocks or raw HTML (micromark reads those first).
 *
 * Inside a GFM table cell `\|` is a pipe, as in code spans (GFM's rule for every inline span).
 */
import type { InlineMath } from 'mdast';
import type { CompileContext, Extension as FromMarkdownExtension, Token as MdastToken } from 'mdast-util-from-markdown';
import { asciiAlpha, asciiDigit, markdownLineEnding, markdownLineEndingOrSpace, markdownSpace, unicodeWhitespace } from 'micromark-util-character';
import type { Code, Construct, Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { mathBlockFromMarkdown, mathBlockSyntax } from './math-block.ts';
import { CJK_LETTER } from './cjk.ts';

const DOLLAR = 36;
const BACKSLASH = 92;
const LEFT_PAREN = 40;
const RIGHT_PAREN = 41;
const LEFT_BRACKET = 91;
const RIGHT_BRACKET = 93;
const COLON = 58;
const SLASH = 47;
const EQUALS = 61;
const CARET = 94;
const UNDERSCORE = 95;

/** What the formula was written with; `display` for `$$` and `\[`. */
export type MathDelimiter = '$' | '$$' | '\\(' | '\\[';

declare module 'mdast' {
  /** A formula in running text: `$…$`, `\(…\)`, or display math written inside a paragraph. */
  interface InlineMath extends Literal {
    type: 'inlineMath';
    data?: InlineMathData;
  }
  interface InlineMathData extends Data {
    delimiter?: MathDelimiter;
  }
  interface PhrasingContentMap {
    inlineMath: InlineMath;
  }
  interface RootContentMap {
    inlineMath: InlineMath;
  }
}

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    mathInline: 'mathInline';
    mathInlineSequence: 'mathInlineSequence';
    mathInlineValue: 'mathInlineValue';
  }
}

const isSpace = (code: Code): boolean => code === null || markdownLineEndingOrSpace(code) || unicodeWhitespace(code);

/** `$…$` and `$$…$$`. */
const dollarMath: Construct = { name: 'mathDollar', tokenize: tokenizeDollar };

function tokenizeDollar(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  /** The character before the first `$`. */
  const before = this.previous;
  let open = 0;
  let close = 0;
  let size = 0;
  /** The last character of the formula so far. */
  let previous: Code = null;
  /** Whether the formula so far has Chinese, Japanese or Korean letters, and a TeX command. */
  let cjk = false;
  let command = false;
  const value = valueTokens(effects);
  return start;

  function start(code: Code): State | undefined {
    // Inside a longer run of dollars that already failed to open.
    if (code !== DOLLAR || before === DOLLAR) return nok(code);
    effects.enter('mathInline');
    effects.enter('mathInlineSequence');
    return openSequence(code);
  }

  function openSequence(code: Code): State | undefined {
    if (code === DOLLAR) {
      effects.consume(code);
      open++;
      return openSequence;
    }
    if (open > 2 || code === null) return nok(code);
    if (open === 1 && isSpace(code)) return nok(code);
    // `$GOOS_$GOARCH`: a `$` right after `_` or `^` begins no formula (it ends none either).
    if (open === 1 && (before === UNDERSCORE || before === CARET)) return nok(code);
    effects.exit('mathInlineSequence');
    return content(code);
  }

  function content(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (code === DOLLAR) {
      // `$ x$`: a dollar after a space never closes, and an unclosable `$` means no formula.
      if (open === 1 && isSpace(previous)) return nok(code);
      value.exit();
      effects.enter('mathInlineSequence');
      close = 0;
      return closeSequence(code);
    }
    if (markdownLineEnding(code)) return lineEnding(code);
    value.enter();
    effects.consume(code);
    previous = code;
    size++;
    if (code !== null && code > 0x2e7f && CJK_LETTER.test(String.fromCodePoint(code))) cjk = true;
    if (code === BACKSLASH) command = true;
    return code === BACKSLASH ? escaped : content;
  }

  function escaped(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return content(code);
    effects.consume(code);
    previous = code;
    size++;
    return content;
  }

  function lineEnding(code: Code): State | undefined {
    value.lineEnding(code);
    previous = code;
    return content;
  }

  function closeSequence(code: Code): State | undefined {
    if (code === DOLLAR) {
      effects.consume(code);
      close++;
      return closeSequence;
    }
    if (close !== open) {
      // `$$` inside `$…$` cannot close it; a lone `$` inside `$$…$$` is part of the TeX.
      if (open === 1) return nok(code);
      const token = effects.exit('mathInlineSequence');
      token.type = 'mathInlineValue';
      previous = DOLLAR;
      size += close;
      return content(code);
    }
    if (size === 0) return nok(code);
    if (open === 1) {
      if (asciiDigit(code)) return nok(code);
      const shellSeparator = previous === COLON || previous === SLASH || previous === EQUALS;
      if (shellSeparator && (asciiAlpha(code) || code === UNDERSCORE)) return nok(code);
      // TeX cannot end on a bare `_` or `^` (`$GOPATH/pkg/$GOOS_$GOARCH`): not a closing `$`.
      if (previous === UNDERSCORE || previous === CARET) return nok(code);
      // Chinese between two dollars and no TeX command: prose between two shell variables
      // (`$PATH变量中……使用${GOPATH}`, `$len()和$cap()`), not a formula (`$32库\times32表$` is one).
      if (cjk && !command) return nok(code);
    }
    effects.exit('mathInlineSequence');
    effects.exit('mathInline');
    return ok(code);
  }
}

/**
 * `\(…\)` anywhere, and `\[…\]` standing on its own lines (as ChatGPT and LaTeX users write
 * display math): Markdown writers escape brackets in running text (`见 \[1\]，`), and that
 * must stay text. So `\[` opens only at the start of a line or after a space, `\]` closes only
 * at the end of a line, and a "formula" of only digits and punctuation (`\[1\]`, `\[1, 2\]`)
 * is a citation. Tried before the character escape, so `\\(` never gets here as `\(`.
 */
const bracketMath: Construct = { name: 'mathBracket', tokenize: tokenizeBracket };
const CITATION = /^[\s\d.,;:\-–]*$/;

/** Only spaces until the end of the line. */
const lineEnd: Construct = { partial: true, tokenize: tokenizeLineEnd };
function tokenizeLineEnd(effects: Effects, ok: State, nok: State): State {
  return function spaces(code: Code): State | undefined {
    if (code === null || markdownLineEnding(code)) return ok(code);
    if (!markdownSpace(code)) return nok(code);
    effects.consume(code);
    return spaces;
  };
}

function tokenizeBracket(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
  let closing: number = RIGHT_PAREN;
  let text = '';
  /** The character before the backslash. */
  const before = this.previous;
  const value = valueTokens(effects);
  return start;

  function start(code: Code): State | undefined {
    if (code !== BACKSLASH) return nok(code);
    effects.enter('mathInline');
    effects.enter('mathInlineSequence');
    effects.consume(code);
    return opening;
  }

  function opening(code: Code): State | undefined {
    if (code === LEFT_BRACKET && !(before === null || markdownLineEndingOrSpace(before))) return nok(code);
    if (code !== LEFT_PAREN && code !== LEFT_BRACKET) return nok(code);
    closing = code === LEFT_PAREN ? RIGHT_PAREN : RIGHT_BRACKET;
    effects.consume(code);
    effects.exit('mathInlineSequence');
    return content;
  }

  function content(code: Code): State | undefined {
    if (code === null) return nok(code);
    if (markdownLineEnding(code)) {
      value.lineEnding(code);
      text += '\n';
      return content;
    }
    value.enter();
    effects.consume(code);
    if (code === BACKSLASH) return afterBackslash;
    text += String.fromCodePoint(Math.max(code, 32));
    return content;
  }

  function afterBackslash(code: Code): State | undefined {
    if (code === closing) {
      if (text.trim() === '' || (closing === RIGHT_BRACKET && CITATION.test(text))) return nok(code);
      effects.consume(code);
      value.exit();
      effects.exit('mathInline');
      return closing === RIGHT_BRACKET ? effects.check(lineEnd, ok, nok) : ok;
    }
    // `\\`, `\{`…: a control symbol, never the start of the closing `\)`.
    text += '\\';
    if (code === null || markdownLineEnding(code)) return content(code);
    effects.consume(code);
    text += String.fromCodePoint(Math.max(code, 32));
    return content;
  }
}

/**
 * The formula's text as `mathInlineValue` tokens between `lineEnding`s: a token is opened only
 * when there is a character to put in it (micromark allows no empty token).
 */
function valueTokens(effects: Effects) {
  let open = false;
  return {
    enter() {
      if (!open) effects.enter('mathInlineValue');
      open = true;
    },
    exit() {
      if (open) effects.exit('mathInlineValue');
      open = false;
    },
    lineEnding(code: Code) {
      this.exit();
      effects.enter('lineEnding');
      effects.consume(code);
      effects.exit('lineEnding');
    },
  };
}

/** The micromark side: both constructs are tried before `$` or `\` mean anything else. */
export function mathSyntax(): Extension {
  return { text: { [DOLLAR]: dollarMath, [BACKSLASH]: bracketMath } };
}

const DELIMITERS: readonly MathDelimiter[] = ['$$', '\\(', '\\[', '$'];
const CLOSING: Record<MathDelimiter, string> = { $: '$', $$: '$$', '\\(': '\\)', '\\[': '\\]' };

/** Display math: `$$…$$` and `\[…\]`. */
export function isDisplayDelimiter(delimiter: MathDelimiter | undefined): boolean {
  return delimiter === '$$' || delimiter === '\\[';
}

/**
 * The mdast side: one `inlineMath` node per formula, its value the TeX between the delimiters
 * (line breaks kept, so a TeX error's position still finds its line). It becomes
 * `<code class="language-math math-inline|math-display">` in HTML, which math-render.ts turns
 * into MathML once the sanitizer has run.
 */
export function mathFromMarkdown(): FromMarkdownExtension {
  return {
    enter: {
      mathInline(this: CompileContext, token: MdastToken) {
        this.enter({ type: 'inlineMath', value: '' }, token);
      },
    },
    exit: {
      mathInline(this: CompileContext, token: MdastToken) {
        const raw = this.sliceSerialize(token);
        const delimiter = DELIMITERS.find((d) => raw.startsWith(d) && raw.endsWith(CLOSING[d]) && raw.length >= d.length * 2)!;
        const node = this.stack[this.stack.length - 1] as InlineMath;
        let value = raw.slice(delimiter.length, raw.length - CLOSING[delimiter].length);
        if (this.stack.some((n) => n.type === 'tableCell')) value = value.replace(/\\\|/g, '|');
        node.value = value;
        const display = isDisplayDelimiter(delimiter);
        node.data = {
          delimiter,
          hName: 'code',
          hProperties: { className: ['language-math', display ? 'math-display' : 'math-inline'] },
          hChildren: [{ type: 'text', value }],
        };
        this.exit(token);
      },
    },
  };
}

/** Adds the syntax to a unified processor that parses with remark-parse: blocks (math-block.ts) and formulas in text. */
export default function remarkMathSyntax(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(mathBlockSyntax(), mathSyntax());
  (data.fromMarkdownExtensions ??= []).push(mathBlockFromMarkdown(), mathFromMarkdown());
}
