/**
 * Results kept in memory from one build to the next, for `npm run dev`: a stage asks for a named
 * slot with a key that sums up every input the result depends on (a content hash), and gets the
 * last result back while the key is unchanged. Each slot keeps only its last result, so memory
 * stays that of one build. Builds without a memo (`npm run build`) compute everything, and a
 * build with one must give the same output: a key must cover all that the computation reads.
 */
import { createHash } from 'node:crypto';

export class Memo {
  private readonly slots = new Map<string, { key: string; value: unknown }>();
  private readonly keys = new WeakMap<object, string>();
  /** Hits and misses since the memo was made (for tests and the bench). */
  readonly counts = { hits: 0, misses: 0 };

  /** The value stored in `slot` under `key`, or `compute()`'s, stored for next time. */
  get<T>(slot: string, key: string, compute: () => T): T {
    const entry = this.slots.get(slot);
    if (entry && entry.key === key) {
      this.counts.hits++;
      return entry.value as T;
    }
    this.counts.misses++;
    const value = compute();
    this.slots.set(slot, { key, value });
    // A failed promise is not kept: the next build tries again.
    if (value instanceof Promise) value.catch(() => this.slots.get(slot)?.value === value && this.slots.delete(slot));
    return value;
  }

  /**
   * The content key of a value no stage changes once made (a chapter's tree), hashed once per
   * object: a tree passed on unchanged from stage to stage is not hashed again.
   */
  keyOf(value: object): string {
    let key = this.keys.get(value);
    if (key === undefined) this.keys.set(value, (key = contentKey(value)));
    return key;
  }

  /** Tells the memo a value's key when the stage that made it knows one (the key of its inputs). */
  know(value: object, key: string): void {
    this.keys.set(value, key);
  }
}

/** A content key: the hash of the parts' JSON (strings as they are). */
export function contentKey(...parts: unknown[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : (JSON.stringify(part) ?? 'undefined')).update('\0');
  return hash.digest('hex');
}

/** `memo.get` when there is a memo; otherwise just `compute()` (the key is never built). */
export function memoised<T>(memo: Memo | undefined, slot: string, key: () => string, compute: () => T): T {
  return memo ? memo.get(slot, key(), compute) : compute();
}

/**
 * What `compute` makes of a tree that no stage changes (a chapter's), kept while the tree's
 * content is the same: the per-chapter answers several stages need (does it have formulas,
 * diagrams, index marks; what text it shows).
 */
export function memoisedForTree<T>(memo: Memo | undefined, slot: string, tree: object, compute: () => T): T {
  return memo ? memo.get(slot, memo.keyOf(tree), compute) : compute();
}
