/**
 * The raster images a PDF embeds, counted from its objects with pdf-lib (`pdfimages -list`
 * gives the same figures but parses every content stream: a minute on a 650-page book).
 * Chromium embeds an image used on many pages once; an image's alpha channel is an SMask image
 * of its own, not counted; SVG is drawn as vectors and is not an image here.
 */
import { readFileSync } from 'node:fs';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from 'pdf-lib';

export interface PdfImages {
  /** Distinct image objects, alpha masks aside. */
  total: number;
  /** Those drawn on the first page (the cover). */
  firstPage: number;
}

export async function pdfImages(file: string): Promise<PdfImages> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const images = new Set<string>();
  const masks = new Set<string>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    images.add(ref.toString());
    const mask = obj.dict.get(PDFName.of('SMask'));
    if (mask instanceof PDFRef) masks.add(mask.toString());
  }
  // Images reachable from the first page's resources, through form XObjects.
  const onFirst = new Set<string>();
  const seen = new Set<string>();
  const walk = (resources: PDFDict | undefined) => {
    const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    for (const [, value] of xobjects?.entries() ?? []) {
      if (!(value instanceof PDFRef) || seen.has(value.toString())) continue;
      seen.add(value.toString());
      if (images.has(value.toString())) onFirst.add(value.toString());
      const stream = doc.context.lookup(value);
      if (stream instanceof PDFStream) walk(stream.dict.lookupMaybe(PDFName.of('Resources'), PDFDict));
    }
  };
  walk(doc.getPage(0).node.Resources());
  const count = (set: Set<string>) => [...set].filter((r) => !masks.has(r)).length;
  return { total: count(images), firstPage: count(onFirst) };
}
