/**
 * The report `npm run init` prints: what it found (the tool, its settings, the contents), what
 * it guessed, what it could not read, the notes not in the nav and those left out, and the
 * command to run next.
 */
import path from 'node:path';
import type { InitResult } from './index.ts';

export function formatInitReport(result: InitResult, shownDir: string): string {
  const { report, counts } = result;
  const lines: string[] = [];
  lines.push(`found: ${result.reading.label}`);
  for (const l of report.found) lines.push(`  ${l}`);
  const structure = counts.parts ? `${counts.parts} parts, ${counts.chapters} chapters` : `${counts.chapters} chapters`;
  lines.push(`  contents: ${structure}, ${counts.notes} notes`);
  if (report.guessed.length) {
    lines.push('guessed (check these in book.yaml):');
    for (const l of report.guessed) lines.push(`  ${l}`);
  }
  if (report.problems.length) {
    lines.push('could not read or use:');
    for (const l of report.problems) lines.push(`  ${l}`);
  }
  if (result.notInNav.length) {
    lines.push(`not in the nav, so not in the book (${result.notInNav.length}; listed at the end of book.yaml):`);
    for (const p of result.notInNav) lines.push(`  ${p}`);
  }
  if (report.leftOut.size) {
    lines.push(`left out (${report.leftOut.size}):`);
    for (const [p, why] of report.leftOut) lines.push(`  ${p}: ${why}`);
  }
  const yamlShown = path.join(shownDir, 'book.yaml');
  lines.push(`wrote ${yamlShown}`);
  lines.push(`next: npm run build -- ${yamlShown}`);
  return `${lines.join('\n')}\n`;
}

