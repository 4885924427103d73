/**
 * book.yaml `numbering:` (README "Numbering"): which of chapters, sections, figures, tables and
 * code listings get numbers. Off unless asked for; `numbering: true` numbers all of them. Kept
 * apart from schema.ts so that file only names the key.
 */
import { z } from 'zod';
import type { ResolvedNumbering } from '../model.ts';

const flag = z.boolean({ error: 'expected true or false' });

export const numberingSchema = z
  .union(
    [
      z.boolean(),
      z.strictObject({
        chapters: z.union([z.boolean(), z.enum(['chinese', 'number'])], { error: 'expected true, false, chinese or number' }).optional()
          .describe('true: 第 1 章 (Chapter 1 in English books); chinese: 第一章; number: 1; false (default): none'),
        sections: z.union([z.boolean(), z.literal(2), z.literal(3), z.literal(4)], { error: 'expected true, false, 2, 3 or 4' }).optional()
          .describe('Headings inside a chapter numbered 1.2 (level 2), 1.2.1 (level 3) …; true: down to level 3; a number: down to that level'),
        figures: flag.optional().describe('Images with a caption become figures numbered per chapter: 图 3-1'),
        tables: flag.optional().describe('Tables with a caption line (Table: …, 表：…) numbered per chapter: 表 3-1'),
        listings: flag.optional().describe('Code blocks with a caption line (Listing: …, 代码：…) numbered per chapter: 代码 3-1'),
      }),
    ],
    { error: 'expected true, false or { chapters, sections, figures, tables, listings }' },
  )
  .describe('Numbers for chapters, sections, figures, tables and code listings (default: none); true: all of them');

export type NumberingConfig = z.infer<typeof numberingSchema>;

/** Undefined when nothing is numbered: then the book is exactly as without the key. */
export function resolveNumbering(config: NumberingConfig | undefined): ResolvedNumbering | undefined {
  if (config === undefined || config === false) return undefined;
  if (config === true) return { chapters: 'label', sections: 3, figures: true, tables: true, listings: true };
  const chapters = config.chapters === true ? 'label' : (config.chapters ?? false);
  const sections = config.sections === true ? 3 : config.sections || 0;
  const resolved: ResolvedNumbering = { chapters, sections, figures: config.figures ?? false, tables: config.tables ?? false, listings: config.listings ?? false };
  const any = resolved.chapters !== false || resolved.sections > 0 || resolved.figures || resolved.tables || resolved.listings;
  return any ? resolved : undefined;
}
