/**
 * Candidate glossary terms the author has not defined yet: acronyms (RLHF, MoE), "中文（English）"
 * pairs, and bold terms introduced with a colon (**术语**：…). Each with its count, where it
 * appears (file:line) and a sentence, printed as YAML stubs ready to paste.
 */
import type { Nodes, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import { parseMarkdown } from '../markdown/pipeline.ts';
import type { NoteSource } from '../notes/read.ts';

export interface Candidate {
  term: string;
  english?: string;
  kind: 'acronym' | 'pair' | 'bold';
  places: { file: string; line: number }[];
  sentence: string;
}

const ACRONYM = /(?<![A-Za-z0-9_])[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?![A-Za-z0-9_])/g;
const PAIR = /([\p{Script=Han}]{2,12})\s*[（(]\s*([A-Za-z][A-Za-z0-9 .'-]{1,40}?)\s*[）)]/gu;
/** Acronym-looking words that are not terms. */
const NOT_TERMS = new Set(['AI', 'OK', 'PS', 'TODO', 'ID', 'URL', 'PDF', 'API', 'APP', 'IT', 'PPT', 'QA']);

export function suggestTerms(notes: NoteSource[], known: Set<string>): Candidate[] {
  const found = new Map<string, Candidate>();
  const add = (term: string, kind: Candidate['kind'], file: string, line: number, sentence: string, english?: string) => {
    const key = term.toLowerCase();
    if (known.has(key) || (english && known.has(english.toLowerCase()))) return;
    const c = found.get(key) ?? { term, english, kind, places: [], sentence };
    c.places.push({ file, line });
    found.set(key, c);
  };
  for (const note of notes) {
    const tree = parseMarkdown(note.markdown, note.ref.relPath) as Root;
    const file = note.ref.relPath;
    visitParents(tree, (node: Nodes, ancestors: Parent[]) => {
      if (ancestors.some((a) => a.type === 'link' || a.type === 'heading' || a.type === 'code')) return;
      const line0 = node.position?.start.line ?? 1;
      if (node.type === 'text' || node.type === 'inlineCode') {
        const value = node.value;
        const lineAt = (index: number) => line0 + (value.slice(0, index).match(/\n/g)?.length ?? 0);
        for (const m of value.matchAll(ACRONYM)) {
          if (m[0].length < 2 || m[0].length > 12 || NOT_TERMS.has(m[0]) || /^\d/.test(m[0])) continue;
          add(m[0], 'acronym', file, lineAt(m.index), sentenceAround(value, m.index));
        }
        if (node.type === 'text') {
          for (const m of value.matchAll(PAIR)) add(m[1]!, 'pair', file, lineAt(m.index), sentenceAround(value, m.index), m[2]!.trim());
        }
      }
      if (node.type === 'strong') {
        const parent = ancestors[ancestors.length - 1];
        const text = toString(node).trim();
        const next = parent?.children[parent.children.indexOf(node as never) + 1];
        const colonInside = /[：:]$/.test(text);
        const colonAfter = next?.type === 'text' && /^\s*[：:]/.test(next.value);
        const term = text.replace(/[：:]$/, '').trim();
        if ((colonInside || colonAfter) && term.length >= 2 && term.length <= 16 && !/[，。！？]/.test(term)) {
          add(term, 'bold', file, line0, parent ? toString(parent).slice(0, 80) : term);
        }
      }
    });
  }
  return [...found.values()].sort((a, b) => b.places.length - a.places.length || a.term.localeCompare(b.term));
}

function sentenceAround(text: string, index: number): string {
  const before = text.slice(0, index);
  const start = Math.max(before.lastIndexOf('。'), before.lastIndexOf('！'), before.lastIndexOf('？'), before.lastIndexOf('\n')) + 1;
  const rest = text.slice(index);
  const endRel = rest.search(/[。！？\n]/);
  return text.slice(start, endRel < 0 ? text.length : index + endRel + 1).trim().slice(0, 100);
}

const yamlString = (s: string) => (/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u.test(s) && !/^(true|false|null|yes|no)$/i.test(s) ? s : JSON.stringify(s));

export function formatStubs(candidates: Candidate[], glossaryFile: string | undefined): string {
  const lines = [`# ${candidates.length} candidate terms not yet in ${glossaryFile ?? 'the glossary'}; paste the ones you want under terms:`];
  for (const c of candidates) {
    const where = c.places.slice(0, 3).map((p) => `${p.file}:${p.line}`).join(', ') + (c.places.length > 3 ? `, … (${c.places.length - 3} more)` : '');
    lines.push(`  - term: ${yamlString(c.term)}    # ${c.kind}, ${c.places.length} use${c.places.length === 1 ? '' : 's'}: ${where}`);
    if (c.english) lines.push(`    english: ${yamlString(c.english)}`);
    lines.push(`    # ${c.sentence.replace(/\s+/g, ' ')}`);
    lines.push(`    definition: TODO`);
  }
  return `${lines.join('\n')}\n`;
}
