/**
 * PDF checks with poppler and qpdf: fonts (every one embedded, only the book's own families),
 * an outline, Title and Author, and a tagged (structure) tree.
 */
import { FALLBACK_FAMILIES } from '../assets/fallback-fonts.ts';
import { BOOK_FONTS } from '../assets/fonts.ts';
import { MissingTool, runTool } from './tools.ts';
import { result, type CheckResult } from './types.ts';

/** The PDF names of the book's families: InkstoneSerif … and the fallbacks, InkstoneOperators … */
export const BOOK_FAMILY_NAMES: readonly string[] = [...new Set([...BOOK_FONTS.map((f) => f.family), ...FALLBACK_FAMILIES])].map((f) => f.replace(/\s+/g, ''));

/** The fonts the build embeds (scripts/render/pdf/fonts.ts renames the npm fonts to these). */
export const BOOK_FONT = new RegExp(`^(${BOOK_FAMILY_NAMES.join('|')})-(Regular|Bold)$`);

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** Parse `pdffonts` output by the column widths its dashed line gives. */
export function parsePdffonts(output: string): PdfFont[] {
  const lines = output.split('\n');
  const ruler = lines.findIndex((l) => /^-+( -+)+\s*$/.test(l));
  if (ruler < 0) return [];
  const columns: [number, number][] = [];
  for (const m of lines[ruler]!.matchAll(/-+/g)) columns.push([m.index, m.index + m[0].length]);
  const cell = (line: string, i: number) => line.slice(columns[i]![0], columns[i]![1]).trim();
  return lines
    .slice(ruler + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => ({ name: cell(l, 0), type: cell(l, 1), embedded: cell(l, 3) === 'yes' }));
}

/** `ABCDEF+InkstoneSerif-Regular` → `InkstoneSerif-Regular`. */
export const withoutSubsetTag = (name: string) => name.replace(/^[A-Z]{6}\+/, '');

export function fontProblems(fonts: PdfFont[]): string[] {
  const problems: string[] = [];
  if (fonts.length === 0) problems.push('no fonts found (pdffonts listed none)');
  for (const f of fonts) {
    if (!f.embedded) problems.push(`font not embedded: ${f.name} (${f.type})`);
    if (!BOOK_FONT.test(withoutSubsetTag(f.name))) problems.push(`font from outside the book: ${f.name} (${f.type}); only the book's own fonts (${BOOK_FAMILY_NAMES.join(', ')}) belong in the PDF`);
  }
  return problems;
}

function tool(name: string, command: string, args: string[], file: string, install: string): { out?: string; failed?: CheckResult } {
  try {
    const r = runTool(command, args, { install });
    if (r.status !== 0) return { failed: { name, file, status: 'fail', summary: `${command} failed (exit ${r.status})`, details: r.stderr.trim().split('\n').slice(0, 5) } };
    return { out: r.stdout };
  } catch (e) {
    if (e instanceof MissingTool) return { failed: { name, file, status: 'fail', summary: e.message, details: [], missingTool: true } };
    throw e;
  }
}

export function checkPdfFonts(file: string): CheckResult {
  const { out, failed } = tool('pdf fonts', 'pdffonts', [file], file, 'apt-get install poppler-utils');
  if (failed) return failed;
  const fonts = parsePdffonts(out!);
  const families = [...new Set(fonts.map((f) => withoutSubsetTag(f.name)))];
  return result('pdf fonts', file, fontProblems(fonts), `${fonts.length} fonts, all embedded, all the book's own (${families.join(', ')})`);
}

interface OutlineItem {
  kids?: OutlineItem[];
}

export function checkPdfOutline(file: string): CheckResult {
  const { out, failed } = tool('pdf outline', 'qpdf', ['--json', '--json-key=outlines', file], file, 'apt-get install qpdf');
  if (failed) return failed;
  const outlines = (JSON.parse(out!) as { outlines?: OutlineItem[] }).outlines ?? [];
  const count = (items: OutlineItem[]): number => items.reduce((n, i) => n + 1 + count(i.kids ?? []), 0);
  const n = count(outlines);
  return result('pdf outline', file, n === 0 ? ['no outline (bookmarks); print with outline: true'] : [], `${n} bookmarks, ${outlines.length} at the top level`);
}

/** `pdfinfo` fields, e.g. { Title: '…', Tagged: 'yes' }. */
export function parsePdfinfo(output: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const m = /^([A-Za-z ]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

export function checkPdfInfo(file: string): CheckResult {
  const { out, failed } = tool('pdf metadata', 'pdfinfo', ['-enc', 'UTF-8', file], file, 'apt-get install poppler-utils');
  if (failed) return failed;
  const info = parsePdfinfo(out!);
  const problems: string[] = [];
  if (!info.Title) problems.push('no Title in the document information');
  if (!info.Author) problems.push('no Author in the document information');
  if (info.Tagged !== 'yes') problems.push('not tagged (no structure tree); print with tagged: true');
  return result('pdf metadata', file, problems, `Title "${info.Title}", Author "${info.Author}", tagged, ${info.Pages} pages`);
}

export function checkPdf(file: string): CheckResult[] {
  return [checkPdfFonts(file), checkPdfOutline(file), checkPdfInfo(file)];
}
