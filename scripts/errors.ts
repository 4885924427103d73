/**
 * One family of fatal errors and one kind of warning, so that every message a user sees has
 * the same shape: `file:LINE:COL: what is wrong — what to do [rule-id]`.
 */
import type { WarningRule } from './warnings.ts';

/** Where in which file something is. Lines and columns are 1-based, as editors show them. */
export interface SourcePosition {
  file: string;
  line?: number;
  column?: number;
}

export function formatPosition(pos: SourcePosition): string {
  if (pos.line === undefined) return pos.file;
  return pos.column === undefined ? `${pos.file}:${pos.line}` : `${pos.file}:${pos.line}:${pos.column}`;
}

/** A fatal error the user can fix. The CLI prints `message` alone (no stack) and exits 1. */
export class InkstoneError extends Error {
  readonly position: SourcePosition | undefined;
  readonly hint: string | undefined;
  constructor(message: string, options: { position?: SourcePosition; hint?: string; cause?: unknown } = {}) {
    const where = options.position ? `${formatPosition(options.position)}: ` : '';
    const hint = options.hint ? `\n  ${options.hint}` : '';
    super(`${where}${message}${hint}`, { cause: options.cause });
    this.name = 'InkstoneError';
    this.position = options.position;
    this.hint = options.hint;
  }
}

/** Several fatal errors found together (a config with three wrong keys reports all three). */
export class InkstoneErrors extends InkstoneError {
  readonly errors: InkstoneError[];
  constructor(errors: InkstoneError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
}

/** A problem in the content that does not stop the build. */
export interface Warning {
  /** Registered in scripts/warnings.ts. */
  rule: WarningRule;
  message: string;
  position: SourcePosition;
}

export function formatWarning(w: Warning): string {
  return `${formatPosition(w.position)}: warning: ${w.message} [${w.rule}]`;
}

/**
 * Collects warnings from every stage. `onWarning` sees each one as it arrives; the commands
 * gather them and print them folded when the build ends (scripts/util/warning-report.ts).
 */
export class Diagnostics {
  readonly warnings: Warning[] = [];
  constructor(private readonly onWarning: (w: Warning) => void = () => {}) {}
  warn(rule: WarningRule, message: string, position: SourcePosition): void {
    const w = { rule, message, position };
    this.warnings.push(w);
    this.onWarning(w);
  }
}
