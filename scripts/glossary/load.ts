/** Reads the glossary file with the same strict YAML and schema machinery as book.yaml. */
import { parseYamlFile, positionOf, validateYaml, yamlToData, type YamlSource } from '../config/load.ts';
import { readFileSync } from 'node:fs';
import type { Diagnostics } from '../errors.ts';
import { contentKey, memoised, type Memo } from '../util/memo.ts';
import { glossarySchema, type GlossaryConfig } from './schema.ts';

export interface LoadedGlossary {
  config: GlossaryConfig;
  source: YamlSource;
}

/** `memo`: the parsed file is kept while its text is the same (the warnings are given every time). */
export function loadGlossary(file: string, displayName: string, diagnostics: Diagnostics, memo?: Memo): LoadedGlossary {
  const loaded = memoised(memo, 'glossary:file', () => contentKey(file, displayName, textOf(file)), () => {
    const source = parseYamlFile(file, displayName);
    return { source, config: validateYaml(source, glossarySchema, yamlToData(source)) };
  });
  reportDuplicates(loaded.config, loaded.source, diagnostics);
  return loaded;
}

/** The file's text, or null when it cannot be read (parseYamlFile then says why). */
function textOf(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Two entries with the same term or alias: the second can never match; say where both are. */
function reportDuplicates(config: GlossaryConfig, source: YamlSource, diagnostics: Diagnostics): void {
  const seen = new Map<string, number>();
  config.terms.forEach((entry, i) => {
    for (const [k, name] of [entry.term, ...(entry.aliases ?? [])].entries()) {
      const key = name.toLowerCase();
      const first = seen.get(key);
      const at = positionOf(source, k === 0 ? ['terms', i, 'term'] : ['terms', i, 'aliases', k - 1]);
      if (first !== undefined && first !== i) {
        const firstAt = positionOf(source, ['terms', first, 'term']);
        diagnostics.warn('glossary-duplicate', `"${name}" is already a term or alias of the entry at line ${firstAt.line}; remove one`, at);
      } else {
        seen.set(key, i);
      }
    }
  });
}
