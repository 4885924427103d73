/**
 * `npm run init -- DIR [--force]`: writes DIR/book.yaml from what DIR holds (an mdBook, GitBook,
 * MkDocs, VitePress or Docusaurus site, an Obsidian vault, or a plain folder of notes) and says
 * what it found, what it guessed and what it left out. Reads the user's files; never runs them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InkstoneError } from './errors.ts';
import { formatInitReport } from './init/format.ts';
import { initBook } from './init/index.ts';

const USAGE = 'usage: npm run init -- DIR [--force]\n  writes DIR/book.yaml from the notes in DIR; --force replaces an existing book.yaml';

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new InkstoneError(`${(e as Error).message}\n${USAGE}`);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) throw new InkstoneError(`expected one folder, got ${args.positionals.length}\n${USAGE}`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const dir = path.resolve(cwd, args.positionals[0]!);
  const result = initBook(dir, { force: args.values.force });
  process.stdout.write(formatInitReport(result, args.positionals[0]!));
  return 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  if (error instanceof InkstoneError) process.stderr.write(`inkstone: error: ${error.message}\n`);
  else process.stderr.write(`inkstone: internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
}
