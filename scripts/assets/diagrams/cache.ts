/**
 * Drawn diagrams, cached by content: the key is a hash of the diagram's kind and source and of
 * everything else that decides the drawing (the engine's version, its settings, the code that
 * runs in the page, the fonts' names). A rebuild, and an EPUB-only build, starts no browser for a
 * diagram drawn before. A diagram that could not be drawn is cached too (with its message), so
 * it does not start one either.
 *
 * In memory (the preview rebuilds in one process) and on disk, `<out>/.cache/diagrams/`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import type { DiagramResult } from './types.ts';

const memory = new Map<string, DiagramResult>();

export class DiagramCache {
  /** `dir`: the cache folder; undefined: memory only. */
  constructor(private readonly dir: string | undefined) {}

  static key(parts: string[]): string {
    const hash = createHash('sha256');
    for (const p of parts) hash.update(p).update('\0');
    return hash.digest('hex');
  }

  private file(key: string): string | undefined {
    return this.dir ? path.join(this.dir, key.slice(0, 2), `${key}.json`) : undefined;
  }

  get(key: string): DiagramResult | undefined {
    const known = memory.get(key);
    if (known) return known;
    const file = this.file(key);
    if (!file || !existsSync(file)) return undefined;
    try {
      const entry = JSON.parse(readFileSync(file, 'utf8')) as DiagramResult;
      if (entry.ok ? typeof entry.svg !== 'string' : typeof entry.message !== 'string') return undefined;
      memory.set(key, entry);
      return entry;
    } catch {
      return undefined; // a damaged entry is drawn again
    }
  }

  set(key: string, result: DiagramResult): void {
    memory.set(key, result);
    const file = this.file(key);
    if (file) writeFileAtomic(file, JSON.stringify(result));
  }
}
