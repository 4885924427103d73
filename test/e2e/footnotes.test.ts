/**
 * Footnotes in the PDF (render/pdf/footnote-pages.ts): a book with many footnotes, printed, and
 * read back with poppler as a reader sees it. Every note is printed at the end of its chapter
 * with its own text, and ends with `（第 N 页）` where N is the page that really holds its
 * reference: found in the text, by a word written right before each reference (`mark07`, glued
 * to the superscript number so that no line or page can fall between them). The note's number
 * and each page number are links to that page.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { formatWarning } from '../../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from '../helpers.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const squash = (s: string) => s.replace(/\s+/g, '');
const tag = (k: number) => String(k).padStart(2, '0');

/** Running text: long enough that a chapter takes several A5 pages. */
const FILLER = '大模型的训练先在海量语料上预训练，再用较少的标注数据微调，使模型学会遵循指令并给出有用的回答。';
const paragraph = (n: number) => FILLER.repeat(n);

interface Note {
  k: number;
  chapter: number;
  /** How many places refer to it. */
  refs: number;
}

/**
 * Two chapters: a journal of three notes (each numbering its own [^1], [^2] …) and a one-note
 * chapter; one note referred to from two places pages apart; a long last note (paragraphs and a
 * list) that may run onto the next page.
 */
function fixture(): { files: Record<string, string>; notes: Note[] } {
  const notes: Note[] = [];
  let k = 0;
  const note = (chapter: number, labels: number, options: { twice?: number; long?: number } = {}) => {
    const body: string[] = [];
    const defs: string[] = [];
    for (let i = 1; i <= labels; i++) {
      k++;
      const twice = options.twice === i;
      notes.push({ k, chapter, refs: twice ? 2 : 1 });
      body.push(`${paragraph(2)}mark${tag(k)}[^${i}]${paragraph(1)}`);
      if (twice) body.push(paragraph(9), `${paragraph(1)}again${tag(k)}[^${i}]${paragraph(1)}`);
      const long = options.long === i;
      defs.push(
        long
          ? `[^${i}]: head${tag(k)} 这条注释很长，有几段。${paragraph(4)}\n\n    ${paragraph(4)}\n\n    - 第一项：${FILLER}\n    - 第二项：${FILLER}\n\n    ${paragraph(3)}tail${tag(k)}`
          : `[^${i}]: head${tag(k)} 注释正文，说明出处与细节。tail${tag(k)}`,
      );
    }
    return `${body.join('\n\n')}\n\n${defs.join('\n')}\n`;
  };
  const files: Record<string, string> = {
    'book.yaml': 'title: 注释排版\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n  - title: 周记\n    notes: [week/1.md, week/2.md, week/3.md]\n  - solo.md\n',
    'week/1.md': `# 第一周\n\n${note(1, 5)}`,
    'week/2.md': `# 第二周\n\n${note(1, 4, { twice: 2 })}`,
    'week/3.md': `# 第三周\n\n${note(1, 6, { long: 6 })}`,
    'solo.md': `# 单篇\n\n${note(2, 8, { long: 8 })}`,
  };
  return { files, notes };
}

let pdf: string;
let pageCount: number;
let warnings: string[];
let notes: Note[];
/** Page number → the text of its body (running head and folio cropped away). */
const bodies = new Map<number, string>();

afterAll(cleanupTempDirs);

beforeAll(async () => {
  const made = fixture();
  notes = made.notes;
  const dir = writeBook(made.files);
  const out = makeTempDir('ink-footnotes-pdf-');
  const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['pdf'], offline: true });
  pdf = result.outputs[0]!.file;
  warnings = result.warnings.map(formatWarning);
  pageCount = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
  // A5 is 420 × 595 pt; the body lies between the 20 mm margins (57 pt).
  for (let p = 1; p <= pageCount; p++) bodies.set(p, run('pdftotext', ['-f', String(p), '-l', String(p), '-x', '0', '-y', '57', '-W', '420', '-H', '481', '-r', '72', pdf, '-']));
});

const pagesWith = (word: string) => [...bodies].filter(([, text]) => squash(text).includes(word)).map(([p]) => p);

/** The page list printed after a note: `tailNN（第12、15页）` → [12, 15]. */
function printedPages(k: number): number[] {
  const all = [...bodies.values()].map(squash).join('');
  const m = new RegExp(`tail${tag(k)}（第([\\d、]+)页）`).exec(all);
  expect(m, `note ${k} ends with its pages`).not.toBeNull();
  return m![1]!.split('、').map(Number);
}

/** Link annotations of a page: rectangle and the page they lead to. */
async function links(): Promise<Map<number, { rect: number[]; to: number }[]>> {
  const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i + 1]));
  const out = new Map<number, { rect: number[]; to: number }[]>();
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    const list: { rect: number[]; to: number }[] = [];
    for (let a = 0; a < (annots?.size() ?? 0); a++) {
      const annot = annots!.lookup(a, PDFDict);
      let dest = annot.lookupMaybe(PDFName.of('Dest'), PDFArray);
      dest ??= annot.lookupMaybe(PDFName.of('A'), PDFDict)?.lookupMaybe(PDFName.of('D'), PDFArray);
      const target = dest?.get(0);
      const rect = annot.lookupMaybe(PDFName.of('Rect'), PDFArray);
      if (!(target instanceof PDFRef) || !rect) continue;
      list.push({ rect: rect.asArray().map((n) => (n as PDFNumber).asNumber()), to: pageIndex.get(target.toString())! });
    }
    out.set(i + 1, list);
  });
  return out;
}

/** Words of a page with their boxes (pdftotext -bbox: top-left origin, in points). */
function words(page: number): { text: string; x: number; y: number }[] {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-']);
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    x: (Number(m[1]) + Number(m[3])) / 2,
    y: 595.28 - (Number(m[2]) + Number(m[4])) / 2,
  }));
}

describe('footnotes in the PDF', () => {
  it('builds without warnings, with notes on more than one page', () => {
    expect(warnings).toEqual([]);
    expect(notes.length).toBeGreaterThanOrEqual(20);
    expect(new Set(notes.flatMap((n) => pagesWith(`mark${tag(n.k)}`))).size).toBeGreaterThan(4);
  });

  it('prints every note, after the text of its chapter and before the next chapter', () => {
    // The chapter's opening page (the contents, earlier, names it too).
    const start2 = Math.max(...pagesWith('单篇'));
    for (const n of notes) {
      const head = pagesWith(`head${tag(n.k)}`);
      expect(head, `note ${n.k} printed once`).toHaveLength(1);
      const refs = pagesWith(`mark${tag(n.k)}`);
      const lastTextPage = Math.max(...notes.filter((m) => m.chapter === n.chapter).flatMap((m) => pagesWith(`mark${tag(m.k)}`)));
      expect(head[0]!).toBeGreaterThanOrEqual(lastTextPage);
      expect(refs[0]!).toBeLessThanOrEqual(head[0]!);
      if (n.chapter === 1) expect(head[0]!).toBeLessThan(start2);
    }
  });

  it('ends every note with the page that holds its reference (both pages for a note referred to twice)', () => {
    let twice = 0;
    for (const n of notes) {
      const expected = [...pagesWith(`mark${tag(n.k)}`), ...(n.refs > 1 ? pagesWith(`again${tag(n.k)}`) : [])];
      expect(expected, `note ${n.k}: one page per reference`).toHaveLength(n.refs);
      expect(printedPages(n.k), `note ${n.k}`).toEqual([...new Set(expected)].sort((a, b) => a - b));
      if (new Set(expected).size > 1) twice++;
    }
    expect(twice, 'a note referred to from two pages').toBe(1);
  });

  it('numbers the notes through each chapter, and makes the number and the page links to the reference', async () => {
    const annotations = await links();
    const count = new Map<number, number>();
    for (const n of notes) {
      const number = (count.get(n.chapter) ?? 0) + 1;
      count.set(n.chapter, number);
      const page = pagesWith(`head${tag(n.k)}`)[0]!;
      const refPage = pagesWith(`mark${tag(n.k)}`)[0]!;
      const ws = words(page);
      const at = ws.findIndex((w, i) => w.text.startsWith(`head${tag(n.k)}`) && ws[i - 1]?.text === String(number));
      expect(at, `note ${n.k} starts with its number ${number}`).toBeGreaterThan(0);
      const numberWord = ws[at - 1]!;
      const link = annotations.get(page)!.find((l) => l.rect[0]! <= numberWord.x && numberWord.x <= l.rect[2]! && l.rect[1]! <= numberWord.y && numberWord.y <= l.rect[3]!);
      expect(link?.to, `note ${n.k}: its number links to page ${refPage}`).toBe(refPage);
    }
    // The page numbers link too: every printed number leads to its own page.
    let checked = 0;
    for (let p = 1; p <= pageCount; p++) {
      const ws = words(p);
      ws.forEach((w, i) => {
        if (!/tail\d\d（第$/.test(w.text) && !(w.text === '、' && /^\d+$/.test(ws[i - 1]?.text ?? ''))) return;
        const num = ws[i + 1]!;
        if (!/^\d+$/.test(num.text)) return;
        const link = annotations.get(p)!.find((l) => l.rect[0]! <= num.x && num.x <= l.rect[2]! && l.rect[1]! <= num.y && num.y <= l.rect[3]!);
        expect(link?.to, `page ${p}: "${num.text}" links to that page`).toBe(Number(num.text));
        checked++;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(notes.length);
  });

  it('shows no probe or stray mark in the text', () => {
    const all = [...bodies.values()].join('');
    expect(all).not.toMatch(/[·↩↑]/);
  });
});
