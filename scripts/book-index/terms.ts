/**
 * The terms of the back-of-book index, gathered from their three sources into one tree of main
 * entries and sub-entries: glossary terms (all, marked or none: book.yaml `index.glossary`),
 * book.yaml's `index` terms, and the marks in the notes (`<!-- index: 主词 > 子词 -->`). A name
 * (term or alias, any case) belongs to one entry: sources that name the same term merge.
 */
import type { GlossaryEntry, IndexTermSpec, ResolvedIndex } from '../model.ts';
import type { SourcePosition } from '../errors.ts';

export interface TermNode {
  term: string;
  /** The term and its aliases: what the text is searched for. */
  names: string[];
  case?: 'sensitive' | 'insensitive';
  subentries: TermNode[];
  /** Given in book.yaml: an entry never found there is worth a warning (the glossary warns of its own). */
  declaredAt?: SourcePosition;
}

/** Main entries by any of their names, lower-cased; sub-entries by `main\0name`. */
export class IndexTerms {
  readonly entries: TermNode[] = [];
  private readonly mains = new Map<string, TermNode>();
  private readonly subs = new Map<string, TermNode>();

  constructor(settings: ResolvedIndex, glossary: GlossaryEntry[] | undefined) {
    for (const e of glossary ?? []) {
      const wanted = settings.glossary === 'all' ? e.index !== false : settings.glossary === 'marked' ? e.index === true : false;
      if (wanted) this.main(e.term, e.aliases, e.case);
    }
    for (const spec of settings.terms) {
      const node = this.main(spec.term, spec.aliases, spec.case, spec.position);
      for (const sub of spec.subentries) this.sub(node, sub);
    }
  }

  /** The entry a mark names: `主词` or `主词 > 子词`, created when the index does not have it yet. */
  fromMark(path: string[]): TermNode {
    const main = this.main(path[0]!, []);
    return path.length > 1 ? this.sub(main, { term: path[1]!, aliases: [] }) : main;
  }

  private main(term: string, aliases: string[], termCase?: 'sensitive' | 'insensitive', declaredAt?: SourcePosition): TermNode {
    const names = [term, ...aliases];
    const existing = names.map((n) => this.mains.get(n.toLowerCase())).find(Boolean);
    const node = existing ?? { term, names: [], case: termCase, subentries: [] };
    if (!existing) this.entries.push(node);
    node.declaredAt ??= declaredAt;
    for (const n of names) this.addName(node, n, this.mains, '');
    return node;
  }

  private sub(main: TermNode, spec: Pick<IndexTermSpec, 'term' | 'aliases' | 'case'> & { position?: SourcePosition }): TermNode {
    const key = (n: string) => `${main.term.toLowerCase()}\0${n.toLowerCase()}`;
    const names = [spec.term, ...spec.aliases];
    const existing = names.map((n) => this.subs.get(key(n))).find(Boolean);
    const node = existing ?? { term: spec.term, names: [], case: spec.case, subentries: [] };
    if (!existing) main.subentries.push(node);
    node.declaredAt ??= spec.position;
    for (const n of names) this.addName(node, n, this.subs, `${main.term.toLowerCase()}\0`);
    return node;
  }

  private addName(node: TermNode, name: string, map: Map<string, TermNode>, prefix: string): void {
    const key = prefix + name.toLowerCase();
    if (map.has(key)) return;
    map.set(key, node);
    node.names.push(name);
  }
}

/** `主词 > 子词; 另一个` → [['主词', '子词'], ['另一个']]; empty parts are dropped. */
export function parseMark(text: string): string[][] {
  return text
    .split(/[;；]/)
    .map((t) => t.split(/\s*>\s*/).map((s) => s.trim()).filter(Boolean).slice(0, 2))
    .filter((p) => p.length > 0);
}
