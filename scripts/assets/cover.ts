/**
 * A typographic cover when book.yaml names no image: title, subtitle and author set in the
 * book's own fonts, drawn by resvg (no browser, no system fonts) into a PNG.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { BOOK_FONTS, fontSourcePath } from './fonts.ts';
import { sniffImageType } from './media-type.ts';
import type { BookMeta, ImageAsset } from '../model.ts';

const WIDTH = 1200;
/** resvg matches the family names inside the font files, not the names the CSS gives them. */
const SANS = BOOK_FONTS.find((f) => f.role === 'heading')!.fileFamily;
const SERIF = BOOK_FONTS.find((f) => f.role === 'body')!.fileFamily;
const HEIGHT = 1800;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Break a title into lines of at most `perLine` characters (CJK has no spaces to break at). */
export function wrapTitle(text: string, perLine: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += perLine) lines.push(chars.slice(i, i + perLine).join(''));
  return lines;
}

export function coverSvg(meta: BookMeta): string {
  const titleLines = wrapTitle(meta.title, 8);
  const titleSize = 120;
  const top = 520;
  const title = titleLines
    .map((line, i) => `<text x="${WIDTH / 2}" y="${top + i * titleSize * 1.3}" font-family="${SANS}" font-weight="700" font-size="${titleSize}" fill="#1d1d1f" text-anchor="middle">${escapeXml(line)}</text>`)
    .join('\n');
  const afterTitle = top + titleLines.length * titleSize * 1.3 + 40;
  const subtitle = meta.subtitle
    ? wrapTitle(meta.subtitle, 18)
        .map((line, i) => `<text x="${WIDTH / 2}" y="${afterTitle + i * 70}" font-family="${SERIF}" font-size="52" fill="#4a4a4f" text-anchor="middle">${escapeXml(line)}</text>`)
        .join('\n')
    : '';
  const author = meta.authors.length
    ? `<text x="${WIDTH / 2}" y="${HEIGHT - 260}" font-family="${SERIF}" font-size="60" fill="#1d1d1f" text-anchor="middle">${escapeXml(meta.authors.join('、'))}</text>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<rect width="100%" height="100%" fill="#f6f1e7"/>
<rect x="60" y="60" width="${WIDTH - 120}" height="${HEIGHT - 120}" fill="none" stroke="#8c2f1b" stroke-width="6"/>
<rect x="84" y="84" width="${WIDTH - 168}" height="${HEIGHT - 168}" fill="none" stroke="#8c2f1b" stroke-width="2"/>
<rect x="${WIDTH / 2 - 60}" y="300" width="120" height="8" fill="#8c2f1b"/>
${title}
${subtitle}
${author}
</svg>`;
}

/**
 * `fontFiles`: the book's subset fonts (small, so resvg loads them quickly); by default the full
 * fonts from node_modules. The PNG is cached by the hash of its SVG and fonts.
 */
export async function generateCover(meta: BookMeta, options: { fontFiles?: string[]; cacheDir?: string } = {}): Promise<ImageAsset> {
  const fontFiles = options.fontFiles ?? BOOK_FONTS.filter((f) => f.role !== 'mono' && f.role !== 'emoji' && f.role !== 'math').map(fontSourcePath);
  const svg = coverSvg(meta);
  const key = createHash('sha256').update(svg).update(fontFiles.join('\0')).digest('hex').slice(0, 16);
  const cached = options.cacheDir ? path.join(options.cacheDir, `cover-${key}.png`) : undefined;
  if (cached && existsSync(cached)) return { href: 'images/cover.png', mediaType: 'image/png', data: readFileSync(cached) };
  // A native addon: loaded only when the cover is not in the cache.
  const { Resvg } = await import('@resvg/resvg-js');
  const png = Buffer.from(
    new Resvg(svg, {
      font: { fontFiles, loadSystemFonts: false, defaultFontFamily: SERIF },
      fitTo: { mode: 'width', value: WIDTH },
    })
      .render()
      .asPng(),
  );
  if (cached) writeFileAtomic(cached, png);
  return { href: 'images/cover.png', mediaType: 'image/png', data: png };
}

/** The configured cover image, checked like any other image. */
export function readCover(file: string): ImageAsset {
  const data = readFileSync(file);
  const type = sniffImageType(data);
  if (!type || type.mediaType === 'image/svg+xml') {
    throw new Error(`cover must be a PNG, JPEG, GIF or WebP image: ${path.basename(file)}`);
  }
  return { href: `images/cover.${type.extension}`, mediaType: type.mediaType, data };
}
