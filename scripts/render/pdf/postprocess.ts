/**
 * After printing: the book's metadata (title, authors, subject, keywords, language), and the
 * dates and document ID Chromium sets to "now" and random replaced by the build date and a hash
 * of the content, so the same sources give the same bytes.
 */
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import type { BookMeta } from '../../model.ts';
import { renameFonts } from './fonts.ts';

export interface PdfMeta {
  meta: BookMeta;
  keywords: string[];
  /** PostScript name → the book's name for it (see fonts.ts). */
  fontNames: Map<string, string>;
  /** 1-based pages that show no running head and no folio (chapter openings). */
  barePages?: number[];
  /** 32 hex digits: the document ID, derived from the print's inputs so equal sources give equal IDs. */
  documentId: string;
}

/**
 * Chromium paints the page margin boxes (running head, folio) first, in one `q … Q` block before
 * the clipped page content. CSS could not turn them off on a chapter's opening page (Chromium
 * applies `@page name:first` only to the document's first page), so that block is removed here.
 * The block is recognised by its shape (text only, no clipping, before the first clip); a page
 * whose stream does not look like that is left alone.
 */
export function removeMarginBoxes(doc: PDFDocument, pageNumber: number): boolean {
  const page = doc.getPage(pageNumber - 1);
  const contents = page.node.get(PDFName.of('Contents'));
  const ref = contents instanceof PDFArray ? contents.get(0) : contents;
  if (!(ref instanceof PDFRef)) return false;
  const stream = doc.context.lookup(ref);
  if (!(stream instanceof PDFRawStream)) return false;
  const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === 'q');
  if (start < 0) return false;
  let depth = 0;
  let end = -1;
  for (let i = start; i < lines.length; i++) {
    if (lines[i] === 'q') depth++;
    else if (lines[i] === 'Q' && --depth === 0) {
      end = i;
      break;
    }
  }
  if (end < 0) return false;
  const block = lines.slice(start, end + 1);
  const next = lines.slice(end + 1, end + 4).join('\n');
  if (!block.some((l) => l === 'BT') || block.some((l) => /(^| )W\*? n$/.test(l) || l.endsWith('BDC')) || !/ re\nW\*? n/.test(next)) return false;
  const kept = [...lines.slice(0, start), ...lines.slice(end + 1)].join('\n');
  const replacement = doc.context.flateStream(Buffer.from(kept, 'latin1'));
  doc.context.assign(ref, replacement);
  return true;
}

/**
 * Chromium keys its named destinations by PDF names (`/Dests` dict), which overflow the 127-byte
 * limit for long Chinese ids (poppler warns on every use). Links get their explicit destination,
 * and the names move to a `/Names` → `/Dests` tree with string keys (`book.pdf#nameddest=id`).
 */
export function rewriteDestinations(doc: PDFDocument): void {
  const catalog = doc.catalog;
  const dests = catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return;
  const byName = new Map<string, PDFObject>();
  for (const [key, value] of dests.entries()) byName.set(key.asString(), value);
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Subtype')) !== PDFName.of('Link')) continue;
    const dest = obj.get(PDFName.of('Dest'));
    if (dest instanceof PDFName) {
      const target = byName.get(dest.asString());
      if (target) obj.set(PDFName.of('Dest'), target instanceof PDFRef ? target : (target as PDFArray).clone(doc.context));
    }
  }
  const entries = [...dests.entries()]
    .map(([key, value]) => ({ key: Buffer.from(decodeURIComponent(key.decodeText()), 'utf8'), value }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  const names: PDFObject[] = [];
  for (const e of entries) names.push(PDFHexString.of(e.key.toString('hex')), e.value);
  const tree = doc.context.obj({}) as PDFDict;
  tree.set(PDFName.of('Names'), doc.context.obj(names));
  const namesDict = catalog.lookupMaybe(PDFName.of('Names'), PDFDict) ?? (doc.context.obj({}) as PDFDict);
  namesDict.set(PDFName.of('Dests'), doc.context.register(tree));
  catalog.set(PDFName.of('Names'), namesDict);
  catalog.delete(PDFName.of('Dests'));
}

const NODE_ID = /^node\d+$/;

/**
 * Tagged PDF structure elements carry Chromium's DOM node ids (`/ID (node00008513)`, also in
 * `/Headers` and the `/IDTree`), which differ between runs. They are renumbered in sorted order,
 * so the ID tree stays sorted and equal sources give equal bytes.
 */
export function renumberNodeIds(doc: PDFDocument): void {
  const found = new Set<string>();
  const seen = new Set<PDFObject>();
  const visit = (obj: PDFObject, replace?: (o: PDFObject) => PDFObject | undefined): void => {
    if (seen.has(obj)) return;
    if (obj instanceof PDFDict) {
      seen.add(obj);
      for (const [key, value] of obj.entries()) {
        const r = replace?.(value);
        if (r) obj.set(key, r);
        else visit(value, replace);
      }
    } else if (obj instanceof PDFArray) {
      seen.add(obj);
      for (let i = 0; i < obj.size(); i++) {
        const value = obj.get(i);
        const r = replace?.(value);
        if (r) obj.set(i, r);
        else visit(value, replace);
      }
    }
  };
  const text = (o: PDFObject) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined);
  const objects = doc.context.enumerateIndirectObjects().map(([, o]) => o);
  for (const o of objects)
    visit(o, (v) => {
      const t = text(v);
      if (t !== undefined && NODE_ID.test(t)) found.add(t);
      return undefined;
    });
  const sorted = [...found].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const width = String(sorted.length).length;
  const map = new Map(sorted.map((id, i) => [id, `node${String(i + 1).padStart(Math.max(8, width), '0')}`]));
  seen.clear();
  for (const o of objects)
    visit(o, (v) => {
      const t = text(v);
      const to = t === undefined ? undefined : map.get(t);
      return to === undefined ? undefined : PDFString.of(to);
    });
}

export async function finishPdf(doc: PDFDocument, { meta, keywords, fontNames, barePages = [], documentId }: PdfMeta): Promise<Buffer> {
  for (const n of barePages) removeMarginBoxes(doc, n);
  rewriteDestinations(doc);
  renumberNodeIds(doc);
  renameFonts(doc, fontNames);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.authors.length) doc.setAuthor(meta.authors.join('、'));
  doc.setSubject(meta.description);
  doc.setKeywords(keywords);
  doc.setCreator('Inkstone');
  doc.setProducer('Inkstone (Chromium, pdf-lib)');
  doc.setLanguage(meta.language);
  doc.setCreationDate(meta.modified);
  doc.setModificationDate(meta.modified);
  // Chromium's XMP packet carries its own dates and a random id: drop it, the Info dict is ours.
  doc.catalog.delete(PDFName.of('Metadata'));
  doc.context.trailerInfo.ID = idArray(doc, documentId);
  return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

function idArray(doc: PDFDocument, hex: string): PDFArray {
  const id = PDFHexString.of(hex);
  return doc.context.obj([id, id]);
}
