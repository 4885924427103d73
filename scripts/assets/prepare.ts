/**
 * The assets stage: the files every renderer embeds. Images first (a placeholder's text and an
 * SVG's text need glyphs too), then the diagrams (their text is set in the book's fonts), then
 * the fonts subset to the finished book's characters (with fallbacks for what the book's fonts
 * lack, and a warning for what no font has), then the cover, drawn in those fonts unless
 * book.yaml names one.
 */
import path from 'node:path';
import type { Browser } from 'puppeteer';
import type { Diagnostics } from '../errors.ts';
import type { Book, BookAssets } from '../model.ts';
import { generateCover, readCover } from './cover.ts';
import { drawDiagrams } from './diagrams/index.ts';
import { embedImages } from './embed-images.ts';
import { subsetBookFonts } from './fonts.ts';
import { textByRole } from './font-text.ts';
import { ImageResolver } from './images.ts';
import { fontTextKey } from './font-plan.ts';
import { reportMissingGlyphs } from './missing-glyphs.ts';
import { contentKey, memoised, type Memo } from '../util/memo.ts';

export interface AssetOptions {
  diagnostics: Diagnostics;
  /** `<out>/.cache`: images, fonts and the cover are cached there by content. */
  cacheDir: string;
  /** Only use cached remote images. */
  offline?: boolean;
  /** The build's browser, for mermaid diagrams not in the cache (see assets/diagrams/). */
  browser?: () => Promise<Browser>;
  progress?: (message: string) => void;
  /** The preview's results from the last build: the font subsets are kept while the text is the same. */
  memo?: Memo;
}

export async function prepareAssets(input: Book, options: AssetOptions): Promise<{ book: Book; assets: BookAssets }> {
  const resolver = new ImageResolver({ root: input.config.root, cacheDir: path.join(options.cacheDir, 'images'), diagnostics: options.diagnostics, offline: options.offline });
  const withImages = await embedImages(input, resolver, options.memo);
  const book = await drawDiagrams(withImages, { diagnostics: options.diagnostics, cacheDir: options.cacheDir, browser: options.browser, progress: options.progress, memo: options.memo });
  const images = resolver.assets;
  const text = textByRole(book, images, options.memo);
  const fontCacheDir = path.join(options.cacheDir, 'fonts');
  // The plan and the subsets depend on nothing but the characters each role shows (font-plan.ts).
  const subset = await memoised(options.memo, 'assets:fonts', () => contentKey(fontTextKey(text), fontCacheDir), async () => {
    let missing: string[] = [];
    const fonts = await subsetBookFonts({ textByRole: text, cacheDir: fontCacheDir, onMissing: (chars) => (missing = chars) });
    return { fonts, missing };
  });
  // Before anything is printed: a character no font of the book has is a warning at its first use.
  if (subset.missing.length) reportMissingGlyphs(book, images, subset.missing, options.diagnostics);
  const fonts = subset.fonts;
  // The fallbacks too: resvg takes a glyph the Chinese fonts lack (a Greek ά) from them.
  const coverFonts = fonts.filter((f) => f.face.role === 'heading' || f.face.role === 'body' || f.face.role === 'fallback').map((f) => f.file);
  const cover = book.config.cover ? readCover(book.config.cover) : await generateCover(book.meta, { fontFiles: coverFonts, cacheDir: options.cacheDir });
  return { book, assets: { fonts, cover, images } };
}
