/**
 * What init needs to know of a note: its front matter, its first heading, the title the build
 * would give it as a one-note chapter, whether it is a draft or empty, and its prose (for the
 * language guess). Read once per note with the build's own decoder, front-matter reader and
 * Markdown parser, so that init and the build agree on what a note says.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toString } from 'mdast-util-to-string';
import type { Heading } from 'mdast';
import { visit } from 'unist-util-visit';
import { InkstoneError } from '../errors.ts';
import { normaliseHeadings } from '../markdown/headings.ts';
import { parseMarkdown } from '../markdown/pipeline.ts';
import { decodeNote, readFrontMatter, type FrontMatter } from '../notes/read.ts';
import { cleanName } from './order.ts';

export interface NoteInfo {
  file: string;
  frontMatter: FrontMatter;
  /** Text of the note's first heading, if any. */
  firstHeading?: string;
  /** The title the build gives this note as a one-note chapter (`- path.md` in book.yaml). */
  buildTitle: string;
  /** The note's own title for init: front-matter `title`, else its first heading, else its cleaned file name. */
  ownTitle: string;
  draft: boolean;
  empty: boolean;
  /** Prose without front matter, code, URLs and HTML tags. */
  prose: string;
}

/** Why a note cannot be read (not UTF-8, broken front matter), for the report. */
export type NoteResult = { ok: true; info: NoteInfo } | { ok: false; reason: string };

export class NoteReader {
  private readonly cache = new Map<string, NoteResult>();

  constructor(private readonly bookRoot: string) {}

  read(file: string): NoteResult {
    let result = this.cache.get(file);
    if (!result) {
      result = this.load(file);
      this.cache.set(file, result);
    }
    return result;
  }

  /** Every note read so far that could be read. */
  all(): NoteInfo[] {
    return [...this.cache.values()].flatMap((r) => (r.ok ? [r.info] : []));
  }

  private load(file: string): NoteResult {
    const rel = path.relative(this.bookRoot, file).split(path.sep).join('/');
    try {
      const markdown = decodeNote(readFileSync(file), rel);
      const frontMatter = readFrontMatter(markdown, rel);
      const tree = parseMarkdown(markdown, rel);
      let firstHeading: string | undefined;
      visit(tree, 'heading', (h: Heading) => {
        firstHeading ??= toString(h).trim() || undefined;
      });
      // The same rule the build applies to a one-note chapter (markdown/headings.ts).
      const { titleHeading } = normaliseHeadings(tree, { single: true });
      const name = path.basename(file, path.extname(file));
      const fmTitle = typeof frontMatter.title === 'string' && frontMatter.title.trim() ? frontMatter.title.trim() : undefined;
      const body = markdown.replace(/^---\n[\s\S]*?\n---(?:\n|$)/, '');
      return {
        ok: true,
        info: {
          file,
          frontMatter,
          firstHeading,
          buildTitle: fmTitle ?? titleHeading ?? name,
          ownTitle: fmTitle ?? firstHeading ?? cleanName(name),
          draft: frontMatter.draft === true,
          empty: body.trim() === '',
          prose: proseOf(body),
        },
      };
    } catch (e) {
      if (!(e instanceof InkstoneError)) throw e;
      return { ok: false, reason: e.message.split('\n')[0]! };
    }
  }
}

/** The words of a note: what a reader reads, not code or addresses (for the language guess). */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\$\$[\s\S]*?\$\$|\$[^$\n]+\$/g, ' ');
}
