/** The config stage: book.yaml read, validated and resolved (absolute paths, defaults, dates). */
import type { ResolvedBook } from '../model.ts';
import { loadBookConfig } from './load.ts';
import { resolveBook, type ConfigOverrides } from './resolve.ts';

export type { ConfigOverrides } from './resolve.ts';

export function loadConfig(configFile: string, overrides: ConfigOverrides = {}): ResolvedBook {
  const { config, source } = loadBookConfig(configFile);
  return resolveBook(config, source, configFile, overrides);
}
