/** The glossary file's schema: a list of terms, each with a Markdown definition. */
import { z } from 'zod';

const text = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}, got an empty string` });

export const glossaryEntrySchema = z.strictObject({
  term: text('the term as written in the notes'),
  english: text('the English form').optional(),
  aliases: z.array(text('an alias'), { error: 'expected a list of aliases' }).optional(),
  definition: text('a definition (Markdown)'),
  see: z.array(text('a related term'), { error: 'expected a list of related terms' }).optional(),
  case: z.enum(['sensitive', 'insensitive'], { error: 'expected sensitive or insensitive' }).optional()
    .describe('Latin terms only; default: acronyms (two or more capitals) sensitive, other words insensitive'),
  index: z.boolean({ error: 'expected true or false' }).optional().describe('In the book\'s index (book.yaml `index`): true with `glossary: marked`, false to leave it out of `glossary: all`'),
});

export const glossarySchema = z.strictObject({
  terms: z.array(glossaryEntrySchema, { error: 'expected a list of terms' }).min(1, { error: 'expected at least one term' }),
});

export type GlossaryEntryConfig = z.infer<typeof glossaryEntrySchema>;
export type GlossaryConfig = z.infer<typeof glossarySchema>;
