/**
 * The goals table of `npm run bench` (issue #12): each part of the bench records the figures it
 * measured against their goals, and the table is printed last, every row, met or not. A figure
 * that could not be measured says so rather than disappearing.
 */

export interface GoalRow {
  figure: string;
  /** The measured figure as printed, e.g. "1.42 ×" or "812 MiB"; undefined: not measured. */
  measured?: string;
  goal: string;
  met?: boolean;
  /** What the figure was measured from, e.g. "21.3 s ÷ 7.0 s". */
  detail?: string;
}

/** The rows in the issue's order; parts of the bench fill them in as they run. */
export class GoalTable {
  private readonly rows = new Map<string, GoalRow>();

  constructor(rows: { key: string; figure: string; goal: string }[]) {
    for (const r of rows) this.rows.set(r.key, { figure: r.figure, goal: r.goal });
  }

  /** A ratio (or any number) against an upper bound. */
  atMost(key: string, value: number, bound: number, unit: string, detail?: string): void {
    this.set(key, { measured: `${value.toFixed(2)}${unit}`, met: value <= bound, detail });
  }

  set(key: string, result: Pick<GoalRow, 'measured' | 'met' | 'detail'>): void {
    const row = this.rows.get(key);
    if (!row) throw new Error(`bench: no goal row "${key}"`);
    Object.assign(row, result);
  }

  /** A Markdown table, so it can be pasted into a note as it is. */
  format(): string {
    const lines = ['| figure | measured | goal | met |', '| --- | --- | --- | --- |'];
    for (const r of this.rows.values()) {
      const measured = r.measured === undefined ? 'not measured' : `${r.measured}${r.detail ? ` (${r.detail})` : ''}`;
      lines.push(`| ${r.figure} | ${measured} | ${r.goal} | ${r.met === undefined ? '–' : r.met ? 'yes' : 'NO'} |`);
    }
    return lines.join('\n');
  }
}

/** Issue #12's table. */
export function performanceGoals(): GoalTable {
  return new GoalTable([
    { key: 'full-cold', figure: 'cold full build (EPUB + PDF) ÷ Chromium printing the book once', goal: '≤ 1.6 ×' },
    { key: 'full-changed', figure: 'full build after one note changed ÷ the same floor', goal: '≤ 1.2 ×' },
    { key: 'x10-ratio', figure: 'book × 10 ÷ this book, cold full build', goal: '≤ 10 ×' },
    { key: 'x10-memory', figure: 'peak memory, book × 10', goal: '< 1536 MiB' },
    { key: 'preview-book', figure: 'edit saved → page updated in the preview, this book (median / p95)', goal: '≤ 150 / ≤ 300 ms' },
    { key: 'preview-corpus', figure: 'edit saved → page updated in the preview, largest corpus book (median / p95)', goal: '≤ 150 / ≤ 300 ms' },
    { key: 'epub-warm', figure: 'EPUB only, warm ÷ pandoc -t epub3', goal: '≤ 1.2 ×' },
    { key: 'epub-cold', figure: 'EPUB only, cold ÷ pandoc -t epub3', goal: '≤ 2.5 ×' },
  ]);
}
