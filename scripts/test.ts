/**
 * `npm test`: the one gate. Type check, lint (ESLint, zero warnings), then the unit suites
 * (including the EPUB end-to-end build and epubcheck). `npm run test:e2e` runs the slow suites
 * (PDF printing) instead; `npm run test:corpus` the real books of ../shared/corpus (skipped when
 * it is not there).
 * Ends with one line "N passed, M failed" so any CI can read the result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const e2e = args.includes('--e2e');
const corpus = args.includes('--corpus');
const passThrough = args.filter((a) => a !== '--e2e' && a !== '--corpus');
const project = corpus ? 'corpus' : e2e ? 'e2e' : 'unit';
const label = { unit: 'tests (vitest)', e2e: 'end-to-end tests (vitest, PDF)', corpus: 'corpus books (vitest, EPUB + PDF of ../shared/corpus)' }[project];

function run(label: string, cmd: string, cmdArgs: string[]): number {
  process.stderr.write(`\n▶ ${label}\n`);
  return spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;
}

if (project === 'unit' && run('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) {
  process.stderr.write('✗ type check failed\n');
  process.exit(1);
}
if (project === 'unit' && run('lint (eslint --max-warnings 0)', bin('eslint'), ['.', '--max-warnings', '0']) !== 0) {
  process.stderr.write('✗ lint failed\n');
  process.exit(1);
}
const reportDir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-test-'));
const report = path.join(reportDir, 'vitest.json');
const status = run(label, bin('vitest'), [
  'run',
  '--project',
  project,
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...passThrough,
]);
try {
  const result = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
  process.stdout.write(`\n${result.numPassedTests} passed, ${result.numFailedTests} failed\n`);
} catch {
  process.stdout.write('\n0 passed, 1 failed\n');
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(status);
