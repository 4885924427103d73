/**
 * Golden fixtures for Markdown → HTML. Every folder under test/fixtures/markdown/ is one case:
 *
 * - `input.md` (+ optional `options.json`, `{ "single": true }`, `{ "indentedCode": true }`,
 *   `{ "markdown": { "callouts": false, "math": false } }` for book.yaml `markdown:`): one note through the per-note
 *   stage, `markdownToHast` in scripts/markdown/pipeline.ts (parse, stray `**`, CJK line
 *   breaks, heading levels, raw HTML sanitised, code highlighted, footnote prefix `n1-`). The
 *   note is a note of a group chapter unless `single` says it is a one-note chapter. Headings
 *   have no ids yet: those are given by the book model.
 * - `book.yaml` and its notes: a tiny book through `loadBook` (scripts/build.ts), i.e. the
 *   per-note stage plus the book model (scripts/book/assemble.ts): chapter titles, book-wide
 *   heading ids, footnote ids per note, links between notes; then the assets stage's image
 *   step (scripts/assets/embed-images.ts): local images embedded, others as placeholders. The fixture folder is
 *   copied to a temporary folder first, so the build never writes into test/fixtures.
 *
 * `expected.html` is the tree stringified by rehype-stringify, untouched: the pipeline already
 * puts a newline between block elements, and no formatter runs, so every space and line break
 * inside a paragraph is in the file as the reader would get it (a stray space between two
 * Chinese characters shows). For a book, each chapter starts with a comment giving its id and
 * title, and each of its notes (`<div class="note">`) starts on a line of its own.
 * `warnings.txt` holds the warnings, as the CLI prints them; no file means no warnings.
 *
 * `UPDATE_GOLDEN=1 npx vitest run test/markdown-golden.test.ts` rewrites expected.html and
 * warnings.txt from what the pipeline produces (creating missing ones, removing a warnings.txt
 * a case no longer needs). Without it, a missing expected.html is a failure. Read the diff
 * before committing: a golden file says what is RIGHT, not just what the code does today.
 *
 * A case with `known-bug.md` pins a bug that is not fixed yet: its expected.html is written by
 * hand and is the RIGHT output, the test passes while the pipeline still gets it wrong, and
 * UPDATE_GOLDEN leaves that expected.html alone. When the bug is fixed the test fails: delete
 * known-bug.md and the case becomes an ordinary one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { DEFAULT_SYNTAX, markdownToHast } from '../scripts/markdown/pipeline.ts';
import type { MarkdownSyntax } from '../scripts/model.ts';
import { cleanupTempDirs, loadWithImagesIn, makeTempDir } from './helpers.ts';

afterAll(cleanupTempDirs);

const CASES = fileURLToPath(new URL('./fixtures/markdown/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Files of a case that are not part of its input. */
const OUTPUTS = new Set(['expected.html', 'warnings.txt', 'known-bug.md']);

const stringifier = unified().use(rehypeStringify);
const stringify = (tree: Root): string => stringifier.stringify(tree);

interface Output {
  html: string;
  warnings: string[];
}

interface NoteCaseOptions {
  single: boolean;
  /** book.yaml's `markdown.indentedCode`; default `auto`, as in a book. */
  indentedCode: 'auto' | boolean;
  /** book.yaml `markdown:` switches for this note (omitted keys: on). */
  syntax: MarkdownSyntax;
}

const SYNTAX_KEYS = Object.keys(DEFAULT_SYNTAX);

function readOptions(dir: string): NoteCaseOptions {
  const file = path.join(dir, 'options.json');
  if (!fs.existsSync(file)) return { single: false, indentedCode: 'auto', syntax: DEFAULT_SYNTAX };
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const markdown = raw.markdown as Record<string, unknown> | undefined;
  const unknown = Object.keys(raw).filter((k) => !['single', 'indentedCode', 'markdown'].includes(k));
  const badMarkdown = markdown !== undefined && (typeof markdown !== 'object' || Object.entries(markdown).some(([k, v]) => !SYNTAX_KEYS.includes(k) || typeof v !== 'boolean'));
  const badIndentedCode = raw.indentedCode !== undefined && raw.indentedCode !== 'auto' && typeof raw.indentedCode !== 'boolean';
  if (unknown.length > 0 || (raw.single !== undefined && typeof raw.single !== 'boolean') || badIndentedCode || badMarkdown) {
    throw new Error(`${path.relative(process.cwd(), file)}: only { "single": true | false, "indentedCode": "auto" | true | false, "markdown": { ${SYNTAX_KEYS.join(' | ')}: boolean } } is understood`);
  }
  return {
    single: raw.single === true,
    indentedCode: raw.indentedCode === true || raw.indentedCode === false ? raw.indentedCode : 'auto',
    syntax: { ...DEFAULT_SYNTAX, ...(markdown as Partial<MarkdownSyntax> | undefined) },
  };
}

/** One note through the per-note Markdown stage. */
async function runNote(dir: string): Promise<Output> {
  const markdown = fs.readFileSync(path.join(dir, 'input.md'), 'utf8');
  const diagnostics = new Diagnostics();
  const { single, indentedCode, syntax } = readOptions(dir);
  const { tree } = await markdownToHast(markdown, { file: 'input.md', single, indentedCode, syntax, footnotePrefix: 'n1-', diagnostics });
  return { html: `${stringify(tree)}\n`, warnings: diagnostics.warnings.map(formatWarning) };
}

/** A tiny book through the book model: every chapter's tree, in order. */
async function runBook(dir: string): Promise<Output> {
  const copy = makeTempDir('ink-golden-');
  fs.cpSync(dir, copy, { recursive: true, filter: (src) => !OUTPUTS.has(path.basename(src)) });
  const { book, warnings } = await loadWithImagesIn(copy);
  const lines: string[] = [];
  for (const part of book.parts) {
    if (part.title) lines.push(`<!-- part ${part.number}: id="${part.id}" title="${part.title}" -->`);
    for (const chapter of part.chapters) {
      lines.push(`<!-- chapter ${chapter.number}: id="${chapter.id}" title="${chapter.title}" -->`);
      for (const child of chapter.tree.children) lines.push(stringify({ type: 'root', children: [child] } as Root));
    }
  }
  return { html: `${lines.join('\n')}\n`, warnings };
}

/** Compare with the golden file, or (UPDATE_GOLDEN=1) rewrite it. `undefined`: no file wanted. */
function golden(file: string, actual: string | undefined, required: boolean): void {
  const exists = fs.existsSync(file);
  if (UPDATE) {
    if (actual === undefined) fs.rmSync(file, { force: true });
    else if (!exists || fs.readFileSync(file, 'utf8') !== actual) fs.writeFileSync(file, actual);
    return;
  }
  const name = path.relative(process.cwd(), file);
  if (!exists && required) throw new Error(`${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/markdown-golden.test.ts, then read it`);
  const expected = exists ? fs.readFileSync(file, 'utf8') : undefined;
  expect(actual, name).toBe(expected);
}

const cases = fs
  .readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('Markdown → HTML golden fixtures (test/fixtures/markdown/)', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('%s', async (name) => {
    const dir = path.join(CASES, name);
    const isNote = fs.existsSync(path.join(dir, 'input.md'));
    const isBook = fs.existsSync(path.join(dir, 'book.yaml'));
    if (isNote === isBook) throw new Error(`test/fixtures/markdown/${name} needs exactly one of input.md (a note) or book.yaml (a book)`);
    const { html, warnings } = isNote ? await runNote(dir) : await runBook(dir);
    const knownBug = path.join(dir, 'known-bug.md');
    if (fs.existsSync(knownBug)) {
      const right = fs.readFileSync(path.join(dir, 'expected.html'), 'utf8');
      const bug = fs.readFileSync(knownBug, 'utf8').split('\n')[0];
      expect(html, `known bug fixed? (${bug}) Delete test/fixtures/markdown/${name}/known-bug.md`).not.toBe(right);
      golden(path.join(dir, 'warnings.txt'), warnings.length ? `${warnings.join('\n')}\n` : undefined, false);
      return;
    }
    golden(path.join(dir, 'expected.html'), html, true);
    golden(path.join(dir, 'warnings.txt'), warnings.length ? `${warnings.join('\n')}\n` : undefined, false);
  });
});
