/**
 * `npm run release -- [path/to/book.yaml]`
 * Builds the EPUB and the PDF into a temporary folder inside the output folder, then writes
 * `<output>/release/<name>-<version>.epub`, `.pdf` and `SHA256SUMS` (the format `sha256sum -c`
 * reads), each atomically. Dates come from SOURCE_DATE_EPOCH, else the last commit, so a
 * release rebuilt from the same tag has the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from './build.ts';
import { loadConfig } from './config/index.ts';
import { InkstoneError, type Warning } from './errors.ts';
import { parseBookArgs } from './util/args.ts';
import type { OutputFormat } from './model.ts';
import { writeFileAtomic } from './util/atomic-write.ts';
import { runCommand } from './util/command.ts';
import { WarningReport } from './util/warning-report.ts';

const USAGE = 'usage: npm run release -- [path/to/book.yaml] [--offline] [--verbose]';

/** Versions become part of file names: keep them to what every file system and URL accepts. */
const VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]*$/;

export interface ReleaseOptions {
  configFile: string;
  /** Both by default; tests may ask for fewer. */
  formats?: OutputFormat[];
  offline?: boolean;
  onWarning?: (w: Warning) => void;
  progress?: (message: string) => void;
}

export interface ReleaseFile {
  file: string;
  bytes: number;
  sha256: string;
}

export interface ReleaseResult {
  dir: string;
  files: ReleaseFile[];
  /** Path of SHA256SUMS. */
  sums: string;
  /** Seconds since 1970 that every date in the outputs comes from. */
  sourceDateEpoch: string;
  warnings: Warning[];
}

/** Temp folders of releases in progress, removed on SIGINT/SIGTERM. */
const pendingDirs = new Set<string>();

export async function release(options: ReleaseOptions): Promise<ReleaseResult> {
  const formats = options.formats ?? ['epub', 'pdf'];
  const progress = options.progress ?? (() => {});
  // Read book.yaml first: a missing version should fail before minutes of building.
  const resolved = loadConfig(options.configFile);
  const configName = path.relative(process.cwd(), options.configFile) || options.configFile;
  const version = resolved.meta.version;
  if (version === undefined) {
    throw new InkstoneError('a release needs a version: add `version: "1.0.0"` (quoted) to book.yaml', { position: { file: configName } });
  }
  if (!VERSION.test(version)) {
    throw new InkstoneError(`version "${version}" cannot be part of a file name; use letters, digits, ".", "-", "_" or "+" (e.g. "1.0.0")`, {
      position: { file: configName },
    });
  }

  // One time for every date in both outputs: SOURCE_DATE_EPOCH, else the last commit (else the
  // newest source file), as the config stage resolved it.
  const epoch = String(Math.floor(resolved.meta.modified.getTime() / 1000));

  const outRoot = resolved.output.dir;
  mkdirSync(path.join(outRoot, '.cache'), { recursive: true });
  const tmp = mkdtempSync(path.join(outRoot, '.release-'));
  pendingDirs.add(tmp);
  try {
    // Share the output folder's caches (fonts, remote images) with the temp build.
    symlinkSync(path.join('..', '.cache'), path.join(tmp, '.cache'), 'dir');
    const built = await build({ configFile: options.configFile, outDir: tmp, formats, offline: options.offline, sourceDateEpoch: epoch, onWarning: options.onWarning, progress });
    const dir = path.join(outRoot, 'release');
    const name = built.book.config.output.name;
    const files: ReleaseFile[] = [];
    for (const output of built.outputs) {
      const data = readFileSync(output.file);
      const file = path.join(dir, `${name}-${version}.${output.format}`);
      writeFileAtomic(file, data);
      files.push({ file, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
    const sums = path.join(dir, 'SHA256SUMS');
    writeFileAtomic(sums, files.map((f) => `${f.sha256}  ${path.basename(f.file)}\n`).join(''));
    return { dir, files, sums, sourceDateEpoch: epoch, warnings: built.warnings };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    pendingDirs.delete(tmp);
  }
}

async function main(argv: string[]): Promise<number> {
  const args = parseBookArgs(argv, { offline: { type: 'boolean' }, verbose: { type: 'boolean' } }, USAGE);
  if (!args) return 0;
  const report = new WarningReport({ verbose: args.values.verbose });
  let result: ReleaseResult;
  try {
    result = await release({
      configFile: args.configFile,
      offline: args.values.offline,
      onWarning: report.add,
      progress: (m) => process.stderr.write(`inkstone: ${m}\n`),
    });
  } finally {
    // Also when the release failed: the warnings gathered so far, before the error.
    report.print();
  }
  const shown = (file: string) => path.relative(args.cwd, file) || file;
  process.stdout.write(`release (SOURCE_DATE_EPOCH=${result.sourceDateEpoch}):\n`);
  for (const f of result.files) process.stdout.write(`  ${shown(f.file)}  ${(f.bytes / 1024 / 1024).toFixed(2)} MB  sha256 ${f.sha256}\n`);
  process.stdout.write(`  ${shown(result.sums)}\n`);
  const n = result.warnings.length;
  process.stderr.write(`inkstone: release done, ${n} warning${n === 1 ? '' : 's'}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runCommand(main, {
    interrupt: {
      message: 'previous release files are untouched',
      cleanup: () => {
        for (const dir of pendingDirs) rmSync(dir, { recursive: true, force: true });
      },
    },
  });
}
