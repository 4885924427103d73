/**
 * The PDF names its fonts after the PostScript name inside each file (NotoSerifSC-Regular …).
 * The book's fonts are its own subsets, so the PDF calls them by the book's family names
 * (InkstoneSerif-Regular …): `pdffonts` then shows at a glance that nothing else got in.
 */
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import type { SubsetFont } from '../../assets/fonts.ts';

/** nameID 6 (PostScript name) from a TrueType/OpenType `name` table. */
export function postScriptName(font: Buffer): string | undefined {
  if (font.length < 12) return undefined;
  const numTables = font.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (rec + 16 > font.length) return undefined;
    if (font.toString('latin1', rec, rec + 4) !== 'name') continue;
    const table = font.readUInt32BE(rec + 8);
    const count = font.readUInt16BE(table + 2);
    const strings = table + font.readUInt16BE(table + 4);
    for (let j = 0; j < count; j++) {
      const r = table + 6 + j * 12;
      const [platform, , , nameId, length, offset] = [0, 2, 4, 6, 8, 10].map((o) => font.readUInt16BE(r + o)) as [number, number, number, number, number, number];
      if (nameId !== 6) continue;
      const bytes = font.subarray(strings + offset, strings + offset + length);
      if (platform === 1) return bytes.toString('latin1');
      if (platform === 3 || platform === 0) return Buffer.from(bytes).swap16().toString('utf16le');
    }
  }
  return undefined;
}

/**
 * PostScript name in the file → name the PDF should show, e.g. NotoSerifSC-Bold → InkstoneSerif-Bold.
 * Two subsets of one file share a PostScript name (Noto Sans Math is the formula font and the
 * fallback for operators in prose): the book's own face names it, not the fallback.
 */
export function bookFontNames(fonts: SubsetFont[]): Map<string, string> {
  const map = new Map<string, string>();
  const ordered = [...fonts.filter((f) => f.face.role !== 'fallback'), ...fonts.filter((f) => f.face.role === 'fallback')];
  for (const f of ordered) {
    const ps = postScriptName(f.data);
    if (ps && !map.has(ps)) map.set(ps, `${f.face.family.replace(/\s+/g, '')}-${f.face.weight >= 700 ? 'Bold' : 'Regular'}`);
  }
  return map;
}

/** Renames BaseFont/FontName of every font whose PostScript name is in `names`; returns the names left over. */
export function renameFonts(doc: PDFDocument, names: Map<string, string>): string[] {
  const unknown = new Set<string>();
  const rename = (value: unknown): PDFName | undefined => {
    if (!(value instanceof PDFName)) return undefined;
    const full = value.decodeText();
    const m = /^([A-Z]{6}\+)?(.*)$/.exec(full)!;
    const to = names.get(m[2]!);
    if (!to) {
      unknown.add(full);
      return undefined;
    }
    return PDFName.of(`${m[1] ?? ''}${to}`);
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict)) continue;
    const type = obj.get(PDFName.of('Type'));
    if (type === PDFName.of('Font')) {
      const renamed = rename(obj.get(PDFName.of('BaseFont')));
      if (renamed) obj.set(PDFName.of('BaseFont'), renamed);
    } else if (type === PDFName.of('FontDescriptor')) {
      const renamed = rename(obj.get(PDFName.of('FontName')));
      if (renamed) obj.set(PDFName.of('FontName'), renamed);
    }
  }
  return [...unknown];
}
