/**
 * What a documentation site's framework puts in a page and a book cannot use:
 *
 * - VitePress (Vue) `<script setup>` and `<style scoped>`/`<style module>` blocks: removed;
 * - components, written as tags whose name starts with a capital and is not HTML (`<Badge
 *   text="beta"/>`, `<OutboundLink/>`, `<MyChart>…</MyChart>`): the tags are removed and the
 *   text between a pair is kept; a `<Badge>`'s `text` is kept as text;
 * - MDX `import … from '…'` lines (Docusaurus) that import a component the note uses: removed.
 *
 * A capitalised tag that is never closed and does not close itself is not a component but text
 * written without backticks (`List<String>`): it is kept as it reads instead of being lost as
 * unknown HTML. Tabs and admonitions written as components (`<Tabs>`, `<TabItem>`,
 * `<Admonition>`) are left to docusaurus-components.ts when those are on. Raw HTML only: code
 * and inline code are never read. One `site-component` warning per note names what went.
 */
import { htmlTagNames } from 'html-tag-names';
import type { Html, Root, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface SiteComponentOptions {
  /** Component names another plugin turns into the book's own shapes (kept for it). */
  keep: string[];
}

const HTML = new Set(htmlTagNames);

/** A start or end tag: `</`?, a name, attributes (quoted values may hold `>`), `/`? `>`. */
const TAG = /<(\/?)([A-Za-z][\w.:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const VUE_BLOCK = /^\s*<(script|style)\b([^>]*)>[^]*?<\/\1\s*>\s*$/i;
/** `import Tabs from '@theme/Tabs';`, `import { A, B as C } from "x"`: the names it binds. */
const IMPORT_LINE = /^\s*import\s+([\w$*{}\s,]+?)\s+from\s+['"][^'"\n]+['"]\s*;?\s*$/;

/** Parents whose children are inline: inline HTML is replaced by text there, block HTML by a paragraph elsewhere. */
const PHRASING_PARENTS = new Set(['paragraph', 'heading', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'tableCell']);

function isComponent(name: string): boolean {
  return /^[A-Z]/.test(name) && /[a-z]/.test(name) && !HTML.has(name.toLowerCase());
}

const attribute = (attributes: string, name: string): string | undefined =>
  new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes)?.slice(1).find((v) => v !== undefined);

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export default function remarkSiteComponents(options: SiteComponentOptions = { keep: [] }) {
  const keep = new Set(options.keep);
  return (tree: Root, file: VFile): void => {
    const htmlNodes: Html[] = [];
    visit(tree, (node) => {
      if (node.type === 'code' || node.type === 'inlineCode') return SKIP;
      if (node.type === 'html') htmlNodes.push(node);
    });

    // Which component names are opened and closed somewhere in the note.
    const opened = new Set<string>();
    const closed = new Set<string>();
    for (const node of htmlNodes) {
      for (const [, slash, name, , self] of node.value.matchAll(TAG)) {
        if (!isComponent(name!) || self) continue;
        (slash ? closed : opened).add(name!);
      }
    }

    const removed: string[] = [];
    let firstLine: number | undefined;
    const note = (what: string, node: { position?: Html['position'] }) => {
      if (!removed.includes(what)) removed.push(what);
      firstLine ??= node.position?.start.line;
    };

    const drop = new Set<Html>();
    const literal = new Map<Html, string>();
    for (const node of htmlNodes) {
      const block = VUE_BLOCK.exec(node.value);
      if (block && (block[1]!.toLowerCase() === 'script' ? /\bsetup\b/ : /\b(scoped|module)\b/).test(block[2]!)) {
        note(`<${block[1]!.toLowerCase()}${block[1]!.toLowerCase() === 'script' ? ' setup' : ' scoped'}>`, node);
        drop.add(node);
        continue;
      }
      let literalText: string | undefined;
      const value = node.value.replace(TAG, (tag, slash: string, name: string, attributes: string, self: string) => {
        if (!isComponent(name) || keep.has(name)) return tag;
        const paired = slash ? opened.has(name) : closed.has(name);
        if (!self && !paired) {
          // Never closed, never closing itself: text written without backticks (`List<String>`).
          if (tag === node.value.trim()) literalText = node.value;
          return tag;
        }
        note(`<${name}>`, node);
        const text = !slash && name === 'Badge' ? attribute(attributes, 'text') : undefined;
        return text ? escapeHtml(text) : '';
      });
      if (literalText !== undefined) literal.set(node, literalText);
      else if (value !== node.value) {
        if (value.trim() === '') drop.add(node);
        else node.value = value;
      }
    }

    // MDX import lines: a paragraph at the top level made only of them, importing a component
    // the note uses as a tag (Go's `import "fmt"` or JavaScript shown without a fence is text).
    const used = new Set<string>();
    for (const node of htmlNodes) for (const [, , name] of node.value.matchAll(TAG)) if (isComponent(name!)) used.add(name!);
    const importsComponent = (line: string): boolean => {
      const clause = IMPORT_LINE.exec(line)?.[1];
      return clause !== undefined && clause.split(/[\s,{}*]+|\bas\b/).some((name) => used.has(name));
    };
    const imports = new Set<Root['children'][number]>();
    for (const child of tree.children) {
      if (child.type !== 'paragraph') continue;
      const lines = toString(child).split('\n');
      if (lines.every((line) => IMPORT_LINE.test(line)) && lines.some(importsComponent)) {
        imports.add(child);
        note('MDX import lines', child);
      }
    }

    if (drop.size + literal.size + imports.size > 0) {
      visit(tree, (node, index, parent) => {
        if (!parent || index === undefined) return;
        if (drop.has(node as Html) || imports.has(node as Root['children'][number])) {
          parent.children.splice(index, 1);
          return index;
        }
        const text = literal.get(node as Html);
        if (text === undefined) return;
        const value: Text = { type: 'text', value: text };
        // An HTML block stands where a paragraph would; inline HTML is already inside one.
        const inline = PHRASING_PARENTS.has(parent.type);
        parent.children.splice(index, 1, (inline ? value : { type: 'paragraph', children: [value] }) as never);
      });
    }

    const info = file.data.note;
    if (!info || removed.length === 0) return;
    info.diagnostics.warn(
      'site-component',
      `removed ${removed.join(', ')}: a documentation site's components and scripts mean nothing in a book; the text inside components is kept`,
      { file: info.file, line: firstLine },
    );
  };
}
