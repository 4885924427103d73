/**
 * An MkDocs site: `mkdocs.yml` (site_name, site_author, site_description, theme.language,
 * docs_dir, nav). The nav is a list of `Title: page.md`, bare `page.md` (titled by the page),
 * `Section: [ … ]` and external links; pages are relative to docs_dir, and a page the nav names
 * that does not exist is reported. Without a nav MkDocs lists every page of docs_dir, which is
 * the folder rule. Python-specific tags (`!!python/name:…`, `!ENV`) are read as plain values:
 * init never runs anything.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { namesSetting, stringSetting, type ReadContext } from './context.ts';
import { scanFolder } from './folder.ts';
import { cleanLink, isExternal, isInside, relPath, resolveNoteLink } from './paths.ts';
import type { NavNode, SourceReading } from './types.ts';

export function readMkDocs(ctx: ReadContext, configFile: string): SourceReading {
  const shown = relPath(ctx.bookRoot, configFile);
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(configFile, 'utf8'), { lineCounter, prettyErrors: false, uniqueKeys: false });
  for (const e of doc.errors) {
    const { line } = lineCounter.linePos(e.pos[0]);
    ctx.report.problem(`${shown}:${line}: ${e.message.split('\n')[0]}`);
  }
  const config = (doc.toJS({ maxAliasCount: 50 }) ?? {}) as Record<string, unknown>;
  const dir = path.dirname(configFile);
  let docsDir = path.resolve(dir, stringSetting(config.docs_dir) ?? 'docs');
  if (!isInside(ctx.bookRoot, docsDir)) {
    ctx.report.problem(`${shown}: docs_dir "${String(config.docs_dir)}" is outside the book's folder; using docs/`);
    docsDir = path.join(dir, 'docs');
  }
  const reading: SourceReading = {
    kind: 'mkdocs',
    label: `MkDocs site: ${shown}, pages in ${relPath(ctx.bookRoot, docsDir)}/`,
    notesRoot: docsDir,
    nav: [],
    partsFromNav: false,
    excluded: new Map(),
    ignoredDirs: [path.resolve(dir, stringSetting(config.site_dir) ?? 'site')],
  };
  const title = stringSetting(config.site_name);
  if (title) reading.title = { value: title, from: `${shown} site_name`, guessed: false };
  const author = namesSetting(config.site_author);
  if (author) reading.author = { value: author, from: `${shown} site_author`, guessed: false };
  const theme = config.theme && typeof config.theme === 'object' ? (config.theme as Record<string, unknown>) : {};
  const language = stringSetting(theme.language) ?? stringSetting(theme.locale);
  if (language) reading.language = { value: language, from: `${shown} theme.language`, guessed: false };
  const description = stringSetting(config.site_description);
  if (description) reading.description = { value: description, from: `${shown} site_description`, guessed: false };

  const navNode = isMap(doc.contents) ? doc.contents.get('nav', true) : undefined;
  if (!isSeq(navNode)) {
    ctx.report.find(`${shown} has no nav: every page of ${relPath(ctx.bookRoot, docsDir)}/ in folder order, as MkDocs does`);
    reading.nav = scanFolder(docsDir, ctx);
    return reading;
  }
  const lineOf = (node: unknown) => (node && typeof node === 'object' && 'range' in node && (node as YamlNode).range ? lineCounter.linePos((node as YamlNode).range![0]).line : 0);
  const page = (title: string | undefined, value: unknown, at: unknown): NavNode | undefined => {
    const origin = `${shown}:${lineOf(at)}`;
    const link = isScalar(value) ? String(value.value ?? '') : '';
    if (!link) return undefined;
    if (isExternal(link)) {
      ctx.report.find(`${origin}: "${title ?? link}" links to ${link}, not a page; skipped`);
      return undefined;
    }
    const target = resolveNoteLink(docsDir, cleanLink(link), ctx.bookRoot);
    if ('file' in target) return { title, file: target.file, children: [], origin };
    ctx.report.problem(`${origin}: "${title ?? link}" names ${link}, which ${'outside' in target ? "is outside the book's folder" : `does not exist in ${relPath(ctx.bookRoot, docsDir)}/`}; left out`);
    return undefined;
  };
  const entries = (seq: unknown): NavNode[] => {
    if (!isSeq(seq)) return [];
    return seq.items.flatMap((item): NavNode[] => {
      if (isScalar(item)) return [page(undefined, item, item)].filter((n): n is NavNode => !!n);
      if (!isMap(item)) return [];
      return item.items.flatMap((pair): NavNode[] => {
        const title = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (isSeq(pair.value)) return [{ title, children: entries(pair.value), origin: `${shown}:${lineOf(pair.key)}` }];
        const node = page(title, pair.value, pair.key);
        return node ? [node] : [];
      });
    });
  };
  reading.nav = entries(navNode);
  return reading;
}
