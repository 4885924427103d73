/**
 * Reads `book.yaml` into a validated BookConfig. Every problem becomes an InkstoneError that
 * names `book.yaml:LINE:COL`, the key path, what was expected, and (for a typo) the nearest key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, visit as visitYaml, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { InkstoneError, InkstoneErrors, type SourcePosition } from '../errors.ts';
import { bookSchema, type BookConfig } from './schema.ts';
import { nearest } from '../util/nearest.ts';

export type KeyPath = ReadonlyArray<string | number>;

/** `parts[0].chapters[2].title` */
export function formatKeyPath(keyPath: KeyPath): string {
  let out = '';
  for (const key of keyPath) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(top level)';
}

/** A parsed YAML file that can say where any key path is. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
}

/** Position of the value at keyPath, or of its key when `at: 'key'`; falls back to the nearest parent. */
export function positionOf(src: YamlSource, keyPath: KeyPath, at: 'key' | 'value' = 'value'): SourcePosition {
  let node: unknown = src.doc.contents;
  let best: [number, number] | undefined = rangeStart(node);
  for (const key of keyPath) {
    if (!isNode(node)) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      const target = at === 'key' && key === keyPath[keyPath.length - 1] ? pair.key : (pair.value ?? pair.key);
      node = target;
    } else if ('items' in node && Array.isArray((node as { items: unknown[] }).items) && typeof key === 'number') {
      node = (node as { items: unknown[] }).items[key];
    } else break;
    best = rangeStart(node) ?? best;
  }
  const offset = best ? best[0] : 0;
  const { line, col } = src.lineCounter.linePos(offset);
  return { file: src.file, line, column: col };
}

function rangeStart(node: unknown): [number, number] | undefined {
  if (isPair(node)) return rangeStart(node.key);
  const range = isNode(node) ? (node as YamlNode).range : undefined;
  return range ? [range[0], range[1]] : undefined;
}

/** Parse YAML strictly: duplicate keys, tabs, unknown tags and alias bombs are errors. */
export function parseYamlFile(absPath: string, displayName: string): YamlSource {
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new InkstoneError(`${displayName} not found`, {
        hint: `Create it (see README.md, "book.yaml"), or pass the path: npm run build -- path/to/book.yaml`,
      });
    }
    throw new InkstoneError(`cannot read ${displayName}: ${(cause as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const src: YamlSource = { file: displayName, doc, lineCounter };
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length) {
    const errors = problems.map((p) => {
      const { text: message, offset } = yamlProblemText(src, p);
      const { line, col } = lineCounter.linePos(offset);
      return new InkstoneError(`YAML: ${message}`, { position: { file: displayName, line, column: col } });
    });
    throw errors.length === 1 ? errors[0]! : new InkstoneErrors(errors);
  }
  return src;
}

/** The user-facing text of a YAML problem, and the offset it is best shown at. */
function yamlProblemText(src: YamlSource, problem: YAMLError): { text: string; offset: number } {
  const offset = problem.pos[0];
  const at = (text: string, where = offset) => ({ text, offset: where });
  const first = problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (problem.code) {
    case 'DUPLICATE_KEY': {
      const dup = keyAt(src.doc, offset);
      if (!dup) return at('duplicate key; each key may appear once');
      const firstLine = dup.first === undefined ? undefined : src.lineCounter.linePos(dup.first).line;
      return at(`${formatKeyPath(dup.path)}: duplicate key "${String(dup.path.at(-1))}"${firstLine ? ` (first at line ${firstLine})` : ''}; each key may appear once`);
    }
    case 'MISSING_CHAR': {
      // yaml reports an unclosed quote where the file ends; show where the quote opens.
      const quote = /closing "quote/.test(first) ? '"' : /closing 'quote/.test(first) ? "'" : undefined;
      const open = quote ? quotedScalarBefore(src.doc, offset) : undefined;
      if (quote && open !== undefined) return at(`quoted value is never closed; add the closing ${quote}`, open);
      return at(first);
    }
    case 'TAB_AS_INDENT':
      return at('tab used for indentation; indent with spaces');
    case 'TAG_RESOLVE_FAILED':
      return at(`${first}; YAML tags are not allowed in book.yaml`);
    default:
      return at(first);
  }
}

/** The key path of the mapping key that starts at offset, and where the first key of that name is. */
function keyAt(doc: Document, offset: number): { path: (string | number)[]; first?: number } | undefined {
  let found: { path: (string | number)[]; first?: number } | undefined;
  const walk = (node: unknown, prefix: (string | number)[]): void => {
    if (found || !isNode(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key : undefined;
        if (!key) continue;
        const name = typeof key.value === 'number' ? String(key.value) : String(key.value);
        if (key.range?.[0] === offset) {
          const earlier = node.items.find((p) => isScalar(p.key) && p.key !== key && String(p.key.value) === name);
          found = { path: [...prefix, name], first: isScalar(earlier?.key) ? earlier.key.range?.[0] : undefined };
          return;
        }
        walk(pair.value, [...prefix, name]);
      }
    } else if ('items' in node && Array.isArray((node as { items: unknown[] }).items)) {
      (node as { items: unknown[] }).items.forEach((item, i) => walk(item, [...prefix, i]));
    }
  };
  walk(doc.contents, []);
  return found;
}

/** Start of the last quoted scalar that opens before offset. */
function quotedScalarBefore(doc: Document, offset: number): number | undefined {
  let best: number | undefined;
  visitYaml(doc, {
    Scalar(_key, node) {
      const start = node.range?.[0];
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && start !== undefined && start <= offset && (best === undefined || start > best)) best = start;
    },
  });
  return best;
}

/** Convert to plain data; an alias bomb is stopped by maxAliasCount. */
export function yamlToData(src: YamlSource): unknown {
  try {
    return src.doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    const message = (cause as Error).message;
    const text = /alias count/i.test(message)
      ? 'too many aliases (*name): more than 100 copies, as in an alias bomb; write the values out instead'
      : message;
    throw new InkstoneError(`YAML: ${text}`, { position: { file: src.file, line: 1, column: 1 } });
  }
}

/** Validate data from a YAML file against a zod schema; all problems are reported at once. */
export function validateYaml<S extends z.ZodType>(src: YamlSource, schema: S, data: unknown): z.infer<S> {
  if (data === null || data === undefined) {
    throw new InkstoneError(`${src.file} is empty`, { position: { file: src.file, line: 1, column: 1 }, hint: 'Add at least title, language and chapters.' });
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const errors = dropMissingKeysExplainedByTypos(flattenIssues(result.error.issues as Issue[], data), schema).map((issue) => issueToError(src, schema, issue));
  // In file order, as an editor would walk through them.
  const flat = errors.flatMap((e) => (e instanceof InkstoneErrors ? e.errors : [e]));
  flat.sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0) || (a.position?.column ?? 0) - (b.position?.column ?? 0));
  throw flat.length === 1 ? flat[0]! : new InkstoneErrors(flat);
}

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
  expected?: string;
  errors?: Issue[][];
  input?: unknown;
}

/** In a union (a path or an object), report the branch whose type matches what the user wrote. */
function flattenIssues(issues: Issue[], root: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors?.length) {
      const value = valueAt(root, issue.path);
      const branch = issue.errors.find((branchIssues) => branchIssues.every((b) => !(b.code === 'invalid_type' && b.path.length === 0)));
      if (branch && typeof value === 'object' && value !== null) {
        out.push(...flattenIssues(branch.map((b) => ({ ...b, path: [...issue.path, ...b.path] })), root));
        continue;
      }
    }
    out.push(issue);
  }
  return out;
}

/**
 * `titel: X` gives two issues: "title" missing and "titel" unknown. The second says it all
 * ("did you mean title?"), so the first is dropped.
 */
function dropMissingKeysExplainedByTypos(issues: Issue[], schema: z.ZodType): Issue[] {
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys' || !issue.keys) continue;
    const at = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const allowed = allowedKeys(schema, at);
    for (const key of issue.keys) {
      const suggestion = nearest(key, allowed);
      if (suggestion) misspelt.add(JSON.stringify([...at, suggestion]));
    }
  }
  return issues.filter((issue) => !(issue.code === 'invalid_type' && misspelt.has(JSON.stringify(issue.path))));
}

function valueAt(root: unknown, keyPath: PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of keyPath) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function issueToError(src: YamlSource, schema: z.ZodType, issue: Issue): InkstoneError {
  const keyPath = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const allowed = allowedKeys(schema, keyPath);
    const msgs = issue.keys.map((key) => {
      const suggestion = nearest(key, allowed);
      const where = positionOf(src, [...keyPath, key], 'key');
      const text = `${formatKeyPath([...keyPath, key])}: unknown key "${key}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
      return new InkstoneError(text, { position: where, hint: allowed.length ? `Allowed here: ${allowed.join(', ')}` : undefined });
    });
    return msgs.length === 1 ? msgs[0]! : new InkstoneErrors(msgs);
  }
  const value = valueAt(valueAtRoot(src), keyPath);
  if (issue.code === 'invalid_type' && value === undefined) {
    return new InkstoneError(`${formatKeyPath(keyPath)}: required key is missing (${issue.message})`, {
      position: positionOf(src, keyPath.slice(0, -1)),
    });
  }
  if (issue.code === 'invalid_type' && issue.expected === 'object') {
    return new InkstoneError(`${formatKeyPath(keyPath)}: expected a mapping (key: value lines), got ${describe(value)}`, { position: positionOf(src, keyPath) });
  }
  const got = ['invalid_type', 'invalid_union', 'invalid_format', 'invalid_value'].includes(issue.code) ? `, got ${describe(value)}` : '';
  return new InkstoneError(`${formatKeyPath(keyPath)}: ${issue.message}${got}`, { position: positionOf(src, keyPath) });
}

function valueAtRoot(src: YamlSource): unknown {
  return src.doc.toJS({ maxAliasCount: 100 });
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

/** Keys the schema allows for the object at keyPath (walks zod's definitions). */
export function allowedKeys(schema: z.ZodType, keyPath: KeyPath): string[] {
  let candidates: unknown[] = [schema];
  for (const key of keyPath) {
    candidates = candidates.flatMap((s) => unwrap(s)).flatMap((s) => childSchemas(s, key));
  }
  const keys = new Set<string>();
  for (const s of candidates.flatMap((c) => unwrap(c))) {
    const def = zodDef(s);
    if (def?.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  options?: unknown[];
  in?: unknown;
  schema?: unknown;
}
function zodDef(s: unknown): ZodDefLike | undefined {
  return (s as { _zod?: { def?: ZodDefLike } })?._zod?.def;
}
function unwrap(s: unknown): unknown[] {
  const def = zodDef(s);
  if (!def) return [];
  if (['optional', 'nullable', 'default', 'readonly', 'nonoptional'].includes(def.type)) return unwrap(def.innerType);
  if (def.type === 'pipe') return unwrap(def.in);
  if (def.type === 'union') return (def.options ?? []).flatMap(unwrap);
  return [s];
}
function childSchemas(s: unknown, key: string | number): unknown[] {
  const def = zodDef(s);
  if (!def) return [];
  if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) return [def.shape[key]];
  if (def.type === 'array' && typeof key === 'number') return [def.element];
  return [];
}

/** Load and validate a book.yaml. */
export function loadBookConfig(bookFile: string): { config: BookConfig; source: YamlSource } {
  const display = path.relative(process.cwd(), bookFile) || bookFile;
  const source = parseYamlFile(bookFile, display.startsWith('..') ? bookFile : display);
  const data = yamlToData(source);
  const config = validateYaml(source, bookSchema, data);
  return { config, source };
}
