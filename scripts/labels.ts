/**
 * Every word the book shows that the author did not write: contents, part numbers, glossary
 * phrases, placeholders. One place, so each renderer says the same thing and the font subsets
 * (assets/font-text.ts) include every character of it.
 */

const DIGITS = '零一二三四五六七八九';
/** 1 → 一, 12 → 十二, 21 → 二十一 (parts are few). */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  return String(n);
}

export const LABELS = {
  contents: '目录',
  cover: '封面',
  coverAlt: (bookTitle: string) => `${bookTitle}封面`,
  partNumber: (n: number) => `第${chineseNumber(n)}部分`,
  version: (v: string) => `版本 ${v} · `,
  footnotes: '注释',
  backToText: '返回正文',
  /** In the PDF, after a footnote: the pages that refer to it. */
  footnotePages: (pages: string[]) => `（第 ${pages.join('、')} 页）`,
  imageMissing: '图片未能载入',
  /** In place of an include (`{{#include …}}`, `--8<--`) whose file or lines cannot be had. */
  includeMissing: (file: string) => `〔未能引入：${file}〕`,
  image: '图片',
  glossary: '术语表',
  see: '参见：',
  aliases: (names: string) => `（又作 ${names}）`,
  usedIn: '出现于：',
  pages: '页码：',
  index: '索引',
  nthUse: (chapterTitle: string, n: number) => `${chapterTitle} 第 ${n} 处`,
  pager: '翻页',
  previous: '←',
  next: '→',
  /**
   * The label of a callout (markdown/containers/model.ts), by every kind name GitHub, Obsidian,
   * MkDocs, VitePress, Docusaurus and GitBook use; a kind not listed shows its own name. Not
   * in labelText: a label is text of the book's tree where it is used (assets/font-text.ts).
   */
  calloutKinds: {
    note: '注意', seealso: '参见',
    abstract: '总结', summary: '总结', tldr: '总结',
    info: '信息', todo: '待办',
    tip: '提示', hint: '提示',
    important: '重要',
    success: '成功', check: '成功', done: '完成',
    question: '问题', help: '帮助', faq: '常见问题',
    warning: '警告', attention: '注意',
    caution: '小心',
    failure: '失败', fail: '失败', missing: '缺失',
    danger: '危险', error: '错误',
    bug: 'Bug',
    example: '示例',
    quote: '引用', cite: '引用',
    details: '详情',
  },
} as const;

/**
 * How the PDF says on which page a link lands (`pdf.crossReferencePages: true`), by the book's
 * language (its BCP 47 primary subtag); any other language gets the Chinese wording, as it gets
 * every other label. Only the wording the book uses goes into its font subsets (assets/font-text.ts).
 */
const CROSS_REFERENCE_PAGES: Record<string, string> = {
  zh: '（见第 {page} 页）',
  ja: '（{page} ページ参照）',
  ko: '({page}쪽 참조)',
  en: ' (see page {page})',
};

export function crossReferenceWording(language: string): string {
  return CROSS_REFERENCE_PAGES[language.split('-')[0]!.toLowerCase()] ?? CROSS_REFERENCE_PAGES.zh!;
}

/** The words of book.yaml `numbering:` (book/numbering.ts) in one language. */
export interface NumberingWords {
  /** `第 3 章`; `chinese` is 第三章 where the language counts so. */
  chapter: (n: number, style: 'label' | 'chinese') => string;
  figure: string;
  table: string;
  listing: string;
  /** Between a number (第 1 章, 1.2, 图 3-1) and the title or caption after it. */
  separator: string;
}

const NUMBERING_WORDS: Record<string, NumberingWords> = {
  zh: { chapter: (n, style) => (style === 'chinese' ? `第${chineseNumber(n)}章` : `第 ${n} 章`), figure: '图', table: '表', listing: '代码', separator: '　' },
  ja: { chapter: (n, style) => (style === 'chinese' ? `第${chineseNumber(n)}章` : `第 ${n} 章`), figure: '図', table: '表', listing: 'リスト', separator: '　' },
  ko: { chapter: (n) => `제${n}장`, figure: '그림', table: '표', listing: '코드', separator: ' ' },
  en: { chapter: (n) => `Chapter ${n}`, figure: 'Figure', table: 'Table', listing: 'Listing', separator: ' ' },
};

/** By the book's language (its BCP 47 primary subtag); a language not listed gets the Chinese words, as it gets every other label. */
export function numberingWords(language: string): NumberingWords {
  return NUMBERING_WORDS[language.split('-')[0]!.toLowerCase()] ?? NUMBERING_WORDS.zh!;
}

/** Every character the labels above can show in a book with `partCount` parts. */
export function labelText(partCount: number): string {
  const fixed = Object.values(LABELS as Record<string, unknown>).filter((v): v is string => typeof v === 'string');
  const parts = Array.from({ length: partCount }, (_, i) => LABELS.partNumber(i + 1));
  return [...fixed, LABELS.coverAlt(''), LABELS.version('0123456789.'), LABELS.aliases('、'), LABELS.nthUse('', 0), LABELS.footnotePages(['0123456789']), ...parts].join('');
}
