/** Bookmark titles that Chromium doubles for a heading that starts a page (render/pdf/outline-titles.ts). */
import { describe, expect, it } from 'vitest';
import { undoubledTitle } from '../scripts/render/pdf/outline-titles.ts';

const headings = new Set(['写在最后', 'D', 'Claude Code 的 JIT 检索比 Cursor 等预构建索引效果好？', '哈哈哈', '4./28']);

describe('doubled bookmark titles', () => {
  it('cut back to the heading: the whole text twice, or the first line and then the whole text', () => {
    expect(undoubledTitle('写在最后写在最后', headings)).toBe('写在最后');
    expect(undoubledTitle('DD', headings)).toBe('D');
    expect(undoubledTitle('4./284./28', headings)).toBe('4./28');
    expect(undoubledTitle('Claude Code 的 JIT 检索比 Cursor 等预构建索引效果Claude Code 的 JIT 检索比 Cursor 等预构建索引效果好？', headings)).toBe(
      'Claude Code 的 JIT 检索比 Cursor 等预构建索引效果好？',
    );
  });

  it('leave a title alone that is a heading, or that no heading explains', () => {
    expect(undoubledTitle('写在最后', headings)).toBeUndefined();
    expect(undoubledTitle('哈哈哈', headings)).toBeUndefined();
    expect(undoubledTitle('前言前言', headings)).toBeUndefined();
    expect(undoubledTitle('ab写在最后', headings)).toBeUndefined();
  });
});
