/**
 * Template tags of static-site tools, which a site expands when it is built and which mean
 * nothing in a book:
 *
 * - Liquid and Jinja tags `{% … %}` (Jekyll, GitBook, HonKit, MkDocs macros): removed, the text
 *   around and between them kept. `{% raw %}` … `{% endraw %}` only told the site not to expand
 *   what is between them: the two tags go silently and what is between stays exactly as
 *   written, tags included. GitBook's `{% embed url="…" %}` becomes a link to its URL.
 * - Hugo shortcodes `{{< … >}}` and `{{% … %}}`: removed, the text between a pair kept; an
 *   escaped one (its inside wrapped in a `/*` … `*` `/` comment, which Hugo documentation
 *   uses to show a shortcode) is shown as the author meant it: `{{< name >}}`.
 *
 * Only the note's text and raw HTML are read, never code blocks or inline code. A tag inside an
 * HTML comment is not removed (the comment is not printed) but `{% raw %}` there still counts:
 * Jekyll reads tags before HTML, and GitBook books wrap whole notes in `<!-- {% raw %} -->`.
 * Each kind (rule) is reported once per note, naming the tags removed: `template-tag`,
 * `hugo-shortcode`.
 */
import type { Html, Link, Node, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { WarningRule } from '../warnings.ts';
import { isCjk } from './cjk.ts';

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';

/** A Liquid/Jinja tag (name first, `-` trim marks allowed) or a Hugo shortcode, each on at most a few lines. */
const TAG = /\{%-?[ \t]*([A-Za-z_][\w-]*)([^]{0,400}?)-?%\}|\{\{<([^]{0,400}?)>\}\}|\{\{%([^]{0,400}?)%\}\}/g;

interface Found {
  rule: WarningRule;
  /** The first one, as written, and its line. */
  first: string;
  line?: number;
  names: Set<string>;
  count: number;
}

/** One piece of a rewritten text: kept text, or a link made from an embed. */
type Piece = { text: string } | { link: string };

export default function remarkTemplateTags() {
  return (tree: Root, file: VFile): void => {
    const found = new Map<WarningRule, Found>();
    /** Paragraphs and HTML nodes that lost a tag, to drop if nothing is left of them. */
    const touched = new Set<Node>();
    let raw = false;

    const record = (rule: WarningRule, tag: string, name: string, line: number | undefined) => {
      const entry = found.get(rule) ?? { rule, first: tag.replace(/\s+/g, ' ').slice(0, 80), line, names: new Set<string>(), count: 0 };
      entry.names.add(name);
      entry.count++;
      found.set(rule, entry);
    };

    /** The text with tags handled; `line` of the text's start, for the warning. */
    const rewrite = (value: string, line: number | undefined, removeTags: boolean): Piece[] => {
      const pieces: Piece[] = [];
      let last = 0;
      for (const m of value.matchAll(TAG)) {
        const [tag, liquidName, liquidArgs, hugoAngle, hugoPercent] = m;
        const at = m.index;
        const tagLine = line === undefined ? undefined : line + (value.slice(0, at).match(/\n/g)?.length ?? 0);
        const name = liquidName?.toLowerCase();
        let replacement: Piece | undefined;
        if (raw) {
          if (name !== 'endraw') continue;
          raw = false;
        } else if (name === 'raw') {
          raw = true;
        } else if (!removeTags) {
          continue;
        } else if (name === 'embed') {
          const url = /\burl[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)')/.exec(liquidArgs ?? '');
          const href = url?.[1] ?? url?.[2];
          if (href && /^https?:\/\//.test(href)) replacement = { link: href };
          else record('template-tag', tag, name, tagLine);
        } else if (name !== undefined) {
          record('template-tag', tag, name, tagLine);
        } else {
          const inner = (hugoAngle ?? hugoPercent)!;
          const escaped = /^\s*\/\*([^]*)\*\/\s*$/.exec(inner);
          if (escaped) replacement = { text: hugoAngle !== undefined ? `{{<${escaped[1]}>}}` : `{{%${escaped[1]}%}}` };
          else record('hugo-shortcode', tag, /^\s*\/?\s*([\w./-]+)/.exec(inner)?.[1] ?? '?', tagLine);
        }
        // A tag alone on its line takes its line ending with it.
        let start = at;
        let end = at + tag.length;
        const lineStart = start === 0 || value[start - 1] === '\n';
        if (lineStart && value[end] === '\n') end++;
        else if (value[end] === undefined && start > 0 && value[start - 1] === '\n') start--;
        else if (!replacement) {
          // `文字 {% tag %} 后面`: no space is left between Chinese, one elsewhere.
          let before = start;
          while (isSpace(value[before - 1])) before--;
          let after = end;
          while (isSpace(value[after])) after++;
          if (isCjk(value[before - 1]) && isCjk(value[after])) [start, end] = [before, after];
          else if (before < start && after > end) end = after;
        }
        pieces.push({ text: value.slice(last, start) });
        if (replacement) pieces.push(replacement);
        last = end;
      }
      if (last === 0) return [{ text: value }];
      pieces.push({ text: value.slice(last) });
      return pieces.filter((p) => !('text' in p) || p.text !== '');
    };

    visit(tree, (node) => {
      if ('children' in node) mergeSplitTags(node as Parent);
    });
    visit(tree, (node, index, parent) => {
      if (node.type === 'code' || node.type === 'inlineCode') return SKIP;
      if (node.type === 'html') {
        const html = node as Html;
        const comment = /^\s*<!--/.test(html.value);
        const pieces = rewrite(html.value, html.position?.start.line, !comment);
        const value = pieces.map((p) => ('text' in p ? p.text : p.link)).join('');
        if (comment || value === html.value) return;
        html.value = value;
        touched.add(html);
        return;
      }
      if (node.type !== 'text' || !parent || index === undefined) return;
      const text = node as Text;
      const pieces = rewrite(text.value, text.position?.start.line, true);
      if (pieces.length === 1 && 'text' in pieces[0]! && pieces[0].text === text.value) return;
      const replacement: PhrasingContent[] = pieces.map((p) =>
        'text' in p ? ({ type: 'text', value: p.text } satisfies Text) : ({ type: 'link', url: p.link, children: [{ type: 'text', value: p.link }] } satisfies Link),
      );
      (parent as Parent).children.splice(index, 1, ...(replacement as RootContent[]));
      touched.add(parent);
      return index + replacement.length;
    });

    if (touched.size > 0) dropEmptied(tree, touched);
    const note = file.data.note;
    if (!note) return;
    for (const f of found.values()) {
      const others = [...f.names].filter((n) => n !== [...f.names][0]);
      const more = f.count > 1 ? ` (${f.count} in this note${others.length ? `, also ${others.join(', ')}` : ''})` : '';
      const what = f.rule === 'hugo-shortcode' ? 'Hugo shortcode' : 'template tag';
      note.diagnostics.warn(f.rule, `${what} ${f.first} removed${more}: a site generator's tags mean nothing in a book; the text around them is kept`, { file: note.file, line: f.line });
    }
  };
}

/** A `{%` or `{{<`/`{{%` that the text opens and does not close. */
const OPENS_TAG = /(?:\{%|\{\{[<%])(?![^]*(?:%\}|[>%]\}\}))[^]*$/;

/**
 * GFM reads a URL inside a tag as a link (`{% embed url="https://…" %}`), which splits the tag
 * over three nodes. Such a run (text that opens a tag, then bare links and text up to the
 * text that closes it) is put back into one text node so the tag can be read whole.
 */
function mergeSplitTags(parent: Parent): void {
  const children = parent.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'text' || !OPENS_TAG.test(node.value)) continue;
    let value = node.value;
    let j = i + 1;
    for (; j < children.length && j <= i + 8; j++) {
      const next = children[j]!;
      if (next.type === 'link' && next.children.length === 1 && next.children[0]!.type === 'text' && next.url.endsWith(next.children[0]!.value)) value += next.children[0]!.value;
      else if (next.type === 'text') value += next.value;
      else break;
      if (!OPENS_TAG.test(value)) break;
    }
    if (j < children.length && j > i && !OPENS_TAG.test(value)) {
      const merged: Text = { type: 'text', value, ...(node.position ? { position: { start: node.position.start, end: children[j]!.position?.end ?? node.position.end } } : {}) };
      children.splice(i, j - i + 1, merged as never);
    }
  }
}

/** Paragraphs and HTML left with nothing but spaces once their tags went; spaces at a paragraph's ends. */
function dropEmptied(tree: Root, touched: Set<Node>): void {
  visit(tree, (node, index, parent) => {
    if (!parent || index === undefined || !touched.has(node)) return;
    if (node.type === 'html' && node.value.trim() === '') {
      parent.children.splice(index, 1);
      return index;
    }
    if (node.type !== 'paragraph' && node.type !== 'heading') return;
    const first = node.children[0];
    if (first?.type === 'text') first.value = first.value.replace(/^[ \t\n]+/, '');
    const last = node.children[node.children.length - 1];
    if (last?.type === 'text') last.value = last.value.replace(/[ \t\n]+$/, '');
    node.children = node.children.filter((c) => c.type !== 'text' || c.value !== '');
    if (node.children.length === 0 && node.type === 'paragraph') {
      parent.children.splice(index, 1);
      return index;
    }
    return SKIP;
  });
}
