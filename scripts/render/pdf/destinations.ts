/**
 * Where each anchor landed: Chromium writes a named destination for every link target
 * (`<a href="#id">` → /Dests or the /Names → /Dests name tree, `id` → [page /XYZ x y z]).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';

function nameOf(key: PDFObject): string | undefined {
  if (key instanceof PDFName) return decodeURIComponent(key.decodeText());
  if (key instanceof PDFString || key instanceof PDFHexString) return key.decodeText();
  return undefined;
}

function pageRefOf(doc: PDFDocument, value: PDFObject | undefined): PDFRef | undefined {
  let v = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (v instanceof PDFDict) {
    const d = v.get(PDFName.of('D'));
    v = d instanceof PDFRef ? doc.context.lookup(d) : d;
  }
  if (v instanceof PDFArray) {
    const first = v.get(0);
    if (first instanceof PDFRef) return first;
  }
  return undefined;
}

function walkNameTree(doc: PDFDocument, node: PDFDict, visitEntry: (key: PDFObject, value: PDFObject) => void, depth = 0): void {
  if (depth > 32) return;
  const names = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  if (names) for (let i = 0; i + 1 < names.size(); i += 2) visitEntry(names.get(i), names.get(i + 1));
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  if (kids) for (let i = 0; i < kids.size(); i++) walkNameTree(doc, kids.lookup(i, PDFDict), visitEntry, depth + 1);
}

/** id → 1-based physical page number. */
export function destinationPages(doc: PDFDocument): Map<string, number> {
  const pageIndex = new Map<string, number>();
  doc.getPages().forEach((p, i) => pageIndex.set(p.ref.toString(), i + 1));
  const result = new Map<string, number>();
  const add = (key: PDFObject, value: PDFObject) => {
    const name = nameOf(key);
    const ref = pageRefOf(doc, value);
    const page = ref ? pageIndex.get(ref.toString()) : undefined;
    if (name !== undefined && page !== undefined) result.set(name, page);
  };
  const catalog = doc.catalog;
  const dests = catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (dests) for (const [key, value] of dests.entries()) add(key, value);
  const names = catalog.lookupMaybe(PDFName.of('Names'), PDFDict);
  const tree = names?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (tree) walkNameTree(doc, tree, add);
  return result;
}

/**
 * id → 1-based page of every probe link (print.ts addProbes): the link annotations whose URI
 * starts with `origin`. A place split over two pages counts where it starts.
 */
export function probePages(doc: PDFDocument, origin: string): Map<string, number> {
  const result = new Map<string, number>();
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) return;
    for (let j = 0; j < annots.size(); j++) {
      const annot = annots.lookup(j);
      if (!(annot instanceof PDFDict)) continue;
      const uri = annot.lookupMaybe(PDFName.of('A'), PDFDict)?.lookup(PDFName.of('URI'));
      const text = uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
      if (!text?.startsWith(origin)) continue;
      const id = decodeURIComponent(text.slice(origin.length));
      if (!result.has(id)) result.set(id, i + 1);
    }
  });
  return result;
}
