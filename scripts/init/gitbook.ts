/**
 * A GitBook or HonKit book: `book.json` (title, author, language, description, root,
 * structure.summary/readme/langs), `SUMMARY.md`, and `README.md`, which GitBook puts first as
 * the introduction when SUMMARY.md does not list it (HonKit's parseSummary does the same). A
 * multilingual book has `LANGS.md` listing one folder per language, each with its own
 * SUMMARY.md: init takes the first one that exists and says which.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Link } from 'mdast';
import { visit } from 'unist-util-visit';
import { parseMarkdown } from '../markdown/pipeline.ts';
import { decodeNote } from '../notes/read.ts';
import { namesSetting, stringSetting, titleFromNote, type ReadContext } from './context.ts';
import { cleanLink, isExternal, isFile, isInside, relPath } from './paths.ts';
import { readSummary } from './summary.ts';
import type { NavNode, SourceReading } from './types.ts';

/** book.json's settings, or {} (with a message) when it cannot be read. */
function readBookJson(ctx: ReadContext, file: string): Record<string, unknown> {
  if (!isFile(file)) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as unknown;
    if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
    ctx.report.problem(`${relPath(ctx.bookRoot, file)}: not a JSON object; ignored`);
  } catch (e) {
    ctx.report.problem(`${relPath(ctx.bookRoot, file)}: cannot read it as JSON (${(e as Error).message}); ignored`);
  }
  return {};
}

/** The language folders LANGS.md lists, in its order: [label, folder]. */
function languagesOf(file: string, shown: string): [string, string][] {
  const tree = parseMarkdown(decodeNote(readFileSync(file), shown), shown);
  const out: [string, string][] = [];
  visit(tree, 'link', (link: Link) => {
    if (isExternal(link.url)) return;
    const target = cleanLink(link.url);
    // `zh/` or `zh/preface.md`: the folder is the first segment.
    const folder = target.replace(/^\.\//, '').split('/')[0];
    if (folder) out.push([link.children.map((c) => ('value' in c ? c.value : '')).join(''), folder]);
  });
  return out;
}

export function readGitBook(ctx: ReadContext, dir: string): SourceReading {
  const bookJsonFile = path.join(dir, 'book.json');
  const config = readBookJson(ctx, bookJsonFile);
  const shownJson = relPath(ctx.bookRoot, bookJsonFile);
  let root = dir;
  const rootSetting = stringSetting(config.root);
  if (rootSetting) {
    const r = path.resolve(dir, rootSetting);
    if (isInside(ctx.bookRoot, r)) root = r;
    else ctx.report.problem(`${shownJson}: root "${rootSetting}" is outside the book's folder; ignored`);
  }
  const structure = (config.structure ?? {}) as Record<string, unknown>;
  const summaryName = stringSetting(structure.summary) ?? 'SUMMARY.md';
  const readmeName = stringSetting(structure.readme) ?? 'README.md';
  const langsFile = path.join(root, stringSetting(structure.langs) ?? 'LANGS.md');

  let bookDir = root;
  const excluded = new Map<string, string>();
  if (!isFile(path.join(root, summaryName)) && isFile(langsFile)) {
    excluded.set(langsFile, 'the list of languages (LANGS.md)');
    const langs = languagesOf(langsFile, relPath(ctx.bookRoot, langsFile));
    const present = langs.filter(([, folder]) => isFile(path.join(root, folder, summaryName)));
    const chosen = present[0];
    if (chosen) {
      bookDir = path.join(root, chosen[1]);
      const others = present.slice(1).map(([, f]) => `${f}/`);
      ctx.report.find(
        `${relPath(ctx.bookRoot, langsFile)} lists ${langs.length} languages; used ${chosen[1]}/ (${chosen[0]})` +
          (others.length ? `; also present: ${others.join(', ')} (run init on one of those folders for another language)` : ''),
      );
    }
  }
  const summary = path.join(bookDir, summaryName);
  const readme = path.join(bookDir, readmeName);
  excluded.set(summary, 'the table of contents (SUMMARY.md)');
  const reading: SourceReading = {
    kind: 'gitbook',
    label: `GitBook/HonKit book: ${relPath(ctx.bookRoot, summary)}${isFile(bookJsonFile) ? `, ${shownJson}` : ''}`,
    notesRoot: bookDir,
    nav: [],
    partsFromNav: false,
    excluded,
    ignoredDirs: [path.join(dir, '_book'), path.join(dir, 'node_modules')],
  };
  const title = stringSetting(config.title);
  if (title) reading.title = { value: title, from: `${shownJson} title`, guessed: false };
  else if (isFile(readme)) reading.title = titleFromNote(ctx, readme, relPath(ctx.bookRoot, readme));
  const author = namesSetting(config.author);
  if (author) reading.author = { value: author, from: `${shownJson} author`, guessed: false };
  const language = stringSetting(config.language);
  if (language) reading.language = { value: language, from: `${shownJson} language`, guessed: false };
  const description = stringSetting(config.description);
  if (description) reading.description = { value: description, from: `${shownJson} description`, guessed: false };

  const nav = readSummary(summary, ctx.bookRoot, ctx.report, { separatorStartsPart: true });
  reading.nav = nav.nav;
  reading.partsFromNav = nav.partsFromNav;
  if (isFile(readme) && !listsFile(nav.nav, readme)) {
    reading.nav.unshift({ children: [], file: readme, origin: `${relPath(ctx.bookRoot, readme)} (the introduction)` });
    ctx.report.find(`${relPath(ctx.bookRoot, readme)} is the introduction: placed first, as GitBook does when SUMMARY.md does not list it`);
  }
  return reading;
}

function listsFile(nav: NavNode[], file: string): boolean {
  return nav.some((n) => n.file === file || listsFile(n.children, file));
}
