/**
 * One model for the boxes and tab sets that documentation tools write in Markdown, whatever
 * their spelling: GitHub alerts and Obsidian callouts (`> [!NOTE]`), MkDocs admonitions
 * (`!!! note`), VitePress and Docusaurus containers (`::: tip`), GitBook hints
 * (`{% hint %}`) all become a `callout` node; MkDocs content tabs (`=== "Python"`), Docusaurus
 * `<Tabs>`, GitBook `{% tabs %}` and VitePress code groups become `tabs` of `tab` nodes. Each
 * spelling is read by its own plugin in this folder; this module defines the nodes they make
 * and the one HTML shape every format prints:
 *
 *     <aside class="callout callout-tip" role="doc-tip">
 *       <p class="callout-title"><span class="callout-label">提示</span> <span class="callout-title-text">标题</span></p>
 *       …content…
 *     </aside>
 *
 *     <div class="tabs"><div class="tab"><p class="tab-label">Python</p>…content…</div>…</div>
 *
 * A book is read, not clicked: a folded callout is printed open, and every tab is printed in
 * turn under its label. The label is a paragraph, not a heading, so it never enters the
 * contents. Words the book shows (提示, 警告 …) come from labels.ts.
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { BlockContent, DefinitionContent, Node, Parent, PhrasingContent, Root, RootContent } from 'mdast';
import type { Handler, State } from 'mdast-util-to-hast';
import { visit } from 'unist-util-visit';
import { LABELS } from '../../labels.ts';

/** Block content a container can hold (what a blockquote or list item can). */
export type FlowContent = BlockContent | DefinitionContent;

/** A callout (admonition, alert, hint): a kind, an optional title, and its content. */
export interface Callout extends Parent {
  type: 'callout';
  /** The kind as the author wrote it (`NOTE`, `tldr`, `MyKind`); its case does not matter. */
  kind: string;
  /**
   * The author's title; undefined: the kind's label alone (提示); empty: no title line at all
   * (MkDocs `!!! note ""`).
   */
  title?: PhrasingContent[];
  children: FlowContent[];
}

/** Tabs of alternative content (one per language, platform …), printed one after the other. */
export interface Tabs extends Parent {
  type: 'tabs';
  children: Tab[];
}

export interface Tab extends Parent {
  type: 'tab';
  label: PhrasingContent[];
  children: FlowContent[];
}

/**
 * What the micromark constructs (fenced.ts, indented.ts) produce before a spelling plugin says
 * what the block means: the opening line as written and the content. A plugin replaces each of
 * its own with a callout, a tab or its content; none is left by the end of the Markdown stage.
 */
export interface RawContainer extends Parent {
  type: 'rawContainer';
  /** Which construct found it: fenced (`:::` … `:::`) or indented (`!!!` + 4-space body). */
  fence: 'fenced' | 'indented';
  /** The opening line, without its indentation. */
  opening: string;
  /** A fenced container whose closing line was found (else it ran to the end of its parent). */
  closed: boolean;
  children: FlowContent[];
}

declare module 'mdast' {
  interface RootContentMap {
    callout: Callout;
    tabs: Tabs;
    tab: Tab;
    rawContainer: RawContainer;
  }
  interface BlockContentMap {
    callout: Callout;
    tabs: Tabs;
    rawContainer: RawContainer;
  }
}

/** Kinds that look alike (same colours), by every name Obsidian, MkDocs, GitHub and the others use. */
const STYLE_OF_KIND: Record<string, string> = {
  note: 'note', seealso: 'note',
  abstract: 'abstract', summary: 'abstract', tldr: 'abstract',
  info: 'info', todo: 'info',
  tip: 'tip', hint: 'tip',
  important: 'important',
  success: 'success', check: 'success', done: 'success',
  question: 'question', help: 'question', faq: 'question',
  warning: 'warning', attention: 'warning',
  caution: 'caution',
  failure: 'failure', fail: 'failure', missing: 'failure',
  danger: 'danger', error: 'danger',
  bug: 'bug',
  example: 'example',
  quote: 'quote', cite: 'quote',
  details: 'details',
};

/** DPUB-ARIA and ARIA roles an `<aside>` may take (epubcheck, ARIA in HTML): tips and examples have their own. */
const ROLE_OF_STYLE: Record<string, string> = { tip: 'doc-tip', example: 'doc-example' };

/** The style (colour) of a kind: one of STYLE_OF_KIND's values, or undefined for a kind of the author's own. */
export function calloutStyle(kind: string): string | undefined {
  const key = kind.toLowerCase();
  return Object.hasOwn(STYLE_OF_KIND, key) ? STYLE_OF_KIND[key] : undefined;
}

/** The word shown for a kind: the book's label, else the kind as written (an unknown kind is shown by its name). */
export function calloutLabel(kind: string): string {
  const labels: Record<string, string> = LABELS.calloutKinds;
  const key = kind.toLowerCase();
  return Object.hasOwn(labels, key) ? labels[key]! : kind;
}

/** Build a callout node; `title` as in {@link Callout}. */
export function callout(kind: string, title: PhrasingContent[] | undefined, children: FlowContent[], position?: Node['position']): Callout {
  return { type: 'callout', kind, ...(title ? { title } : {}), children, ...(position ? { position } : {}) };
}

export function tab(label: PhrasingContent[], children: FlowContent[], position?: Node['position']): Tab {
  return { type: 'tab', label, children, ...(position ? { position } : {}) };
}

export function tabs(children: Tab[], position?: Node['position']): Tabs {
  return { type: 'tabs', children, ...(position ? { position } : {}) };
}

/**
 * Runs of consecutive `tab` nodes among a parent's children become one `tabs` set each
 * (MkDocs writes one `===` block per tab; a `===!` block, marked `newSet`, starts a new set).
 */
export function groupTabs(parent: Parent, startsNewSet: (node: Tab) => boolean = () => false): void {
  const out: Parent['children'] = [];
  for (const child of parent.children) {
    const last = out[out.length - 1];
    if (child.type === 'tab' && last?.type === 'tabs' && !startsNewSet(child)) {
      last.children.push(child);
      if (last.position && child.position) last.position = { start: last.position.start, end: child.position.end };
    } else if (child.type === 'tab') {
      out.push(tabs([child], child.position));
    } else {
      out.push(child);
    }
  }
  parent.children = out;
}

const plain = (text: string): string => text.replace(/[\s:：]+$/u, '').trim().toLowerCase();

function textOf(nodes: ElementContent[]): string {
  return nodes.map((n) => (n.type === 'text' ? n.value : n.type === 'element' ? textOf(n.children) : '')).join('');
}

function classed(tagName: string, className: string, children: ElementContent[], properties: Properties = {}): Element {
  return { type: 'element', tagName, properties: { className: [className], ...properties }, children };
}

/** Block children each on a line of their own, as mdast-util-to-hast lays out blocks. */
function lines(children: ElementContent[]): ElementContent[] {
  const out: ElementContent[] = [{ type: 'text', value: '\n' }];
  for (const child of children) out.push(child, { type: 'text', value: '\n' });
  return out;
}

/** Blocks that make a callout too tall to keep on one page, or that may break themselves. */
const TALL = new Set(['pre', 'table', 'img', 'picture', 'svg', 'aside', 'div', 'figure']);
const SHORT_TEXT = 240;

/** A few lines of text (print keeps it on one page: styles/print.css `.callout-short`). */
function isShort(body: ElementContent[]): boolean {
  let tall = false;
  const walk = (nodes: ElementContent[]): void => {
    for (const n of nodes) {
      if (n.type !== 'element') continue;
      if (TALL.has(n.tagName)) tall = true;
      else walk(n.children);
    }
  };
  walk(body);
  return !tall && textOf(body).length <= SHORT_TEXT;
}

/**
 * The `<aside>` of a callout (the HTML shape of the module comment). `title`: the author's
 * title as HTML; undefined: the kind's label alone; empty: no title line.
 */
export function calloutElement(kind: string, title: ElementContent[] | undefined, body: ElementContent[]): Element {
  const style = calloutStyle(kind);
  const label = calloutLabel(kind);
  const titleLine: ElementContent[] = [];
  if (title === undefined || title.length > 0) {
    titleLine.push(classed('span', 'callout-label', [{ type: 'text', value: label }]));
    // `!!! note "Note"`, `> [!TIP] 提示`: a title that only repeats the kind is said once.
    const text = plain(textOf(title ?? []));
    if (title && text && text !== plain(label) && text !== kind.toLowerCase()) titleLine.push({ type: 'text', value: ' ' }, classed('span', 'callout-title-text', title));
  }
  const children = titleLine.length > 0 ? [classed('p', 'callout-title', titleLine), ...body] : body;
  const role = ROLE_OF_STYLE[style ?? ''] ?? 'note';
  const classes = ['callout', ...(style ? [`callout-${style}`] : []), ...(isShort(body) ? ['callout-short'] : [])];
  return classedList('aside', classes, lines(children), { role });
}

function classedList(tagName: string, classNames: string[], children: ElementContent[], properties: Properties = {}): Element {
  return { type: 'element', tagName, properties: { className: classNames, ...properties }, children };
}

/** One tab: its label as a paragraph (never a heading: it must not enter the contents), then its content. */
export function tabElement(label: ElementContent[], body: ElementContent[]): Element {
  return classed('div', 'tab', lines([classed('p', 'tab-label', label), ...body]));
}

export function tabsElement(tabs: Element[]): Element {
  return classed('div', 'tabs', lines(tabs));
}

/** Element children only (the newlines state.all leaves between blocks are added back by `lines`). */
const blocks = (nodes: ElementContent[]): ElementContent[] => nodes.filter((n) => n.type !== 'text' || n.value.trim() !== '');

const calloutHandler: Handler = (state: State, node: Callout): Element => {
  const title = node.title ? state.all({ type: 'paragraph', children: node.title }) : undefined;
  const aside = calloutElement(node.kind, title, blocks(state.all(node)));
  state.patch(node, aside);
  return state.applyData(node, aside);
};

const tabsHandler: Handler = (state: State, node: Tabs): Element => {
  const el = tabsElement(blocks(state.all(node)) as Element[]);
  state.patch(node, el);
  return state.applyData(node, el);
};

const tabHandler: Handler = (state: State, node: Tab): Element => {
  const el = tabElement(state.all({ type: 'paragraph', children: node.label }), blocks(state.all(node)));
  state.patch(node, el);
  return state.applyData(node, el);
};

/** A container no plugin claimed (its syntax switched off after parsing): its content stays. */
const rawContainerHandler: Handler = (state: State, node: RawContainer) => state.all(node);

/** For remark-rehype's `handlers` option. */
export const containerHandlers: Record<string, Handler> = {
  callout: calloutHandler,
  tabs: tabsHandler,
  tab: tabHandler,
  rawContainer: rawContainerHandler,
};

/** Class names and roles these nodes put in the tree, for the sanitizer's schema (sanitize-schema.ts). */
export const CONTAINER_CLASSES = {
  aside: /^callout(-[a-z]+)?$/,
  p: /^(callout-title|tab-label)$/,
  span: /^(callout-label|callout-title-text)$/,
  div: /^tabs?$/,
  roles: ['note', 'doc-tip', 'doc-example'],
} as const;

/**
 * Inline Markdown of a title written on an opening line (`!!! note "**要点**"`, `::: tip 标题`),
 * as the tools render it. Anything that does not read as one paragraph (`1. x` would be a list)
 * stays plain text.
 */
export function inlineMarkdown(parse: (text: string) => Root, text: string): PhrasingContent[] {
  if (text.trim() === '') return [];
  const root = parse(text);
  const only = root.children.length === 1 ? root.children[0] : undefined;
  if (only?.type !== 'paragraph') return [{ type: 'text', value: text }];
  visit(only, (node) => {
    delete node.position;
  });
  return only.children;
}

/**
 * Replace each raw container that `claim` recognises with what it returns (one node, or the
 * content itself as an array to unwrap it); undefined leaves it to another plugin. The
 * replacement is then walked too, so containers nested in it are claimed as well.
 */
export function claimContainers(tree: Root, claim: (node: RawContainer) => RootContent | RootContent[] | undefined): void {
  visit(tree, 'rawContainer', (node, index, parent) => {
    if (!parent || index === undefined) return;
    const result = claim(node);
    if (result === undefined) return;
    parent.children.splice(index, 1, ...((Array.isArray(result) ? result : [result]) as typeof parent.children));
    return index;
  });
}
