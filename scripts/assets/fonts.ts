/**
 * The book's own fonts, from npm packages (never the system's), subset to the characters the
 * book uses so an EPUB stays small and the PDF shows no tofu on any machine. One set of subset
 * files serves both renderers. Subsets are cached by content hash: a rebuild with the same text
 * costs nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FontFace, FontRole, SubsetFont } from '../model.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { type Coverage, fontFileCoverage } from './cmap.ts';
import { FALLBACK_FONTS } from './fallback-fonts.ts';
import { planFonts } from './font-plan.ts';
import { subsetInWorkers } from './subset-pool.ts';

export type { FontFace, FontRole, SubsetFont } from '../model.ts';

const require = createRequire(import.meta.url);

/**
 * Serif for reading, sans for headings, a monospace (CJK falls back to the serif), emoji, and
 * an OpenType math font (a MATH table: the stretchy brackets, radicals and script sizes that
 * Chromium's MathML layout needs; Chinese in `\text{}` falls back to the serif).
 */
export const BOOK_FONTS: readonly FontFace[] = [
  { role: 'body', family: 'Inkstone Serif', weight: 400, source: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', fileFamily: 'Noto Serif SC' },
  { role: 'bold', family: 'Inkstone Serif', weight: 700, source: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', fileFamily: 'Noto Serif SC' },
  { role: 'heading', family: 'Inkstone Sans', weight: 700, source: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf', fileFamily: 'Noto Sans SC' },
  { role: 'mono', family: 'Inkstone Mono', weight: 400, source: '@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf', fileFamily: 'JetBrains Mono' },
  { role: 'emoji', family: 'Inkstone Emoji', weight: 400, source: '@expo-google-fonts/noto-emoji/400Regular/NotoEmoji_400Regular.ttf', fileFamily: 'Noto Emoji' },
  { role: 'math', family: 'Inkstone Math', weight: 400, source: '@expo-google-fonts/noto-sans-math/400Regular/NotoSansMath_400Regular.ttf', fileFamily: 'Noto Sans Math' },
];

/** Roles only some books need: no text for them, no font file. */
const ONLY_WHEN_USED: ReadonlySet<FontRole> = new Set(['emoji', 'math']);

export function fontSourcePath(face: FontFace): string {
  return require.resolve(face.source);
}

/**
 * Characters every subset keeps: ASCII, the punctuation generated pages use (folios, leaders),
 * and the hyphen U+2010 that Chromium draws where it breaks a word at a soft hyphen.
 */
const ALWAYS = String.fromCharCode(...Array.from({ length: 95 }, (_, i) => 32 + i)) + '·…—–“”‘’《》「」『』（）：；，。、？！ 　‐';

export interface SubsetRequest {
  /** Text each role must be able to show. */
  textByRole: Record<FontRole, string>;
  cacheDir: string;
  /** Told the characters that no font of the book has (before anything is printed). */
  onMissing?: (chars: string[]) => void;
}

const coverages = new Map<string, Coverage>();
/** The cmap coverage of a face's source file, read once per process. */
export function sourceCoverage(face: FontFace): Coverage {
  let coverage = coverages.get(face.source);
  if (!coverage) coverages.set(face.source, (coverage = fontFileCoverage(fontSourcePath(face))));
  return coverage;
}

export async function subsetBookFonts(request: SubsetRequest): Promise<SubsetFont[]> {
  const primary = Object.fromEntries(BOOK_FONTS.map((f) => [f.role, f])) as Record<FontRole, FontFace>;
  const plan = planFonts(request.textByRole, primary, sourceCoverage);
  if (plan.missing.length) request.onMissing?.(plan.missing);
  const wanted: { face: FontFace; text: string; key: string; file: string }[] = [];
  for (const face of [...BOOK_FONTS, ...FALLBACK_FONTS]) {
    const assigned = [...(plan.assigned.get(face) ?? [])].join('');
    let text: string;
    if (face.role === 'fallback') {
      // Only what the book's own fonts lack, and only if the book has any of it.
      if (!assigned) continue;
      text = uniqueChars(assigned);
    } else {
      const optional = ONLY_WHEN_USED.has(face.role);
      const excluded = plan.excluded.get(face);
      const all = (optional ? '' : ALWAYS) + request.textByRole[face.role] + assigned;
      text = uniqueChars(excluded ? [...all].filter((c) => !excluded.has(c)).join('') : all);
      if (optional && text.trim() === '') continue;
    }
    const key = createHash('sha256').update(`${face.source}\0${text}`).digest('hex').slice(0, 16);
    wanted.push({ face, text, key, file: path.join(request.cacheDir, `${key}.ttf`) });
  }
  // The subsets not cached yet are made side by side (see subset-pool.ts).
  const missing = wanted.filter((w) => !existsSync(w.file));
  const made = await subsetInWorkers(missing.map((w) => ({ source: fontSourcePath(w.face), text: w.text })));
  const fresh = new Map(missing.map((w, i) => [w, made[i]!]));
  for (const [w, data] of fresh) writeFileAtomic(w.file, data);
  return wanted.map((w) => {
    const slug = w.face.family.toLowerCase().replace(/\s+/g, '-');
    const data = fresh.get(w) ?? readFileSync(w.file);
    return { face: w.face, href: `fonts/${slug}-${w.face.weight}-${w.key.slice(0, 8)}.ttf`, mediaType: 'font/ttf', data, file: w.file };
  });
}

/**
 * The distinct characters of `text`, sorted. Line breaks and tabs count as a space; every other
 * space character is kept: the ideographic space U+3000 that Chinese writers indent with and
 * the no-break spaces need glyphs of their own, or the browser takes them from a system font.
 */
export function uniqueChars(text: string): string {
  return [...new Set(text.replace(/[\t\n\r\f]+/g, ' '))].sort().join('');
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u200d|\ufe0f/gu;
export function emojiIn(text: string): string {
  return (text.match(EMOJI) ?? []).join('');
}

/** @font-face rules for the subsets; `urlPrefix` is where the renderer puts the files. */
export function fontFaceCss(fonts: SubsetFont[], urlPrefix: string): string {
  return fonts
    .map(
      (f) => `@font-face {\n  font-family: "${f.face.family}";\n  font-weight: ${f.face.weight};\n  font-style: normal;\n  src: url("${urlPrefix}${f.href}") format("truetype");\n}`,
    )
    .join('\n');
}
