/**
 * The index stage on small books of our own: where its terms come from (glossary all / marked /
 * none, book.yaml, marks in the notes), where they are found (across inline markup and glossary
 * links, never in code, Latin on word boundaries), the ids of the places, sorting and sub-entries,
 * the warnings, and a book without an index left as it was.
 */
import type { Element, Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { visit } from 'unist-util-visit';
import type { Book, IndexEntry } from '../scripts/model.ts';
import { applyIndex } from '../scripts/book-index/apply.ts';
import { textByRole } from '../scripts/assets/font-text.ts';
import { Diagnostics } from '../scripts/errors.ts';
import { cleanupTempDirs, loadIn, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const yaml = (...lines: string[]) => `${['title: 索引测试', 'language: zh-CN', ...lines].join('\n')}\n`;
const GLOSSARY = [
  'terms:',
  '  - term: 注意力机制',
  '    definition: 汇总其他位置的信息。',
  '  - term: LoRA',
  '    definition: 低秩适配。',
  '  - term: 学习率',
  '    definition: 步长。',
  '    index: false',
  '  - term: 反向传播',
  '    definition: 传回梯度。',
  '    index: true',
].join('\n');

/** Every element with an id in the book's chapters, by id. */
function elementsById(book: Book): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const c of book.parts.flatMap((p) => p.chapters)) {
    visit(c.tree, 'element', (el: Element) => {
      if (typeof el.properties.id === 'string') out.set(el.properties.id, el);
    });
  }
  return out;
}

const terms = (entries: IndexEntry[]) => entries.map((e) => e.term);
const entry = (book: Book, term: string) => book.index!.entries.find((e) => e.term === term)!;
/** The text at each place of an entry (the span around the first piece of the term, or a mark). */
const placesText = (book: Book, e: IndexEntry) => e.uses.map((u) => hastToString(elementsById(book).get(u.id)!));

describe('the index stage', () => {
  it('takes every glossary term but those with index: false, and finds them in the text', async () => {
    const dir = writeBook({
      'book.yaml': yaml('chapters:', '  - chapters/a.md', 'glossary: glossary.yaml', 'index: true'),
      'glossary.yaml': GLOSSARY,
      'chapters/a.md': '# 甲\n\n**注意**力机制与反向传播，LoRA 和 exploration，学习率。\n\n```\n注意力机制\n```\n\n`LoRA` 在行内代码里。\n',
    });
    const { book, warnings } = await loadIn(dir);
    expect(terms(book.index!.entries)).toEqual(['反向传播', 'LoRA', '注意力机制']);
    // Across the bold, once; never in code; LoRA not inside "exploration".
    expect(placesText(book, entry(book, '注意力机制'))).toEqual(['注意']);
    expect(placesText(book, entry(book, 'LoRA'))).toEqual(['LoRA']);
    expect(entry(book, '反向传播').uses).toHaveLength(1);
    // The glossary matches within one run of text only, so it misses **注意**力机制; the index does not.
    expect(warnings).toEqual(['glossary.yaml:2:11: warning: term "注意力机制" never appears in the book [glossary-unused]']);
    expect(book.index!.title).toBe('索引');
    expect(book.index!.id).toBe('book-index');
  });

  it('keeps the glossary links as they were and marks the place inside them', async () => {
    const dir = writeBook({
      'book.yaml': yaml('chapters:', '  - chapters/a.md', 'glossary: glossary.yaml', 'index: true'),
      'glossary.yaml': GLOSSARY,
      'chapters/a.md': '# 甲\n\n注意力机制很重要。\n',
    });
    const { book } = await loadIn(dir);
    const html = toHtml(book.parts[0]!.chapters[0]!.tree as HastRoot);
    expect(html).toContain('<a id="gl-use-1" class="glossref" href="#gl-注意力机制" epub:type="glossref" role="doc-glossref"><span class="index-use" id="ix-1">注意力机制</span></a>');
  });

  it('takes only glossary terms with index: true with glossary: marked, none with none', async () => {
    const files = (setting: string) =>
      writeBook({
        'book.yaml': yaml('chapters:', '  - chapters/a.md', 'glossary: glossary.yaml', 'index:', `  glossary: ${setting}`, '  terms: [学习率]'),
        'glossary.yaml': GLOSSARY,
        'chapters/a.md': '# 甲\n\n注意力机制、反向传播与学习率。\n',
      });
    expect(terms((await loadIn(files('marked'))).book.index!.entries)).toEqual(['反向传播', '学习率']);
    expect(terms((await loadIn(files('none'))).book.index!.entries)).toEqual(['学习率']);
    expect(terms((await loadIn(files('all'))).book.index!.entries)).toEqual(['反向传播', '学习率', '注意力机制']);
  });

  it('merges a book.yaml term with the glossary term of the same name and lists sub-entries under it, sorted', async () => {
    const dir = writeBook({
      'book.yaml': yaml(
        'chapters:',
        '  - chapters/a.md',
        'glossary: glossary.yaml',
        'index:',
        '  terms:',
        '    - term: 微调',
        '      aliases: [fine-tuning]',
        '      subentries: [全参数微调, LoRA, { term: 指令微调, aliases: [SFT] }]',
        '    - lora',
        '    - 从未出现',
      ),
      'glossary.yaml': GLOSSARY,
      'chapters/a.md': '# 甲\n\n微调（Fine-tuning）有全参数微调、SFT 和 LoRA。\n',
    });
    const { book, warnings } = await loadIn(dir);
    const tuning = entry(book, '微调');
    // The longest name wins at each place: 全参数微调 is the sub-entry's, not 微调's.
    expect(placesText(book, tuning)).toEqual(['微调', 'Fine-tuning']);
    expect(tuning.subentries.map((s) => [s.term, placesText(book, s)])).toEqual([
      ['LoRA', ['LoRA']],
      ['全参数微调', ['全参数微调']],
      ['指令微调', ['SFT']],
    ]);
    // `lora` is the glossary's LoRA (names are merged in any case); its places are the same text.
    // Glossary terms the text never uses are not in the index (the glossary warns about them).
    expect(terms(book.index!.entries)).toEqual(['LoRA', '微调']);
    expect(entry(book, 'LoRA').uses.map((u) => u.id)).toEqual(tuning.subentries[0]!.uses.map((u) => u.id));
    expect(warnings.filter((w) => w.includes('[index-'))).toEqual(['book.yaml:12:7: warning: index term "从未出现" never appears in the book; it is left out [index-unused]']);
  });

  it('reads marks in the notes: block and inline, sub-entries, several terms, and terms the text never spells', async () => {
    const dir = writeBook({
      'book.yaml': yaml('chapters:', '  - chapters/a.md', '  - chapters/b.md', 'index: true'),
      'chapters/a.md': '# 甲\n\n<!-- index: 优化方法 -->\n这一段讲梯度。\n\n行内<!-- 索引：注意力机制 > 多头注意力；残差 -->标记。\n\n<!-- index: -->\n',
      'chapters/b.md': '# 乙\n\n多头注意力与残差。优化方法。\n',
    });
    const { book, warnings } = await loadIn(dir);
    expect(terms(book.index!.entries)).toEqual(['残差', '优化方法', '注意力机制']);
    const byId = elementsById(book);
    const method = entry(book, '优化方法');
    // The block mark went to the start of the paragraph after it; the term is also found in chapter 乙.
    expect(method.uses.map((u) => u.chapter.title)).toEqual(['甲', '乙']);
    const mark = byId.get(method.uses[0]!.id)!;
    expect(mark.properties).toEqual({ className: ['index-mark'], id: method.uses[0]!.id });
    const paragraph = book.parts[0]!.chapters[0]!.tree;
    expect(toHtml(paragraph)).toContain(`<p><span class="index-mark" id="${method.uses[0]!.id}"></span>这一段讲梯度。</p>`);
    // 注意力机制 has no place of its own: only its sub-entry, from the mark and from chapter 乙.
    const attention = entry(book, '注意力机制');
    expect(attention.uses).toEqual([]);
    expect(attention.subentries.map((s) => [s.term, s.uses.map((u) => u.chapter.title)])).toEqual([['多头注意力', ['甲', '乙']]]);
    // One mark, two terms: the same place for both.
    expect(entry(book, '残差').uses[0]!.id).toBe(attention.subentries[0]!.uses[0]!.id);
    expect(warnings).toEqual(['chapters/a.md:8: warning: index mark <!-- index: --> names no term; it is ignored [index-mark-empty]']);
    // Nothing of the comment's text is left in the tree; the empty mark is gone.
    expect(toHtml(paragraph)).not.toContain('data-index');
  });

  it('gives ids that no heading or raw id of the book has', async () => {
    const dir = writeBook({
      'book.yaml': yaml('chapters:', '  - chapters/a.md', 'index: [梯度]'),
      'chapters/a.md': '# 甲\n\n<a id="ix-1"></a>梯度。\n\n## ix-2\n\n梯度。\n\n## book-index\n\n梯度。\n',
    });
    const { book } = await loadIn(dir);
    const ids = entry(book, '梯度').uses.map((u) => u.id);
    expect(ids).toEqual(['ix-1', 'ix-3', 'ix-4']);
    const chapter = book.parts[0]!.chapters[0]!;
    // The raw id is the author's, renamed (book/raw-ids.ts); the heading keeps its slug, the index moves aside.
    expect(chapter.ids).toContain('user-ix-1');
    expect(chapter.ids).toContain('ix-2');
    expect(book.index!.id).toBe('book-index-1');
    for (const id of ids) expect(chapter.ids).toContain(id);
  });

  it('leaves a book without an index as it was, and takes the marks out of one that has marks', async () => {
    const plain = writeBook({ 'book.yaml': yaml('chapters:', '  - chapters/a.md'), 'chapters/a.md': '# 甲\n\n正文。\n' });
    const { book } = await loadIn(plain);
    expect(book.index).toBeUndefined();
    expect(applyIndex(book, { diagnostics: new Diagnostics() })).toBe(book);

    const marked = writeBook({ 'book.yaml': yaml('chapters:', '  - chapters/a.md'), 'chapters/a.md': '# 甲\n\n<!-- index: 正文 -->\n正文<!-- index: 行内 -->。\n\n<!-- index: 另一处 -->\n' });
    const loaded = await loadIn(marked);
    // Only the line breaks between blocks that the comments stood on remain.
    expect(toHtml(loaded.book.parts[0]!.chapters[0]!.tree).replace(/>\s+</g, '><')).toBe('<div class="note"><p>正文。</p></div>');
    expect(loaded.warnings).toEqual([]);
  });

  it('puts what the index and the cross-references print into the font subsets: a term only a mark names, the title, the wording', async () => {
    const dir = writeBook({
      'book.yaml': yaml('chapters:', '  - chapters/a.md', 'index: { title: 词汇龢 }', 'pdf: { crossReferencePages: "（参见第 {page} 頁）" }'),
      'chapters/a.md': '# 甲\n\n<!-- index: 龘字 -->\n正文。\n',
    });
    const { book } = await loadIn(dir);
    const text = textByRole(book);
    for (const c of ['龘', '龢', '参', '頁']) expect(text.body, c).toContain(c);
    expect(text.heading).toContain('龢');
    expect(book.index!.entries.map((e) => e.group)).toEqual(['D']);
    expect(text.heading).toContain('D');
  });
});
