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

/**
 * What kind of fatal error, and so which exit code the command ends with (like pandoc, one code
 * per family, so scripts and CI can tell a bad book from a missing browser):
 * - `content` (1): book.yaml, a note, the glossary or the output folder is wrong; fix the book.
 * - `usage` (2): the command line is wrong (unknown option, too many arguments, bad value).
 * - `tool` (3): a browser or external tool is missing, broken, crashed or hung.
 * - `internal` (70, sysexits' EX_SOFTWARE): a bug in Inkstone; please report it.
 * An interrupted command (SIGINT/SIGTERM) ends with 130.
 */
export type ErrorKind = 'content' | 'usage' | 'tool' | 'internal';

export const EXIT_CODES = { content: 1, usage: 2, tool: 3, internal: 70, interrupted: 130 } as const satisfies Record<ErrorKind | 'interrupted', number>;

/** What each exit code tells the user (the README's table is generated from this: `npm run docs`). */
export const EXIT_CODE_MEANINGS = {
  content: 'the book cannot be built as it is: book.yaml, a note or the glossary is wrong, or the output folder cannot be written; the message says where and what to do (`npm run check`: a check failed)',
  usage: 'the command line is wrong: an unknown option or command, a bad value, too many arguments',
  tool: 'a browser or external tool is missing, broken, crashed or hung (no Chrome/Chromium to print with, PUPPETEER_EXECUTABLE_PATH not a browser, epubcheck or poppler not installed for `npm run check`, Node.js too old)',
  internal: 'a bug in Inkstone (`internal error (please report)`, with a stack trace when it was unexpected); please report it with the book if you can',
  interrupted: 'stopped by Ctrl-C (SIGINT) or SIGTERM; previous outputs are untouched',
} as const satisfies Record<keyof typeof EXIT_CODES, string>;

/** A fatal error the user can fix. Commands print `message` alone (no stack) and exit with the code of its kind. */
export class InkstoneError extends Error {
  readonly position: SourcePosition | undefined;
  readonly hint: string | undefined;
  readonly kind: ErrorKind;
  constructor(message: string, options: { position?: SourcePosition; hint?: string; cause?: unknown; kind?: ErrorKind } = {}) {
    const where = options.position ? `${formatPosition(options.position)}: ` : '';
    const hint = options.hint ? `\n  ${options.hint}` : '';
    super(`${where}${message}${hint}`, { cause: options.cause });
    this.name = 'InkstoneError';
    this.position = options.position;
    this.hint = options.hint;
    this.kind = options.kind ?? 'content';
  }
}

/** The command line is wrong: exit code 2. */
export class UsageError extends InkstoneError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, kind: 'usage' });
    this.name = 'UsageError';
  }
}

/** A browser or external tool is missing or failed: exit code 3. */
export class ToolError extends InkstoneError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, kind: 'tool' });
    this.name = 'ToolError';
  }
}

/** Several fatal errors found together (a config with three wrong keys reports all three). */
export class InkstoneErrors extends InkstoneError {
  readonly errors: InkstoneError[];
  constructor(errors: InkstoneError[]) {
    super(errors.map((e) => e.message).join('\n'), { kind: errors[0]?.kind });
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
