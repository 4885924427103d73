#!/usr/bin/env node
// Entry point of every npm script. Plain JavaScript with no dependencies, because it runs
// before they exist: on a fresh clone `npm run build` or `npm test` is the first command, so
// this installs the dependencies (npm ci) when node_modules is missing or older than the lock
// file, says so, and then runs the TypeScript command through tsx.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`inkstone: Node.js ${process.versions.node} is too old; install Node.js 20.19 or newer (see package.json "engines").`);
  process.exit(1);
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
    process.exit(result.status ?? 1);
  }
}

const commands = {
  build: ['scripts/cli.ts'],
  test: ['scripts/test.ts'],
  bench: ['scripts/bench.ts'],
  glossary: ['scripts/glossary-cli.ts'],
  browser: ['scripts/pdf/browser-cli.ts'],
};
const [name, ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`inkstone: unknown command ${name}; expected one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
// npm runs scripts from the package folder; INIT_CWD is where the user typed the command, so
// relative paths they give (another book.yaml, --out) mean what they expect.
const env = { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() };
const child = spawn(process.execPath, ['--import', 'tsx', ...command.map((f) => path.join(root, f)), ...args], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 1 : 1)));
