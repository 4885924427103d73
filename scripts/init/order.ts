/**
 * The order of files and folders when no nav gives one: natural order, so numeric prefixes
 * (`01_`, `2-`, `1.2.md`, `1.10.md`) count as numbers, and Chinese names by pinyin, the order a
 * Chinese reader expects of a list (the glossary sorts the same way), interleaved with Latin
 * names (`Bootstrap实战` < `交叉验证` < `KNN`). Ties (homophones, case) fall back to the
 * names' code points, so the order never depends on the file system or the machine's locale.
 */
import { pinyin } from 'pinyin-pro';

const HAN_RUN = /\p{Script=Han}+/gu;
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The name with every run of Han characters spelled in pinyin (read in context: 重要 → zhong). */
function sortKey(name: string, tones: boolean): string {
  return name.replace(HAN_RUN, (run) => pinyin(run, { toneType: tones ? 'num' : 'none', type: 'array' }).join(''));
}

export function compareNames(a: string, b: string): number {
  return collator.compare(sortKey(a, false), sortKey(b, false)) || collator.compare(sortKey(a, true), sortKey(b, true)) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `10_统计学习核心` → `统计学习核心`, `1.2 Intro` → `Intro`, `02-setup.md` → `setup`; never empty. */
export function cleanName(name: string): string {
  const base = name.replace(/\.(md|markdown|mdx)$/i, '');
  const stripped = base.replace(/^\d+(?:[._-]\d+)*(?:[\s._-]+|(?=\p{Script=Han}))/u, '').trim();
  return stripped || base;
}

