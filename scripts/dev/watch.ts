/**
 * Watching the book's sources for `npm run dev`. Editors often save by writing a new file and
 * renaming it over the old one, which ends a watch on the file itself; so we watch the folders
 * that hold the files (not recursively: a book may live next to node_modules) and filter by
 * name. Events come in bursts: one change is reported after a short quiet spell.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WatchSet {
  /** Exact files (book.yaml, the glossary, every listed note). */
  files: string[];
  /** Folders where any file counts (templates/, styles/). */
  folders: string[];
  /** Folders where any new or changed file with one of these endings counts (new notes). */
  extensions: string[];
}

export class SourceWatcher {
  private watchers = new Map<string, FSWatcher>();
  private files = new Set<string>();
  private folders = new Set<string>();
  private extensions: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstEventAt: number | undefined;
  private changed = new Set<string>();

  constructor(
    private readonly onChange: (changed: string[], firstEventAt: number) => void,
    private readonly debounceMs = 25,
  ) {}

  /** Watch exactly this set from now on (folders no longer needed are released). */
  update(set: WatchSet): void {
    this.files = new Set(set.files.map((f) => path.resolve(f)));
    this.folders = new Set(set.folders.map((f) => path.resolve(f)));
    this.extensions = set.extensions;
    const dirs = new Set([...this.folders, ...[...this.files].map((f) => path.dirname(f))]);
    for (const [dir, w] of this.watchers) {
      if (!dirs.has(dir)) {
        w.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: true }, (_event, name) => this.event(dir, name?.toString()));
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // A folder that does not exist (yet): the build reports the missing file.
      }
    }
  }

  get watchedFolders(): string[] {
    return [...this.watchers.keys()];
  }

  private event(dir: string, name: string | undefined): void {
    const file = name ? path.join(dir, name) : dir;
    const relevant = !name || this.folders.has(dir) || this.files.has(file) || this.extensions.some((ext) => name.endsWith(ext));
    if (!relevant) return;
    this.firstEventAt ??= performance.now();
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const changed = [...this.changed];
      const at = this.firstEventAt!;
      this.changed.clear();
      this.firstEventAt = undefined;
      this.onChange(changed, at);
    }, this.debounceMs);
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
