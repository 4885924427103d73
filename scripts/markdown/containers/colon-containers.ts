/**
 * VitePress and Docusaurus containers, between a line of three or more colons and a line of
 * at least as many:
 *
 *     ::: tip 标题            :::note[Title]          ::: code-group
 *     content                 content                 ```js [config.js]
 *     :::                     :::                     ```
 *                                                     :::
 *
 * - a kind (`tip`, `warning`, `danger`, `info`, `note`, `details`, or any other name) becomes a
 *   callout, titled by the rest of the line (VitePress), by `[Title]` or `{title="…"}`
 *   (Docusaurus), or by its kind's label;
 * - `code-group` (VitePress) becomes tabs, one per code block, labelled by the block's
 *   `[name]` (else its language);
 * - `raw` and `v-pre` (VitePress: "do not process Vue here") keep their content as it is.
 *
 * Nesting takes a longer fence outside (`::::` around `:::`), as in both tools. A container
 * that is never closed takes the rest of its parent and is reported (`unclosed-container`).
 */
import type { Code, PhrasingContent, Root, RootContent } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { fencedContainerFromMarkdown, fencedContainerSyntax } from './fenced.ts';
import { callout, claimContainers, inlineMarkdown, tab, tabs, type FlowContent, type RawContainer, type Tab } from './model.ts';

export interface ColonContainerOptions {
  /** Kinds become callouts (book.yaml `markdown.callouts`). */
  callouts: boolean;
  /** `code-group` becomes tabs (book.yaml `markdown.tabs`). */
  tabs: boolean;
}

/** `:::` (3 or more), a name, then a title in brackets, attributes or the rest of the line. */
const OPENING = /^(:{3,})[ \t]*([A-Za-z][\w-]*)[ \t]*(?:\[(.*)\])?[ \t]*(?:\{([^}]*)\})?[ \t]*(.*)$/u;
const UNWRAPPED = new Set(['raw', 'v-pre']);

interface Opening {
  fence: number;
  name: string;
  title?: string;
}

function readOpening(line: string): Opening | undefined {
  const m = OPENING.exec(line);
  if (!m) return undefined;
  const [, colons, name, bracket, attributes, rest] = m;
  const attributeTitle = attributes ? /(?:^|\s)title=(?:"([^"]*)"|'([^']*)')/.exec(attributes) : null;
  // An empty title (`:::note[]`) is no title: both tools then show the kind's own.
  const title = (bracket ?? attributeTitle?.[1] ?? attributeTitle?.[2] ?? rest)?.trim() || undefined;
  return { fence: colons!.length, name: name!.toLowerCase(), title };
}

function wanted(name: string, options: ColonContainerOptions): boolean {
  return name === 'code-group' ? options.tabs : options.callouts;
}

/** `js [config.js]` → config.js; else the language; else nothing. */
function codeLabel(code: Code): string {
  return /\[([^\]]*)\]/.exec(code.meta ?? '')?.[1]?.trim() || code.lang || '';
}

/** VitePress code group: each code block opens a tab; anything else joins the tab before it. */
function codeGroup(node: RawContainer): RootContent[] {
  const out: Tab[] = [];
  const loose: FlowContent[] = [];
  for (const child of node.children) {
    if (child.type === 'code') {
      const label = codeLabel(child);
      if (child.meta) child.meta = child.meta.replace(/\[[^\]]*\]/, '').trim() || null;
      out.push(tab(label ? [{ type: 'text', value: label }] : [], [child], child.position));
    } else if (out.length > 0) {
      out[out.length - 1]!.children.push(child);
    } else {
      loose.push(child);
    }
  }
  return out.length > 0 ? [...loose, tabs(out, node.position)] : loose;
}

export default function remarkColonContainers(this: Processor, options: ColonContainerOptions) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(
    fencedContainerSyntax({
      startCodes: [58],
      open(line) {
        const opening = readOpening(line);
        if (!opening || !wanted(opening.name, options)) return undefined;
        const closing = new RegExp(`^:{${opening.fence},}$`);
        return { closes: (text) => closing.test(text) };
      },
    }),
  );
  (data.fromMarkdownExtensions ??= []).push(fencedContainerFromMarkdown);
  const parse = (text: string) => this.parse(text) as Root;

  return (tree: Root, file: VFile): void => {
    claimContainers(tree, (node) => {
      if (node.fence !== 'fenced' || !node.opening.startsWith(':')) return undefined;
      const opening = readOpening(node.opening);
      if (!opening) return undefined;
      if (!node.closed) {
        file.data.note?.diagnostics.warn(
          'unclosed-container',
          `container ${':'.repeat(opening.fence)} ${opening.name} opened here is never closed with ${':'.repeat(opening.fence)}; the rest of the note (or of the block it is in) is inside it`,
          { file: file.data.note.file, line: node.position?.start.line },
        );
      }
      if (UNWRAPPED.has(opening.name)) return node.children;
      if (opening.name === 'code-group') return codeGroup(node);
      const title: PhrasingContent[] | undefined = opening.title === undefined ? undefined : inlineMarkdown(parse, opening.title);
      return callout(opening.name, title, node.children, node.position);
    });
  };
}
