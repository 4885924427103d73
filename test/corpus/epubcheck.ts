/**
 * epubcheck's findings on an EPUB, one line per message id with how often it occurs (every
 * location counted: one message may stand for fifty places), for a report that says what kind
 * of problem a book has and how much of it. `npm run check` (scripts/check/epub.ts) is the
 * user-facing check; this is the same tool read for a test report.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EPUBCHECK_JAR } from '../../scripts/check/epub.ts';

interface Report {
  checker: { nFatal: number; nError: number; nWarning: number };
  messages: { ID: string; severity: string; message: string; locations: { path: string; line: number; column: number }[] }[];
}

export interface EpubcheckSummary {
  counts: { fatals: number; errors: number; warnings: number };
  /** `ID ×n (SEVERITY): message ×n (e.g. path:line); …` per message id, most frequent first (FATAL, ERROR, WARNING only). */
  byId: string[];
}

export async function epubcheck(file: string): Promise<EpubcheckSummary> {
  if (!existsSync(EPUBCHECK_JAR)) throw new Error(`epubcheck is not installed (${EPUBCHECK_JAR}): apt-get install epubcheck (CI installs it in .ci/run)`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ink-epubcheck-'));
  try {
    const json = path.join(tmp, 'report.json');
    // epubcheck exits 1 when it finds errors; the report is what counts.
    await promisify(execFile)('java', ['-jar', EPUBCHECK_JAR, file, '--json', json], { maxBuffer: 64 * 1024 * 1024 }).catch(() => undefined);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    // Per id: how many places, and the distinct messages (the attribute or element varies) with theirs.
    const byId = new Map<string, { severity: string; count: number; messages: Map<string, { count: number; at: string }> }>();
    for (const m of report.messages) {
      if (!['FATAL', 'ERROR', 'WARNING'].includes(m.severity)) continue;
      const entry = byId.get(m.ID) ?? { severity: m.severity, count: 0, messages: new Map() };
      const text = m.message.replace(/^Error while parsing file: /, '').replace(/; expected (attribute|element)[^;]*/, '').slice(0, 90);
      const places = Math.max(1, m.locations.length);
      const at = m.locations[0] ? `${m.locations[0].path}:${m.locations[0].line}` : '(package)';
      const message = entry.messages.get(text) ?? { count: 0, at };
      message.count += places;
      entry.messages.set(text, message);
      entry.count += places;
      byId.set(m.ID, entry);
    }
    const describe = (messages: Map<string, { count: number; at: string }>) =>
      [...messages].sort((a, b) => b[1].count - a[1].count).slice(0, 4).map(([text, m]) => `${text} ×${m.count} (e.g. ${m.at})`).join('; ') + (messages.size > 4 ? `; … ${messages.size - 4} more` : '');
    return {
      counts: { fatals: report.checker.nFatal, errors: report.checker.nError, warnings: report.checker.nWarning },
      byId: [...byId].sort((a, b) => b[1].count - a[1].count).map(([id, e]) => `${id} ×${e.count} (${e.severity}): ${describe(e.messages)}`),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
