/**
 * Fonts for what the book's Chinese fonts cannot show: Greek and Cyrillic letters and accented
 * Latin beyond theirs, sub- and superscripts, mathematical operators, symbols and dingbats,
 * Korean, Devanagari, Thai, Arabic and Hebrew. Each comes from an npm package, like the book's
 * own fonts, and gets a family name of the book's (`Inkstone Operators` …, `InkstoneOperators-Regular` in
 * the PDF), so that nothing from the system is ever needed.
 *
 * A fallback enters a book only when the book uses a character that needs it (font-plan.ts):
 * a Chinese-only book carries none of them.
 *
 * The order is the order of the CSS font stacks (styles/book.css `--fallback`): a character
 * goes to the first family that has it. A unit test keeps the two in step.
 */
import type { FontFace } from '../model.ts';

interface FallbackFamily {
  family: string;
  /** What it is there for (README, messages). */
  covers: string;
  /** Package folder under node_modules and the file stem, e.g. NotoSansKR → NotoSansKR_400Regular.ttf. */
  pkg: string;
  stem: string;
  fileFamily: string;
  /** Weights the package has; a family with only 400 serves bold text with its regular face. */
  weights: (400 | 700)[];
  /**
   * A script font draws its own script only: Noto Sans KR also has arrows and maths, Noto Sans
   * Math has Arabic letters, and those belong to the symbol fonts and the Arabic font.
   */
  only?: RegExp;
}

const FAMILIES: readonly FallbackFamily[] = [
  { family: 'Inkstone Text', covers: 'Latin, Greek and Cyrillic beyond the Chinese fonts, sub- and superscripts', pkg: 'noto-serif', stem: 'NotoSerif', fileFamily: 'Noto Serif', weights: [400, 700] },
  { family: 'Inkstone Korean', covers: 'Hangul', pkg: 'noto-sans-kr', stem: 'NotoSansKR', fileFamily: 'Noto Sans KR', weights: [400, 700], only: /^\p{scx=Hangul}$/u },
  { family: 'Inkstone Devanagari', covers: 'Devanagari', pkg: 'noto-sans-devanagari', stem: 'NotoSansDevanagari', fileFamily: 'Noto Sans Devanagari', weights: [400, 700], only: /^\p{scx=Devanagari}$/u },
  { family: 'Inkstone Thai', covers: 'Thai', pkg: 'noto-sans-thai', stem: 'NotoSansThai', fileFamily: 'Noto Sans Thai', weights: [400, 700], only: /^\p{scx=Thai}$/u },
  { family: 'Inkstone Arabic', covers: 'Arabic', pkg: 'noto-sans-arabic', stem: 'NotoSansArabic', fileFamily: 'Noto Sans Arabic', weights: [400, 700], only: /^\p{scx=Arabic}$/u },
  { family: 'Inkstone Hebrew', covers: 'Hebrew', pkg: 'noto-sans-hebrew', stem: 'NotoSansHebrew', fileFamily: 'Noto Sans Hebrew', weights: [400, 700], only: /^\p{scx=Hebrew}$/u },
  { family: 'Inkstone Operators', covers: 'mathematical operators and letters', pkg: 'noto-sans-math', stem: 'NotoSansMath', fileFamily: 'Noto Sans Math', weights: [400] },
  { family: 'Inkstone Symbols', covers: 'symbols', pkg: 'noto-sans-symbols', stem: 'NotoSansSymbols', fileFamily: 'Noto Sans Symbols', weights: [400, 700] },
  { family: 'Inkstone Symbols2', covers: 'dingbats, arrows, shapes, braille', pkg: 'noto-sans-symbols-2', stem: 'NotoSansSymbols2', fileFamily: 'Noto Sans Symbols 2', weights: [400] },
];

const FILE = { 400: '400Regular', 700: '700Bold' } as const;

/** Every fallback face, family by family in stack order. */
export const FALLBACK_FONTS: readonly FontFace[] = FAMILIES.flatMap((f) =>
  f.weights.map((weight): FontFace => ({
    role: 'fallback',
    family: f.family,
    weight,
    source: `@expo-google-fonts/${f.pkg}/${FILE[weight]}/${f.stem}_${FILE[weight]}.ttf`,
    fileFamily: f.fileFamily,
    ...(f.only ? { only: f.only } : {}),
  })),
);

/** Fallback family names in stack order. */
export const FALLBACK_FAMILIES: readonly string[] = FAMILIES.map((f) => f.family);

/** For the README and messages: family → what it covers. */
export const FALLBACK_COVERS: ReadonlyMap<string, string> = new Map(FAMILIES.map((f) => [f.family, f.covers]));

/**
 * The face a browser uses for `weight` in a fallback family: that weight if the family has it,
 * else its regular face (print.css turns font synthesis off, so no fake bold is drawn).
 */
export function fallbackFaces(weight: 400 | 700): FontFace[] {
  return FALLBACK_FAMILIES.map((family) => {
    const faces = FALLBACK_FONTS.filter((f) => f.family === family);
    return faces.find((f) => f.weight === weight) ?? faces[0]!;
  });
}
