/**
 * SUMMARY.md, the table of contents of mdBook, GitBook and HonKit: a Markdown list of links,
 * nested for sub-chapters. Headings split it into parts (the first one, `# Summary`, is the
 * file's own title); a link with no target (`[Draft]()`) is a draft chapter and is skipped; a
 * link to a folder means its README.md (or index.md); a list item that is plain text with a
 * nested list is a group. mdBook's prefix and suffix chapters (links outside a list) are
 * chapters too. In GitBook a `---` line starts a part without a title; in mdBook it is only a
 * visual separator. Parsed with the build's own Markdown parser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Link, List, ListItem, Paragraph, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseMarkdown } from '../markdown/pipeline.ts';
import { decodeNote } from '../notes/read.ts';
import { cleanLink, isExternal, relPath, resolveNoteLink } from './paths.ts';
import type { InitReport, NavNode } from './types.ts';

export interface SummaryNav {
  nav: NavNode[];
  partsFromNav: boolean;
  /** Notes the summary links to that do not exist, for the report. */
  missing: number;
}

const SUMMARY_TITLE = /^(summary|table of contents|contents|目录|目錄|目次)$/i;

export function readSummary(file: string, bookRoot: string, report: InitReport, options: { separatorStartsPart: boolean }): SummaryNav {
  const shown = relPath(bookRoot, file);
  const markdown = decodeNote(readFileSync(file), shown);
  const tree = parseMarkdown(markdown, shown);
  const base = path.dirname(file);
  const top: NavNode[] = [];
  let current: NavNode[] = top;
  let partsFromNav = false;
  let missing = 0;
  let sawEntry = false;

  const entryOf = (label: string, url: string | undefined, line: number, children: NavNode[]): NavNode | undefined => {
    const origin = `${shown}:${line}`;
    const title = label.trim() || undefined;
    if (url === undefined) return title && children.length ? { title, children, origin } : undefined;
    if (url.trim() === '') {
      report.find(`${origin}: draft chapter "${title ?? ''}" (no link) skipped`);
      return children.length ? { title, children, origin } : undefined;
    }
    if (isExternal(url)) {
      report.find(`${origin}: "${title ?? url}" links to ${url}, not a note; skipped`);
      return children.length ? { title, children, origin } : undefined;
    }
    const target = resolveNoteLink(base, cleanLink(url), bookRoot);
    if ('file' in target) return { title, file: target.file, children, origin };
    if ('outside' in target) report.problem(`${origin}: "${title ?? url}" links to ${url}, outside the book's folder; left out`);
    else {
      missing++;
      report.problem(`${origin}: "${title ?? url}" links to ${url}, which does not exist; left out`);
    }
    return children.length ? { title, children, origin } : undefined;
  };

  const fromList = (list: List): NavNode[] =>
    list.children.flatMap((item: ListItem) => {
      const para = item.children.find((c): c is Paragraph => c.type === 'paragraph');
      const link = para?.children.find((c): c is Link => c.type === 'link');
      const nested = item.children.filter((c): c is List => c.type === 'list').flatMap(fromList);
      const line = item.position?.start.line ?? 0;
      const node = link ? entryOf(toString(link), link.url, line, nested) : entryOf(para ? toString(para) : '', undefined, line, nested);
      return node ? [node] : nested;
    });

  for (const block of tree.children as RootContent[]) {
    const line = block.position?.start.line ?? 0;
    if (block.type === 'heading') {
      const text = toString(block).trim();
      if (!sawEntry && !partsFromNav && SUMMARY_TITLE.test(text)) continue;
      const part: NavNode = { title: text, children: [], origin: `${shown}:${line}` };
      top.push(part);
      current = part.children;
      partsFromNav = true;
    } else if (block.type === 'list') {
      sawEntry = true;
      current.push(...fromList(block));
    } else if (block.type === 'paragraph') {
      for (const link of block.children.filter((c): c is Link => c.type === 'link')) {
        sawEntry = true;
        const node = entryOf(toString(link), link.url, link.position?.start.line ?? line, []);
        if (node) current.push(node);
      }
    } else if (block.type === 'thematicBreak' && options.separatorStartsPart) {
      current = top;
    }
  }
  // Headings with nothing under them are titles of nothing.
  const nav = top.filter((n) => n.file || n.children.length > 0);
  return { nav, partsFromNav: partsFromNav && nav.some((n) => !n.file), missing };
}
