/**
 * The PDF of test/fixtures/xref-book, checked with poppler: every cross-reference's page number
 * (（见第 N 页）) is the page that holds its target, whether the link leads to a heading, a note, an
 * anchor in raw HTML, a footnote's link or a glossary entry; none is added in headings, after
 * external links or footnote numbers, nor in the contents, the glossary or the index. Every page
 * number of the index is a page that holds its term (or the place an index mark names), ranges
 * included, and each number is a link.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/build.ts';
import { destinationPages, probePages } from '../../scripts/render/pdf/destinations.ts';
import { PROBE_ORIGIN } from '../../scripts/render/pdf/print.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/xref-book/book.yaml');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const squash = (s: string) => s.replace(/\s+/g, '');

/**
 * The fixture's references: link text, how many times it is a reference, and text that stands
 * at its target (a heading's first sentence, a glossary entry's term and English form).
 */
const REFERENCES: [string, number, string][] = [
  ['反向传播', 2, '反向传播Backpropagation'], // the glossary link, first use in 基础知识 and in 进阶
  ['学习率', 1, '学习率Learningrate'],
  ['Transformer', 2, 'Transformer以注意力机制为核心'], // glossary, in 进阶 and 实践
  ['注意力机制', 1, '注意力机制Attention'],
  ['多头注意力', 1, '多头注意力把注意力机制拆成几组'], // a heading of another note
  ['训练一章', 1, '训练离不开反向传播'], // a note
  ['本章开头', 1, '本章先讲反向传播'], // the chapter's own title
  ['实践中的锚点', 1, '这里是实践中的锚点'], // <a id="practice-anchor"> in raw HTML
  ['梯度下降', 1, '梯度下降沿着梯度的反方向'], // a link inside a footnote
  ['微调一节', 1, '微调（fine-tuning）在预训练模型上继续训练'],
  ['反向传播一节', 1, '反向传播是训练神经网络的核心算法'],
  ['注意力一章', 1, '的核心是注意力机制'], // a note of a multi-note chapter
  ['基础一章', 1, '本章先讲反向传播'],
];

describe('cross-references and the index in the PDF', () => {
  let dir: string;
  let pdf: string;
  let result: BuildResult;
  let pages: string[];
  const savedEpoch = process.env.SOURCE_DATE_EPOCH;

  beforeAll(async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    dir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-xref-'));
    result = await build({ configFile: FIXTURE, outDir: dir, formats: ['pdf'], offline: true });
    pdf = result.outputs[0]!.file;
    const count = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]))![1]);
    // Index 0 is page 1. -raw keeps the text in the order it is drawn (the index's columns apart).
    pages = Array.from({ length: count }, (_, i) => run('pdftotext', ['-raw', '-f', String(i + 1), '-l', String(i + 1), pdf, '-']));
  });
  afterAll(() => {
    if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = savedEpoch;
    rmSync(dir, { recursive: true, force: true });
  });

  const pageOf = (title: string) => {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: { title: string; destpageposfrom1: number; kids: unknown[] }[] };
    const all = (nodes: typeof json.outlines): typeof json.outlines => nodes.flatMap((n) => [n, ...all(n.kids as typeof json.outlines)]);
    return all(json.outlines).find((n) => n.title === title)!.destpageposfrom1;
  };

  it('prints after each link to another place of the book the page that holds it', () => {
    const found: { text: string; page: number; on: number }[] = [];
    pages.forEach((text, i) => {
      for (const m of squash(text).matchAll(/（见第(\d+)页）/g)) {
        const before = squash(text).slice(0, m.index);
        // The longest link text of the table that the reference follows.
        const ref = REFERENCES.filter(([link]) => before.endsWith(link)).sort((a, b) => b[0].length - a[0].length)[0];
        expect(ref, `a reference after "${before.slice(-12)}" on page ${i + 1}`).toBeDefined();
        found.push({ text: ref![0], page: Number(m[1]), on: i + 1 });
      }
    });
    for (const [link, times, target] of REFERENCES) {
      const refs = found.filter((f) => f.text === link);
      expect(refs.length, `references after "${link}"`).toBe(times);
      for (const r of refs) expect(squash(pages[r.page - 1]!), `"${link}" on page ${r.on} says page ${r.page}`).toContain(target);
    }
    expect(found).toHaveLength(REFERENCES.reduce((n, r) => n + r[1], 0));
    // Targets really are elsewhere: the numbers are not all the page they stand on.
    expect(found.filter((f) => f.page !== f.on).length).toBeGreaterThan(10);
  });

  it('adds nothing in headings, after external links and footnote numbers, in the contents, the glossary or the index', () => {
    const all = squash(pages.join('\n'));
    expect(all).toContain('标题里的链接不加页码');
    expect(all).toContain('示例。脚注也不加页码');
    expect(all).not.toMatch(/示例（见第/);
    const glossaryStart = pageOf('术语表');
    for (let p = 1; p <= pages.length; p++) {
      const text = squash(pages[p - 1]!);
      if (p < pageOf('基础') || p >= glossaryStart) expect(text, `page ${p}`).not.toContain('见第');
    }
  });

  it('lists in the index the pages of each term, ranges collapsed, each page holding the term', () => {
    const start = pageOf('索引');
    const lines = pages.slice(start - 1).flatMap((t) => t.split('\n')).map((l) => l.trim());
    const index = result.book.index!;
    const subTerms = new Set(index.entries.flatMap((e) => e.subentries.map((s) => s.term)));
    const names: Record<string, string[]> = { 微调: ['微调', 'fine-tuning'] };
    let checked = 0;
    let ranges = 0;
    const seen: string[] = [];
    for (const line of lines) {
      const m = /^(.+?)\s+(\d+(?:–\d+)?(?:,\s*\d+(?:–\d+)?)*)$/.exec(line);
      if (!m) continue;
      const term = m[1]!;
      seen.push(term);
      for (const [, a, b] of m[2]!.matchAll(/(\d+)(?:–(\d+))?/g)) {
        if (b) ranges++;
        for (let p = Number(a); p <= Number(b ?? a); p++) {
          const text = squash(pages[p - 1]!).toLowerCase();
          expect((names[term] ?? [term]).some((n) => text.includes(n.toLowerCase())), `"${term}" on page ${p}`).toBe(true);
          expect(p).toBeLessThan(start);
          checked++;
        }
      }
    }
    const all = index.entries.flatMap((e) => [e.term, ...e.subentries.map((s) => s.term)]);
    expect(seen).toEqual(all);
    expect(subTerms.size).toBeGreaterThanOrEqual(3);
    expect(checked).toBeGreaterThan(20);
    expect(ranges).toBeGreaterThan(0);
  });

  it('makes every page number of the index a link', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf));
    const start = pageOf('索引');
    let links = 0;
    for (const page of doc.getPages().slice(start - 1)) {
      const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
      for (let i = 0; i < (annots?.size() ?? 0); i++) if (annots!.lookup(i, PDFDict).get(PDFName.of('Subtype'))?.toString() === '/Link') links++;
    }
    const text = pages.slice(start - 1).join('\n');
    const numbers = [...text.matchAll(/(?<=\s|,|–)\d+(?=,|–|\s*$)/gm)].filter((m) => !/^\s*\d+\s*$/.test(text.slice(text.lastIndexOf('\n', m.index) + 1, text.indexOf('\n', m.index))));
    expect(numbers.length).toBeGreaterThan(20);
    expect(links).toBe(numbers.length);
  });

  it('measures the places of the index and the glossary with probe links the finished PDF does not keep', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf));
    const book = result.book;
    const places = [...book.index!.entries.flatMap((e) => [e, ...e.subentries]).flatMap((e) => e.uses), ...book.glossary!.entries.flatMap((e) => e.uses)].map((u) => u.id);
    expect(places.length).toBeGreaterThan(30);
    // Measured while printing (the page lists are checked against the text above), then removed.
    expect([...probePages(doc, PROBE_ORIGIN).keys()]).toEqual([]);
    // A place is a destination only where a page number links to it, not every place.
    const destinations = destinationPages(doc);
    expect(places.filter((id) => destinations.has(id)).length).toBeGreaterThan(0);
    // The first print's glossary shows no probe dots, and nothing of the probes is printed.
    expect(squash(pages.join('')).includes('·')).toBe(false);
  });
});
