/**
 * Markdown → HTML tree for one note (unified: remark → rehype). The stages, in order:
 * parse (GFM, front matter, CJK-friendly emphasis, indented code as book.yaml says) → stray `**`
 * → empty headings dropped → heading levels → bare URLs end at Chinese text → CJK line breaks →
 * HTML → raw HTML sanitised → presentational attributes made valid XHTML → code highlighted.
 * The parser also reads the other tools' syntax of dialects.ts (callouts, tabs, template tags;
 * their transforms run after wikilinks are resolved), and `<details>` are opened for print.
 * Before parsing, includes are expanded (includes.ts); the parser reads Obsidian's wikilinks,
 * `==highlights==`, `%%comments%%` and TeX math (book.yaml `markdown:` switches each off); right
 * after it, comments are dropped and wikilinks resolved or transcluded (wikilinks.ts); after the
 * sanitizer, Obsidian `^block` markers become block ids (block-ids.ts) and formulas MathML
 * (math-render.ts).
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
import type { MarkdownSyntax } from '../model.ts';
import { readFrontMatter } from '../notes/read.ts';
import rehypeBlockIds from './block-ids.ts';
import { commentFromMarkdown, commentSyntax } from './comment-syntax.ts';
import { removeComments } from './comments.ts';
import { highlightFromMarkdown, highlightSyntax } from './highlight-syntax.ts';
import { expandIncludes, remapLines } from './includes.ts';
import type { Vault } from './vault.ts';
import { wikiLinkFromMarkdown, wikiLinkSyntax } from './wikilink-syntax.ts';
import { resolveWikiLinks } from './wikilinks.ts';
import remarkCjkAutolinks from './cjk-autolinks.ts';
import remarkCjkLineBreaks from './cjk-line-breaks.ts';
import remarkEmptyHeadings from './empty-headings.ts';
import remarkFootnoteChecks from './footnote-checks.ts';
import rehypeFootnotes, { FOOTNOTE_PLACEHOLDER } from './footnotes.ts';
import { normaliseHeadings, type HeadingResult } from './headings.ts';
import rehypeIndexMarks from './index-marks.ts';
import rehypePresentationalAttributes from './presentational-attributes.ts';
import { sanitizeSchema } from './sanitize-schema.ts';
import remarkStrayEmphasis from './stray-emphasis.ts';
import rehypeReportUnsafeHtml from './unsafe-html.ts';
import rehypeMath from './math-render.ts';
import remarkMathSyntax from './math-syntax.ts';
import rehypeDiagramBlocks from './diagram-blocks.ts';
import rehypePluginBlocks, { type PluginBlock } from './plugin-blocks.ts';
import { checkNesting } from './nesting.ts';
import { parseWithIndentedCode, type IndentedCodeMode, type MarkdownParsers } from './indented-code.ts';
import { checkContainerDepth } from './containers/depth.ts';
import { containerHandlers } from './containers/model.ts';
import { DEFAULT_SYNTAX, dialectPlugins, NO_SYNTAX } from './dialects.ts';
import rehypeDocusaurusComponents from './docusaurus-components.ts';
import rehypeDetailsOpen from './details-open.ts';

/** Indented code is a per-book setting (`markdown.indentedCode`): see indented-code.ts. */
const noIndentedCode = { disable: { null: ['codeIndented'] } };

export { DEFAULT_SYNTAX };

/**
 * One parser per combination of the syntax switches and indented code on or off, each built
 * once (indented-code.ts may need both for one note).
 */
const parsers = new Map<string, Processor<MdastRoot, MdastRoot, MdastRoot>>();
function parserFor(syntax: MarkdownSyntax, indentedCode: boolean) {
  const { wikilinks, highlight, comments, math, callouts, tabs, templateTags } = syntax;
  const key = JSON.stringify([wikilinks, highlight, comments, math, callouts, tabs, templateTags, indentedCode]);
  let parser = parsers.get(key);
  if (!parser) parsers.set(key, (parser = makeParser(syntax, indentedCode)));
  return parser;
}

function makeParser(syntax: MarkdownSyntax, indentedCode: boolean) {
  const parser = unified()
    .use(remarkParse)
    .use(function disableIndentedCode(this: Processor) {
      if (indentedCode) return;
      const data = this.data();
      (data.micromarkExtensions ??= []).push(noIndentedCode);
    })
    .use(function obsidianSyntax(this: Processor) {
      const data = this.data();
      const micromark = (data.micromarkExtensions ??= []);
      const fromMarkdown = (data.fromMarkdownExtensions ??= []);
      if (syntax.wikilinks) {
        micromark.push(wikiLinkSyntax());
        fromMarkdown.push(wikiLinkFromMarkdown());
      }
      if (syntax.highlight) {
        micromark.push(highlightSyntax());
        fromMarkdown.push(highlightFromMarkdown());
      }
      if (syntax.comments) {
        micromark.push(commentSyntax());
        fromMarkdown.push(commentFromMarkdown());
      }
    })
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkGfm)
    .use(remarkCjkFriendly);
  // `$…$`, `$$…$$`, `\(…\)`, `\[…\]` (math-syntax.ts).
  if (syntax.math) parser.use(remarkMathSyntax);
  // Their transforms run in markdownToHast (the tree is typed as parsed: an mdast root).
  return parser.use(dialectPlugins(syntax)).freeze() as unknown as Processor<MdastRoot, MdastRoot, MdastRoot>;
}

/**
 * The note's syntax tree as parsed (its dialects' transforms not run yet: see markdownToHast).
 * `file` names the note in the error for absurdly deep nesting (see nesting.ts). By default no
 * syntax beyond GFM and no includes (as other tools read the note).
 */
export function parseMarkdown(markdown: string, file = '(markdown)', indentedCode: IndentedCodeMode = 'auto', syntax: MarkdownSyntax = NO_SYNTAX): MdastRoot {
  checkNesting(markdown, file);
  if (syntax.callouts || syntax.tabs) checkContainerDepth(markdown, file);
  const parsers: MarkdownParsers = {
    withIndentedCode: (text) => parserFor(syntax, true).parse(text),
    withoutIndentedCode: (text) => parserFor(syntax, false).parse(text),
  };
  return parseWithIndentedCode(markdown, indentedCode, parsers);
}

interface ParseContext {
  syntax: MarkdownSyntax;
  indentedCode: IndentedCodeMode;
  /** The book's folder: without it, no includes. */
  root?: string;
  diagnostics: Diagnostics;
  dependencies: Set<string>;
}

/**
 * A note's text → its Markdown tree: includes expanded (positions moved back to the note's own
 * lines), parsed with the note's syntax, comments dropped.
 */
function parseNote(markdown: string, file: string, context: ParseContext): MdastRoot {
  const expanded =
    context.syntax.includes && context.root
      ? expandIncludes(markdown, { root: context.root, file, diagnostics: context.diagnostics, dependencies: context.dependencies })
      : { markdown };
  const tree = parseMarkdown(expanded.markdown, file, context.indentedCode, context.syntax);
  if (expanded.lineMap) remapLines(tree, expanded.lineMap);
  if (context.syntax.comments) removeComments(tree, file, context.diagnostics);
  return tree;
}

/**
 * One processor for every note, built once: rehype-highlight registers its grammars when the
 * plugin is attached, which costs far more than converting a note. Footnote ids get a fixed
 * placeholder prefix here and the note's own prefix afterwards (renameFootnoteIds). Per-note
 * settings reach plugins through the VFile (`file.data.note`).
 */
const htmlProcessor = unified()
  .use(remarkCjkAutolinks)
  .use(remarkCjkLineBreaks)
  .use(remarkFootnoteChecks)
  .use(remarkRehype, {
    allowDangerousHtml: true,
    clobberPrefix: FOOTNOTE_PLACEHOLDER,
    footnoteLabel: LABELS.footnotes,
    footnoteBackLabel: LABELS.backToText,
    handlers: containerHandlers,
  })
  .use(rehypeRaw)
  .use(rehypeDocusaurusComponents)
  // Before the sanitizer drops comments: `<!-- index: term -->` marks a place for the index.
  .use(rehypeIndexMarks)
  // Just before the sanitizer: say what it is about to remove, with file:line:col.
  .use(rehypeReportUnsafeHtml, { schema: sanitizeSchema })
  .use(rehypeSanitize, sanitizeSchema)
  // GitHub's footnote markup → noteref links and footnote asides (raw HTML cannot pose as them).
  .use(rehypeFootnotes)
  // What the sanitizer kept, made valid EPUB 3 XHTML (align= → class, <center> → div …).
  .use(rehypePresentationalAttributes)
  .use(rehypeBlockIds)
  // After the sanitizer (our MathML is trusted, raw <math> in a note is not) and before the
  // highlighter (which would take ```math for a language it does not know).
  .use(rehypeMath)
  .use(rehypeDetailsOpen)
  // Fenced blocks that are not plain code: app-plugin blocks out, diagrams marked for the assets stage.
  .use(rehypePluginBlocks)
  .use(rehypeDiagramBlocks)
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
  /** Other files the result depends on (includes, transcluded notes; absolute): the cache checks them. */
  dependencies?: string[];
  /** App-plugin blocks left out (plugin-blocks.ts); the Markdown stage warns once per kind for the book. */
  pluginBlocks?: PluginBlock[];
}

export interface NoteOptions {
  file: string;
  single: boolean;
  /** Unique per note in the book, so footnote ids never collide. */
  footnotePrefix: string;
  /** book.yaml `markdown.indentedCode`. */
  indentedCode: IndentedCodeMode;
  diagnostics: Diagnostics;
  /** Which Markdown extensions are on (book.yaml `markdown:`); default: all. */
  syntax?: MarkdownSyntax;
  /** The book's folder (absolute); includes need it. */
  root?: string;
  /** The book's folder as an Obsidian vault; wikilinks need it (without it `[[…]]` stays text). */
  vault?: Vault;
  /** book.yaml `markdown.pluginBlocks`: app-plugin blocks left out (default) or kept as code. */
  pluginBlocks?: 'drop' | 'keep';
}

export async function markdownToHast(markdown: string, options: NoteOptions): Promise<NoteTree> {
  const { vault } = options;
  const given = options.syntax ?? DEFAULT_SYNTAX;
  const syntax = { ...given, wikilinks: given.wikilinks && vault !== undefined };
  const dependencies = new Set<string>();
  const context: ParseContext = { syntax, indentedCode: options.indentedCode, root: options.root ?? vault?.root, diagnostics: options.diagnostics, dependencies };
  const parse = (text: string, file: string) => parseNote(text, file, context);
  const parsed = parse(markdown, options.file);
  reportUnclosedFences(parsed, markdown, options);
  if (syntax.wikilinks && vault) {
    resolveWikiLinks(parsed, { vault, host: options.file, source: options.file, diagnostics: options.diagnostics, parse, dependencies, chain: [options.file] });
  }
  const file = new VFile({ path: options.file, data: { note: { ...options, syntax } } });
  // The dialects' transforms (callouts, tabs, template tags removed: see dialects.ts), after
  // the wikilinks so that an embedded note's callouts are read too.
  const mdast = await parserFor(syntax, false).run(parsed, file);
  // Before the headings are read: a title like `1**.**调研` must not keep its asterisks.
  remarkStrayEmphasis()(mdast);
  // Also before the headings: an empty one is neither a title nor a contents entry.
  remarkEmptyHeadings()(mdast, file);
  // The front matter was checked when the note was read (notes/read.ts); only its title matters here.
  const headings = normaliseHeadings(mdast, { single: options.single, title: readFrontMatter(markdown, options.file).title });
  const hast = (await htmlProcessor.run(mdast, file)) as HastRoot;
  renameFootnoteIds(hast, options.footnotePrefix);
  return {
    tree: hast,
    headings,
    ...(dependencies.size ? { dependencies: [...dependencies].sort() } : {}),
    ...(file.data.pluginBlocks ? { pluginBlocks: file.data.pluginBlocks } : {}),
  };
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
