/**
 * MkDocs content tabs (pymdownx `tabbed`): each `=== "label"` block holds one tab's content,
 * indented four spaces; consecutive blocks make one set, and `===!` starts a new set even right
 * after another (`===+`, "selected", changes nothing in a book):
 *
 *     === "Python"
 *
 *         print("hi")
 *
 *     === "Go"
 *
 *         fmt.Println("hi")
 *
 * Every tab is printed in turn under its label.
 */
import type { Parent, Root } from 'mdast';
import type { Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { indentedContainerFromMarkdown, indentedContainerSyntax } from './indented.ts';
import { claimContainers, groupTabs, inlineMarkdown, tab, type Tab } from './model.ts';

const OPENING = /^===([!+]{0,2})[ \t]+"(.*)"[ \t]*$/u;

export default function remarkMkdocsTabs(this: Processor) {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(indentedContainerSyntax({ startCodes: [61], opens: (line) => OPENING.test(line) }));
  (data.fromMarkdownExtensions ??= []).push(indentedContainerFromMarkdown);
  const parse = (text: string) => this.parse(text) as Root;

  return (tree: Root): void => {
    const newSets = new WeakSet<Tab>();
    const parents = new Set<Parent>();
    claimContainers(tree, (node) => {
      const m = node.fence === 'indented' ? OPENING.exec(node.opening) : null;
      if (!m) return undefined;
      const made = tab(inlineMarkdown(parse, m[2]!), node.children, node.position);
      if (m[1]!.includes('!')) newSets.add(made);
      return made;
    });
    visit(tree, 'tab', (_node, _index, parent) => {
      if (parent && parent.type !== 'tabs') parents.add(parent);
    });
    for (const parent of parents) groupTabs(parent, (t) => newSets.has(t));
  };
}
