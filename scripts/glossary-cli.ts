/**
 * `npm run glossary -- --suggest [path/to/book.yaml] [--min N] [--verbose]`: candidate terms for the
 * glossary, as YAML stubs on stdout (warnings, folded unless --verbose, on stderr).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBookConfig } from './config/load.ts';
import { resolveBook } from './config/resolve.ts';
import { Diagnostics, UsageError } from './errors.ts';
import { loadGlossary } from './glossary/load.ts';
import { formatStubs, suggestTerms } from './glossary/suggest.ts';
import { readBookNotes } from './notes/read.ts';
import { runCommand } from './util/command.ts';
import { WarningReport } from './util/warning-report.ts';

const USAGE = 'usage: npm run glossary -- --suggest [path/to/book.yaml] [--min N] [--verbose]';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { suggest: { type: 'boolean' }, min: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!values.suggest) throw new UsageError(USAGE);
  if (positionals.length > 1) throw new UsageError(`expected at most one book.yaml, got ${positionals.length}\n${USAGE}`);
  const min = Number(values.min ?? 1);
  if (!Number.isInteger(min) || min < 1) throw new UsageError(`--min ${values.min}: expected a whole number of uses, 1 or more\n${USAGE}`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const configFile = path.resolve(cwd, positionals[0] ?? 'book.yaml');
  const report = new WarningReport({ verbose: values.verbose });
  try {
    process.stdout.write(suggest(configFile, new Diagnostics(report.add), min));
  } finally {
    report.print();
  }
  return 0;
}

function suggest(configFile: string, diagnostics: Diagnostics, min: number): string {
  const { config, source } = loadBookConfig(configFile);
  const book = resolveBook(config, source, configFile);
  const notes = readBookNotes(book, diagnostics).flat().flatMap((c) => c.notes);
  const known = new Set<string>();
  if (book.glossary) {
    for (const t of loadGlossary(book.glossary.file, book.glossary.relPath, diagnostics).config.terms) {
      for (const name of [t.term, t.english, ...(t.aliases ?? [])]) if (name) known.add(name.toLowerCase());
    }
  }
  const candidates = suggestTerms(notes, known).filter((c) => c.places.length >= min);
  return formatStubs(candidates, book.glossary?.relPath);
}

runCommand(main);
