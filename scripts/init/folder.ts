/**
 * The folder rule: when no nav says otherwise, the folders are the structure. A folder is a
 * group of its notes and subfolders; its README.md or index.md (or, in an Obsidian vault, the
 * folder note `X/X.md`) is the group's own page, first. Files and folders are interleaved in
 * name order (order.ts: numeric prefixes as numbers, Chinese by pinyin), so `01_intro.md`,
 * `02_basics/`, `03_end.md` keep the author's order. Folders without notes (images,
 * attachments) are left out.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compareNames, cleanName } from './order.ts';
import { FOLDER_PAGES, isNoteFile, relPath } from './paths.ts';
import type { ReadContext } from './context.ts';
import type { NavNode } from './types.ts';

export interface FolderRule {
  /** Folder names skipped wherever they are: name → why. */
  skipNames?: Map<string, string>;
  /** Folders or files skipped: absolute path → why. */
  skipPaths?: Map<string, string>;
  /** Files skipped by name (a regular expression on the file name) → why, e.g. Excalidraw drawings. */
  skipFiles?: [RegExp, string][];
  /** `X/X.md` is folder X's page (Obsidian folder notes). */
  folderNotes?: boolean;
  /** An explicit position (Docusaurus' sidebar_position): positioned entries come first, by position. */
  position?: (abs: string, isDirectory: boolean) => number | undefined;
  /** The title of a folder without a page of its own; default: its name without a numeric prefix. */
  folderTitle?: (abs: string) => string;
}

/** Repository files at the top of a folder that are not part of a book. */
const REPOSITORY_FILES = /^(license|licence|copying|changelog|changes|contributing|code_of_conduct|security|authors|summary|langs)(\.[a-z]+)?$/i;
/** Build outputs and tool folders that never hold the book's notes. */
const NEVER = new Set(['node_modules', '_book', '_site']);

/**
 * The folder rule applied to `dir`: the nav entries for its content. What it leaves out on
 * purpose (templates, repository files) goes to the report.
 */
export function scanFolder(dir: string, ctx: ReadContext, rule: FolderRule = {}): NavNode[] {
  const bookRoot = ctx.bookRoot;
  const leave = (abs: string, why: string) => ctx.report.leave(relPath(bookRoot, abs), why);
  const visit = (folder: string, top: boolean): { page?: string; children: NavNode[] } => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
    if (rule.position) {
      const pos = new Map(entries.map((e) => [e, rule.position!(path.join(folder, e.name), e.isDirectory()) ?? Infinity]));
      entries.sort((a, b) => pos.get(a)! - pos.get(b)! || 0);
    }
    const children: NavNode[] = [];
    let page: string | undefined;
    const folderNote = rule.folderNotes ? `${path.basename(folder)}.md` : undefined;
    const pageName = entries.find((e) => e.isFile() && (FOLDER_PAGES.includes(e.name) || e.name === folderNote))?.name;
    for (const e of entries) {
      const abs = path.join(folder, e.name);
      if (e.name.startsWith('.') || NEVER.has(e.name)) continue;
      const skipped = rule.skipPaths?.get(abs) ?? (e.isDirectory() ? rule.skipNames?.get(e.name) : undefined);
      if (skipped) {
        ctx.report.leave(`${relPath(bookRoot, abs)}${e.isDirectory() ? '/' : ''}`, skipped);
        continue;
      }
      if (e.isDirectory()) {
        const sub = visit(abs, false);
        if (!sub.page && sub.children.length === 0) continue;
        children.push({
          title: sub.page ? undefined : (rule.folderTitle?.(abs) ?? cleanName(e.name)),
          file: sub.page,
          children: sub.children,
          origin: `folder ${relPath(bookRoot, abs)}/`,
        });
      } else if (e.isFile() && isNoteFile(e.name)) {
        if (top && REPOSITORY_FILES.test(path.basename(e.name, path.extname(e.name)))) {
          leave(abs, 'a repository file, not a note');
          continue;
        }
        const byName = rule.skipFiles?.find(([re]) => re.test(e.name));
        if (byName) {
          leave(abs, byName[1]);
          continue;
        }
        if (e.name === pageName) page = abs;
        else children.push({ file: abs, children: [], origin: relPath(bookRoot, abs) });
      }
    }
    return { page, children };
  };
  const root = visit(dir, true);
  return root.page ? [{ file: root.page, children: [], origin: relPath(bookRoot, root.page) }, ...root.children] : root.children;
}
