/**
 * The command line every Inkstone command shares: `[path/to/book.yaml]` and its own options,
 * `--help`, and paths taken relative to where the user typed the command (npm's INIT_CWD; npm
 * itself runs scripts from the package folder).
 */
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface BookArgs<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
  /** Absolute path of the book.yaml. */
  configFile: string;
  /** The folder the user ran the command in. */
  cwd: string;
}

/** Parses the arguments; prints the usage and returns undefined for --help. */
export function parseBookArgs<O extends Options>(argv: string[], options: O, usage: string): BookArgs<O> | undefined {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } as O });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${usage}`);
  }
  if ((args.values as Record<string, unknown>).help) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  if (args.positionals.length > 1) throw new UsageError(`expected at most one book.yaml, got ${args.positionals.length}\n${usage}`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  return { values: args.values, configFile: path.resolve(cwd, args.positionals[0] ?? 'book.yaml'), cwd };
}
