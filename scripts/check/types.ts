/** What every check returns: one line in the summary, with details when it failed. */
export type CheckStatus = 'pass' | 'fail' | 'skipped';

export interface CheckResult {
  /** Short name shown in the summary, e.g. `epubcheck` or `pdf fonts`. */
  name: string;
  /** The file checked (absolute). */
  file: string;
  status: CheckStatus;
  /** One line: what was found (`0 errors, 0 warnings`) or why it was skipped. */
  summary: string;
  /** The problems, one per line, when it failed. */
  details: string[];
  /** It failed because its tool is not installed (`npm run check` then exits 3, unless a check found a problem). */
  missingTool?: boolean;
}

export function result(name: string, file: string, problems: string[], okSummary: string): CheckResult {
  return problems.length === 0
    ? { name, file, status: 'pass', summary: okSummary, details: [] }
    : { name, file, status: 'fail', summary: `${problems.length} problem${problems.length === 1 ? '' : 's'}`, details: problems };
}
