/**
 * Warnings a person can read. A real book gives hundreds of warnings, most of them the same
 * problem over and over (every `<td class=…>` of one table, every link of one index page), and
 * printed as they arrive they bury the one that matters. So the commands gather them and print,
 * when the build ends (or fails):
 *
 *     docs/a.md:12: warning: link to a note that is not in the book: b.md [broken-link] (and 37 more in this file)
 *     warnings: 38 broken-link, 3 unsafe-html (--verbose lists every one)
 *
 * one line per rule and file (its first place and message, and how many more), at most
 * MAX_GROUPS such lines (every rule gets its share; the rest is counted per rule), and a closing
 * summary by rule. `--verbose` lists every warning, one per line.
 */
import { formatWarning, type Warning } from '../errors.ts';
import { WARNING_RULE_IDS, type WarningRule } from '../warnings.ts';

/** Folded lines shown at most (plus one "more" line per rule and the summary): a screenful. */
export const MAX_GROUPS = 30;

export interface FoldOptions {
  /** Every warning on its own line, nothing folded. */
  verbose?: boolean;
  /** Folded lines shown at most (default MAX_GROUPS). */
  maxGroups?: number;
  /** The command has no --verbose (the preview): the summary does not point to it. */
  noVerboseOption?: boolean;
}

interface Group {
  rule: WarningRule;
  file: string;
  /** In reading order: the first is the one shown. */
  warnings: Warning[];
}

const compareText = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Reading order: by file (naturally: 2 < 10), then line and column; a warning about a whole file first. */
function comparePlace(a: Warning, b: Warning): number {
  return (
    compareText(a.position.file, b.position.file) ||
    (a.position.line ?? 0) - (b.position.line ?? 0) ||
    (a.position.column ?? 0) - (b.position.column ?? 0)
  );
}

/** Warnings in reading order; equal places keep the order they were given in (a stable sort). */
export function sortWarnings(warnings: readonly Warning[]): Warning[] {
  return [...warnings].sort(comparePlace);
}

function groupWarnings(warnings: readonly Warning[]): Group[] {
  const groups = new Map<string, Group>();
  for (const w of sortWarnings(warnings)) {
    const key = `${w.rule}\0${w.position.file}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { rule: w.rule, file: w.position.file, warnings: [] }));
    group.warnings.push(w);
  }
  // Sorted warnings make groups in reading order of their first warning; equal first places by rule.
  return [...groups.values()].sort((a, b) => comparePlace(a.warnings[0]!, b.warnings[0]!) || compareText(a.rule, b.rule));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function groupLine(group: Group): string {
  const more = group.warnings.length - 1;
  return more === 0 ? formatWarning(group.warnings[0]!) : `${formatWarning(group.warnings[0]!)} (and ${more} more in this file)`;
}

/**
 * Which groups to show when there are more than `max`: taken in turn from each rule (its first
 * files first), so a rule with two warnings is not hidden behind a rule with three hundred.
 */
function pickGroups(groups: Group[], max: number): Set<Group> {
  if (groups.length <= max) return new Set(groups);
  const byRule = new Map<WarningRule, Group[]>();
  for (const g of groups) byRule.set(g.rule, [...(byRule.get(g.rule) ?? []), g]);
  const queues = [...byRule.values()];
  const picked = new Set<Group>();
  for (let round = 0; picked.size < max; round++) {
    for (const queue of queues) {
      const g = queue[round];
      if (g && picked.size < max) picked.add(g);
    }
  }
  return picked;
}

/** The lines to print for these warnings (without the summary): folded, or every one with `verbose`. */
export function foldWarnings(warnings: readonly Warning[], options: FoldOptions = {}): string[] {
  return fold(warnings, options).lines;
}

function fold(warnings: readonly Warning[], options: FoldOptions): { lines: string[]; folded: boolean } {
  if (options.verbose) return { lines: sortWarnings(warnings).map(formatWarning), folded: false };
  const groups = groupWarnings(warnings);
  const shown = pickGroups(groups, options.maxGroups ?? MAX_GROUPS);
  const lines = groups.filter((g) => shown.has(g)).map(groupLine);
  for (const rule of WARNING_RULE_IDS) {
    const hidden = groups.filter((g) => g.rule === rule && !shown.has(g));
    if (hidden.length === 0) continue;
    const count = hidden.reduce((n, g) => n + g.warnings.length, 0);
    lines.push(`warning: ${plural(count, `more ${rule} warning`)} in ${plural(hidden.length, 'other file')}`);
  }
  return { lines, folded: groups.length < warnings.length || shown.size < groups.length };
}

/**
 * `warnings: 36 unsafe-html, 19 broken-link`: how many of each rule, most first; undefined when
 * there are none. Says how to see them all when folding left some out.
 */
export function summarizeWarnings(warnings: readonly Warning[], options: FoldOptions = {}): string | undefined {
  return report(warnings, options)?.summary;
}

function report(warnings: readonly Warning[], options: FoldOptions): { lines: string[]; summary: string } | undefined {
  if (warnings.length === 0) return undefined;
  const counts = new Map<WarningRule, number>();
  for (const w of warnings) counts.set(w.rule, (counts.get(w.rule) ?? 0) + 1);
  const parts = [...counts].sort(([ra, a], [rb, b]) => b - a || compareText(ra, rb)).map(([rule, n]) => `${n} ${rule}`);
  const { lines, folded } = fold(warnings, options);
  return { lines, summary: `warnings: ${parts.join(', ')}${folded && !options.noVerboseOption ? ' (--verbose lists every one)' : ''}` };
}

/**
 * Gathers the warnings of one build (pass `add` as `onWarning`) and prints them folded when
 * `print` is called: at the end of the build, also when it failed (call it in a `finally`).
 */
export class WarningReport {
  readonly warnings: Warning[] = [];
  constructor(private readonly options: FoldOptions & { write?: (text: string) => void } = {}) {}

  readonly add = (w: Warning): void => {
    this.warnings.push(w);
  };

  /** Prints the folded lines and the summary (nothing when there are no warnings), then forgets them. */
  print(): void {
    const folded = report(this.warnings.splice(0), this.options);
    if (!folded) return;
    const write = this.options.write ?? ((text: string) => process.stderr.write(text));
    write(`${[...folded.lines, folded.summary].join('\n')}\n`);
  }
}
