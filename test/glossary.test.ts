/** Glossary: matching without spaces, sorting by pinyin under letter groups, and the stage itself. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadBook } from '../scripts/build.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { defaultCaseSensitive, TermMatcher, type MatchPattern } from '../scripts/glossary/matcher.ts';
import { groupOf, sortTerms } from '../scripts/glossary/sort.ts';
import { formatStubs, suggestTerms } from '../scripts/glossary/suggest.ts';
import { readNote } from '../scripts/notes/read.ts';
import { glossaryTree } from '../scripts/glossary/tree.ts';
import type { Glossary, GlossaryEntry } from '../scripts/model.ts';

const pattern = (entry: number, text: string): MatchPattern => ({ entry, text, caseSensitive: defaultCaseSensitive(text) });
const terms = (matcher: TermMatcher, text: string) => matcher.find(text).map((m) => text.slice(m.start, m.end));

describe('term matching', () => {
  const matcher = new TermMatcher([pattern(0, '自回归'), pattern(1, '自回归模型'), pattern(2, 'LoRA'), pattern(3, 'scaling law'), pattern(4, 'MoE'), pattern(5, '智能体'), pattern(5, 'Agent')]);

  it('finds Chinese terms with no spaces around them', () => {
    expect(terms(matcher, '所谓智能体就是能行动的模型')).toEqual(['智能体']);
  });

  it('prefers the longest term at a position', () => {
    expect(matcher.find('自回归模型和自回归')).toEqual([
      { entry: 1, start: 0, end: 5 },
      { entry: 0, start: 6, end: 9 },
    ]);
  });

  it('matches Latin terms only on word boundaries, but next to Chinese', () => {
    expect(terms(matcher, 'exploration of LoRA')).toEqual(['LoRA']);
    expect(terms(matcher, 'LoRAs and xLoRA')).toEqual([]);
    expect(terms(matcher, '用LoRA微调，MoE模型')).toEqual(['LoRA', 'MoE']);
  });

  it('applies the case rule: acronyms exact, words in any case', () => {
    expect(defaultCaseSensitive('LoRA')).toBe(true);
    expect(defaultCaseSensitive('scaling law')).toBe(false);
    expect(terms(matcher, 'lora and LORA')).toEqual([]);
    expect(terms(matcher, 'Scaling Law 说明')).toEqual(['Scaling Law']);
    expect(terms(matcher, 'agent 与 Agent')).toEqual(['agent', 'Agent']);
  });
});

describe('sorting', () => {
  it('sorts Chinese by pinyin and Latin alphabetically, interleaved under A–Z, symbols first', () => {
    const sorted = sortTerms(['量化', 'LoRA', '幻觉', 'RAG', '暗知识', 'Agent', '3D 生成', '自回归模型', 'GAN'].map((term) => ({ term })));
    expect(sorted.map((e) => e.term)).toEqual(['3D 生成', 'Agent', '暗知识', 'GAN', '幻觉', '量化', 'LoRA', 'RAG', '自回归模型']);
    expect(['3D 生成', '暗知识', 'LoRA', '量化', '自回归模型'].map(groupOf)).toEqual(['#', 'A', 'L', 'L', 'Z']);
  });

  it('reads polyphonic characters in context and keeps ties stable', () => {
    expect(groupOf('重要性')).toBe('Z');
    expect(groupOf('重复')).toBe('C');
    expect(groupOf('长度')).toBe('C');
    const sorted = sortTerms([{ term: 'MCP', n: 1 }, { term: 'mcp', n: 2 }]);
    expect(sorted.map((e) => e.n)).toEqual([1, 2]);
  });
});

function writeBook(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ink-gl-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('the glossary stage', () => {
  const files = {
    'book.yaml': 'title: T\nlanguage: zh-CN\nglossary: { file: glossary.yaml, link: first }\nchapters:\n  - chapters/a.md\n  - chapters/b.md\n',
    'chapters/a.md': '# 第一章\n\n自回归模型是一种模型。自回归模型很常见。\n\n`LoRA` 在代码里不算，[LoRA](https://x.invalid) 在链接里不算，LoRA 在正文里算。\n\n## 自回归模型的标题不算\n',
    'chapters/b.md': '# 第二章\n\n再说自回归模型，还有 https://example.com/LoRA 这样的网址。\n',
    'glossary.yaml': [
      'terms:',
      '  - term: 自回归模型',
      '    english: Autoregressive model',
      '    definition: 逐个预测下一个 **token** 的模型。',
      '    see: [LoRA]',
      '  - term: LoRA',
      '    definition: 低秩适配。',
      '  - term: 从未出现',
      '    definition: 无。',
      '  - term: 低秩',
      '    aliases: [LoRA]',
      '    definition: 重复。',
      '',
    ].join('\n'),
  };

  it('links the first use in each chapter, marks every use, skips code, links, headings and URLs', async () => {
    const dir = writeBook(files);
    const diagnostics = new Diagnostics();
    const book = await loadBook({ configFile: path.join(dir, 'book.yaml'), offline: true }, diagnostics);
    const [a, b] = book.parts[0]!.chapters;
    const htmlA = toHtml(a!.tree);
    expect(htmlA).toContain('<a id="gl-use-1" class="glossref" href="#gl-自回归模型" epub:type="glossref" role="doc-glossref">自回归模型</a>是一种模型。<span id="gl-use-2" class="term-use">自回归模型</span>很常见。');
    expect(htmlA).toContain('<code>LoRA</code>');
    expect(htmlA).toContain('<a href="https://x.invalid">LoRA</a>');
    expect(htmlA).toContain('<a id="gl-use-3" class="glossref" href="#gl-lora" epub:type="glossref" role="doc-glossref">LoRA</a> 在正文里算');
    expect(htmlA).toContain('自回归模型的标题不算</h2>');
    // A bare URL is autolinked, and link text never holds a term.
    expect(toHtml(b!.tree)).toContain('<a href="https://example.com/LoRA">https://example.com/LoRA</a> 这样的网址');
    const entry = book.glossary!.entries.find((e) => e.term === '自回归模型')!;
    expect(entry.uses.map((u) => [u.id, u.chapter.title])).toEqual([
      ['gl-use-1', '第一章'],
      ['gl-use-2', '第一章'],
      ['gl-use-4', '第二章'],
    ]);
    expect(entry.see).toEqual([{ id: 'gl-lora', term: 'LoRA' }]);
    expect(toHtml(entry.definition)).toBe('<p>逐个预测下一个 <strong>token</strong> 的模型。</p>');
    expect(book.glossary!.entries.map((e) => e.term)).toEqual(['从未出现', '低秩', 'LoRA', '自回归模型']);
    expect(diagnostics.warnings.map(formatWarning)).toEqual([
      'glossary.yaml:11:15: warning: "LoRA" is already a term or alias of the entry at line 6; remove one [glossary-duplicate]',
      'glossary.yaml:8:11: warning: term "从未出现" never appears in the book [glossary-unused]',
      // Its only other name belongs to LoRA's entry (the first one wins), so it is never found.
      'glossary.yaml:10:11: warning: term "低秩" never appears in the book [glossary-unused]',
    ]);
  });

  it('gives the same glossary and warnings (with their lines) from its cache', async () => {
    const dir = writeBook(files);
    const previous = process.env.INKSTONE_BUILD_ID;
    process.env.INKSTONE_BUILD_ID = 'glossary-cache-test';
    try {
      const load = async () => {
        const diagnostics = new Diagnostics();
        const book = await loadBook({ configFile: path.join(dir, 'book.yaml'), offline: true }, diagnostics);
        return { entries: book.glossary!.entries.map((e) => [e.id, e.term, e.english, e.aliases, e.see, e.uses.length]), warnings: diagnostics.warnings.map(formatWarning) };
      };
      const fresh = await load();
      const cached = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.includes(`glossary${path.sep}`) && f.endsWith('.bin'));
      expect(cached).toHaveLength(1);
      expect(await load()).toEqual(fresh);
      expect(fresh.warnings).toHaveLength(3);
    } finally {
      if (previous === undefined) delete process.env.INKSTONE_BUILD_ID;
      else process.env.INKSTONE_BUILD_ID = previous;
    }
  });

  it('reports a glossary error with file:line:col', async () => {
    const dir = writeBook({ ...files, 'glossary.yaml': 'terms:\n  - term: X\n    defintion: y\n' });
    await expect(loadBook({ configFile: path.join(dir, 'book.yaml'), offline: true }, new Diagnostics())).rejects.toThrow(
      'glossary.yaml:3:5: terms[0].defintion: unknown key "defintion"; did you mean "definition"?',
    );
  });
});

describe('suggestions', () => {
  it('lists acronyms, 中文（English） pairs and bold terms with a colon that are not in the glossary', () => {
    const dir = writeBook({
      'n.md': '# 标题\n\n基于人类反馈的强化学习（RLHF）很重要。RLHF 之后是 SFT。\n\n**暗知识**：模型学到的隐含信息。\n\n`LoRA` 也是。\n',
    });
    const note = readNote({ path: path.join(dir, 'n.md'), relPath: 'n.md', listedAt: { file: 'book.yaml' } });
    const candidates = suggestTerms([note], new Set(['sft']));
    expect(candidates.map((c) => [c.term, c.kind, c.places.length, c.english])).toEqual([
      ['RLHF', 'acronym', 2, undefined],
      ['LoRA', 'acronym', 1, undefined],
      ['基于人类反馈的强化学习', 'pair', 1, 'RLHF'],
      ['暗知识', 'bold', 1, undefined],
    ]);
    expect(candidates[0]!.places).toEqual([{ file: 'n.md', line: 3 }, { file: 'n.md', line: 3 }]);
    const stubs = formatStubs(candidates, 'glossary.yaml');
    expect(stubs).toContain('  - term: RLHF    # acronym, 2 uses: n.md:3, n.md:3\n    # 基于人类反馈的强化学习（RLHF）很重要。\n    definition: TODO');
  });
});

describe('the glossary page', () => {
  const entry = (term: string, english: string | undefined, aliases: string[]) =>
    ({ id: 'gl-x', term, english, aliases, group: 'T', see: [], uses: [], definition: { type: 'root', children: [] } }) as unknown as GlossaryEntry;
  const line = (e: GlossaryEntry) => toHtml(glossaryTree({ entries: [e] } as unknown as Glossary, () => []));

  it('shows an English name or alias only when it says something the term does not', () => {
    expect(line(entry('Token', 'Token', []))).not.toContain('glossary-english');
    expect(line(entry('生成器', 'Generator', ['Generator', 'generator']))).not.toContain('glossary-aliases');
    const html = line(entry('上下文窗口', 'Context window', ['context window', '语境窗口']));
    expect(html).toContain('<span class="glossary-english"> Context window</span>');
    expect(html).toMatch(/glossary-aliases">[^<]*语境窗口[^<]*<\/span>/);
    expect(html).not.toMatch(/glossary-aliases">[^<]*context window/);
  });
});
