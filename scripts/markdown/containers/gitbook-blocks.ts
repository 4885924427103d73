/**
 * GitBook's block tags, each on a line of its own around Markdown content:
 *
 *     {% hint style="info" %}          {% tabs %}
 *     content                          {% tab title="Python" %}
 *     {% endhint %}                    content
 *                                      {% endtab %}
 *                                      {% endtabs %}
 *
 * A hint (`info`, `success`, `warning`, `danger`) becomes a callout of that kind; a tab set
 * becomes tabs. GitBook's other tags mean nothing in a book and are removed by
 * template-tags.ts.
 */
import type { Root, RootContent } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { fencedContainerFromMarkdown, fencedContainerSyntax } from './fenced.ts';
import { callout, claimContainers, inlineMarkdown, tab, tabs, type RawContainer, type Tab } from './model.ts';

export interface GitbookBlockOptions {
  callouts: boolean;
  tabs: boolean;
}

/** `{% name args %}`, with Liquid's optional `-` trimming marks. */
const TAG = /^\{%-?[ \t]*([a-z]+)\b(.*?)-?%\}$/u;
const attribute = (args: string, name: string): string | undefined => new RegExp(`\\b${name}[ \\t]*=[ \\t]*(?:"([^"]*)"|'([^']*)'|([\\w-]+))`).exec(args)?.slice(1).find((v) => v !== undefined);

const BLOCKS = { hint: 'callouts', tabs: 'tabs', tab: 'tabs' } as const;
type BlockName = keyof typeof BLOCKS;

function readOpening(line: string): { name: BlockName; args: string } | undefined {
  const m = TAG.exec(line);
  if (!m || !Object.hasOwn(BLOCKS, m[1]!)) return undefined;
  return { name: m[1] as BlockName, args: m[2]! };
}

export default function remarkGitbookBlocks(this: Processor, options: GitbookBlockOptions) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(
    fencedContainerSyntax({
      startCodes: [123],
      open(line) {
        const opening = readOpening(line);
        if (!opening || !options[BLOCKS[opening.name]]) return undefined;
        return { closes: (text) => TAG.exec(text)?.[1] === `end${opening.name}` };
      },
    }),
  );
  (data.fromMarkdownExtensions ??= []).push(fencedContainerFromMarkdown);
  const parse = (text: string) => this.parse(text) as Root;

  return (tree: Root, file: VFile): void => {
    /** A tab set's tabs are claimed with it (the walk reaches parents before children). */
    const tabSet = (node: RawContainer): RootContent[] => {
      const out: RootContent[] = [];
      const set: Tab[] = [];
      for (const child of node.children as RootContent[]) {
        const claimed = child.type === 'rawContainer' ? claim(child) : child;
        for (const c of Array.isArray(claimed) ? claimed : [claimed ?? child]) {
          if (c.type === 'tab') set.push(c);
          else if (set.length > 0) set[set.length - 1]!.children.push(c as Tab['children'][number]);
          else out.push(c);
        }
      }
      return set.length > 0 ? [...out, tabs(set, node.position)] : out;
    };

    const claim = (node: RawContainer): RootContent | RootContent[] | undefined => {
      if (node.fence !== 'fenced' || !node.opening.startsWith('{')) return undefined;
      const opening = readOpening(node.opening);
      if (!opening) return undefined;
      if (!node.closed) {
        file.data.note?.diagnostics.warn('unclosed-container', `{% ${opening.name} %} opened here is never closed with {% end${opening.name} %}; the rest of the note (or of the block it is in) is inside it`, {
          file: file.data.note.file,
          line: node.position?.start.line,
        });
      }
      if (opening.name === 'hint') return callout(attribute(opening.args, 'style') ?? 'info', undefined, node.children, node.position);
      if (opening.name === 'tab') return tab(inlineMarkdown(parse, attribute(opening.args, 'title') ?? ''), node.children, node.position);
      return tabSet(node);
    };

    claimContainers(tree, claim);
  };
}
