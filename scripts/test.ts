/**
 * `npm test`: the one gate. Type check, then the vitest suites (unit and EPUB end to end).
 * `npm test -- --e2e` adds the slow suites (PDF printing, benchmarks-as-tests are not here).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const args = process.argv.slice(2);

function run(label: string, cmd: string, cmdArgs: string[]): void {
  process.stderr.write(`\n▶ ${label}\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`✗ ${label} failed\n`);
    process.exit(r.status ?? 1);
  }
}

run('type check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
const project = args.includes('--e2e') ? ['--project', 'unit', '--project', 'e2e'] : ['--project', 'unit'];
run('tests (vitest)', bin('vitest'), ['run', ...project, ...args.filter((a) => a !== '--e2e')]);
