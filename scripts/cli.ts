/**
 * `npm run build -- [path/to/book.yaml] [--out DIR] [--format epub,pdf] [--offline] [--verbose]`
 * Progress and warnings go to stderr; warnings are printed folded when the build ends (or
 * fails), every one with --verbose. An error exits with the code of its kind (scripts/errors.ts)
 * and a message that says where and what to do, never a stack trace.
 */
import path from 'node:path';
import { build } from './build.ts';
import { UsageError } from './errors.ts';
import { ALL_FORMATS, DEFAULT_FORMATS, type OutputFormat } from './model.ts';
import { parseBookArgs } from './util/args.ts';
import { runCommand } from './util/command.ts';
import { WarningReport } from './util/warning-report.ts';

const USAGE = `usage: npm run build -- [path/to/book.yaml] [--out DIR] [--format ${ALL_FORMATS.join(',')}] [--offline] [--verbose]`;

/** `--format epub,pdf`; without it, DEFAULT_FORMATS (html only when asked for). */
export function parseFormats(value: string | undefined): OutputFormat[] {
  if (!value) return [...DEFAULT_FORMATS];
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) {
    if (!(ALL_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${f}"; choose from ${ALL_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)] as OutputFormat[];
}

async function main(argv: string[]): Promise<number> {
  const args = parseBookArgs(argv, { out: { type: 'string' }, format: { type: 'string' }, offline: { type: 'boolean' }, verbose: { type: 'boolean' } }, USAGE);
  if (!args) return 0;
  const { cwd, configFile } = args;
  const formats = parseFormats(args.values.format);
  const report = new WarningReport({ verbose: args.values.verbose });
  try {
    const result = await build({
      configFile,
      outDir: args.values.out === undefined ? undefined : path.resolve(cwd, args.values.out),
      formats,
      offline: args.values.offline,
      onWarning: report.add,
      progress: (m) => process.stderr.write(`inkstone: ${m}\n`),
    });
    report.print();
    const n = result.warnings.length;
    process.stderr.write(`inkstone: done, ${n} warning${n === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    // Also when the build failed: the warnings gathered so far, before the error.
    report.print();
  }
}

runCommand(main, { interrupt: { message: 'previous outputs are untouched' } });
