/**
 * Markdown → HTML tree for one note (unified: remark → rehype). The stages, in order:
 * parse (GFM, front matter, CJK-friendly emphasis, no indented code, the other tools' syntax
 * of dialects.ts: callouts, tabs, template tags) → stray `**` → empty
 * headings dropped → heading levels → bare URLs end at Chinese text → CJK line breaks → HTML →
 * raw HTML sanitised → `align` as a class → `<details>` open → code highlighted.
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
import { sanitizeSchema } from './sanitize-schema.ts';
import remarkStrayEmphasis from './stray-emphasis.ts';
import rehypeReportUnsafeHtml from './unsafe-html.ts';
import rehypeAlignClass from './align-class.ts';
import { checkNesting } from './nesting.ts';
import { checkContainerDepth } from './containers/depth.ts';
import { containerHandlers } from './containers/model.ts';
import { ALL_SYNTAX, dialectPlugins, type MarkdownSyntax } from './dialects.ts';
import rehypeDocusaurusComponents from './docusaurus-components.ts';
import rehypeDetailsOpen from './details-open.ts';

/**
 * Indented code is switched off: in notes it is almost always a hanging indent under a list
 * item (a tab before a Chinese paragraph), not code. Fenced code works as usual.
 */
const noIndentedCode = { disable: { null: ['codeIndented'] } };

/** One parser per set of `markdown:` features (a book has one; building a parser is cheap). */
const parsers = new Map<string, Processor<MdastRoot, MdastRoot, MdastRoot>>();
function parserFor(syntax: MarkdownSyntax): Processor<MdastRoot, MdastRoot, MdastRoot> {
  const key = JSON.stringify([syntax.callouts, syntax.tabs, syntax.templateTags]);
  let parser = parsers.get(key);
  if (!parser) {
    parser = unified()
      .use(remarkParse)
      .use(function disableIndentedCode(this: Processor) {
        const data = this.data();
        (data.micromarkExtensions ??= []).push(noIndentedCode);
      })
      .use(remarkFrontmatter, ['yaml'])
      .use(remarkGfm)
      .use(remarkCjkFriendly)
      .use(dialectPlugins(syntax))
      .freeze() as unknown as Processor<MdastRoot, MdastRoot, MdastRoot>;
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * The note's syntax tree as parsed (its dialects' transforms not run yet: see markdownToHast).
 * `file` names the note in the error for absurdly deep nesting (see nesting.ts).
 */
export function parseMarkdown(markdown: string, file = '(markdown)', syntax: MarkdownSyntax = ALL_SYNTAX): MdastRoot {
  checkNesting(markdown, file);
  if (syntax.callouts || syntax.tabs) checkContainerDepth(markdown, file);
  return parserFor(syntax).parse(markdown);
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
    handlers: containerHandlers,
  })
  .use(rehypeRaw)
  .use(rehypeDocusaurusComponents)
  // Just before the sanitizer: say what it is about to remove, with file:line:col.
  .use(rehypeReportUnsafeHtml, { schema: sanitizeSchema })
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeAlignClass)
  .use(rehypeDetailsOpen)
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
  diagnostics: Diagnostics;
  /** book.yaml `markdown:` (default: every feature on). */
  markdown?: MarkdownSyntax;
}

export async function markdownToHast(markdown: string, options: NoteOptions): Promise<NoteTree> {
  const syntax = options.markdown ?? ALL_SYNTAX;
  const file = new VFile({ path: options.file, data: { note: options } });
  const parsed = parseMarkdown(markdown, options.file, syntax);
  // The dialects' transforms (callouts, tabs, template tags removed): see dialects.ts.
  const mdast = await parserFor(syntax).run(parsed, file);
  reportUnclosedFences(mdast, markdown, options);
  // Before the headings are read: a title like `1**.**调研` must not keep its asterisks.
  remarkStrayEmphasis()(mdast);
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
