/**
 * The corpus books as a new user meets Inkstone: `npm run init` on the book's folder as its
 * tool left it (no book.yaml of ours), then `npm run build` of what init wrote. The EPUB must be
 * valid and show none of the tool's syntax as text. (The PDF of each book is checked by the
 * book's own suite, built from our book.yaml; here only the EPUB, to keep the suite short.)
 * Skipped without ../shared/corpus.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_BOOKS, CORPUS_DIR, corpusMissing } from './books.ts';
import { marksInProse, proseText } from './dialect-syntax.ts';
import { runCli } from './cli.ts';
import { epubcheck } from './epubcheck.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe.each(CORPUS_BOOKS.map((b) => [b.name, b] as const))('npm run init on corpus book %s', (name, book) => {
  const missing = corpusMissing(book);
  it.skipIf(missing !== undefined)(`writes a book.yaml that builds a valid EPUB with no ${book.tool} syntax left as text`, async () => {
    const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), `ink-init-${name}-`)));
    temps.push(tmp);
    const copy = path.join(tmp, name);
    cpSync(path.join(CORPUS_DIR, name), copy, { recursive: true });
    expect(existsSync(path.join(copy, 'book.yaml')), 'the corpus has no book.yaml of its own').toBe(false);

    const init = await runCli(['init', copy], tmp);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^wrote .*book\.yaml$/m);
    // A second run refuses to overwrite it (exit 1, with the hint).
    const again = await runCli(['init', copy], tmp);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');

    const out = path.join(tmp, 'out');
    const build = await runCli(['build', path.join(copy, 'book.yaml'), '--out', out, '--format', 'epub', '--offline'], copy);
    expect(build.code, build.stderr.slice(-3000)).toBe(0);
    const epub = path.join(out, 'book.epub');
    expect(await epubcheck(epub), 'epubcheck').toEqual({ counts: { fatals: 0, errors: 0, warnings: 0 }, byId: [] });

    const zip = await JSZip.loadAsync(readFileSync(epub));
    const docs = Object.keys(zip.files).filter((n) => /^OEBPS\/chapter-\d+\.xhtml$/.test(n));
    expect(docs.length).toBeGreaterThan(5);
    const xhtml = await Promise.all(docs.map((n) => zip.file(n)!.async('string')));
    expect(marksInProse(xhtml.map(proseText).join('\n'))).toEqual([]);
  }, 600_000);
  if (missing) it('is skipped', (ctx) => ctx.skip(missing));
});
