/**
 * A VitePress site: `.vitepress/config.{mts,ts,mjs,js,cts,cjs}` (or `.vitepress/config/index.*`),
 * read as data without running it (js-literal.ts): title, lang, description, srcDir and
 * themeConfig.sidebar. A sidebar is a list of `{ text, link, items, base }` or an object of
 * such lists keyed by path (`'/guide/': [...]`), used in key order. Links are relative to the
 * docs root (`/high-concurrency/mq-interview.md`, with or without `.md`/`.html`, `/guide/` for
 * guide/index.md). When the sidebar is not plain data (built by a function, imported from a
 * package) init says where and why, and falls back to the folder rule.
 */
import path from 'node:path';
import type { ReadContext } from './context.ts';
import { scanFolder } from './folder.ts';
import { dig, firstOpaque, isRecord, JsDataReader, Opaque, type Data } from './js-literal.ts';
import { cleanLink, isExternal, isFile, isInside, relPath, resolveNoteLink } from './paths.ts';
import type { NavNode, SourceReading } from './types.ts';

const CONFIG_NAMES = ['config.mts', 'config.ts', 'config.mjs', 'config.js', 'config.cts', 'config.cjs'].flatMap((n) => [n, `config/index.${n.split('.')[1]}`]);

export function findVitePressConfig(vitepressDir: string): string | undefined {
  return CONFIG_NAMES.map((n) => path.join(vitepressDir, n)).find(isFile);
}

export function readVitePress(ctx: ReadContext, vitepressDir: string): SourceReading {
  const siteRoot = path.dirname(vitepressDir);
  const configFile = findVitePressConfig(vitepressDir);
  const reading: SourceReading = {
    kind: 'vitepress',
    label: `VitePress site: ${configFile ? relPath(ctx.bookRoot, configFile) : `${relPath(ctx.bookRoot, vitepressDir)}/ (no config file)`}`,
    notesRoot: siteRoot,
    nav: [],
    partsFromNav: false,
    excluded: new Map(),
    ignoredDirs: [vitepressDir, path.join(siteRoot, 'public'), path.join(siteRoot, 'node_modules')],
  };
  const useFolders = () => {
    reading.nav = scanFolder(reading.notesRoot, ctx);
    return reading;
  };
  const fallback = (why: string) => {
    ctx.report.problem(`${why}; used the folder rule for ${relPath(ctx.bookRoot, reading.notesRoot)}/`);
    return useFolders();
  };
  if (!configFile) return fallback(`${relPath(ctx.bookRoot, vitepressDir)}/ has no config file`);
  const shown = relPath(ctx.bookRoot, configFile);
  const js = new JsDataReader(ctx.bookRoot);
  const mod = js.load(configFile);
  if (typeof mod === 'string') return fallback(mod);
  const config = js.defaultExport(mod);
  if (!isRecord(config)) return fallback(`${shown}: the exported config is not plain data (${config instanceof Opaque ? config.toString() : 'not an object'}); init does not run the config's code`);

  const srcDir = typeof config.srcDir === 'string' ? path.resolve(siteRoot, config.srcDir) : siteRoot;
  if (isInside(ctx.bookRoot, srcDir)) reading.notesRoot = srcDir;
  else ctx.report.problem(`${shown}: srcDir "${String(config.srcDir)}" is outside the book's folder; ignored`);
  if (typeof config.title === 'string' && config.title.trim()) reading.title = { value: config.title.trim(), from: `${shown} title`, guessed: false };
  if (typeof config.lang === 'string' && config.lang.trim()) reading.language = { value: config.lang.trim(), from: `${shown} lang`, guessed: false };
  if (typeof config.description === 'string' && config.description.trim()) reading.description = { value: config.description.trim(), from: `${shown} description`, guessed: false };

  let sidebar = dig(config, 'themeConfig', 'sidebar');
  let sidebarKey = 'themeConfig.sidebar';
  if (sidebar === undefined && dig(config, 'locales', 'root', 'themeConfig', 'sidebar') !== undefined) {
    sidebar = dig(config, 'locales', 'root', 'themeConfig', 'sidebar');
    sidebarKey = 'locales.root.themeConfig.sidebar';
  }
  if (sidebar === undefined) {
    ctx.report.find(`${shown} has no sidebar: every page of ${relPath(ctx.bookRoot, reading.notesRoot)}/ in folder order`);
    return useFolders();
  }
  const opaque = firstOpaque(sidebar);
  if (opaque) return fallback(`${opaque.where}: ${sidebarKey} is not plain data (${opaque.what}); init does not run the config's code`);

  const lists: [string, Data][] = Array.isArray(sidebar) ? [['', sidebar]] : isRecord(sidebar) ? Object.entries(sidebar) : [];
  if (lists.length > 1) ctx.report.find(`${shown}: the sidebar has ${lists.length} sections (${lists.map(([k]) => k).join(', ')}); used all of them, in that order`);
  const item = (d: Data, base: string): NavNode[] => {
    if (!isRecord(d)) return [];
    const text = typeof d.text === 'string' && d.text.trim() ? d.text.trim() : undefined;
    const childBase = typeof d.base === 'string' ? d.base : base;
    const children = list(d.items, childBase);
    const origin = `${js.whereOf(d) ?? shown} (sidebar "${text ?? d.link ?? ''}")`;
    let file: string | undefined;
    if (typeof d.link === 'string' && d.link) {
      if (isExternal(d.link)) ctx.report.find(`${origin} links to ${d.link}, not a page; skipped`);
      else {
        const link = cleanLink(joinBase(base, d.link)).replace(/^\/+/, '');
        const target = resolveNoteLink(reading.notesRoot, link || '.', ctx.bookRoot);
        if ('file' in target) file = target.file;
        else ctx.report.problem(`${origin}: ${d.link} ${'outside' in target ? "is outside the book's folder" : 'does not exist'}; left out`);
      }
    }
    if (!file && children.length === 0) return [];
    return [{ title: text, file, children, origin }];
  };
  const list = (d: Data, base: string): NavNode[] => {
    if (isRecord(d) && Array.isArray(d.items)) return list(d.items, typeof d.base === 'string' ? d.base : base);
    return Array.isArray(d) ? d.flatMap((x) => item(x, base)) : [];
  };
  reading.nav = lists.flatMap(([, l]) => list(l, ''));
  return reading;
}

/** VitePress prefixes an item's links with the `base` of its group. */
function joinBase(base: string, link: string): string {
  if (!base) return link;
  return `${base.replace(/\/+$/, '')}/${link.replace(/^\/+/, '')}`;
}
