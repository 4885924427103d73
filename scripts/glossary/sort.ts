/**
 * Sorting the way a Chinese reader looks things up: Chinese terms by pinyin, Latin terms
 * alphabetically, interleaved under letter headings A–Z (LoRA and 量化 both under L), digits
 * and symbols first under '#'. Ties keep their order in the source (stable).
 */
import { pinyin } from 'pinyin-pro';

const HAN = /\p{Script=Han}/u;

/** For whole terms, pinyin-pro reads polyphones in context (重要 → zhong). */
function termKey(term: string, tones: boolean): string {
  if (!HAN.test(term)) return term.toLowerCase();
  const syllables = pinyin(term, { toneType: tones ? 'num' : 'none', type: 'array' });
  return syllables.join(tones ? ' ' : '').toLowerCase();
}

export function groupOf(term: string): string {
  const first = termKey(term, false).replace(/^[^\p{L}\p{N}]+/u, '')[0] ?? '#';
  return /[a-z]/.test(first) ? first.toUpperCase() : '#';
}

export function sortTerms<T extends { term: string }>(entries: T[]): T[] {
  const clean = (k: string) => k.replace(/[^\p{L}\p{N} ]/gu, '');
  const keyed = entries.map((e, index) => ({ e, index, group: groupOf(e.term), plain: clean(termKey(e.term, false)).replace(/\s/g, ''), toned: clean(termKey(e.term, true)) }));
  keyed.sort((a, b) => {
    if (a.group !== b.group) return a.group === '#' ? -1 : b.group === '#' ? 1 : a.group.localeCompare(b.group);
    // Letters first without tones (lianghua before lora), then tones, then source order.
    return a.plain.localeCompare(b.plain, 'en') || a.toned.localeCompare(b.toned, 'en') || a.index - b.index;
  });
  return keyed.map((k) => k.e);
}
