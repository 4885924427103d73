/**
 * The schema of `book.yaml`: the one place that says which keys exist, what they hold and what
 * they mean. Everything outside `config/` sees only the resolved form (see resolve.ts).
 */
import { z } from 'zod';
import { numberingSchema } from './numbering.ts';
import { crossReferencePagesSchema, indexSchema } from './typeset-schema.ts';

const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` });

/** BCP 47, loosely: a primary tag and subtags (zh-CN, zh-Hans-CN, en). */
const languageTag = text('a BCP 47 language tag such as zh-CN').regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
  error: 'expected a BCP 47 language tag such as zh-CN',
});

const isoDate = z
  .string({ error: 'expected a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' });

/** One chapter: a single note (`chapters/x.md`), or a titled group of notes and globs. */
const chapterGroup = z.strictObject({
  title: text('a chapter title').optional().describe('Chapter title; default: the first note’s title'),
  notes: z
    .array(text('a note path or glob'), { error: 'expected a list of note paths or globs' })
    .min(1, { error: 'expected at least one note path or glob' })
    .describe('Note files or globs, relative to book.yaml; globs sort naturally (2 < 10)'),
});
const chapterEntry = z.union([text('a note path'), chapterGroup], {
  error: 'expected a note path or { title, notes }',
});
const chapterList = z
  .array(chapterEntry, { error: 'expected a list of chapters' })
  .min(1, { error: 'expected at least one chapter' });

const part = z.strictObject({
  title: text('a part title'),
  chapters: chapterList,
});

const pageSize = z.union(
  [
    z.enum(['A5', 'A4', 'B5', 'Letter'], { error: 'expected A5, A4, B5, Letter or { width, height }' }),
    z.strictObject({
      width: text('a CSS length such as 148mm').regex(/^\d+(\.\d+)?(mm|cm|in|pt)$/, { error: 'expected a length such as 148mm' }),
      height: text('a CSS length such as 210mm').regex(/^\d+(\.\d+)?(mm|cm|in|pt)$/, { error: 'expected a length such as 210mm' }),
    }),
  ],
  { error: 'expected A5, A4, B5, Letter or { width, height }' },
);

export const bookSchema = z
  .strictObject({
    title: text('the book title').describe('Book title (required)'),
    subtitle: text('a subtitle').optional(),
    author: z
      .union([text('an author name'), z.array(text('an author name')).min(1)], { error: 'expected an author name or a list of names' })
      .optional(),
    language: languageTag.describe('BCP 47 language of the book (required), e.g. zh-CN'),
    description: text('a description').optional(),
    publisher: text('a publisher').optional(),
    date: isoDate.optional().describe('Publication date, YYYY-MM-DD'),
    version: text('a version string such as "1.0.0" (quote numbers)').optional(),
    identifier: text('an identifier').optional().describe('Default: a stable UUID derived from title and author'),
    cover: text('an image path').optional().describe('Cover image; default: a generated typographic cover'),
    parts: z.array(part, { error: 'expected a list of parts' }).min(1, { error: 'expected at least one part' }).optional(),
    chapters: chapterList.optional().describe('For a book without parts'),
    glossary: z
      .union(
        [
          text('a glossary file path'),
          z.strictObject({
            file: text('a glossary file path'),
            title: text('a title').optional(),
            link: z.enum(['first', 'every', 'none'], { error: 'expected first, every or none' }).optional()
              .describe('Which uses of a term link to its entry: the first in each chapter (default), every one, or none'),
          }),
        ],
        { error: 'expected a glossary file path or { file, title, link }' },
      )
      .optional()
      .describe('Glossary source (YAML); see chapters/glossary.yaml'),
    index: indexSchema.optional(),
    numbering: numberingSchema.optional(),
    output: z
      .strictObject({
        dir: text('a folder').optional(),
        name: text('a file name without extension').regex(/^[^/\\]+$/, { error: 'expected a file name without folders' }).optional(),
      })
      .optional(),
    style: z
      .strictObject({
        paragraphs: z.enum(['indent', 'spacing'], { error: 'expected indent or spacing' }).optional()
          .describe('indent: 2em first-line indent (Chinese book style); spacing: space between paragraphs'),
        punctuation: z.enum(['full-width', 'compress'], { error: 'expected full-width or compress' }).optional()
          .describe('full-width (default): every Chinese punctuation mark keeps its full em; compress: adjacent marks (。」 ，「) and opening marks at a line start are set half-width (CSS text-spacing-trim, the fonts\' halt/chws features)'),
      })
      .optional(),
    notes: z
      .strictObject({
        titleFromFileName: z.enum(['auto', 'always', 'never'], { error: 'expected auto, always or never' }).optional()
          .describe(
            'Which notes of a multi-note chapter get a heading from their front-matter title, else their file name without ' +
              'its numeric prefix (03_线性回归.md → 线性回归), as note apps show it. auto (default): a note that starts with text ' +
              'or with a heading deeper than #; always: also one that starts with a # heading; never: only front-matter titles. ' +
              'Never when the note\'s opening heading already says the title.',
          ),
      })
      .optional()
      .describe('How notes are turned into the parts of a chapter'),
    markdown: z
      .strictObject({
        indentedCode: z.union([z.literal('auto'), z.boolean()], { error: 'expected auto, true or false' }).optional()
          .describe('A block indented by 4 spaces or a tab: true: code (CommonMark); false: never code; auto (default): code unless most of it is Chinese, Japanese or Korean text'),
        wikilinks: z.boolean({ error: 'expected true or false' }).optional()
          .describe('Obsidian [[links]], [[note#heading|text]], ![[image.png|300]] and ![[note]] (its text embedded); default true'),
        includes: z.boolean({ error: 'expected true or false' }).optional()
          .describe('mdBook {{#include file:lines-or-anchor}} and MkDocs --8<-- "file" snippets, expanded before parsing; default true'),
        highlight: z.boolean({ error: 'expected true or false' }).optional().describe('==highlighted== text as <mark>; default true'),
        comments: z.boolean({ error: 'expected true or false' }).optional().describe('%%comments%% (inline and block) left out of the book; default true'),
        math: z.boolean({ error: 'expected true or false' }).optional()
          .describe('TeX math ($…$, $$…$$, \\(…\\), \\[…\\], ```math) typeset as MathML (default true); false: dollars and brackets are plain text'),
        callouts: z.boolean({ error: 'expected true or false' }).optional()
          .describe('Callouts and admonitions as boxes: > [!NOTE], !!! note, ::: tip, {% hint %} (default true)'),
        tabs: z.boolean({ error: 'expected true or false' }).optional()
          .describe('Content tabs printed one after the other under their labels: === "Python", <Tabs>, ::: code-group (default true)'),
        templateTags: z.boolean({ error: 'expected true or false' }).optional()
          .describe('Remove static-site template tags and components: {% … %}, {{< … >}}, <script setup>, <Badge/> (default true)'),
        diagrams: z.boolean({ error: 'expected true or false' }).optional()
          .describe('true (default): ```mermaid, ```dot and ```graphviz blocks are drawn as diagrams; false: shown as code'),
        pluginBlocks: z.enum(['drop', 'keep'], { error: 'expected drop or keep' }).optional()
          .describe(
            'Blocks that only mean something inside one app\'s plugins (```dataview, ```dataviewjs, ```query, ```tasks, ' +
              'Excalidraw drawings): drop (default) leaves them out with one warning per kind; keep shows them as code',
          ),
      })
      .optional()
      .describe('How notes are read: indented code, and the Markdown extensions of note apps and documentation tools, each on unless set to false'),
    footnotes: z
      .strictObject({
        numbering: z.enum(['chapter', 'book'], { error: 'expected chapter or book' }).optional()
          .describe('chapter (default): footnotes numbered from 1 in each chapter; book: numbered on through the book'),
      })
      .optional()
      .describe('GFM footnotes ([^1] … [^1]: text): notes at the end of their chapter'),
    epub: z
      .strictObject({
        embedFonts: z.boolean({ error: 'expected true or false' }).optional(),
      })
      .optional(),
    pdf: z
      .strictObject({
        pageSize: pageSize.optional(),
        chapterStart: z.enum(['any', 'right'], { error: 'expected any or right' }).optional(),
        crossReferencePages: crossReferencePagesSchema.optional(),
      })
      .optional(),
  })
  .superRefine((book, ctx) => {
    if (book.parts && book.chapters) {
      ctx.addIssue({ code: 'custom', path: ['chapters'], message: 'use either parts or chapters, not both' });
    }
    if (!book.parts && !book.chapters) {
      ctx.addIssue({ code: 'custom', path: [], message: 'the book has no content: add parts or chapters' });
    }
  });

/** What the user wrote, after validation. Paths are still relative and defaults unfilled. */
export type BookConfig = z.infer<typeof bookSchema>;
export type ChapterEntryConfig = z.infer<typeof chapterEntry>;
