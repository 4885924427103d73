/**
 * A fenced code block as it reaches the HTML tree: `<pre><code class="language-x">`. The
 * language is the first word of the fence's info string (```` ```mermaid ````), which
 * mdast-util-to-hast writes as a `language-` class and the sanitizer keeps; raw HTML written the
 * same way is the same block.
 */
import type { Element } from 'hast';

export interface FencedCode {
  /** The `<code>` inside the `<pre>`. */
  code: Element;
  /** Lower case, as written after the fence (`Mermaid` → `mermaid`). */
  language: string;
}

export function fencedCode(pre: Element): FencedCode | undefined {
  if (pre.tagName !== 'pre') return undefined;
  const elements = pre.children.filter((c) => c.type === 'element');
  const code = elements[0];
  if (elements.length !== 1 || code?.tagName !== 'code') return undefined;
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  const language = classes.map(String).find((c) => c.startsWith('language-'))?.slice('language-'.length);
  return language ? { code, language: language.toLowerCase() } : undefined;
}
