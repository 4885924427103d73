/**
 * Tables in a reading system, whose screen we do not know and cannot measure (the PDF measures
 * its tables instead: pdf/fit-tables.ts). book.css sizes columns by whole words; a table with
 * many columns would then run off a phone, so it is marked `table-wide` (smaller type, see
 * epub.css) and its long words get hyphenation points, so that a column too narrow for a word
 * breaks it at a syllable, with a hyphen, rather than anywhere.
 */
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { hyphenateTree } from './hyphenation.ts';

/** From this many columns on, a table is wide. */
export const WIDE_TABLE_COLUMNS = 4;

/** The number of columns of a table: its widest row, spans counted. */
export function tableColumns(table: Element): number {
  let widest = 0;
  visit(table, 'element', (row: Element) => {
    if (row.tagName !== 'tr') return;
    let n = 0;
    for (const cell of row.children) {
      if (cell.type !== 'element' || (cell.tagName !== 'td' && cell.tagName !== 'th')) continue;
      const span = Number(cell.properties.colSpan ?? 1);
      n += Number.isFinite(span) && span > 0 ? span : 1;
    }
    widest = Math.max(widest, n);
  });
  return widest;
}

/** Marks the wide tables of a chapter tree (in place) and hyphenates their words in `lang`. */
export function markWideTables(tree: Root, lang: string): void {
  visit(tree, 'element', (table: Element) => {
    if (table.tagName !== 'table' || tableColumns(table) < WIDE_TABLE_COLUMNS) return;
    const cls = Array.isArray(table.properties.className) ? table.properties.className : [];
    table.properties.className = [...cls, 'table-wide'];
    hyphenateTree(table, lang);
  });
}
