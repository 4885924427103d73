/** Runs the external validators (epubcheck, poppler, qpdf) and says clearly when one is missing. */
import { spawnSync } from 'node:child_process';
import { ToolError } from '../errors.ts';

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A validator is not installed: a ToolError (exit code 3) when nothing catches it. */
export class MissingTool extends ToolError {}

export function runTool(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; install?: string } = {}): ToolRun {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: options.env ?? process.env, timeout: options.timeoutMs ?? 10 * 60_000 });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MissingTool(`${command} not found${options.install ? `; install it with ${options.install}` : ''}`);
    }
    throw r.error;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
