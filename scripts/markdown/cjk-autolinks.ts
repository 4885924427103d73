/**
 * remark plugin: a bare URL ends where Chinese text begins. GFM's autolink literal runs until
 * whitespace or `<`, and Chinese puts no space after a URL, so `见 https://example.com/a。后面`
 * would link (and print as the link's text) `https://example.com/a。后面`, up to the next space,
 * swallowing any further URL in the same run. The link is cut at its first CJK character (Han,
 * kana, Hangul, CJK or fullwidth punctuation, curly quotes: cjk.ts) and loses the trailing `.`,
 * `,`, `:` … that GFM leaves out of a link; the rest is text again, in which the next bare URL
 * (`https://…` or `www.…`) is a link of its own. A URL in angle brackets or a `[text](url)`
 * link is what the author wrote and is never touched, nor is a URL whose host itself is in
 * Chinese (`https://例子.测试`). Browsers copy URLs percent-encoded, so a Chinese path in a bare
 * URL is rare; write `<https://…/路径>` for one.
 */
import type { Link, Parent, PhrasingContent, Root, Text } from 'mdast';
import { visit } from 'unist-util-visit';
import { CJK_CHAR } from './cjk.ts';

/** Characters GFM does not end an autolink literal with (its "trailing punctuation"). */
const TRAILING = /[?!.,:*_~]+$/;
/** Where a further bare URL starts inside the text cut off a link (not inside a word). */
const NEXT_URL = /(?<![A-Za-z0-9])(?:https?:\/\/|www\.)/i;

export default function remarkCjkAutolinks() {
  return (tree: Root) => {
    visit(tree, 'link', (link: Link, index, parent: Parent | undefined) => {
      if (!parent || index === undefined) return;
      const only = link.children.length === 1 ? link.children[0] : undefined;
      if (only?.type !== 'text') return;
      const text = only.value;
      // A bare URL spans exactly its text in the source (some are made after parsing and have
      // no position at all); `<…>` and `[…](…)` span more than their text.
      const { start, end } = link.position ?? {};
      if (start?.offset !== undefined && end?.offset !== undefined && end.offset - start.offset !== text.length) return;
      if (link.url !== text && link.url !== `http://${text}`) return;
      const first = bareUrl(text);
      if (first === undefined || first === text) return;
      only.value = first;
      link.url = urlOf(first);
      const after = splitRest(text.slice(first.length));
      const siblings = parent.children as PhrasingContent[];
      const next = siblings[index + 1];
      // Joined to the text that follows, so later stages (glossary) see one run of text.
      const last = after.at(-1);
      if (last?.type === 'text' && next?.type === 'text') {
        next.value = last.value + next.value;
        after.pop();
      }
      siblings.splice(index + 1, 0, ...after);
      return index + 1 + after.length;
    });
  };
}

/** The URL at the start of `run`, ended before Chinese text; undefined when none is left. */
function bareUrl(run: string): string | undefined {
  const cut = run.search(CJK_CHAR);
  let url = cut < 0 ? run : run.slice(0, cut);
  url = url.slice(0, url.length - (TRAILING.exec(url)?.[0].length ?? 0));
  return hasHost(url) ? url : undefined;
}

function urlOf(url: string): string {
  return /^www\./i.test(url) ? `http://${url}` : url;
}

/** Text cut off a link (no whitespace in it): text, and links for the bare URLs it holds. */
function splitRest(rest: string): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let text = '';
  while (rest) {
    const at = rest.search(NEXT_URL);
    const url = at < 0 ? undefined : bareUrl(rest.slice(at));
    if (at < 0 || url === undefined) {
      text += rest;
      break;
    }
    text += rest.slice(0, at);
    if (text) out.push({ type: 'text', value: text } satisfies Text);
    text = '';
    out.push({ type: 'link', url: urlOf(url), title: null, children: [{ type: 'text', value: url }] });
    rest = rest.slice(at + url.length);
  }
  if (text) out.push({ type: 'text', value: text });
  return out;
}

/** `https://example.com/x`, `www.example.com`: not `https://` left of a Chinese host. */
function hasHost(url: string): boolean {
  const host = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0]!;
  return /^[\w-]+(\.[\w-]+)+(:\d+)?$/.test(host) || /^localhost(:\d+)?$/i.test(host);
}
