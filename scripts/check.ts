/**
 * `npm run check -- [build-dir]`
 * Validates what a build wrote (default: build/release, else build/): epubcheck and DAISY Ace
 * on every .epub; fonts, outline, metadata and tags of every .pdf. Prints one line per check
 * and the problems under it; exits 1 when any check fails, 3 when the only failures are checks
 * whose tool is not installed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { checkAce } from './check/ace.ts';
import { resolveBrowser } from './browser/launch.ts';
import { checkEpub } from './check/epub.ts';
import { checkPdf } from './check/pdf.ts';
import type { CheckResult } from './check/types.ts';
import { EXIT_CODES, InkstoneError, UsageError } from './errors.ts';
import { runCommand } from './util/command.ts';

const ROOT = process.env.INKSTONE_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: npm run check -- [build-dir] [--no-ace]';

export interface CheckOptions {
  dir: string;
  ace?: boolean;
  /** Called as each check finishes (they can take a minute each). */
  onResult?: (r: CheckResult) => void;
}

/** Every .epub and .pdf directly in dir, sorted. */
export function outputsIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InkstoneError(`${dir} is not a folder; build first (npm run build or npm run release)`);
  const files = readdirSync(dir)
    .filter((f) => /\.(epub|pdf)$/i.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) throw new InkstoneError(`no .epub or .pdf in ${dir}; build first (npm run build or npm run release)`);
  return files;
}

export async function runChecks(options: CheckOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  // Ace prints with Chromium too: the same one the PDF build finds (or installs).
  const chromium = options.ace === false ? undefined : await resolveBrowser(() => {}).catch(() => undefined);
  const add = (r: CheckResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  for (const file of outputsIn(options.dir)) {
    if (/\.epub$/i.test(file)) {
      add(checkEpub(file));
      if (options.ace !== false) add(checkAce(file, ROOT, chromium));
      else add({ name: 'Ace', file, status: 'skipped', summary: 'not run (--no-ace)', details: [] });
    } else {
      for (const r of checkPdf(file)) add(r);
    }
  }
  return results;
}

export function formatResult(r: CheckResult, cwd: string): string {
  const mark = { pass: 'ok  ', fail: 'FAIL', skipped: 'skip' }[r.status];
  const lines = [`${mark} ${r.name}: ${path.relative(cwd, r.file) || r.file}: ${r.summary}`];
  for (const d of r.details.slice(0, 30)) lines.push(`       ${d}`);
  if (r.details.length > 30) lines.push(`       … and ${r.details.length - 30} more`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { 'no-ace': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 1) throw new UsageError(`expected at most one folder\n${USAGE}`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const release = path.resolve(cwd, 'build', 'release');
  const dir = args.positionals[0] ? path.resolve(cwd, args.positionals[0]) : existsSync(release) ? release : path.resolve(cwd, 'build');
  process.stdout.write(`checking ${path.relative(cwd, dir) || '.'}\n`);
  const results = await runChecks({ dir, ace: !args.values['no-ace'], onResult: (r) => process.stdout.write(`${formatResult(r, cwd)}\n`) });
  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skipped').length;
  const passed = results.length - failed - skipped;
  process.stdout.write(`check: ${passed} passed, ${failed} failed, ${skipped} not run\n`);
  if (failed === 0) return 0;
  return results.every((r) => r.status !== 'fail' || r.missingTool) ? EXIT_CODES.tool : EXIT_CODES.content;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) runCommand(main);
