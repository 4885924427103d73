#!/usr/bin/env node
// Entry point of every npm script. Plain JavaScript with no dependencies, because it runs
// before they exist: on a fresh clone `npm run build` or `npm test` is the first command, so
// this installs the dependencies (npm ci) when node_modules is missing or older than the lock
// file, says so, and then runs the TypeScript command through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`inkstone: Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer (see package.json "engines").`);
  process.exit(3); // a missing or broken tool (scripts/errors.ts EXIT_CODES)
}

function dependenciesStale() {
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  if (statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs + 1000) return 'package-lock.json changed since the last install';
  return undefined;
}

const stale = dependenciesStale();
if (stale) {
  console.error(`inkstone: ${stale}; installing dependencies with npm ci …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    console.error('inkstone: npm ci failed (see above); fix the problem and run the command again.');
    process.exit(3); // a missing or broken tool (scripts/errors.ts EXIT_CODES)
  }
}

/** Commands users run often are bundled (see below); the others run through tsx. */
const commands = {
  build: { entry: 'scripts/cli.ts', bundle: true },
  glossary: { entry: 'scripts/glossary-cli.ts', bundle: true },
  browser: { entry: 'scripts/browser-cli.ts', bundle: false },
  test: { entry: 'scripts/test.ts', bundle: false },
  bench: { entry: 'scripts/bench.ts', bundle: false },
  release: { entry: 'scripts/release.ts', bundle: false },
  check: { entry: 'scripts/check.ts', bundle: false },
  dev: { entry: 'scripts/dev.ts', bundle: false },
  docs: { entry: 'scripts/docs.ts', bundle: false },
  init: { entry: 'scripts/init.ts', bundle: false },
};
const [name, ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`inkstone: unknown command ${name}; expected one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/**
 * Loading the pipeline's few hundred small ES modules through tsx costs seconds on every
 * build; one esbuild bundle loads in a fraction of that. The bundle is rebuilt whenever a
 * source file or the lock file changes (content hash), so it is never stale.
 */
async function bundled(entry) {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(path.join(root, 'scripts')).sort(), path.join(root, 'package-lock.json')]) {
    hash.update(file).update(readFileSync(file));
  }
  const key = hash.digest('hex').slice(0, 16);
  const outDir = path.join(root, 'node_modules', '.cache', 'inkstone', `${path.basename(entry, '.ts')}-${key}`);
  const outFile = path.join(outDir, 'main.mjs');
  // Lets caches know which pipeline code made their entries (see scripts/markdown/cache.ts).
  process.env.INKSTONE_BUILD_ID = key;
  if (existsSync(outFile)) return outFile;
  const { build } = await import('esbuild');
  const tmp = `${outDir}.${process.pid}.tmp`;
  await build({
    entryPoints: { main: path.join(root, entry) },
    outdir: tmp,
    bundle: true,
    outExtension: { '.js': '.mjs' },
    splitting: true, // keeps the PDF renderer (and Puppeteer) out of EPUB-only builds
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // Native addons, WebAssembly loaded from disk and large CommonJS packages stay in node_modules.
    external: ['@resvg/resvg-js', 'puppeteer', 'puppeteer-core', '@puppeteer/browsers', 'subset-font', 'epub-gen-memory', 'pdf-lib', 'jszip'],
    banner: { js: "import { createRequire as __inkstoneRequire } from 'node:module'; const require = __inkstoneRequire(import.meta.url);" },
  });
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  return outFile;
}

// npm runs scripts from the package folder; INIT_CWD is where the user typed the command, so
// relative paths they give (another book.yaml, --out) mean what they expect.
process.env.INIT_CWD ??= process.cwd();
process.env.INKSTONE_ROOT = root;
if (command.bundle) {
  // The bundle runs in this process (it reads process.argv after the command name).
  const entry = await bundled(command.entry);
  process.argv = [process.argv[0], entry, ...args];
  await import(pathToFileURL(entry).href);
} else {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, command.entry), ...args], { cwd: root, stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
}
