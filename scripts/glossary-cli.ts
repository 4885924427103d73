/**
 * `npm run glossary -- --suggest [path/to/book.yaml]`: candidate terms for the glossary, as YAML
 * stubs on stdout (warnings and progress on stderr).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBookConfig } from './config/load.ts';
import { resolveBook } from './config/resolve.ts';
import { Diagnostics, formatWarning, InkstoneError } from './errors.ts';
import { loadGlossary } from './glossary/load.ts';
import { formatStubs, suggestTerms } from './glossary/suggest.ts';
import { readBookNotes } from './notes/read.ts';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { suggest: { type: 'boolean' }, min: { type: 'string' } } });
  if (!values.suggest) throw new InkstoneError('usage: npm run glossary -- --suggest [path/to/book.yaml] [--min N]');
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const configFile = path.resolve(cwd, positionals[0] ?? 'book.yaml');
  const diagnostics = new Diagnostics((w) => process.stderr.write(`${formatWarning(w)}\n`));
  const { config, source } = loadBookConfig(configFile);
  const book = resolveBook(config, source, configFile);
  const notes = readBookNotes(book, diagnostics).flat().flatMap((c) => c.notes);
  const known = new Set<string>();
  if (book.glossary) {
    for (const t of loadGlossary(book.glossary.file, book.glossary.relPath, diagnostics).config.terms) {
      for (const name of [t.term, t.english, ...(t.aliases ?? [])]) if (name) known.add(name.toLowerCase());
    }
  }
  const min = Number(values.min ?? 1);
  const candidates = suggestTerms(notes, known).filter((c) => c.places.length >= min);
  process.stdout.write(formatStubs(candidates, book.glossary?.relPath));
}

main().catch((e: unknown) => {
  process.stderr.write(e instanceof InkstoneError ? `inkstone: error: ${e.message}\n` : `inkstone: internal error: ${(e as Error).stack}\n`);
  process.exit(1);
});
