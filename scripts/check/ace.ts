/**
 * DAISY Ace (accessibility) on an EPUB: fails on serious or critical violations. Ace is
 * optional: `@daisy/ace-cli` (not `@daisy/ace`, which pulls in Electron) with Puppeteer's
 * download skipped; it prints with our Chromium through PUPPETEER_EXECUTABLE_PATH.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from './tools.ts';
import type { CheckResult } from './types.ts';

const FAILING = new Set(['serious', 'critical']);

interface AceReport {
  assertions: { 'earl:testSubject': { url: string }; assertions: { 'earl:test': { 'earl:impact': string; 'dct:title': string }; 'earl:result': { 'dct:description'?: string; html?: string } }[] }[];
}

/** Where Ace is: $ACE_CLI, the project's node_modules, or `ace` on PATH. */
export function findAce(projectRoot: string): string | undefined {
  if (process.env.ACE_CLI) return process.env.ACE_CLI;
  const local = path.join(projectRoot, 'node_modules', '.bin', 'ace-cli');
  if (existsSync(local)) return local;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'ace');
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** `chromium`: the browser the PDF build uses (scripts/browser/launch.ts resolves it). */
export function checkAce(file: string, projectRoot: string, chromium: string | undefined): CheckResult {
  const name = 'Ace';
  const ace = findAce(projectRoot);
  if (!ace) {
    return { name, file, status: 'skipped', summary: 'not run (DAISY Ace is not installed; PUPPETEER_SKIP_DOWNLOAD=1 npm install -D @daisy/ace-cli@1.4.6)', details: [] };
  }
  if (!chromium) return { name, file, status: 'skipped', summary: 'not run (no Chromium found; set PUPPETEER_EXECUTABLE_PATH)', details: [] };
  const out = mkdtempSync(path.join(os.tmpdir(), 'ink-ace-'));
  try {
    const run = runTool(ace, ['--silent', '--force', '--outdir', out, file], { env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: chromium } });
    const reportFile = path.join(out, 'report.json');
    if (!existsSync(reportFile)) {
      return { name, file, status: 'fail', summary: `Ace wrote no report (exit ${run.status})`, details: `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-8) };
    }
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as AceReport;
    const counts = new Map<string, number>();
    const details: string[] = [];
    for (const doc of report.assertions) {
      for (const a of doc.assertions) {
        const impact = a['earl:test']['earl:impact'];
        counts.set(impact, (counts.get(impact) ?? 0) + 1);
        if (FAILING.has(impact)) {
          const what = (a['earl:result']['dct:description'] ?? '').split('\n')[0]!.slice(0, 200);
          details.push(`${impact} ${a['earl:test']['dct:title']} ${doc['earl:testSubject'].url}: ${what}`);
        }
      }
    }
    const tally = ['critical', 'serious', 'moderate', 'minor'].map((i) => `${counts.get(i) ?? 0} ${i}`).join(', ');
    return { name, file, status: details.length ? 'fail' : 'pass', summary: tally, details };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
