/**
 * The book.yaml keys of a typeset book's apparatus: `pdf.crossReferencePages` (a page number
 * after every link to another place of the book) and `index` (a back-of-book index). Kept apart
 * from schema.ts so that file only names them; see README "Cross-references" and "The index".
 */
import { z } from 'zod';

const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` });

/** The placeholder a cross-reference's wording holds once: `（见第 {page} 页）`. */
export const PAGE_PLACEHOLDER = '{page}';

const pageWording = text('a text with {page}, such as "（见第 {page} 页）"').refine((s) => s.split(PAGE_PLACEHOLDER).length === 2, {
  error: 'expected a text with {page} once, such as "（见第 {page} 页）"',
});

export const crossReferencePagesSchema = z
  .union(
    [
      z.boolean(),
      pageWording,
      z.strictObject({
        text: pageWording.optional().describe('The wording around the number; default: the book language\'s (zh: （见第 {page} 页）)'),
        glossary: z.boolean({ error: 'expected true or false' }).optional().describe('Also after links from a term to its glossary entry (default: true)'),
      }),
    ],
    { error: 'expected true, false, a text with {page} or { text, glossary }' },
  )
  .describe(
    'In the PDF, a link to another place of the book (a heading, a note, an anchor, a glossary entry) is followed by the page it ' +
      'leads to. false (default): no page numbers; true: in the book language\'s wording; a text with {page}: that wording.',
  );

const termCase = z.enum(['sensitive', 'insensitive'], { error: 'expected sensitive or insensitive' }).optional()
  .describe('Latin terms only; default: acronyms (two or more capitals) sensitive, other words insensitive');

/** A sub-entry: a term found in the text and listed under its main entry. */
const indexSubentry = z.union(
  [
    text('an index sub-entry'),
    z.strictObject({
      term: text('the sub-entry as written in the notes'),
      aliases: z.array(text('an alias'), { error: 'expected a list of aliases' }).optional(),
      case: termCase,
    }),
  ],
  { error: 'expected a sub-entry or { term, aliases, case }' },
);

const indexTerm = z.union(
  [
    text('an index term'),
    z.strictObject({
      term: text('the term as written in the notes'),
      aliases: z.array(text('an alias'), { error: 'expected a list of aliases' }).optional().describe('Other spellings that count as the term'),
      case: termCase,
      subentries: z.array(indexSubentry, { error: 'expected a list of sub-entries' }).optional().describe('Terms listed under this one'),
    }),
  ],
  { error: 'expected an index term or { term, aliases, case, subentries }' },
);

const indexTerms = z.array(indexTerm, { error: 'expected a list of index terms' });

export const indexSchema = z
  .union(
    [
      z.boolean(),
      indexTerms,
      z.strictObject({
        title: text('a title').optional().describe('Default: 索引'),
        glossary: z.enum(['all', 'marked', 'none'], { error: 'expected all, marked or none' }).optional()
          .describe('Glossary terms in the index: all (default; a term with `index: false` is left out), marked (only terms with `index: true`) or none'),
        terms: indexTerms.optional().describe('Terms of the index besides the glossary\'s (a term, or { term, aliases, case, subentries })'),
      }),
    ],
    { error: 'expected true, false, a list of terms or { title, glossary, terms }' },
  )
  .describe(
    'A back-of-book index (off unless given): glossary terms, these terms, and places marked in the notes with <!-- index: term --> ' +
      '(or <!-- index: term > sub-entry -->), found in the text like glossary terms and sorted like the glossary.',
  );

export type CrossReferencePagesConfig = z.infer<typeof crossReferencePagesSchema>;
export type IndexConfig = z.infer<typeof indexSchema>;
export type IndexTermConfig = z.infer<typeof indexTerm>;
export type IndexSubentryConfig = z.infer<typeof indexSubentry>;
