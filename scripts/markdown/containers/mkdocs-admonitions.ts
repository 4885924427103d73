/**
 * MkDocs admonitions (Python-Markdown's `admonition` and pymdownx `details`), content indented
 * four spaces under the opening line:
 *
 *     !!! note "标题"          ??? warning            ???+ info
 *         content                  folded content         open folded content
 *
 * The first word is the kind (`note`, `tip`, `danger`, the aliases of MkDocs Material, or any
 * other name); more words (`!!! note inline end`) are layout hints for the site and are
 * ignored. The quoted title is the title, `""` means no title line, no title means the kind's
 * label. `???` (folded) and `???+` (open) are printed open like `!!!`: a book cannot fold.
 */
import type { Root } from 'mdast';
import type { Processor } from 'unified';
import { indentedContainerFromMarkdown, indentedContainerSyntax } from './indented.ts';
import { callout, claimContainers, inlineMarkdown } from './model.ts';

/**
 * Python-Markdown's own pattern (admonition + details): the marker, words of letters, digits,
 * `_` or `-`, an optional quoted title, nothing else. The kind must start with a Latin letter
 * (it is a CSS class on the site): Python's `\w` would also take `!!! 太好了` in prose.
 */
const OPENING = /^(!!!|\?\?\?\+?)(?:[ \t]*([A-Za-z][\w-]*)(?:[ \t]+[\w-]+)*)?(?:[ \t]*"(.*)")?[ \t]*$/u;

function readOpening(line: string): { kind: string; title?: string } | undefined {
  const m = OPENING.exec(line);
  if (!m) return undefined;
  const [, marker, kind, title] = m;
  // `!!!` needs a kind; `???` may have only a title (then it looks like a note).
  if (!kind && (marker === '!!!' || title === undefined)) return undefined;
  return { kind: kind ?? 'note', title };
}

export default function remarkMkdocsAdmonitions(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(indentedContainerSyntax({ startCodes: [33, 63], opens: (line) => readOpening(line) !== undefined }));
  (data.fromMarkdownExtensions ??= []).push(indentedContainerFromMarkdown);
  const parse = (text: string) => this.parse(text) as Root;

  return (tree: Root): void => {
    claimContainers(tree, (node) => {
      if (node.fence !== 'indented') return undefined;
      const opening = readOpening(node.opening);
      if (!opening) return undefined;
      return callout(opening.kind, opening.title === undefined ? undefined : inlineMarkdown(parse, opening.title), node.children, node.position);
    });
  };
}
