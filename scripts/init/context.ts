/**
 * What every source reader gets: the book's folder (where book.yaml goes), the note reader
 * shared by all stages of init, and the report to tell the user what happened.
 */
import type { NoteReader } from './notes.ts';
import type { InitReport, Sourced } from './types.ts';

export interface ReadContext {
  /** Absolute folder of the book.yaml to write: every path must stay inside it. */
  bookRoot: string;
  notes: NoteReader;
  report: InitReport;
}

/** A note's title as a guess for the book's title (`first heading of zh/README.md`). */
export function titleFromNote(ctx: ReadContext, file: string, shown: string): Sourced<string> | undefined {
  const r = ctx.notes.read(file);
  if (!r.ok) return undefined;
  if (typeof r.info.frontMatter.title === 'string' && r.info.frontMatter.title.trim()) {
    return { value: r.info.frontMatter.title.trim(), from: `the front-matter title of ${shown}`, guessed: true };
  }
  if (r.info.firstHeading) return { value: r.info.firstHeading, from: `the first heading of ${shown}`, guessed: true };
  return undefined;
}

/** A string setting from a tool's config, trimmed; anything else is no setting. */
export function stringSetting(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** `authors = ["A", "B"]` or `author: "A"` → a list of names. */
export function namesSetting(value: unknown): string[] | undefined {
  const list = (Array.isArray(value) ? value : [value]).map(stringSetting).filter((s): s is string => s !== undefined);
  return list.length ? list : undefined;
}
