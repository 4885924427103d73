/**
 * The book's folder seen as an Obsidian vault: every file in it by name, so that `[[name]]` and
 * `![[image.png]]` find what Obsidian would find. Obsidian looks a link up, case-insensitively:
 *
 *   1. as a path from the vault root (`[[dir/note]]`), or relative to the linking note
 *      (`[[./note]]`, `[[../dir/note]]`);
 *   2. by file name anywhere in the vault; of several files with that name, the one in the
 *      linking note's own folder, else the one with the shortest path (fewest folders, then
 *      fewest characters, then alphabetical). A link with folders (`[[dir/note]]`) matches the
 *      files whose path ends with it.
 *
 * A name without an extension means a note (`note` → `note.md`); other files are named with
 * their extension (`image.png`, `paper.pdf`). Attachments (`![[image.png]]`) are also looked
 * for in the folder `.obsidian/app.json` names as `attachmentFolderPath` (`./` and `./sub` are
 * relative to the note, anything else to the vault).
 *
 * Hidden files and folders (`.obsidian`, `.git`), `node_modules` and the build's output folder
 * are not part of the vault. Paths here are relative to the book's folder, with `/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';

export interface Vault {
  /** The book's folder, absolute. */
  root: string;
  /** Every file, relative to root, sorted. */
  files: string[];
  /** `.obsidian/app.json` `attachmentFolderPath`, if set. */
  attachmentFolder?: string;
  /** Changes whenever a file is added, removed or renamed, or the attachment folder changes: part of the note cache key. */
  hash: string;
}

const NOTE_EXT = /\.(md|markdown)$/i;

/** Lists the vault. `exclude`: absolute folders that are not part of it (the build's output). */
export function scanVault(root: string, exclude: string[] = []): Vault {
  const ignore = ['**/node_modules/**'];
  for (const dir of exclude) {
    const rel = path.relative(root, dir).split(path.sep).join('/');
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) ignore.push(`${fg.escapePath(rel)}/**`);
  }
  const files = fg.sync('**/*', { cwd: root, onlyFiles: true, dot: false, followSymbolicLinks: false, ignore }).sort();
  const attachmentFolder = readAttachmentFolder(root);
  const hash = createHash('sha256').update(JSON.stringify([attachmentFolder ?? null, files])).digest('hex');
  return { root, files, attachmentFolder, hash };
}

function readAttachmentFolder(root: string): string | undefined {
  const file = path.join(root, '.obsidian', 'app.json');
  if (!existsSync(file)) return undefined;
  try {
    const value = (JSON.parse(readFileSync(file, 'utf8')) as { attachmentFolderPath?: unknown }).attachmentFolderPath;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return undefined; // Obsidian's own settings file, not the author's text: a broken one is not the book's problem
  }
}

/** Per vault: lower-cased path → paths, and lower-cased file name → paths. */
const indexes = new WeakMap<Vault, { byPath: Map<string, string[]>; byName: Map<string, string[]> }>();

function indexOf(vault: Vault) {
  let index = indexes.get(vault);
  if (!index) {
    const byPath = new Map<string, string[]>();
    const byName = new Map<string, string[]>();
    const add = (map: Map<string, string[]>, key: string, file: string) => {
      const list = map.get(key);
      if (list) list.push(file);
      else map.set(key, [file]);
    };
    for (const file of vault.files) {
      add(byPath, file.toLowerCase(), file);
      add(byName, path.posix.basename(file).toLowerCase(), file);
    }
    index = { byPath, byName };
    indexes.set(vault, index);
  }
  return index;
}

/** The file names a link may mean: `note` → `note.md`, `note.markdown`, `note`. */
function spellings(linkPath: string): string[] {
  if (NOTE_EXT.test(linkPath)) return [linkPath];
  return [`${linkPath}.md`, `${linkPath}.markdown`, linkPath];
}

/**
 * The vault file a link names (relative to root), or undefined. `linkPath` is the link's target
 * without `#heading` or `|text`; `fromFile` is the linking note, relative to root.
 */
export function findInVault(vault: Vault, linkPath: string, fromFile: string, options: { attachment?: boolean } = {}): string | undefined {
  const { byPath, byName } = indexOf(vault);
  const target = linkPath.replace(/\\/g, '/').replace(/^\/+/, '').trim();
  if (!target) return undefined;
  const fromDir = path.posix.dirname(fromFile);
  const exact = (candidate: string): string | undefined => {
    const normal = path.posix.normalize(candidate);
    if (normal.startsWith('../') || normal === '..') return undefined;
    for (const spelling of spellings(normal)) {
      const found = byPath.get(spelling.toLowerCase());
      if (found) return found.includes(spelling) ? spelling : found[0];
    }
    return undefined;
  };
  const relative = /^\.\.?\//.test(target) ? exact(path.posix.join(fromDir, target)) : undefined;
  if (relative) return relative;
  if (options.attachment) {
    const inFolder = attachmentFolderOf(vault, fromDir);
    const found = exact(path.posix.join(fromDir, target)) ?? (inFolder !== undefined ? exact(path.posix.join(inFolder, target)) : undefined);
    if (found) return found;
  }
  const fromRoot = exact(target);
  if (fromRoot) return fromRoot;
  // By name anywhere; with folders in the link, the path must end with them.
  const suffix = `/${target.toLowerCase()}`;
  for (const spelling of spellings(path.posix.basename(target))) {
    const named = byName.get(spelling.toLowerCase());
    if (!named) continue;
    const wantedSuffix = target.includes('/') ? suffix.replace(/[^/]*$/, spelling.toLowerCase()) : undefined;
    const matching = wantedSuffix ? named.filter((f) => `/${f.toLowerCase()}`.endsWith(wantedSuffix)) : named;
    if (matching.length) return closest(matching, fromDir);
  }
  return undefined;
}

/** The note's own folder first, then the shortest path. */
function closest(files: string[], fromDir: string): string {
  const depth = (f: string) => f.split('/').length;
  return [...files].sort((a, b) => {
    const sameA = path.posix.dirname(a) === fromDir ? 0 : 1;
    const sameB = path.posix.dirname(b) === fromDir ? 0 : 1;
    return sameA - sameB || depth(a) - depth(b) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  })[0]!;
}

/** The attachment folder for a note in `fromDir`, relative to root (undefined: none set). */
function attachmentFolderOf(vault: Vault, fromDir: string): string | undefined {
  const setting = vault.attachmentFolder;
  if (setting === undefined) return undefined;
  if (setting === '/' ) return '';
  if (setting === './' || setting === '.') return fromDir;
  if (setting.startsWith('./')) return path.posix.join(fromDir, setting.slice(2));
  return setting.replace(/^\/+|\/+$/g, '');
}

/** Whether a vault path is a note (Markdown). */
export function isNotePath(file: string): boolean {
  return NOTE_EXT.test(file);
}
