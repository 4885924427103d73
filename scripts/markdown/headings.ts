/**
 * Heading levels inside a chapter: the chapter title is the h1, each note starts at h2 whatever
 * level the author used, and a one-note chapter does not repeat its own title heading (the
 * heading it starts with, unless its front matter gives a different title).
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

export interface HeadingPlan {
  /** The note is the whole chapter: its leading title heading becomes the chapter title. */
  single: boolean;
  /**
   * The chapter title when the note gives it in its front matter. The leading heading is then a
   * repeat only if it says the same; otherwise it is the note's first section and stays.
   */
  title?: string;
}

export interface HeadingResult {
  /** Text of the heading that was taken out as the chapter title, if any. */
  titleHeading?: string;
  /** Text of the first heading of the note, after the shift. */
  firstHeading?: string;
  /** How the note begins, before any change: what the book model needs to give it a title. */
  opening: NoteOpening;
}

/**
 * - `empty`: nothing but front matter (and HTML comments or other raw HTML)
 * - `text`: content before any heading (a paragraph, a list, an image …)
 * - `h1`: a `#` heading
 * - `subheading`: a deeper heading (`## 背景`): in note apps, a section under the note's name
 */
export type NoteOpening = 'empty' | 'text' | 'h1' | 'subheading';

export function normaliseHeadings(tree: Root, plan: HeadingPlan): HeadingResult {
  const first = tree.children.find((n) => n.type !== 'yaml' && n.type !== 'html');
  const topLevel = tree.children.filter((n): n is Heading => n.type === 'heading');
  const result: HeadingResult = { opening: noteOpening(first) };
  if (topLevel.length === 0) return result;
  const minDepth = Math.min(...topLevel.map((h) => h.depth));

  const repeatsTitle = (h: Heading) => plan.title === undefined || toString(h).trim() === plan.title.trim();
  if (plan.single && first?.type === 'heading' && first.depth === minDepth && repeatsTitle(first)) {
    // Only the leading heading is at the top level: it is the note's title.
    const others = topLevel.filter((h) => h !== first && h.depth === minDepth);
    if (others.length === 0) {
      result.titleHeading = toString(first);
      tree.children.splice(tree.children.indexOf(first), 1);
    }
  }
  const remaining: Heading[] = [];
  visit(tree, 'heading', (h: Heading) => {
    remaining.push(h);
  });
  if (remaining.length === 0) return result;
  const top = Math.min(...remaining.map((h) => h.depth));
  const shift = 2 - top;
  for (const h of remaining) h.depth = Math.min(6, Math.max(2, h.depth + shift)) as Heading['depth'];
  result.firstHeading = toString(remaining[0]!);
  return result;
}

function noteOpening(first: RootContent | undefined): NoteOpening {
  if (!first) return 'empty';
  if (first.type !== 'heading') return 'text';
  return first.depth === 1 ? 'h1' : 'subheading';
}
