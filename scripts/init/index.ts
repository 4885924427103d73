/**
 * `init`: look at a folder, find which tool it comes from, read that tool's table of contents
 * and settings (never running its code), and write `book.yaml` into the folder: parts and
 * chapters, title, author, language, with comments saying where each came from. The generated
 * file is checked with the build's own config loader before it replaces anything.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { loadConfig } from '../config/index.ts';
import { InkstoneError } from '../errors.ts';
import { titleFromNote, type ReadContext } from './context.ts';
import { detectSource } from './detect.ts';
import { readDocusaurus } from './docusaurus.ts';
import { emitBookYaml, type BookMetadata } from './emit.ts';
import { readGitBook } from './gitbook.ts';
import { guessLanguage, scriptFamily } from './language.ts';
import { planBook, type BookPlan } from './layout.ts';
import { readMdBook } from './mdbook.ts';
import { readMkDocs } from './mkdocs.ts';
import { NoteReader } from './notes.ts';
import { readObsidian } from './obsidian.ts';
import { FOLDER_PAGES, isFile, isInside, NOTE_EXTENSIONS, relPath } from './paths.ts';
import { readPlainFolder } from './plain.ts';
import { InitReport, type SourceReading, type Sourced } from './types.ts';
import { readVitePress } from './vitepress.ts';

export interface InitOptions {
  /** Replace an existing book.yaml. */
  force?: boolean;
}

export interface InitResult {
  /** Absolute path of the book.yaml written. */
  file: string;
  yaml: string;
  reading: SourceReading;
  meta: BookMetadata;
  plan: BookPlan;
  /** Relative paths of notes that exist but are not in the nav. */
  notInNav: string[];
  report: InitReport;
  /** Counts for the summary line. */
  counts: { parts: number; chapters: number; notes: number };
}

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function initBook(dirArg: string, options: InitOptions = {}): InitResult {
  const bookRoot = path.resolve(dirArg);
  if (!statSync(bookRoot, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InkstoneError(`not a folder: ${dirArg}`, { hint: 'Give the folder that holds the notes: npm run init -- path/to/notes' });
  }
  const file = path.join(bookRoot, 'book.yaml');
  if (existsSync(file) && !options.force) {
    throw new InkstoneError(`${file} already exists; not overwritten`, { hint: 'Run again with --force to replace it, or move it away first.' });
  }
  const report = new InitReport();
  const ctx: ReadContext = { bookRoot, notes: new NoteReader(bookRoot), report };

  const detected = detectSource(bookRoot);
  const reading = readSource(ctx, detected.kind, detected.at);
  if (detected.others.length) report.find(`also found, not used: ${detected.others.join(', ')}`);

  const plan = planBook(reading, ctx.notes, bookRoot, report);
  const listedNotes = [...plan.listed];
  if (listedNotes.length === 0) {
    throw new InkstoneError(`no notes to make a book of in ${dirArg}`, {
      hint: `init looks for Markdown files (${NOTE_EXTENSIONS.join(', ')}) and the tables of contents of mdBook, GitBook, MkDocs, VitePress, Docusaurus and Obsidian.`,
    });
  }
  if (plan.flattened) {
    const n = plan.flattened;
    report.find(`${n} ${n === 1 ? 'note' : 'notes'} nested below chapter level ${n === 1 ? 'is a section' : 'are sections'} of ${n === 1 ? 'its' : 'their'} chapter (a book has parts → chapters → notes)`);
  }

  const notInNav = notesNotInNav(ctx, reading, plan);
  const outside = outsideNotesRoot(reading, bookRoot);
  if (outside.length) {
    const shown = outside.slice(0, 5).join(', ') + (outside.length > 5 ? `, … (${outside.length - 5} more)` : '');
    report.find(`not looked at (outside ${relPath(bookRoot, reading.notesRoot)}/): ${shown}`);
  }

  const meta = metadata(ctx, reading, listedNotes);
  const counts = {
    parts: plan.parts?.length ?? 0,
    chapters: plan.parts ? plan.parts.reduce((n, p) => n + p.chapters.length, 0) : (plan.chapters?.length ?? 0),
    notes: listedNotes.length,
  };
  const yaml = emitBookYaml({ meta, plan, bookRoot, sourceLabel: reading.label, notInNav, leftOut: report.leftOut, commonMarkTool: COMMONMARK_TOOLS[reading.kind] });
  writeChecked(file, yaml);
  return { file, yaml, reading, meta, plan, notInNav, report, counts };
}

/** Tools whose Markdown is CommonMark, where indentation makes code; a plain folder keeps `auto`. */
const COMMONMARK_TOOLS: Record<SourceReading['kind'], string | undefined> = {
  mdbook: 'mdBook',
  gitbook: 'GitBook',
  mkdocs: 'MkDocs',
  vitepress: 'VitePress',
  docusaurus: 'Docusaurus',
  obsidian: 'Obsidian',
  folder: undefined,
};

function readSource(ctx: ReadContext, kind: SourceReading['kind'], at: string): SourceReading {
  switch (kind) {
    case 'mdbook':
      return readMdBook(ctx, at);
    case 'gitbook':
      return readGitBook(ctx, at);
    case 'mkdocs':
      return readMkDocs(ctx, at);
    case 'vitepress':
      return readVitePress(ctx, at);
    case 'docusaurus':
      return readDocusaurus(ctx, at);
    case 'obsidian':
      return readObsidian(ctx, at);
    case 'folder':
      return readPlainFolder(ctx, at);
    default:
      return kind satisfies never;
  }
}

/** Notes under the source's folder that the nav does not name and that were not left out on purpose. */
function notesNotInNav(ctx: ReadContext, reading: SourceReading, plan: BookPlan): string[] {
  const { report, bookRoot } = ctx;
  const all = fg.sync(NOTE_EXTENSIONS.map((e) => `**/*${e}`), { cwd: reading.notesRoot, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore: ['**/node_modules/**'] });
  const excludedShown = new Set([...reading.excluded.keys()].map((f) => relPath(bookRoot, f)));
  return all
    .map((f) => path.resolve(f))
    .filter((f) => !plan.listed.has(f) && !reading.ignoredDirs.some((d) => isInside(d, f)))
    .filter((f) => {
      const r = ctx.notes.read(f);
      if (!r.ok || r.info.frontMatter.layout !== 'home') return true;
      report.leave(relPath(bookRoot, f), 'a home page (layout: home), not a chapter');
      return false;
    })
    .map((f) => relPath(bookRoot, f))
    .filter((rel) => !report.leftOut.has(rel) && !excludedShown.has(rel) && ![...report.leftOut.keys()].some((k) => k.endsWith('/') && rel.startsWith(k)))
    .sort();
}

/** Markdown files of the book's folder outside the source's own folder (a repository README beside `zh/`). */
function outsideNotesRoot(reading: SourceReading, bookRoot: string): string[] {
  if (reading.notesRoot === bookRoot) return [];
  return fg
    .sync(NOTE_EXTENSIONS.map((e) => `**/*${e}`), { cwd: bookRoot, absolute: true, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore: ['**/node_modules/**'] })
    .map((f) => path.resolve(f))
    .filter((f) => !isInside(reading.notesRoot, f) && !reading.excluded.has(f) && !reading.ignoredDirs.some((d) => isInside(d, f)))
    .map((f) => relPath(bookRoot, f))
    .sort();
}

function metadata(ctx: ReadContext, reading: SourceReading, listed: string[]): BookMetadata {
  const { report, bookRoot } = ctx;
  let title = reading.title;
  if (!title) {
    for (const dir of [bookRoot, reading.notesRoot]) {
      const readme = FOLDER_PAGES.map((n) => path.join(dir, n)).find(isFile);
      if (readme) title = titleFromNote(ctx, readme, relPath(bookRoot, readme));
      if (title) break;
    }
  }
  title ??= { value: path.basename(bookRoot), from: 'the name of the folder', guessed: true };

  const prose = listed.map((f) => ctx.notes.read(f)).flatMap((r) => (r.ok ? [r.info.prose] : [])).join('\n');
  const guess = guessLanguage(prose);
  let language: Sourced<string> = { value: guess.tag, from: guess.reason, guessed: true };
  const setting = reading.language;
  if (setting) {
    if (!BCP47.test(setting.value)) {
      report.problem(`${setting.from} is "${setting.value}", not a BCP 47 tag; used ${guess.tag} (${guess.reason})`);
    } else if (guess.confident && scriptFamily(setting.value) !== scriptFamily(guess.tag)) {
      report.problem(`${setting.from} says "${setting.value}", but the notes are not written in it; used ${guess.tag} (${guess.reason})`);
    } else {
      language = setting;
    }
  }
  if (!guess.confident && language.guessed) report.problem(`language: ${guess.reason}; check it`);

  const author = reading.author ?? authorFromNotes(ctx, listed);
  const lines: [string, Sourced<unknown> | undefined][] = [
    ['title', title],
    ['author', author],
    ['language', language],
    ['description', reading.description],
  ];
  for (const [key, s] of lines) {
    if (!s) continue;
    const value = Array.isArray(s.value) ? s.value.join(', ') : String(s.value);
    (s.guessed ? report.guess.bind(report) : report.find.bind(report))(`${key}: ${value} (${s.guessed ? 'guessed from' : 'from'} ${s.from})`);
  }
  if (!author) report.problem('author: not found; write it in book.yaml (a commented line marks the place)');
  return { title, author, language, description: reading.description };
}

/** The `author` that more than half of the notes' front matter names (Hugo, Jekyll and Obsidian notes often carry one). */
function authorFromNotes(ctx: ReadContext, listed: string[]): Sourced<string[]> | undefined {
  const counts = new Map<string, number>();
  for (const file of listed) {
    const r = ctx.notes.read(file);
    const value = r.ok ? (r.info.frontMatter.author ?? r.info.frontMatter.authors) : undefined;
    const names = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
    if (names.length) counts.set(JSON.stringify(names), (counts.get(JSON.stringify(names)) ?? 0) + 1);
  }
  const [best, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!best || !n || n * 2 <= listed.length) return undefined;
  return { value: JSON.parse(best) as string[], from: `the front matter of ${n} of the ${listed.length} notes`, guessed: true };
}

/**
 * Writes book.yaml only once the build's own loader accepts it (schema, paths, globs): a
 * generated file that would not build is a bug in init, and is never left behind.
 */
function writeChecked(file: string, yaml: string): void {
  const tmp = path.join(path.dirname(file), `.book.yaml.init-${process.pid}.tmp`);
  writeFileSync(tmp, yaml);
  try {
    loadConfig(tmp);
  } catch (e) {
    rmSync(tmp, { force: true });
    if (e instanceof InkstoneError) {
      throw new InkstoneError(`the book.yaml init made does not load (a bug in init, please report it): ${e.message.split('\n')[0]}`, { cause: e });
    }
    throw e;
  }
  renameSync(tmp, file);
}
