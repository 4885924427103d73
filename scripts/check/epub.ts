/** epubcheck on an EPUB: 0 fatals, 0 errors and 0 warnings required. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MissingTool, runTool } from './tools.ts';
import { result, type CheckResult } from './types.ts';

export const EPUBCHECK_JAR = process.env.EPUBCHECK_JAR ?? '/usr/share/java/epubcheck.jar';

interface EpubcheckReport {
  checker: { nFatal: number; nError: number; nWarning: number; checkerVersion?: string };
  messages: { ID: string; severity: string; message: string; locations: { path: string; line: number; column: number }[] }[];
}

export function checkEpub(file: string): CheckResult {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ink-epubcheck-'));
  try {
    const json = path.join(tmp, 'report.json');
    let run;
    try {
      run = runTool('java', ['-jar', EPUBCHECK_JAR, file, '--json', json], { install: 'apt-get install epubcheck' });
    } catch (e) {
      if (e instanceof MissingTool) return { name: 'epubcheck', file, status: 'fail', summary: e.message, details: [], missingTool: true };
      throw e;
    }
    let report: EpubcheckReport;
    try {
      report = JSON.parse(readFileSync(json, 'utf8')) as EpubcheckReport;
    } catch {
      const out = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-5);
      return { name: 'epubcheck', file, status: 'fail', summary: `epubcheck did not produce a report (exit ${run.status}; is ${EPUBCHECK_JAR} installed?)`, details: out };
    }
    const problems = report.messages
      .filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))
      .flatMap((m) => {
        const where = m.locations[0] ? `${m.locations[0].path}:${m.locations[0].line}:${m.locations[0].column}` : '(package)';
        return [`${m.severity} ${m.ID} ${where}: ${m.message}`];
      });
    const { nFatal, nError, nWarning } = report.checker;
    if (problems.length === 0 && nFatal + nError + nWarning > 0) problems.push(`${nFatal} fatals, ${nError} errors, ${nWarning} warnings`);
    return result('epubcheck', file, problems, `0 errors, 0 warnings (EPUBCheck ${report.checker.checkerVersion ?? '?'})`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
