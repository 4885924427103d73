/**
 * Tables fitted to the printed page, measured in the loaded print page before the first print.
 *
 * book.css sizes table columns by whole words (a column is never narrower than its longest
 * word), so `Self-Consistency` is not split as `Self-Consiste|ncy` to make room for its
 * neighbours. A table whose words cannot all fit side by side would then run past the margin;
 * for those only, step by step, until it fits:
 *   1. smaller type (`table-fit-small`, then `table-fit-smaller`);
 *   2. hyphenation points in its long words (soft hyphens, see ../hyphenation.ts), so a word
 *      too long for its column breaks at a syllable, with a hyphen;
 *   3. as the last resort, a break anywhere in what still does not fit (`table-fit-break`).
 *
 * The page is laid out at the width of the printed text block for the measurement
 * (text-block.ts), so what fits here fits on paper.
 */
import type { Element } from 'hast';
import type { Page } from 'puppeteer';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Book } from '../../model.ts';
import { hyphenatorFor } from '../hyphenation.ts';

export interface TableFit {
  tables: number;
  /** Tables in smaller type, hyphenated, broken anywhere (each counted once, at its last step). */
  small: number;
  smaller: number;
  hyphenated: number;
  broken: number;
}

/** Every word of the book's tables that has hyphenation points → the word with them. */
export function tableHyphenation(book: Book): Record<string, string> {
  const out: Record<string, string> = {};
  for (const chapter of book.parts.flatMap((p) => p.chapters)) {
    visit(chapter.tree, 'element', (table: Element) => {
      if (table.tagName !== 'table') return;
      const hyphenate = hyphenatorFor(typeof table.properties.lang === 'string' ? table.properties.lang : book.meta.language);
      if (!hyphenate) return;
      for (const word of hastToString(table).match(/[\p{L}\p{M}]+/gu) ?? []) {
        const hyphenated = hyphenate(word);
        if (hyphenated !== word) out[word] = hyphenated;
      }
    });
  }
  return out;
}

/** Fits the tables of the loaded print page; call it inside atTextBlockWidth (text-block.ts). */
export async function fitTables(page: Page, hyphenation: Record<string, string>): Promise<TableFit> {
  return page.evaluate(
    (words: Record<string, string>) => {
      const fit = { tables: 0, small: 0, smaller: 0, hyphenated: 0, broken: 0 };
      const fits = (table: HTMLTableElement): boolean => {
        const box = table.parentElement!;
        const style = getComputedStyle(box);
        const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return table.getBoundingClientRect().width <= room + 0.5;
      };
      const hyphenate = (table: HTMLTableElement) => {
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest('code, pre, kbd, samp')) continue;
          node.nodeValue = node.nodeValue!.replace(/[\p{L}\p{M}]+/gu, (w) => words[w] ?? w);
        }
      };
      for (const table of document.querySelectorAll<HTMLTableElement>('.chapter table')) {
        fit.tables++;
        if (fits(table)) continue;
        table.classList.add('table-fit-small');
        if (fits(table)) {
          fit.small++;
          continue;
        }
        table.classList.replace('table-fit-small', 'table-fit-smaller');
        if (fits(table)) {
          fit.smaller++;
          continue;
        }
        hyphenate(table);
        if (fits(table)) {
          fit.hyphenated++;
          continue;
        }
        table.classList.add('table-fit-break');
        fit.broken++;
      }
      return fit;
    },
    hyphenation,
  );
}
