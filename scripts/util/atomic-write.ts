/**
 * Outputs appear whole or not at all: write beside the target, then rename (atomic on one
 * file system). A crash or Ctrl-C leaves the previous file intact and no half-written one.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InkstoneError } from '../errors.ts';

/** A file-system failure as a message that says what to do (no space, no permission, …). */
export function cannotWrite(target: string, error: unknown): InkstoneError {
  const code = (error as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full; free some space',
    EDQUOT: 'the disk quota is used up; free some space',
    EACCES: 'permission denied; make the folder writable or choose another with --out',
    EPERM: 'permission denied; make the folder writable or choose another with --out',
    EROFS: 'the file system is read-only; choose another folder with --out',
    ENOTDIR: 'a file stands where a folder should be; move it or choose another folder with --out',
    EEXIST: 'a file stands where a folder should be; move it or choose another folder with --out',
  };
  return new InkstoneError(`cannot write ${target}: ${code ? (why[code] ?? code) : (error as Error).message}`, { cause: error });
}

const pending = new Set<string>();

export function writeFileAtomic(target: string, data: Buffer | string): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  pending.add(tmp);
  try {
    // The folder is made only when missing: caches write hundreds of files into a few folders,
    // and a recursive mkdir (and a remove of a temp file already renamed) per file adds up.
    try {
      writeFileSync(tmp, data);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(tmp, data);
    }
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw cannotWrite(target, error);
  } finally {
    pending.delete(tmp);
  }
}

/**
 * A folder written as a whole (the HTML site): into a temp folder beside it, then the folders are
 * swapped. A failed or interrupted build leaves the previous folder in place, never a half-written
 * one. Returns the bytes written.
 */
export function writeFolderAtomic(dir: string, files: Map<string, Buffer>): number {
  const tmp = `${dir}.${process.pid}.tmp`;
  const old = `${dir}.${process.pid}.old`;
  pending.add(tmp);
  let bytes = 0;
  try {
    rmSync(tmp, { recursive: true, force: true });
    for (const [rel, data] of files) {
      const target = path.join(tmp, rel);
      if (!target.startsWith(tmp + path.sep)) throw new InkstoneError(`a file of ${path.basename(dir)}/ would lie outside its folder: ${rel}`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, data);
      bytes += data.length;
    }
    rmSync(old, { recursive: true, force: true });
    if (existsSync(dir)) renameSync(dir, old);
    renameSync(tmp, dir);
  } catch (error) {
    throw error instanceof InkstoneError ? error : cannotWrite(dir, error);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
    pending.delete(tmp);
  }
  return bytes;
}

/** Called on SIGINT/SIGTERM: remove temp files and folders this process was writing. */
export function removePendingTempFiles(): void {
  for (const tmp of pending) rmSync(tmp, { recursive: true, force: true });
  pending.clear();
}
