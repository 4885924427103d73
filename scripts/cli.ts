/**
 * `npm run build -- [path/to/book.yaml] [--out DIR] [--format epub,pdf]`
 * Progress and warnings go to stderr; any error exits with code 1 and a message that says
 * where and what to do, never a stack trace.
 */
import path from 'node:path';
import { build } from './build.ts';
import { formatWarning, InkstoneError } from './errors.ts';
import { ALL_FORMATS, DEFAULT_FORMATS, type OutputFormat } from './model.ts';
import { removePendingTempFiles } from './util/atomic-write.ts';
import { parseBookArgs } from './util/args.ts';

const USAGE = `usage: npm run build -- [path/to/book.yaml] [--out DIR] [--format ${ALL_FORMATS.join(',')}] [--offline]`;

/** `--format epub,pdf`; without it, DEFAULT_FORMATS (html only when asked for). */
export function parseFormats(value: string | undefined): OutputFormat[] {
  if (!value) return [...DEFAULT_FORMATS];
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!(ALL_FORMATS as readonly string[]).includes(f)) throw new InkstoneError(`unknown format "${f}"; choose from ${ALL_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)] as OutputFormat[];
}

async function main(argv: string[]): Promise<number> {
  const args = parseBookArgs(argv, { out: { type: 'string' }, format: { type: 'string' }, offline: { type: 'boolean' } }, USAGE);
  if (!args) return 0;
  const { cwd, configFile } = args;
  const result = await build({
    configFile,
    outDir: args.values.out === undefined ? undefined : path.resolve(cwd, args.values.out),
    formats: parseFormats(args.values.format),
    offline: args.values.offline,
    onWarning: (w) => process.stderr.write(`${formatWarning(w)}\n`),
    progress: (m) => process.stderr.write(`inkstone: ${m}\n`),
  });
  const n = result.warnings.length;
  process.stderr.write(`inkstone: done, ${n} warning${n === 1 ? '' : 's'}\n`);
  return 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    removePendingTempFiles();
    process.stderr.write(`\ninkstone: interrupted; previous outputs are untouched\n`);
    process.exit(130);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InkstoneError) {
      process.stderr.write(`inkstone: error: ${error.message}\n`);
    } else {
      process.stderr.write(`inkstone: internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
