/**
 * An mdBook book: `book.toml` ([book] title, authors, language, description, src; [build]
 * build-dir) and `<src>/SUMMARY.md`. TOML is parsed with smol-toml (data only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { namesSetting, stringSetting, type ReadContext } from './context.ts';
import { scanFolder } from './folder.ts';
import { isFile, isInside, relPath } from './paths.ts';
import { readSummary } from './summary.ts';
import type { SourceReading } from './types.ts';

export function readMdBook(ctx: ReadContext, bookToml: string): SourceReading {
  const dir = path.dirname(bookToml);
  const shown = relPath(ctx.bookRoot, bookToml);
  let config: Record<string, unknown> = {};
  try {
    config = parseToml(readFileSync(bookToml, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    ctx.report.problem(`${shown}: cannot read it as TOML (${(e as Error).message.split('\n')[0]}); using mdBook's defaults`);
  }
  const book = (config.book ?? {}) as Record<string, unknown>;
  const build = (config.build ?? {}) as Record<string, unknown>;
  let src = path.resolve(dir, stringSetting(book.src) ?? 'src');
  if (!isInside(ctx.bookRoot, src)) {
    ctx.report.problem(`${shown}: src = "${String(book.src)}" is outside the book's folder; using ${relPath(ctx.bookRoot, dir)}/src`);
    src = path.join(dir, 'src');
  }
  const summary = path.join(src, 'SUMMARY.md');
  const reading: SourceReading = {
    kind: 'mdbook',
    label: `mdBook book: ${shown}, ${relPath(ctx.bookRoot, summary)}`,
    notesRoot: src,
    nav: [],
    partsFromNav: false,
    excluded: new Map([[summary, 'the table of contents (SUMMARY.md)']]),
    ignoredDirs: [path.resolve(dir, stringSetting(build['build-dir']) ?? 'book')],
  };
  const title = stringSetting(book.title);
  if (title) reading.title = { value: title, from: `${shown} [book] title`, guessed: false };
  const authors = namesSetting(book.authors);
  if (authors) reading.author = { value: authors, from: `${shown} [book] authors`, guessed: false };
  const language = stringSetting(book.language);
  if (language) reading.language = { value: language, from: `${shown} [book] language`, guessed: false };
  const description = stringSetting(book.description);
  if (description) reading.description = { value: description, from: `${shown} [book] description`, guessed: false };

  if (isFile(summary)) {
    const nav = readSummary(summary, ctx.bookRoot, ctx.report, { separatorStartsPart: false });
    reading.nav = nav.nav;
    reading.partsFromNav = nav.partsFromNav;
  } else {
    ctx.report.problem(`${relPath(ctx.bookRoot, summary)} not found; used the folder rule for ${relPath(ctx.bookRoot, src)}/`);
    reading.nav = scanFolder(src, ctx);
  }
  return reading;
}
