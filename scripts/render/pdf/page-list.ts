/**
 * Page lists in the PDF's back matter (the glossary's and the index's): the pages where a term is
 * used, ranges collapsed (12, 15–17), each number a link to the first place on that page.
 */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';

/** [12, 15, 16, 17] → [[12, 12], [15, 17]] */
export function collapseRanges(pages: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of pages) {
    const last = out[out.length - 1];
    if (last && p === last[1] + 1) last[1] = p;
    else out.push([p, p]);
  }
  return out;
}

/** `ids` in reading order; those without a known page are left out. */
export function pageList(ids: string[], pageOf: Map<string, number>): Array<ElementContent | string> {
  const firstUseOnPage = new Map<number, string>();
  for (const id of ids) {
    const page = pageOf.get(id);
    if (page !== undefined && !firstUseOnPage.has(page)) firstUseOnPage.set(page, id);
  }
  const out: Array<ElementContent | string> = [];
  collapseRanges([...firstUseOnPage.keys()].sort((a, b) => a - b)).forEach((range, i) => {
    if (i) out.push(', ');
    out.push(h('a', { href: `#${firstUseOnPage.get(range[0])}` }, String(range[0])));
    if (range[1] !== range[0]) out.push('–', h('a', { href: `#${firstUseOnPage.get(range[1])}` }, String(range[1])));
  });
  return out;
}
