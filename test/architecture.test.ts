/**
 * The shape of the code, as the README's "How the code is laid out" describes it: the pipeline's
 * stages import only from earlier stages and shared modules, never from a command or a later
 * stage, and no module imports itself back through others.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPTS = path.resolve(import.meta.dirname, '../scripts');

/** Rank of each module: a module may import only modules of a lower rank, or of its own folder. */
const RANKS: [RegExp, number, string][] = [
  [/^(errors|labels|model|warnings)\.ts$|^util\/|^types\/|^browser\//, 0, 'shared'],
  [/^config\//, 1, 'config'],
  [/^notes\//, 2, 'notes'],
  [/^markdown\//, 3, 'markdown'],
  [/^book\//, 4, 'book model'],
  [/^glossary\//, 5, 'glossary'],
  [/^book-index\//, 5.5, 'index'],
  [/^assets\//, 6, 'assets'],
  [/^render\//, 7, 'renderers'],
  [/^build\.ts$/, 8, 'the pipeline'],
  [/.*/, 9, 'commands'],
];

function rankOf(file: string): { rank: number; name: string } {
  const [, rank, name] = RANKS.find(([re]) => re.test(file))!;
  return { rank, name };
}

function sources(dir = SCRIPTS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return sources(abs);
    return /\.(ts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path.relative(SCRIPTS, abs)] : [];
  });
}

/** Relative imports of a module, static and dynamic, as paths relative to scripts/. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SCRIPTS, file), 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return found.map((spec) => path.relative(SCRIPTS, path.resolve(SCRIPTS, path.dirname(file), spec)));
}

const files = sources();
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));

describe('how the code is laid out', () => {
  it('finds the pipeline modules', () => {
    expect(files).toContain('build.ts');
    expect(files.filter((f) => f.startsWith('render/')).length).toBeGreaterThan(5);
  });

  it('no stage imports from a later stage or from a command', () => {
    const wrong: string[] = [];
    for (const [file, targets] of graph) {
      const from = rankOf(file);
      if (from.rank === 9) continue; // commands may use anything
      for (const target of targets) {
        const to = rankOf(target);
        const sameFolder = path.dirname(file) === path.dirname(target) || (to.rank === from.rank && from.rank !== 0);
        if (to.rank > from.rank && !sameFolder) wrong.push(`${file} (${from.name}) imports ${target} (${to.name})`);
        if (from.rank === 0 && to.rank !== 0) wrong.push(`${file} (shared) imports ${target} (${to.name})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const t of graph.get(file) ?? []) visit(t, [...trail, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('one renderer per format, each in its own folder under render/', () => {
    const index = readFileSync(path.join(SCRIPTS, 'render/index.ts'), 'utf8');
    for (const format of ['epub', 'pdf', 'html']) {
      expect(index).toContain(`./${format}/index.ts`);
      expect(files).toContain(`render/${format}/index.ts`);
    }
  });
});
