/**
 * Obsidian's wikilinks and embeds as syntax: `[[target]]`, `[[target|text]]`, `![[target]]`,
 * `![[image.png|300]]`. A micromark extension, so they are never seen inside code and nothing
 * inside them is read as Markdown: `[[a_b_c]]` is not emphasis, `[[公式#$R^2$ 统计量]]` not math.
 *
 * The target runs to the first `]]` on the same line; it may not be empty or hold `[[`. In a
 * table cell `|` must be escaped (`[[a\|b]]`), which GFM leaves to us: the raw text is kept,
 * and markdown/wikilinks.ts reads `\|` as the separator too.
 *
 * The result is a `wikiLink` node (`embed` for `![[…]]`) with the raw text between the
 * brackets; markdown/wikilinks.ts resolves it into a link, an image or transcluded content.
 */
import type { Extension as FromMarkdownExtension, Handle } from 'mdast-util-from-markdown';
import { markdownLineEnding } from 'micromark-util-character';
import type { Effects, Extension, State, TokenizeContext } from 'micromark-util-types';
import type { Position } from 'unist';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    wikiLink: 'wikiLink';
    wikiEmbed: 'wikiEmbed';
    wikiLinkMarker: 'wikiLinkMarker';
    wikiLinkTarget: 'wikiLinkTarget';
  }
}

/** `[[…]]` or `![[…]]` in the Markdown tree, until markdown/wikilinks.ts resolves it. */
export interface WikiLink {
  type: 'wikiLink';
  /** `![[…]]`: show the target here (an image, or another note's text). */
  embed: boolean;
  /** The text between the brackets, as written (`note#heading|shown text`). */
  value: string;
  position?: Position;
}

declare module 'mdast' {
  interface PhrasingContentMap {
    wikiLink: WikiLink;
  }
  interface RootContentMap {
    wikiLink: WikiLink;
  }
}

const BANG = 33;
const OPEN = 91;
const CLOSE = 93;
/** Longer than any real note name with a heading and an alias: a stray `[[` never runs far. */
const MAX_LENGTH = 1000;

/** The micromark syntax extension. */
export function wikiLinkSyntax(): Extension {
  return {
    text: {
      [OPEN]: { name: 'wikiLink', tokenize: tokenizer(false) },
      [BANG]: { name: 'wikiEmbed', tokenize: tokenizer(true) },
    },
  };
}

function tokenizer(embed: boolean) {
  return function tokenizeWikiLink(this: TokenizeContext, effects: Effects, ok: State, nok: State): State {
    let size = 0;
    const bang: State = (code) => {
      if (code !== BANG) return nok(code);
      effects.enter('wikiEmbed');
      effects.consume(code);
      return open;
    };
    const start: State = (code) => {
      if (code !== OPEN) return nok(code);
      effects.enter('wikiLink');
      return open(code);
    };
    const open: State = (code) => {
      if (code !== OPEN) return nok(code);
      effects.enter('wikiLinkMarker');
      effects.consume(code);
      return openSecond;
    };
    const openSecond: State = (code) => {
      if (code !== OPEN) return nok(code);
      effects.consume(code);
      effects.exit('wikiLinkMarker');
      return targetStart;
    };
    const targetStart: State = (code) => {
      if (code === null || markdownLineEnding(code) || code === CLOSE || code === OPEN) return nok(code);
      effects.enter('wikiLinkTarget');
      return target(code);
    };
    const target: State = (code) => {
      if (code === null || markdownLineEnding(code) || code === OPEN || ++size > MAX_LENGTH) return nok(code);
      if (code === CLOSE) {
        effects.exit('wikiLinkTarget');
        effects.enter('wikiLinkMarker');
        effects.consume(code);
        return closeSecond;
      }
      effects.consume(code);
      return target;
    };
    const closeSecond: State = (code) => {
      if (code !== CLOSE) return nok(code);
      effects.consume(code);
      effects.exit('wikiLinkMarker');
      effects.exit(embed ? 'wikiEmbed' : 'wikiLink');
      return ok;
    };
    return embed ? bang : start;
  };
}

/** The tokens become `wikiLink` nodes. */
export function wikiLinkFromMarkdown(): FromMarkdownExtension {
  const enter = (embed: boolean): Handle =>
    function (token) {
      this.enter({ type: 'wikiLink', embed, value: '' }, token);
    };
  const target: Handle = function (token) {
    const node = this.stack[this.stack.length - 1];
    if (node?.type === 'wikiLink') node.value = this.sliceSerialize(token);
  };
  const exit: Handle = function (token) {
    this.exit(token);
  };
  return {
    enter: { wikiLink: enter(false), wikiEmbed: enter(true) },
    exit: { wikiLinkTarget: target, wikiLink: exit, wikiEmbed: exit },
  };
}
