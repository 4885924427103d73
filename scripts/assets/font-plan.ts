/**
 * Which font draws which character, decided from the fonts' own cmaps before anything is
 * printed, the way the browser will decide it from the CSS font stacks:
 *
 *   body     "Inkstone Serif" 400, "Inkstone Emoji", fallbacks at 400
 *   bold     "Inkstone Serif" 700, "Inkstone Emoji", fallbacks at 700
 *   heading  "Inkstone Sans" 700, "Inkstone Serif" 700, "Inkstone Emoji", fallbacks at 700
 *   mono     "Inkstone Mono" 400, "Inkstone Serif" 400, "Inkstone Emoji", fallbacks at 400
 *
 * A character goes to the first font of its stack that has it, so each subset holds exactly the
 * characters the browser will ask it for, a fallback font enters the book only when its text
 * needs it, and a character that no font has is known (and reported) before printing.
 *
 * Two refinements keep a word in one font:
 * - a grapheme cluster (a letter and its combining accents, a Devanagari conjunct) goes whole
 *   to the first font that has all of it, as the browser's shaper does;
 * - Greek and Cyrillic: the Chinese fonts have most of these letters but not all (no ά). If
 *   the book uses a letter of the script that a font lacks, that font draws none of the
 *   script, so a Greek word is not set in two typefaces.
 */
import type { Coverage } from './cmap.ts';
import { fallbackFaces } from './fallback-fonts.ts';
import type { FontFace, FontRole } from '../model.ts';

export type StackRole = Exclude<FontRole, 'emoji'>;

/** The font stack of each role, primaries from `primary` (keyed by role), as in styles/book.css. */
export function roleStacks(primary: Record<FontRole, FontFace>): Record<StackRole, FontFace[]> {
  return {
    body: [primary.body, primary.emoji, ...fallbackFaces(400)],
    bold: [primary.bold, primary.emoji, ...fallbackFaces(700)],
    heading: [primary.heading, primary.bold, primary.emoji, ...fallbackFaces(700)],
    mono: [primary.mono, primary.body, primary.emoji, ...fallbackFaces(400)],
    // Formulas (styles/math.css `--math`): Chinese in \text{} comes from the serif.
    math: [primary.math, primary.body, primary.emoji, ...fallbackFaces(400)],
  };
}

/**
 * Characters that are never drawn with a glyph of their own: controls, and the default
 * ignorables (zero-width joiners, variation selectors, soft hyphen, bidi marks).
 */
const NO_GLYPH = /^[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]$/u;
export const needsGlyph = (char: string): boolean => !NO_GLYPH.test(char);

/**
 * Spaces need no fallback font: where a font lacks U+3000 or U+202F the shaper (HarfBuzz) draws
 * the font's own space at the right width. They stay in the subsets of the fonts that have them.
 */
const SPACE = /^\p{Zs}$/u;

/** What joins the character before it into one grapheme cluster (marks, joiners, selectors, skin tones). */
const EXTENDS = /^[\p{M}\u200c\u200d\p{Emoji_Modifier}]$/u;

/**
 * The distinct grapheme clusters of `text` that contain one of `chars`: each occurrence with the
 * marks and joined characters around it. (Intl.Segmenter over a whole book is far too slow.)
 */
export function clustersAround(text: string, chars: Set<string>): Set<string> {
  const out = new Set<string>();
  const pattern = new RegExp(`[${[...chars].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('')}]`, 'gu');
  const before = (i: number) => (i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]!) ? 2 : 1);
  const cp = (i: number) => String.fromCodePoint(text.codePointAt(i)!);
  for (const m of text.matchAll(pattern)) {
    let start = m.index;
    // Back to the base: over marks before this character, and over anything a joiner attaches.
    while (start > 0) {
      const prev = start - before(start);
      if (EXTENDS.test(cp(start)) || cp(prev) === '\u200d') start = prev;
      else break;
    }
    let end = m.index + m[0].length;
    while (end < text.length) {
      const next = cp(end);
      if (EXTENDS.test(next) || text[end - 1] === '\u200d') end += next.length;
      else break;
    }
    out.add(text.slice(start, end));
  }
  return out;
}

/** Scripts a font must have whole to draw any of (see the header). */
const WHOLE_SCRIPTS: readonly RegExp[] = [/^\p{Script=Greek}$/u, /^\p{Script=Cyrillic}$/u];

export interface FontPlan {
  /** Characters each font must hold for the browser to find them where the stacks say. */
  assigned: Map<FontFace, Set<string>>;
  /** Characters a font has but must not hold (the whole-script rule), e.g. Greek in Noto Serif SC. */
  excluded: Map<FontFace, Set<string>>;
  /** Characters no font of the book has, in code point order. */
  missing: string[];
}

export function planFonts(textByRole: Record<FontRole, string>, primary: Record<FontRole, FontFace>, coverageOf: (face: FontFace) => Coverage): FontPlan {
  const stacks = roleStacks(primary);
  const assigned = new Map<FontFace, Set<string>>();
  const excluded = new Map<FontFace, Set<string>>();
  const missing = new Set<string>();
  const add = (map: Map<FontFace, Set<string>>, face: FontFace, char: string) => {
    let set = map.get(face);
    if (!set) map.set(face, (set = new Set()));
    set.add(char);
  };

  // Letters of each whole script the book uses, and whether a font has all of them.
  const allText = Object.values(textByRole).join('');
  const used = WHOLE_SCRIPTS.map((re) => [...new Set(allText)].filter((c) => re.test(c)));
  const wholeCache = new Map<string, boolean>();
  const hasWholeScript = (face: FontFace, script: number): boolean => {
    const key = `${script}\0${face.source}`;
    let ok = wholeCache.get(key);
    if (ok === undefined) wholeCache.set(key, (ok = used[script]!.every((c) => coverageOf(face).has(c.codePointAt(0)!))));
    return ok;
  };
  const scriptOf = (char: string) => WHOLE_SCRIPTS.findIndex((re) => re.test(char));
  const allowed = (face: FontFace, char: string): boolean => {
    if (face.only && !face.only.test(char)) return false;
    if (!coverageOf(face).has(char.codePointAt(0)!)) return false;
    const script = scriptOf(char);
    return script < 0 || hasWholeScript(face, script);
  };
  const firstFor = (stack: FontFace[], chars: string[]) => stack.find((face) => chars.every((c) => allowed(face, c)));

  for (const [role, stack] of Object.entries(stacks) as [StackRole, FontFace[]][]) {
    const text = textByRole[role];
    const hard = new Set([...new Set(text)].filter((c) => needsGlyph(c) && !SPACE.test(c) && !allowed(stack[0]!, c)));
    if (hard.size === 0) continue;
    // Only text with a character the role's own font cannot draw needs its clusters looked at.
    const clusters = clustersAround(text, hard);
    for (const cluster of clusters) {
      const chars = [...cluster].filter(needsGlyph);
      const whole = chars.length > 1 ? firstFor(stack, chars) : undefined;
      if (whole) {
        for (const c of chars) add(assigned, whole, c);
        continue;
      }
      for (const c of chars) {
        const face = firstFor(stack, [c]);
        if (face) add(assigned, face, c);
        else missing.add(c);
      }
    }
  }

  // A font that lacks part of a whole script keeps none of it. Only the primaries need telling:
  // they are given their role's whole text, fallbacks only what was assigned to them above.
  for (const face of new Set(Object.values(primary))) {
    used.forEach((letters, script) => {
      if (letters.length && !hasWholeScript(face, script)) for (const c of letters) if (coverageOf(face).has(c.codePointAt(0)!)) add(excluded, face, c);
    });
  }
  return { assigned, excluded, missing: [...missing].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!) };
}

const JOINER = /[\p{M}\u200c\u200d\p{Emoji_Modifier}]/gu;
/** From a character before a joiner: that character with every mark and joined character after it (a union of whole clusters). */
const RUN = /.?(?:[\p{M}\u200c\u200d\p{Emoji_Modifier}]+.?)+/suy;

/**
 * What the plan (and the subsets made from it) depend on, far smaller than the text: each role's
 * distinct runs of joined characters (marks, joiners: the clusters `clustersAround` reads) and
 * its distinct characters outside them. Equal keys give equal plans, so the preview keeps its
 * fonts while an edit brings no new character or cluster. (A scan, not a regex over the whole
 * text: this runs on every rebuild of the preview.)
 */
export function fontTextKey(textByRole: Record<FontRole, string>): Record<string, { runs: string[]; chars: string }> {
  return Object.fromEntries(Object.entries(textByRole).map(([role, text]) => [role, textKey(text)]));
}

function textKey(text: string): { runs: string[]; chars: string } {
  const runs = new Set<string>();
  const ranges: [number, number][] = [];
  JOINER.lastIndex = 0;
  for (let m = JOINER.exec(text); m; m = JOINER.exec(text)) {
    // From the character before the joiner (none at the start of the text).
    const from = m.index === 0 ? 0 : m.index - (m.index >= 2 && /[\udc00-\udfff]/.test(text[m.index - 1]!) ? 2 : 1);
    RUN.lastIndex = from;
    const run = RUN.exec(text);
    if (!run) continue;
    runs.add(run[0]);
    ranges.push([run.index, run.index + run[0].length]);
    JOINER.lastIndex = run.index + run[0].length;
  }
  const seen = new Uint8Array(0x110000);
  // Each character as first seen, sorted at the end (not a scan of all 1.1 M code points per role).
  const chars: number[] = [];
  let r = 0;
  for (let i = 0; i < text.length; i++) {
    if (r < ranges.length && i >= ranges[r]![0]) {
      i = ranges[r++]![1] - 1;
      continue;
    }
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (!seen[c]) {
      seen[c] = 1;
      chars.push(c);
    }
  }
  chars.sort((a, b) => a - b);
  return { runs: [...runs].sort(), chars: String.fromCodePoint(...chars) };
}
