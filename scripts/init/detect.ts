/**
 * Which tool the folder comes from, by the files each tool needs, looked for in the folder
 * itself and then in its immediate subfolders (`zh/SUMMARY.md`, `docs/.vitepress/`,
 * `vault/.obsidian/`). In one folder the order is: mdBook (book.toml), GitBook/HonKit (book.json,
 * SUMMARY.md, LANGS.md), MkDocs (mkdocs.yml), VitePress (.vitepress/), Docusaurus
 * (docusaurus.config.*, sidebars.*), Obsidian (.obsidian/); nothing of these → a plain folder.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findDocusaurus } from './docusaurus.ts';
import { compareNames } from './order.ts';
import { isDir, isFile, relPath } from './paths.ts';
import type { SourceKind } from './types.ts';

export interface Detected {
  kind: SourceKind;
  /** The file or folder that says so: book.toml, the folder holding SUMMARY.md, mkdocs.yml, .vitepress/, the site or vault folder. */
  at: string;
  /** Other tools' files found at the same level, for the report. */
  others: string[];
}

type Probe = [SourceKind, (dir: string) => string | undefined];

const PROBES: Probe[] = [
  ['mdbook', (d) => (isFile(path.join(d, 'book.toml')) ? path.join(d, 'book.toml') : undefined)],
  ['gitbook', (d) => (['book.json', 'SUMMARY.md', 'LANGS.md'].some((f) => isFile(path.join(d, f))) ? d : undefined)],
  ['mkdocs', (d) => ['mkdocs.yml', 'mkdocs.yaml'].map((f) => path.join(d, f)).find(isFile)],
  ['vitepress', (d) => (isDir(path.join(d, '.vitepress')) ? path.join(d, '.vitepress') : undefined)],
  ['docusaurus', (d) => (Object.values(findDocusaurus(d)).some(Boolean) ? d : undefined)],
  ['obsidian', (d) => (isDir(path.join(d, '.obsidian')) ? d : undefined)],
];

function probe(dir: string): { kind: SourceKind; at: string }[] {
  return PROBES.flatMap(([kind, test]) => {
    const at = test(dir);
    return at ? [{ kind, at }] : [];
  });
}

export function detectSource(bookRoot: string): Detected {
  const here = probe(bookRoot);
  if (here.length) return { ...here[0]!, others: here.slice(1).map((h) => relPath(bookRoot, h.at)) };
  const subdirs = readdirSync(bookRoot, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => e.name)
    .sort(compareNames);
  const found = subdirs.flatMap((name) => probe(path.join(bookRoot, name)).slice(0, 1));
  // The most specific tool wins across subfolders too (docs/.vitepress over a stray SUMMARY.md).
  found.sort((a, b) => PROBES.findIndex(([k]) => k === a.kind) - PROBES.findIndex(([k]) => k === b.kind));
  if (found.length) return { ...found[0]!, others: found.slice(1).map((h) => relPath(bookRoot, h.at)) };
  return { kind: 'folder', at: bookRoot, others: [] };
}
