/**
 * Markdown → HTML tree for one note (unified: remark → rehype). The stages, in order:
 * parse (GFM, front matter, CJK-friendly emphasis, indented code as book.yaml says) → stray `**`
 * → empty headings dropped → heading levels → bare URLs end at Chinese text → CJK line breaks →
 * HTML → raw HTML sanitised → presentational attributes made valid XHTML → code highlighted.
 * Ids, links between notes and images are book-level concerns handled in book/assemble.ts.
 */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import rehypeHighlight from 'rehype-highlight';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import remarkCjkFriendly from 'remark-cjk-friendly';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type Processor } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import type { Diagnostics } from '../errors.ts';
import { LABELS } from '../labels.ts';
import { readFrontMatter } from '../notes/read.ts';
import remarkCjkAutolinks from './cjk-autolinks.ts';
import remarkCjkLineBreaks from './cjk-line-breaks.ts';
import remarkEmptyHeadings from './empty-headings.ts';
import { normaliseHeadings, type HeadingResult } from './headings.ts';
import rehypeIndexMarks from './index-marks.ts';
import rehypePresentationalAttributes from './presentational-attributes.ts';
import { sanitizeSchema } from './sanitize-schema.ts';
import remarkStrayEmphasis from './stray-emphasis.ts';
import rehypeReportUnsafeHtml from './unsafe-html.ts';
import { checkNesting } from './nesting.ts';
import { parseWithIndentedCode, type IndentedCodeMode, type MarkdownParsers } from './indented-code.ts';

/** Indented code is a per-book setting (`markdown.indentedCode`): see indented-code.ts. */
const noIndentedCode = { disable: { null: ['codeIndented'] } };

const withIndentedCode = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkCjkFriendly);
const withoutIndentedCode = unified()
  .use(remarkParse)
  .use(function disableIndentedCode(this: Processor) {
    const data = this.data();
    (data.micromarkExtensions ??= []).push(noIndentedCode);
  })
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkCjkFriendly);
const parsers: MarkdownParsers = {
  withIndentedCode: (markdown) => withIndentedCode.parse(markdown),
  withoutIndentedCode: (markdown) => withoutIndentedCode.parse(markdown),
};

/** `file` names the note in the error for absurdly deep nesting (see nesting.ts). */
export function parseMarkdown(markdown: string, file = '(markdown)', indentedCode: IndentedCodeMode = 'auto'): MdastRoot {
  checkNesting(markdown, file);
  return parseWithIndentedCode(markdown, indentedCode, parsers);
}

/**
 * One processor for every note, built once: rehype-highlight registers its grammars when the
 * plugin is attached, which costs far more than converting a note. Footnote ids get a fixed
 * placeholder prefix here and the note's own prefix afterwards (renameFootnoteIds). Per-note
 * settings reach plugins through the VFile (`file.data.note`).
 */
const FOOTNOTE_PLACEHOLDER = 'inkstone-fn-';
const htmlProcessor = unified()
  .use(remarkCjkAutolinks)
  .use(remarkCjkLineBreaks)
  .use(remarkRehype, {
    allowDangerousHtml: true,
    clobberPrefix: FOOTNOTE_PLACEHOLDER,
    footnoteLabel: LABELS.footnotes,
    footnoteBackLabel: LABELS.backToText,
  })
  .use(rehypeRaw)
  // Before the sanitizer drops comments: `<!-- index: term -->` marks a place for the index.
  .use(rehypeIndexMarks)
  // Just before the sanitizer: say what it is about to remove, with file:line:col.
  .use(rehypeReportUnsafeHtml, { schema: sanitizeSchema })
  .use(rehypeSanitize, sanitizeSchema)
  // What the sanitizer kept, made valid EPUB 3 XHTML (align= → class, <center> → div …).
  .use(rehypePresentationalAttributes)
  .use(rehypeHighlight, { detect: false, plainText: ['text', 'txt', 'plain', 'plaintext'] })
  .freeze();

declare module 'vfile' {
  interface DataMap {
    note: NoteOptions;
  }
}

/** The placeholder footnote prefix becomes the note's own, so two notes never share an id. */
function renameFootnoteIds(tree: HastRoot, prefix: string): void {
  const rename = (value: string) => value.split(FOOTNOTE_PLACEHOLDER).join(prefix);
  visit(tree, 'element', (el) => {
    const props = el.properties as Record<string, unknown>;
    for (const key of ['id', 'href', 'ariaDescribedBy']) {
      const value = props[key];
      if (typeof value === 'string' && value.includes(FOOTNOTE_PLACEHOLDER)) props[key] = rename(value);
      else if (Array.isArray(value)) props[key] = value.map((v: unknown) => (typeof v === 'string' ? rename(v) : v));
    }
  });
}

export interface NoteTree {
  tree: HastRoot;
  headings: HeadingResult;
}

export interface NoteOptions {
  file: string;
  single: boolean;
  /** Unique per note in the book, so footnote ids never collide. */
  footnotePrefix: string;
  /** book.yaml `markdown.indentedCode`. */
  indentedCode: IndentedCodeMode;
  diagnostics: Diagnostics;
}

export async function markdownToHast(markdown: string, options: NoteOptions): Promise<NoteTree> {
  const mdast = parseMarkdown(markdown, options.file, options.indentedCode);
  reportUnclosedFences(mdast, markdown, options);
  // Before the headings are read: a title like `1**.**调研` must not keep its asterisks.
  remarkStrayEmphasis()(mdast);
  const file = new VFile({ path: options.file, data: { note: options } });
  // Also before the headings: an empty one is neither a title nor a contents entry.
  remarkEmptyHeadings()(mdast, file);
  // The front matter was checked when the note was read (notes/read.ts); only its title matters here.
  const headings = normaliseHeadings(mdast, { single: options.single, title: readFrontMatter(markdown, options.file).title });
  const hast = (await htmlProcessor.run(mdast, file)) as HastRoot;
  renameFootnoteIds(hast, options.footnotePrefix);
  return { tree: hast, headings };
}

/** A fence that never closes swallows the rest of the note into code: say where it opened. */
function reportUnclosedFences(tree: MdastRoot, markdown: string, options: NoteOptions): void {
  const lines = markdown.split('\n');
  visit(tree, 'code', (node) => {
    const start = node.position?.start.line;
    const end = node.position?.end.line;
    if (!start || !end) return;
    const opening = lines[start - 1]?.trim() ?? '';
    const fence = /^(`{3,}|~{3,})/.exec(opening)?.[1];
    if (!fence) return;
    const closing = lines[end - 1]?.trim() ?? '';
    if (end === start || !closing.startsWith(fence[0]!.repeat(fence.length))) {
      options.diagnostics.warn('unclosed-code-fence', `code fence ${fence} opened here is never closed; the rest of the note is shown as code`, { file: options.file, line: start });
    }
  });
}
