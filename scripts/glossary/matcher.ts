/**
 * Finds glossary terms in running text without relying on spaces: Chinese terms match anywhere,
 * Latin terms and acronyms only on word boundaries ("LoRA" never inside "exploration"), each
 * entry with its own case rule, and at every position the longest term wins (自回归模型 before
 * 自回归).
 */
export interface MatchPattern {
  /** Index of the glossary entry the pattern belongs to. */
  entry: number;
  text: string;
  caseSensitive: boolean;
}

export interface TermMatch {
  entry: number;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}_]/u;
const LATIN_WORD = /[A-Za-z0-9_\u00C0-\u024F]/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Default case rule: acronyms (two capitals or more: RLHF, MoE, LoRA) are case-sensitive. */
export function defaultCaseSensitive(term: string): boolean {
  return (term.match(/[A-Z]/g) ?? []).length >= 2;
}

export class TermMatcher {
  private readonly byFirst = new Map<string, MatchPattern[]>();

  constructor(patterns: MatchPattern[]) {
    for (const p of patterns) {
      const first = p.text[0]!.toLowerCase();
      const list = this.byFirst.get(first) ?? [];
      list.push(p);
      this.byFirst.set(first, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  /** Non-overlapping matches, left to right, longest first at each position. */
  find(text: string): TermMatch[] {
    const matches: TermMatch[] = [];
    const lower = text.toLowerCase();
    let i = 0;
    while (i < text.length) {
      const candidates = this.byFirst.get(lower[i]!);
      let found: TermMatch | undefined;
      if (candidates) {
        for (const p of candidates) {
          const end = i + p.text.length;
          const slice = p.caseSensitive ? text.slice(i, end) : lower.slice(i, end);
          if (slice !== (p.caseSensitive ? p.text : p.text.toLowerCase())) continue;
          if (!boundaryOk(text, i, end, p.text)) continue;
          found = { entry: p.entry, start: i, end };
          break;
        }
      }
      if (found) {
        matches.push(found);
        i = found.end;
      } else {
        i++;
      }
    }
    return matches;
  }
}

/**
 * A term's Latin ends need word boundaries; its CJK ends do not (Chinese has no spaces).
 * "MoE模型" matches MoE; "MoEs" and "exploration" (for LoRA) do not.
 */
function boundaryOk(text: string, start: number, end: number, term: string): boolean {
  const firstIsWord = LATIN_WORD.test(term[0]!);
  const lastIsWord = LATIN_WORD.test(term[term.length - 1]!);
  const before = text[start - 1];
  const after = text[end];
  if (firstIsWord && before !== undefined && WORD.test(before) && !CJK.test(before)) return false;
  if (lastIsWord && after !== undefined && WORD.test(after) && !CJK.test(after)) return false;
  return true;
}
