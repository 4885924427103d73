/**
 * Docusaurus (MDX) tabs and admonitions written as components:
 *
 *     <Tabs>
 *       <TabItem value="py" label="Python" default>     <Admonition type="tip" title="标题">
 *         content                                         content
 *       </TabItem>                                      </Admonition>
 *     </Tabs>
 *
 * become the book's tabs and callouts (containers/model.ts), every tab printed in turn under its
 * `label` (else its `value`). Done on the HTML tree once rehype-raw has parsed the raw HTML, so
 * the components are found however the author spaced them: with blank lines (their content is
 * Markdown) or without (their content is raw text, then put in paragraphs here). Runs before
 * the sanitizer, which would otherwise drop these unknown tags. Components are case-insensitive
 * once parsed as HTML (`<tabitem>`), and none of these names is an HTML element.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { VFile } from 'vfile';
import { calloutElement, tabElement, tabsElement } from './containers/model.ts';

/** HTML elements that are part of a paragraph's text. */
const PHRASING = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var', 'wbr']);

const isPhrasing = (node: ElementContent): boolean => node.type === 'text' || node.type === 'comment' || (node.type === 'element' && PHRASING.has(node.tagName));

/** Runs of loose text in a component's content become paragraphs; blank runs go. */
function asBlocks(children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [];
  let run: ElementContent[] = [];
  const flush = () => {
    const text = run.some((n) => n.type === 'element' || (n.type === 'text' && n.value.trim() !== ''));
    if (text) {
      // The indentation around raw text is layout, not text.
      while (run[0]?.type === 'text' && run[0].value.trim() === '') run.shift();
      while (run.at(-1)?.type === 'text' && run.at(-1)!.type === 'text' && (run.at(-1) as { value: string }).value.trim() === '') run.pop();
      const first = run[0];
      const last = run[run.length - 1];
      if (first?.type === 'text') run[0] = { ...first, value: first.value.replace(/^\s+/, '') };
      if (last?.type === 'text') run[run.length - 1] = { ...last, value: (run[run.length - 1] as { value: string }).value.replace(/\s+$/, '') };
      out.push({ type: 'element', tagName: 'p', properties: {}, children: run });
    }
    run = [];
  };
  for (const child of children) {
    if (isPhrasing(child)) run.push(child);
    else {
      flush();
      out.push(child);
    }
  }
  flush();
  return out;
}

const text = (value: unknown): ElementContent[] => (typeof value === 'string' && value.trim() ? [{ type: 'text', value: value.trim() }] : []);

export default function rehypeDocusaurusComponents() {
  return (tree: Root, file: VFile): void => {
    const syntax = file.data.note?.syntax;
    const doTabs = syntax?.tabs ?? true;
    const doCallouts = syntax?.callouts ?? true;
    const convert = (node: Root | Element): void => {
      node.children = node.children.map((child): RootContent => {
        if (child.type !== 'element') return child;
        convert(child);
        if (doTabs && child.tagName === 'tabs') {
          const items = child.children.filter((c): c is Element => c.type === 'element' && c.tagName === 'tabitem');
          if (items.length === 0) return child;
          const made = tabsElement(items.map((item) => tabElement(text(item.properties.label ?? item.properties.value), asBlocks(item.children))));
          made.position = child.position;
          return made;
        }
        if (doCallouts && child.tagName === 'admonition') {
          const kind = typeof child.properties.type === 'string' ? child.properties.type : 'note';
          const title = typeof child.properties.title === 'string' ? text(child.properties.title) : undefined;
          const made = calloutElement(kind, title, asBlocks(child.children));
          made.position = child.position;
          return made;
        }
        return child;
      });
    };
    convert(tree);
  };
}
