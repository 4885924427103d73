/**
 * Images of the notes, from Markdown (`![](x.png)`) and from raw HTML alike: `<img src>`,
 * `<img srcset>`, `<picture><source srcset>`. Every URL goes through the ImageResolver, relative
 * to the note it appears in (the note wrapper's `data.note`): the book's copy, or a warning.
 * What cannot be had never stays as a URL to a file that is not in the book:
 *   - a srcset candidate that cannot be had is dropped (an empty srcset, or `<source>`, with it);
 *   - an `<img>` whose src cannot be had takes the first candidate left in its srcset or its
 *     `<picture>`'s sources, else becomes (with its `<picture>`) a visible placeholder.
 * `<video poster>` and `<input type=image>` never get here: the sanitizer removes those elements.
 */
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import { LABELS } from '../labels.ts';
import type { Book, Chapter, ImageAsset, NoteRef } from '../model.ts';
import { statSync } from 'node:fs';
import { Diagnostics, type Warning } from '../errors.ts';
import { contentKey, type Memo } from '../util/memo.ts';
import { isRemoteImage, localImagePath, type ImageResolver, type ImageResult } from './images.ts';

/**
 * A new book whose chapters point at the embedded images; chapters without images are shared.
 * With the preview's memo a chapter's result is kept while its tree and its local images' files
 * (size and time of change) are the same; its images are added to the book's and its warnings
 * replayed. A chapter with a remote image is embedded every time (the download cache has it).
 */
export async function embedImages(book: Book, images: ImageResolver, memo?: Memo): Promise<Book> {
  const jobs: Promise<unknown>[] = [];
  const embed = (chapter: Chapter, resolver: ImageResolver): { chapter: Chapter; done: Promise<unknown> } => {
    const tree = structuredClone(chapter.tree);
    const found: Promise<void>[] = [];
    // A note's wrapper, or a footnote gathered at the chapter's end (book/footnotes.ts).
    visit(tree, 'element', (el: Element) => {
      if (!el.data?.note) return undefined;
      found.push(resolveNoteImages(el, el.data.note, resolver));
      return SKIP;
    });
    return { chapter: { ...chapter, tree }, done: Promise.all(found) };
  };
  const embedNow = (chapter: Chapter): Chapter => {
    const embedded = embed(chapter, images);
    jobs.push(embedded.done);
    return embedded.chapter;
  };
  let chapterIndex = 0;
  const memoised: Promise<Embedded>[] = [];
  const withImages = (chapter: Chapter): Chapter | Promise<Chapter> => {
    if (!memo) return hasImage(chapter.tree) ? embedNow(chapter) : chapter;
    const treeKey = memo.keyOf(chapter.tree);
    const sources = memo.get(`images:sources:${chapterIndex}`, treeKey, () => imageSources(chapter.tree));
    const slot = `images:chapter:${chapterIndex++}`;
    if (sources.length === 0) return chapter;
    if (sources.some((s) => isRemoteImage(s.src))) return embedNow(chapter);
    const files = sources.map((s) => (s.src ? fileStamp(localImagePath(s.src, s.notePath)) : ''));
    const key = contentKey(treeKey, files);
    const result = memo.get(slot, key, async (): Promise<Embedded> => {
      const recorder = new Diagnostics();
      const own = images.withDiagnostics(recorder);
      const embedded = embed(chapter, own);
      await embedded.done;
      memo.know(embedded.chapter.tree, `images:${key}`);
      return { chapter: embedded.chapter, assets: [...own.assets.values()], warnings: recorder.warnings };
    });
    memoised.push(result);
    return result.then((r) => r.chapter);
  };
  const chapters = book.parts.map((part) => part.chapters.map(withImages));
  await Promise.all(jobs);
  // The memoised chapters' images and warnings, in reading order.
  for (const { assets, warnings } of await Promise.all(memoised)) {
    for (const asset of assets) images.assets.set(asset.href, asset);
    for (const w of warnings) images.diagnostics.warn(w.rule, w.message, w.position);
  }
  const parts = await Promise.all(book.parts.map(async (part, i) => ({ ...part, chapters: await Promise.all(chapters[i]!) })));
  return { ...book, parts };
}

interface Embedded {
  chapter: Chapter;
  assets: ImageAsset[];
  warnings: Warning[];
}

/** Every image URL of a chapter and its note (what resolveNoteImages asks the resolver for). */
function imageSources(tree: Root): { src: string; notePath: string }[] {
  const out: { src: string; notePath: string }[] = [];
  visit(tree, 'element', (wrapper: Element) => {
    const note = wrapper.data?.note;
    if (!note) return undefined;
    visit(wrapper, 'element', (el: Element) => {
      if (el.tagName !== 'img' && el.tagName !== 'source') return;
      const before = out.length;
      if (el.tagName === 'img' && typeof el.properties.src === 'string' && el.properties.src) out.push({ src: el.properties.src, notePath: note.path });
      for (const c of parseSrcset(el.properties.srcSet)) out.push({ src: c.url, notePath: note.path });
      // One with no URL at all is still changed (a placeholder, dropped): the chapter has images.
      if (out.length === before) out.push({ src: '', notePath: note.path });
    });
    return SKIP;
  });
  return out;
}

/** What tells a changed image file in the preview: its size and time of change (or that it is missing). */
function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

function hasImage(tree: Root): boolean {
  let found = false;
  visit(tree, 'element', (el: Element) => {
    if (el.tagName === 'img' || el.tagName === 'source') found = true;
  });
  return found;
}

type Parent = Element | Root;

interface Candidate {
  url: string;
  /** `2x`, `640w` or nothing. */
  descriptor: string;
  result?: ImageResult;
}

interface Found {
  el: Element;
  parent: Parent;
  src?: string;
  srcResult?: ImageResult;
  candidates: Candidate[];
}

async function resolveNoteImages(tree: Element, note: NoteRef, images: ImageResolver): Promise<void> {
  const found: Found[] = [];
  const parentOf = new Map<Element, Parent>();
  visit(tree, 'element', (el: Element, _index, parent: Parent | undefined) => {
    if (!parent) return;
    if (el.tagName === 'picture') parentOf.set(el, parent);
    if (el.tagName !== 'img' && el.tagName !== 'source') return;
    const src = el.tagName === 'img' ? (typeof el.properties.src === 'string' ? el.properties.src : '') : undefined;
    found.push({ el, parent, src, candidates: parseSrcset(el.properties.srcSet) });
  });

  // First every URL is resolved (downloads run side by side), then the tree is changed at once.
  const resolve = (url: string, el: Element) =>
    images.resolve({ src: url, notePath: note.path, position: { file: note.relPath, line: el.position?.start.line } });
  await Promise.all(
    found.flatMap((f) => [
      ...(f.src ? [resolve(f.src, f.el).then((r) => (f.srcResult = r))] : []),
      ...f.candidates.map((c) => resolve(c.url, f.el).then((r) => (c.result = r))),
    ]),
  );

  const kept = (f: Found) => f.candidates.flatMap((c) => (c.result?.ok ? [{ href: c.result.asset.href, descriptor: c.descriptor }] : []));
  const drop = new Set<Element>();
  for (const f of found) {
    const { el } = f;
    const left = kept(f);
    if (left.length) el.properties.srcSet = left.map((c) => (c.descriptor ? `${c.href} ${c.descriptor}` : c.href)).join(', ');
    else {
      delete el.properties.srcSet;
      delete el.properties.sizes;
    }
    // Our own sniffed type is what the file is; an author's `type` may name one we did not keep.
    delete el.properties.type;
    if (el.tagName === 'source') {
      // A <source> is only valid in a <picture> here (the sanitizer removes <video> and <audio>).
      if (!left.length || !(f.parent.type === 'element' && f.parent.tagName === 'picture')) drop.add(el);
      continue;
    }
    // An obsolete pointer to a description page that cannot be in the book.
    delete el.properties.longDesc;
    const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
    el.properties.alt = alt;
    if (f.srcResult?.ok) {
      el.properties.src = f.srcResult.asset.href;
      continue;
    }
    const picture = f.parent.type === 'element' && f.parent.tagName === 'picture' ? f.parent : undefined;
    const fallback = left[0]?.href ?? (picture ? firstSourceHref(picture, found, kept) : undefined);
    if (fallback) {
      el.properties.src = fallback;
      continue;
    }
    const placeholder = h('span', { className: ['image-missing'], role: 'img', ariaLabel: alt || LABELS.image }, [
      h('span', { className: ['image-missing-label'] }, `${LABELS.imageMissing}${alt ? `：${alt}` : ''}`),
      h('span', { className: ['image-missing-url'] }, f.src ?? ''),
    ]);
    const [target, holder] = picture && parentOf.has(picture) ? [picture, parentOf.get(picture)!] : [el, f.parent];
    const at = holder.children.indexOf(target as ElementContent);
    if (at >= 0) holder.children[at] = placeholder;
  }
  for (const f of found) {
    if (drop.has(f.el)) f.parent.children = f.parent.children.filter((c) => c !== f.el) as typeof f.parent.children;
  }
}

function firstSourceHref(picture: Element, found: Found[], kept: (f: Found) => { href: string }[]): string | undefined {
  for (const child of picture.children) {
    const f = found.find((x) => x.el === child && x.el.tagName === 'source');
    const href = f ? kept(f)[0]?.href : undefined;
    if (href) return href;
  }
  return undefined;
}

/**
 * `a.png 1x, b.png 2x` (hast gives it split on commas) → candidates. A URL is everything up to
 * white space; what follows, up to the comma, is its descriptor.
 */
export function parseSrcset(value: unknown): Candidate[] {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  const out: Candidate[] = [];
  for (const part of parts) {
    const [url, ...descriptor] = part.trim().split(/\s+/);
    if (url) out.push({ url, descriptor: descriptor.join(' ') });
  }
  return out;
}
