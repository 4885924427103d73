/**
 * book.yaml `pdf.crossReferencePages` and `index`: the short and long forms, their defaults (off),
 * the wording per language, and the exact messages for what a user may get wrong.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { crossReferenceWording } from '../scripts/labels.ts';
import { cleanupTempDirs, configError, resolveIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const NOTE = { 'chapters/a.md': '# 甲\n\n正文。\n' };
const book = (...lines: string[]) => writeBook({ 'book.yaml': `${['title: T', 'language: zh-CN', 'chapters:', '  - chapters/a.md', ...lines].join('\n')}\n`, ...NOTE });

describe('pdf.crossReferencePages', () => {
  it('is off unless asked for', () => {
    expect(resolveIn(book()).pdf.crossReferencePages).toBeUndefined();
    expect(resolveIn(book('pdf:', '  crossReferencePages: false')).pdf.crossReferencePages).toBeUndefined();
  });

  it('true: the wording of the book language, glossary links included', () => {
    expect(resolveIn(book('pdf:', '  crossReferencePages: true')).pdf.crossReferencePages).toEqual({ text: '（见第 {page} 页）', glossary: true });
    const en = writeBook({ 'book.yaml': 'title: T\nlanguage: en-GB\nchapters: [chapters/a.md]\npdf: { crossReferencePages: true }\n', ...NOTE });
    expect(resolveIn(en).pdf.crossReferencePages).toEqual({ text: ' (see page {page})', glossary: true });
  });

  it('has a wording per language, Chinese for languages it does not know', () => {
    expect(crossReferenceWording('zh-Hant-TW')).toBe('（见第 {page} 页）');
    expect(crossReferenceWording('ja')).toBe('（{page} ページ参照）');
    expect(crossReferenceWording('EN')).toBe(' (see page {page})');
    expect(crossReferenceWording('de-DE')).toBe('（见第 {page} 页）');
  });

  it('takes a wording of its own, or { text, glossary }', () => {
    expect(resolveIn(book('pdf:', '  crossReferencePages: "（参见第 {page} 页）"')).pdf.crossReferencePages).toEqual({ text: '（参见第 {page} 页）', glossary: true });
    expect(resolveIn(book('pdf:', '  crossReferencePages: { glossary: false }')).pdf.crossReferencePages).toEqual({ text: '（见第 {page} 页）', glossary: false });
    expect(resolveIn(book('pdf:', '  crossReferencePages: { text: "→ {page}" }')).pdf.crossReferencePages).toEqual({ text: '→ {page}', glossary: true });
  });

  it.each([
    ['a wording without {page}', '  crossReferencePages: 见第页', 'book.yaml:6:24: pdf.crossReferencePages: expected a text with {page} once, such as "（见第 {page} 页）"'],
    ['{page} twice', '  crossReferencePages: "{page}{page}"', 'book.yaml:6:24: pdf.crossReferencePages: expected a text with {page} once, such as "（见第 {page} 页）"'],
    ['a number', '  crossReferencePages: 3', 'book.yaml:6:24: pdf.crossReferencePages: expected true, false, a text with {page} or { text, glossary }, got the number 3'],
    ['a misspelt key', '  crossReferencePages: { txt: "p{page}" }', 'book.yaml:6:26: pdf.crossReferencePages.txt: unknown key "txt"; did you mean "text"?\n  Allowed here: text, glossary'],
    ['glossary: maybe', '  crossReferencePages: { glossary: maybe }', 'book.yaml:6:36: pdf.crossReferencePages.glossary: expected true or false, got the string "maybe"'],
  ])('refuses %s', (_what, line, message) => {
    expect(configError(book('pdf:', line))).toBe(message);
  });
});

describe('index', () => {
  it('is off unless asked for', () => {
    expect(resolveIn(book()).index).toBeUndefined();
    expect(resolveIn(book('index: false')).index).toBeUndefined();
  });

  it('true: every glossary term and the marks in the notes, titled 索引', () => {
    expect(resolveIn(book('index: true')).index).toEqual({ title: '索引', glossary: 'all', terms: [] });
  });

  it('a list: those terms too, each with where book.yaml gives it', () => {
    const index = resolveIn(book('index:', '  - 梯度下降', '  - term: 微调', '    aliases: [fine-tuning]', '    case: sensitive', '    subentries: [LoRA, { term: 指令微调, aliases: [SFT] }]')).index!;
    expect(index.glossary).toBe('all');
    expect(index.terms.map((t) => [t.term, t.aliases, t.case, t.subentries.map((s) => [s.term, s.aliases, s.position.line]), t.position.line])).toEqual([
      ['梯度下降', [], undefined, [], 6],
      ['微调', ['fine-tuning'], 'sensitive', [['LoRA', [], 10], ['指令微调', ['SFT'], 10]], 7],
    ]);
  });

  it('a mapping: title, which glossary terms, terms', () => {
    const index = resolveIn(book('index:', '  title: 术语索引', '  glossary: marked', '  terms: [注意力]')).index!;
    expect([index.title, index.glossary, index.terms.map((t) => t.term)]).toEqual(['术语索引', 'marked', ['注意力']]);
  });

  it.each([
    ['a string', ['index: 索引'], 'book.yaml:5:8: index: expected true, false, a list of terms or { title, glossary, terms }, got the string "索引"'],
    ['glossary: some', ['index: { glossary: some }'], 'book.yaml:5:20: index.glossary: expected all, marked or none, got the string "some"'],
    ['a number as a term', ['index:', '  - 3'], 'book.yaml:6:5: index[0]: expected an index term or { term, aliases, case, subentries }, got the number 3'],
    ['an unknown key of a term', ['index:', '  terms:', '    - term: 微调', '      see: [LoRA]'], 'book.yaml:8:7: index.terms[0].see: unknown key "see"\n  Allowed here: term, aliases, case, subentries'],
    ['an empty term', ['index: [""]'], 'book.yaml:5:9: index[0]: expected an index term, got an empty string'],
  ])('refuses %s', (_what, lines, message) => {
    expect(configError(book(...lines))).toBe(message);
  });

  it('a glossary term says index: true or false, nothing else', async () => {
    const dir = writeBook({
      'book.yaml': 'title: T\nlanguage: zh-CN\nchapters: [chapters/a.md]\nglossary: g.yaml\nindex: true\n',
      'g.yaml': 'terms:\n  - term: 甲\n    definition: 一。\n    index: yes\n',
      ...NOTE,
    });
    const { loadIn, errorOfAsync } = await import('./helpers.ts');
    expect(await errorOfAsync(() => loadIn(dir))).toBe('g.yaml:4:12: terms[0].index: expected true or false, got the string "yes"');
  });
});
