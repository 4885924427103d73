/**
 * `pdf.crossReferencePages` and `index` from book.yaml, resolved: short forms expanded, defaults
 * filled in (the wording from the book's language, the index title from labels.ts), and each index
 * term with its place in book.yaml for warnings.
 */
import { crossReferenceWording, LABELS } from '../labels.ts';
import type { CrossReferencePages, IndexTermSpec, ResolvedIndex } from '../model.ts';
import { positionOf, type KeyPath, type YamlSource } from './load.ts';
import type { CrossReferencePagesConfig, IndexConfig, IndexSubentryConfig, IndexTermConfig } from './typeset-schema.ts';

export function resolveCrossReferencePages(config: CrossReferencePagesConfig | undefined, language: string): CrossReferencePages | undefined {
  if (config === undefined || config === false) return undefined;
  if (config === true) return { text: crossReferenceWording(language), glossary: true };
  if (typeof config === 'string') return { text: config, glossary: true };
  return { text: config.text ?? crossReferenceWording(language), glossary: config.glossary ?? true };
}

export function resolveIndex(config: IndexConfig | undefined, source: YamlSource): ResolvedIndex | undefined {
  if (config === undefined || config === false) return undefined;
  if (config === true) return { title: LABELS.index, glossary: 'all', terms: [] };
  if (Array.isArray(config)) return { title: LABELS.index, glossary: 'all', terms: config.map((t, i) => termSpec(t, source, ['index', i])) };
  return {
    title: config.title ?? LABELS.index,
    glossary: config.glossary ?? 'all',
    terms: (config.terms ?? []).map((t, i) => termSpec(t, source, ['index', 'terms', i])),
  };
}

function termSpec(t: IndexTermConfig | IndexSubentryConfig, source: YamlSource, at: KeyPath): IndexTermSpec {
  const position = positionOf(source, at);
  if (typeof t === 'string') return { term: t, aliases: [], subentries: [], position };
  return {
    term: t.term,
    aliases: t.aliases ?? [],
    case: t.case,
    subentries: 'subentries' in t && t.subentries ? t.subentries.map((s, i) => termSpec(s, source, [...at, 'subentries', i])) : [],
    position,
  };
}
