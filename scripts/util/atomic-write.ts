/**
 * Outputs appear whole or not at all: write beside the target, then rename (atomic on one
 * file system). A crash or Ctrl-C leaves the previous file intact and no half-written one.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const pending = new Set<string>();

export function writeFileAtomic(target: string, data: Buffer | string): void {
  mkdirSync(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { force: true });
    pending.delete(tmp);
  }
}

/** Called on SIGINT/SIGTERM: remove temp files this process was writing. */
export function removePendingTempFiles(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
