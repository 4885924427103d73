/**
 * How every command ends. Written once here so that every command says an error the same way
 * and exits with the same code for the same kind of problem (see EXIT_CODES in errors.ts):
 *
 *     inkstone: error: book.yaml:2:1: titel: unknown key "titel"; did you mean "title"?   (exit 1, 2 or 3)
 *     inkstone: internal error (please report): TypeError: … (with the stack)           (exit 70)
 *
 * An InkstoneError is the user's to fix: its message alone, no stack. Anything else is a bug in
 * Inkstone: the stack, so that the report says where.
 */
import { EXIT_CODES, InkstoneError } from '../errors.ts';
import { removePendingTempFiles } from './atomic-write.ts';

/** What a command's `main` returns: its exit code, or `undefined` when it keeps running (a server) until stopped. */
export type CommandMain = (argv: string[]) => Promise<number | undefined | void>;

export interface CommandOptions {
  /**
   * On SIGINT/SIGTERM: remove pending temporary files, run `cleanup`, print
   * `inkstone: interrupted; <message>` and exit 130. Without it, signals are left to the command
   * (the preview stops its server itself) or to Node (which ends the process at once).
   */
  interrupt?: { message: string; cleanup?: () => void };
}

/** The line(s) to print for an error that ended a command, and the exit code. */
export function describeFailure(error: unknown): { text: string; code: number } {
  if (error instanceof InkstoneError) {
    const label = error.kind === 'internal' ? 'internal error (please report)' : 'error';
    return { text: `inkstone: ${label}: ${error.message}`, code: EXIT_CODES[error.kind] };
  }
  const detail = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  return { text: `inkstone: internal error (please report): ${detail}`, code: EXIT_CODES.internal };
}

/** Runs `main` with the command-line arguments and ends the process the way every command does. */
export function runCommand(main: CommandMain, options: CommandOptions = {}): void {
  const { interrupt } = options;
  if (interrupt) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        removePendingTempFiles();
        interrupt.cleanup?.();
        process.stderr.write(`\ninkstone: interrupted; ${interrupt.message}\n`);
        process.exit(EXIT_CODES.interrupted);
      });
    }
  }
  main(process.argv.slice(2)).then(
    (code) => {
      if (typeof code === 'number') process.exit(code);
    },
    (error: unknown) => {
      const { text, code } = describeFailure(error);
      process.stderr.write(`${text}\n`);
      process.exit(code);
    },
  );
}
