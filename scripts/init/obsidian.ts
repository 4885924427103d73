/**
 * An Obsidian vault (a folder with `.obsidian/`): the folders are the structure (folder.ts),
 * with Obsidian's own conventions: a folder note `X/X.md` is folder X's page; the templates
 * folder (`.obsidian/templates.json` "folder", Templater's "templates_folder", or a folder named
 * Templates or 模板) and the attachment folder (`.obsidian/app.json` attachmentFolderPath) are
 * not part of the book; Excalidraw drawings (`*.excalidraw.md`) are not notes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { titleFromNote, type ReadContext } from './context.ts';
import { scanFolder } from './folder.ts';
import { FOLDER_PAGES, isFile, isInside, relPath } from './paths.ts';
import type { SourceReading } from './types.ts';

const TEMPLATE_NAMES = ['Templates', 'templates', 'Template', '模板', '模版'];

function readJson(file: string): Record<string, unknown> {
  if (!isFile(file)) return {};
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function readObsidian(ctx: ReadContext, vault: string): SourceReading {
  const settings = path.join(vault, '.obsidian');
  const skipPaths = new Map<string, string>();
  const skipNames = new Map<string, string>(TEMPLATE_NAMES.map((n) => [n, 'Obsidian templates']));
  const inVault = (setting: unknown): string | undefined => {
    if (typeof setting !== 'string' || !setting.trim()) return undefined;
    const abs = path.resolve(vault, setting.trim().replace(/^\/+/, ''));
    return isInside(vault, abs) && abs !== vault ? abs : undefined;
  };
  for (const [file, key] of [
    ['templates.json', 'folder'],
    ['plugins/templater-obsidian/data.json', 'templates_folder'],
  ] as const) {
    const folder = inVault(readJson(path.join(settings, file))[key]);
    if (folder) skipPaths.set(folder, `Obsidian templates (.obsidian/${file})`);
  }
  const attachments = readJson(path.join(settings, 'app.json')).attachmentFolderPath;
  if (typeof attachments === 'string' && attachments.startsWith('./') && attachments.length > 2) {
    // "./assets": a subfolder of each note's folder.
    skipNames.set(attachments.slice(2).replace(/\/+$/, ''), 'Obsidian attachments (.obsidian/app.json)');
  } else {
    const folder = inVault(attachments);
    if (folder) skipPaths.set(folder, 'Obsidian attachments (.obsidian/app.json)');
  }

  const reading: SourceReading = {
    kind: 'obsidian',
    label: vault === ctx.bookRoot ? 'Obsidian vault (.obsidian/)' : `Obsidian vault: ${relPath(ctx.bookRoot, vault)}/`,
    notesRoot: vault,
    nav: scanFolder(vault, ctx, { skipPaths, skipNames, folderNotes: true, skipFiles: [[/\.excalidraw\.md$/i, 'an Excalidraw drawing, not a note']] }),
    partsFromNav: false,
    excluded: new Map(),
    ignoredDirs: [...skipPaths.keys()],
  };
  // The README beside the vault (a published vault's repository page) names the book best.
  for (const dir of [ctx.bookRoot, vault]) {
    const readme = FOLDER_PAGES.map((n) => path.join(dir, n)).find(isFile);
    if (readme) {
      reading.title = titleFromNote(ctx, readme, relPath(ctx.bookRoot, readme));
      if (reading.title) break;
    }
  }
  reading.title ??= { value: path.basename(vault), from: 'the name of the vault', guessed: true };
  return reading;
}
