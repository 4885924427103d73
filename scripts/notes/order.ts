/**
 * The order of the notes a glob finds (`notes: [guide/*.md]`). book.yaml gives no order there, so
 * the notes' own front matter does, as the documentation tools they come from read it:
 * `sidebar_position` (Docusaurus), `nav_order` (Just the Docs), `weight` (Hugo), `order`
 * (VitePress sidebars, Obsidian plugins), the first of these a note has. Notes with a number
 * come first, smallest first; the others follow; each group keeps the natural order of file
 * names (2 < 10) among equals. Notes listed one by one keep the order book.yaml gives.
 */
/** What ordering needs of a read note (notes/read.ts NoteSource). */
interface Ordered {
  ref: { glob?: string };
  frontMatter: Record<string, unknown>;
}

/** Front-matter keys that give a note's place, in the order they are looked at. */
export const ORDER_KEYS = ['sidebar_position', 'nav_order', 'weight', 'order'] as const;

/** The note's place from its front matter, if it gives one as a number (`3`, `"3"`, `2.5`). */
export function frontMatterOrder(note: Ordered): number | undefined {
  for (const key of ORDER_KEYS) {
    const value = note.frontMatter[key];
    const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

/**
 * Orders each run of notes that came from the same glob (they arrive in natural order); other
 * notes stay where they are.
 */
export function orderGlobMatches<T extends Ordered>(notes: T[]): T[] {
  const out: T[] = [];
  let i = 0;
  while (i < notes.length) {
    const glob = notes[i]!.ref.glob;
    let j = i + 1;
    if (glob !== undefined) while (j < notes.length && notes[j]!.ref.glob === glob) j++;
    const run = notes.slice(i, j).map((note, index) => ({ note, index, order: frontMatterOrder(note) }));
    run.sort((a, b) => {
      if (a.order !== undefined && b.order !== undefined && a.order !== b.order) return a.order - b.order;
      if ((a.order === undefined) !== (b.order === undefined)) return a.order === undefined ? 1 : -1;
      return a.index - b.index;
    });
    out.push(...run.map((r) => r.note));
    i = j;
  }
  return out;
}
