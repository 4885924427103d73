/**
 * The preview's memo (util/memo.ts): a rebuild that takes unchanged results from the last build
 * gives the same HTML files as a build without one, after a change to a note, a title, a use of
 * a glossary term, a heading another chapter links to, ids a later chapter had, a file a link
 * points at, an image appearing, changing and going away, and a new note.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { Memo } from '../scripts/util/memo.ts';
import { cleanupTempDirs, TINY_PNG, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const files = {
  'book.yaml': 'title: 备忘测试\nlanguage: zh-CN\nglossary: glossary.yaml\nchapters:\n  - chapters/a.md\n  - chapters/b.md\n  - title: 第三组\n    notes: [chapters/c/*.md]\n',
  'glossary.yaml': 'terms:\n  - term: 词元\n    definition: 模型读写的最小单位。\n  - term: 注意力\n    definition: 让每个位置看见其他位置。\n',
  'chapters/a.md': '# 第一章\n\n词元是第一段的主角。\n\n## 小节\n\n正文[^1]。\n\n[^1]: 第一章的注。\n',
  'chapters/b.md': '# 第二章\n\n注意力与词元，引用[第一章](a.md)和[小节](a.md#小节)。\n\n## 共同\n\n另一注[^1]。\n\n[^1]: 第二章的注。\n',
  'chapters/c/one.md': '# 其一\n\n第三章的词元，[数据](data.csv)。\n\n![图](pic.png)\n',
};

/** The HTML files and the warnings of a build. */
async function html(config: string, memo?: Memo): Promise<{ files: Map<string, string>; warnings: string[] }> {
  const result = await build({ configFile: config, formats: ['html'], write: false, offline: true, memo, sourceDateEpoch: '1700000000' });
  const site = result.rendered[0]!.output;
  if (site.kind !== 'folder') throw new Error('expected a folder');
  return { files: new Map([...site.files].map(([name, data]) => [name, data.toString('base64')])), warnings: result.warnings.map((w) => `${w.rule} ${w.position.file ?? ''}:${w.position.line ?? ''} ${w.message}`) };
}

describe('the preview memo', () => {
  it('gives the same HTML as a build without it after each kind of change', async () => {
    const root = writeBook(files);
    const config = path.join(root, 'book.yaml');
    const memo = new Memo();
    expect(await html(config, memo)).toEqual(await html(config));

    const edits: [string, string | Buffer | null][] = [
      ['chapters/b.md', '# 第二章\n\n注意力与词元，引用[第一章](a.md)和[小节](a.md#小节)。\n\n## 共同\n\n另一注[^1]。\n\n新加的一行。\n\n[^1]: 第二章的注。\n'], // one line
      ['chapters/a.md', '# 第一章\n\n词元是第一段的主角。\n\n## 改名的小节\n\n正文[^1]。\n\n[^1]: 第一章的注。\n'], // a heading another chapter links to
      ['chapters/a.md', '# 第一章\n\n## 共同\n\n词元。\n\n## 小节\n\n正文[^1]与[^2]。\n\n[^1]: 第一章的注。\n[^2]: 又一注。\n'], // a slug a later chapter had: its ids change
      ['chapters/c/data.csv', 'a,b\n'], // the file a link points at appears
      ['chapters/c/pic.png', TINY_PNG], // an image that was missing appears
      ['chapters/c/pic.png', Buffer.concat([TINY_PNG, Buffer.from('changed')])], // an image changes
      ['chapters/c/pic.png', null], // an image goes away
      ['chapters/a.md', '# 新的第一章\n\n词元是第一段的主角。\n'], // a title: the contents change
      ['chapters/a.md', '# 新的第一章\n\n词元是主角，注意力也是，词元又来。\n'], // term uses: the glossary and later use numbers change
      ['chapters/c/two.md', '# 其二\n\n新笔记里的注意力。\n'], // a new note in a glob
      ['chapters/b.md', '# 第二章\n\nΑλφα ά 与 👍🏽 的新字。\n'], // new characters and clusters: new font subsets
    ];
    for (const [file, text] of edits) {
      if (text === null) rmSync(path.join(root, file));
      else writeFileSync(path.join(root, file), text);
      const hits = memo.counts.hits;
      const withMemo = await html(config, memo);
      expect(withMemo).toEqual(await html(config));
      expect(memo.counts.hits).toBeGreaterThan(hits);
    }
  }, 120_000);
});
