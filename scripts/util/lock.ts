/**
 * One build at a time per output folder: a second build waits for the first (it never
 * interleaves its files with the first one's). A lock left by a dead process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InkstoneError } from '../errors.ts';
import { cannotWrite } from './atomic-write.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireBuildLock(outDir: string, waitMs = 10 * 60_000): Promise<() => void> {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw cannotWrite(outDir, error);
  }
  const lock = path.join(outDir, '.inkstone.lock');
  const start = Date.now();
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(lock, e);
    }
    const owner = Number(readFileSync(lock, 'utf8').trim() || '0');
    if (!owner || !alive(owner)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (!announced) {
      process.stderr.write(`waiting for another build (pid ${owner}) to finish with ${outDir}\n`);
      announced = true;
    }
    if (Date.now() - start > waitMs) throw new InkstoneError(`another build (pid ${owner}) is still using ${outDir}; try again when it has finished`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
