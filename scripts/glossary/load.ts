/**
 * Reads the glossary file with the same strict YAML and schema machinery as book.yaml.
 *
 * A glossary of a few hundred terms takes a tenth of a second to parse and check, so the checked
 * result is cached by the file's content (and the pipeline code, as the note cache is: only when
 * INKSTONE_BUILD_ID identifies it). A cached glossary's YAML is parsed only if a warning needs a
 * line number. A file with errors is never cached: it is parsed, and fails, every time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parseYamlFile, positionOf, validateYaml, yamlToData, type YamlSource } from '../config/load.ts';
import type { Diagnostics } from '../errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { contentKey, memoised, type Memo } from '../util/memo.ts';
import { glossarySchema, type GlossaryConfig } from './schema.ts';

export interface LoadedGlossary {
  config: GlossaryConfig;
  source: YamlSource;
}

/** Where a checked glossary may be kept between builds. */
export interface GlossaryCaches {
  /** The preview's last results: the checked file is kept while its text is the same. */
  memo?: Memo;
  /** Checked glossaries on disk (`<out>/.cache/glossary`); undefined: nowhere. */
  cacheDir?: string;
}

/** The warnings (duplicate terms) are given every time, cached or not. */
export function loadGlossary(file: string, displayName: string, diagnostics: Diagnostics, caches: GlossaryCaches = {}): LoadedGlossary {
  const loaded = memoised(caches.memo, 'glossary:file', () => contentKey(file, displayName, textOf(file)), () => readChecked(file, displayName, caches.cacheDir));
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

function readChecked(file: string, displayName: string, cacheDir?: string): LoadedGlossary {
  const cached = cacheDir && process.env.INKSTONE_BUILD_ID ? cacheFile(file, cacheDir, process.env.INKSTONE_BUILD_ID) : undefined;
  if (cached && existsSync(cached)) return { config: deserialize(readFileSync(cached)) as GlossaryConfig, source: parsedWhenAsked(file, displayName) };
  const source = parseYamlFile(file, displayName);
  const config = validateYaml(source, glossarySchema, yamlToData(source));
  // Kept only if the file did not change while it was read (the key is of what was hashed).
  if (cached && cacheFile(file, cacheDir!, process.env.INKSTONE_BUILD_ID!) === cached) writeFileAtomic(cached, serialize(config));
  return { config, source };
}

/** The cache entry of the file as it is now; a missing file is parsed (and reported) as before. */
function cacheFile(file: string, cacheDir: string, buildId: string): string | undefined {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch {
    return undefined;
  }
  const key = createHash('sha256').update(buildId).update('\0').update(text).digest('hex');
  return path.join(cacheDir, `${key}.bin`);
}

/** The file's YAML, parsed the first time a position in it is asked for. */
function parsedWhenAsked(file: string, displayName: string): YamlSource {
  let parsed: YamlSource | undefined;
  const parse = () => (parsed ??= parseYamlFile(file, displayName));
  return {
    file: displayName,
    get doc() {
      return parse().doc;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  };
}

/** Two entries with the same term or alias: the second can never match; say where both are. */
function reportDuplicates(config: GlossaryConfig, source: YamlSource, diagnostics: Diagnostics): void {
  const seen = new Map<string, number>();
  config.terms.forEach((entry, i) => {
    for (const [k, name] of [entry.term, ...(entry.aliases ?? [])].entries()) {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined && first !== i) {
        const at = positionOf(source, k === 0 ? ['terms', i, 'term'] : ['terms', i, 'aliases', k - 1]);
        const firstAt = positionOf(source, ['terms', first, 'term']);
        diagnostics.warn('glossary-duplicate', `"${name}" is already a term or alias of the entry at line ${firstAt.line}; remove one`, at);
      } else {
        seen.set(key, i);
      }
    }
  });
}
