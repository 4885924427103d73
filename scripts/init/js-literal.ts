/**
 * Reads plain data out of a JavaScript or TypeScript config file (`.vitepress/config.mts`,
 * `sidebars.js`) WITHOUT running it: the file is parsed (acorn, with the TypeScript plugin for
 * .ts/.mts/.cts) and only literal data is evaluated: objects, arrays, strings, numbers,
 * booleans, template strings without `${}`, spreads, `as`/`satisfies`, constants declared in
 * the same file, and values imported from a relative file of the book (parsed the same way).
 * `defineConfig(x)` from vitepress is read as `x` (it only returns its argument). Anything else
 * (a function call, an imported package, an expression) becomes an Opaque value that says what
 * it was and where, so the caller can tell the user exactly what it could not read.
 *
 * Why acorn: it is small (two packages under 1 MB, no dependencies), the most used JavaScript
 * parser, and gives standard ESTree nodes; the Svelte team maintains the TypeScript plugin.
 * TypeScript's own parser would mean a 20+ MB runtime dependency for users.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'acorn';
import { tsPlugin } from '@sveltejs/acorn-typescript';
import { isFile, isInside, relPath } from './paths.ts';

/** A value init could not read without running code. */
export class Opaque {
  constructor(
    /** What it is, for the user: `a call to sidebarGuide()`. */
    readonly what: string,
    /** `docs/.vitepress/config.mts:42` */
    readonly where: string,
  ) {}
  toString(): string {
    return `${this.where}: ${this.what}`;
  }
}

export type Data = string | number | boolean | null | undefined | Opaque | Data[] | { [key: string]: Data };

/** Loose ESTree node: acorn's own types do not cover the TypeScript plugin's nodes. */
interface AstNode {
  type: string;
  start: number;
  end: number;
  loc?: { start: { line: number } };
  [key: string]: unknown;
}

type Binding = { kind: 'value'; node: AstNode } | { kind: 'import'; source: string; imported: string; node: AstNode };

interface ParsedModule {
  file: string;
  text: string;
  bindings: Map<string, Binding>;
  exports: Map<string, { node: AstNode } | { reexport: string }>;
}

const jsParser = Parser;
const tsParser = Parser.extend(tsPlugin() as never);
/** Helpers of the tools that only return their argument. */
const IDENTITY_HELPERS: Record<string, string[]> = {
  vitepress: ['defineConfig', 'defineConfigWithTheme'],
};
const MAX_DEPTH = 200;

export class JsDataReader {
  private readonly modules = new Map<string, ParsedModule>();
  /** Where each object and list was written (`config.mts:43`), for messages and comments. */
  private readonly positions = new WeakMap<object, string>();

  /** `docs/.vitepress/config.mts:43` for an object or list this reader evaluated. */
  whereOf(data: Data): string | undefined {
    return data && typeof data === 'object' ? this.positions.get(data) : undefined;
  }

  /** `bookRoot` limits which relative imports are followed: only files of the book. */
  constructor(private readonly bookRoot: string) {}

  /** Parses a file; a syntax error comes back as a message, never thrown. */
  load(file: string): ParsedModule | string {
    const cached = this.modules.get(file);
    if (cached) return cached;
    const text = readFileSync(file, 'utf8');
    const parser = /\.[cm]?tsx?$/.test(file) ? tsParser : jsParser;
    let program: AstNode;
    try {
      program = parser.parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true, allowHashBang: true }) as unknown as AstNode;
    } catch (e) {
      return `${relPath(this.bookRoot, file)}: cannot parse: ${(e as Error).message}`;
    }
    const mod: ParsedModule = { file, text, bindings: new Map(), exports: new Map() };
    for (const statement of program.body as AstNode[]) this.collect(mod, statement);
    this.modules.set(file, mod);
    return mod;
  }

  /** The module's default export (`export default`, `module.exports =`), evaluated. */
  defaultExport(mod: ParsedModule): Data {
    return this.exportOf(mod, 'default', 0);
  }

  /** The value bound to `name` at the top level of the module (a const), evaluated. */
  binding(mod: ParsedModule, name: string): Data {
    const b = mod.bindings.get(name);
    if (!b) return new Opaque(`no top-level ${name}`, relPath(this.bookRoot, mod.file));
    return this.evaluateBinding(mod, name, b, 0);
  }

  private collect(mod: ParsedModule, statement: AstNode): void {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const source = (statement.source as AstNode).value as string;
        for (const spec of statement.specifiers as AstNode[]) {
          const local = ((spec.local as AstNode).name as string) ?? '';
          const imported = spec.type === 'ImportDefaultSpecifier' ? 'default' : spec.type === 'ImportNamespaceSpecifier' ? '*' : (((spec.imported as AstNode).name ?? (spec.imported as AstNode).value) as string);
          mod.bindings.set(local, { kind: 'import', source, imported, node: spec });
        }
        return;
      }
      case 'VariableDeclaration':
        for (const d of statement.declarations as AstNode[]) {
          const id = d.id as AstNode;
          if (id.type === 'Identifier' && d.init) mod.bindings.set(id.name as string, { kind: 'value', node: d.init as AstNode });
        }
        return;
      case 'ExportNamedDeclaration': {
        const declaration = statement.declaration as AstNode | null;
        if (declaration) {
          this.collect(mod, declaration);
          if (declaration.type === 'VariableDeclaration') {
            for (const d of declaration.declarations as AstNode[]) {
              const id = d.id as AstNode;
              if (id.type === 'Identifier') mod.exports.set(id.name as string, { reexport: id.name as string });
            }
          }
        }
        for (const spec of (statement.specifiers as AstNode[]) ?? []) {
          const exported = ((spec.exported as AstNode).name ?? (spec.exported as AstNode).value) as string;
          const local = (spec.local as AstNode).name as string;
          if (statement.source) {
            mod.bindings.set(`\0${exported}`, { kind: 'import', source: (statement.source as AstNode).value as string, imported: local, node: spec });
            mod.exports.set(exported, { reexport: `\0${exported}` });
          } else {
            mod.exports.set(exported, { reexport: local });
          }
        }
        return;
      }
      case 'ExportDefaultDeclaration':
        mod.exports.set('default', { node: statement.declaration as AstNode });
        return;
      case 'ExpressionStatement': {
        // module.exports = …
        const e = statement.expression as AstNode;
        if (e.type === 'AssignmentExpression' && this.snippet(mod, e.left as AstNode) === 'module.exports') mod.exports.set('default', { node: e.right as AstNode });
        return;
      }
      default:
        return;
    }
  }

  private exportOf(mod: ParsedModule, name: string, depth: number): Data {
    const e = mod.exports.get(name);
    if (!e) return new Opaque(name === 'default' ? 'no default export (export default … or module.exports = …)' : `no export named ${name}`, relPath(this.bookRoot, mod.file));
    if ('reexport' in e) {
      const b = mod.bindings.get(e.reexport);
      if (!b) return new Opaque(`export ${name} has no value in this file`, relPath(this.bookRoot, mod.file));
      return this.evaluateBinding(mod, e.reexport, b, depth + 1);
    }
    return this.evaluate(mod, e.node, depth + 1, new Set());
  }

  private evaluateBinding(mod: ParsedModule, name: string, b: Binding, depth: number, seen = new Set<string>()): Data {
    if (b.kind === 'value') {
      const key = `${mod.file}\0${name}`;
      if (seen.has(key)) return new Opaque(`${name} refers to itself`, this.where(mod, b.node));
      return this.evaluate(mod, b.node, depth + 1, new Set([...seen, key]));
    }
    if (!b.source.startsWith('.')) return new Opaque(`${name.replace('\0', '')} is imported from the package '${b.source}'`, this.where(mod, b.node));
    const target = this.resolveImport(mod.file, b.source);
    if (!target) return new Opaque(`${name.replace('\0', '')} is imported from '${b.source}', which is not a file of the book`, this.where(mod, b.node));
    const imported = this.load(target);
    if (typeof imported === 'string') return new Opaque(imported, this.where(mod, b.node));
    if (b.imported === '*') return new Opaque(`${name} is a whole module (import * as …)`, this.where(mod, b.node));
    if (depth > MAX_DEPTH) return new Opaque('imports nest too deeply', this.where(mod, b.node));
    return this.exportOf(imported, b.imported, depth + 1);
  }

  private resolveImport(from: string, source: string): string | undefined {
    const base = path.resolve(path.dirname(from), source);
    const candidates = [base, ...['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].flatMap((ext) => [base.replace(/\.[cm]?js$/, ext), `${base}${ext}`, path.join(base, `index${ext}`)])];
    return candidates.find((c) => isInside(this.bookRoot, c) && isFile(c) && /\.[cm]?[jt]s$/.test(c));
  }

  private evaluate(mod: ParsedModule, node: AstNode, depth: number, seen: Set<string>): Data {
    if (depth > MAX_DEPTH) return new Opaque('data nests too deeply', this.where(mod, node));
    const next = (n: AstNode) => this.evaluate(mod, n, depth + 1, seen);
    switch (node.type) {
      case 'Literal':
        if ('regex' in node && node.regex) return new Opaque('a regular expression', this.where(mod, node));
        if (typeof node.value === 'bigint') return Number(node.value);
        return node.value as string | number | boolean | null;
      case 'TemplateLiteral':
        if ((node.expressions as AstNode[]).length === 0) return ((node.quasis as AstNode[])[0]!.value as { cooked: string }).cooked;
        return new Opaque(`a template string with \${…} (${this.snippet(mod, node)})`, this.where(mod, node));
      case 'ArrayExpression': {
        const out: Data[] = [];
        for (const el of node.elements as (AstNode | null)[]) {
          if (!el) out.push(undefined);
          else if (el.type === 'SpreadElement') {
            const v = next(el.argument as AstNode);
            if (Array.isArray(v)) out.push(...v);
            else return v instanceof Opaque ? v : new Opaque(`a spread of something that is not a list (${this.snippet(mod, el)})`, this.where(mod, el));
          } else out.push(next(el));
        }
        this.positions.set(out, this.where(mod, node));
        return out;
      }
      case 'ObjectExpression': {
        const out: { [key: string]: Data } = {};
        for (const p of node.properties as AstNode[]) {
          if (p.type === 'SpreadElement') {
            const v = next(p.argument as AstNode);
            if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Opaque)) Object.assign(out, v);
            else return v instanceof Opaque ? v : new Opaque(`a spread of something that is not an object (${this.snippet(mod, p)})`, this.where(mod, p));
            continue;
          }
          const keyNode = p.key as AstNode;
          let key: Data;
          if (p.computed) key = next(keyNode);
          else key = keyNode.type === 'Identifier' ? (keyNode.name as string) : (keyNode.value as string);
          if (typeof key !== 'string' && typeof key !== 'number') return new Opaque(`a computed key (${this.snippet(mod, keyNode)})`, this.where(mod, keyNode));
          out[String(key)] = p.kind !== 'init' || p.method ? new Opaque('a function', this.where(mod, p)) : next(p.value as AstNode);
        }
        this.positions.set(out, this.where(mod, node));
        return out;
      }
      case 'Identifier': {
        const name = node.name as string;
        if (name === 'undefined') return undefined;
        const b = mod.bindings.get(name);
        if (!b) return new Opaque(`${name} is not defined in this file`, this.where(mod, node));
        return this.evaluateBinding(mod, name, b, depth + 1, seen);
      }
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return next(node.expression as AstNode);
      case 'UnaryExpression': {
        const v = next(node.argument as AstNode);
        if (typeof v === 'number' && node.operator === '-') return -v;
        if (typeof v === 'number' && node.operator === '+') return v;
        return new Opaque(`an expression (${this.snippet(mod, node)})`, this.where(mod, node));
      }
      case 'CallExpression': {
        const callee = node.callee as AstNode;
        const args = node.arguments as AstNode[];
        if (callee.type === 'Identifier' && args.length === 1) {
          const b = mod.bindings.get(callee.name as string);
          if (b?.kind === 'import' && IDENTITY_HELPERS[b.source]?.includes(b.imported)) return next(args[0]!);
        }
        return new Opaque(`a call to ${this.snippet(mod, callee)}()`, this.where(mod, node));
      }
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
      case 'FunctionDeclaration':
      case 'ClassExpression':
      case 'ClassDeclaration':
        return new Opaque('a function', this.where(mod, node));
      default:
        return new Opaque(`an expression (${this.snippet(mod, node)})`, this.where(mod, node));
    }
  }

  private where(mod: ParsedModule, node: AstNode): string {
    return `${relPath(this.bookRoot, mod.file)}:${node.loc?.start.line ?? 1}`;
  }

  private snippet(mod: ParsedModule, node: AstNode): string {
    const text = mod.text.slice(node.start, node.end).replace(/\s+/g, ' ');
    return text.length > 40 ? `${text.slice(0, 37)}…` : text;
  }
}

/** The first value under `data` that could not be read, if any. */
export function firstOpaque(data: Data): Opaque | undefined {
  if (data instanceof Opaque) return data;
  if (Array.isArray(data)) {
    for (const d of data) {
      const o = firstOpaque(d);
      if (o) return o;
    }
  } else if (data && typeof data === 'object') {
    for (const d of Object.values(data)) {
      const o = firstOpaque(d);
      if (o) return o;
    }
  }
  return undefined;
}

/** `data.a.b` when every step is an object; an Opaque on the way is returned as is. */
export function dig(data: Data, ...keys: string[]): Data {
  let d = data;
  for (const k of keys) {
    if (d instanceof Opaque) return d;
    if (!d || typeof d !== 'object' || Array.isArray(d)) return undefined;
    d = d[k];
  }
  return d;
}

export function isRecord(d: Data): d is { [key: string]: Data } {
  return !!d && typeof d === 'object' && !Array.isArray(d) && !(d instanceof Opaque);
}
