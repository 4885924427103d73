/**
 * Reports what rehype-sanitize is about to remove from a note's raw HTML, so that nothing
 * disappears silently: elements outside the schema (`<script>`, `<iframe>`, `<object>`,
 * `<form>` …), attributes it does not allow (`onerror=`, `style=` …) and URLs with a scheme it
 * does not allow (`javascript:`, `file:`, `data:` …). Runs just before rehype-sanitize and
 * changes nothing itself; each finding is a warning `file:line:col … [unsafe-html]`.
 * The checks mirror hast-util-sanitize's own rules for the same schema.
 */
import type { Element, Properties, Root } from 'hast';
import type { Options as SanitizeSchema } from 'rehype-sanitize';
import type { VFile } from 'vfile';

export interface UnsafeHtmlOptions {
  schema: SanitizeSchema;
}

type Definition = NonNullable<SanitizeSchema['attributes']>[string][number];

const own = Object.prototype.hasOwnProperty;

/** `onError` → `onerror`, `dataFoo` → `data-foo`, `className` → `class`, `htmlFor` → `for`. */
function attributeName(key: string): string {
  if (key === 'className') return 'class';
  if (key === 'htmlFor') return 'for';
  if (/^data[A-Z]/.test(key)) return `data-${key.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return key.toLowerCase();
}

function findDefinition(definitions: readonly Definition[] | undefined, key: string): Definition | undefined {
  let dataDefault: Definition | undefined;
  for (const entry of definitions ?? []) {
    const name = typeof entry === 'string' ? entry : entry[0];
    if (name === key) return entry;
    if (name === 'data*') dataDefault = entry;
  }
  return key.length > 4 && key.slice(0, 4).toLowerCase() === 'data' ? dataDefault : undefined;
}

/** The scheme that makes `url` unsafe for `key`, or undefined when the URL is allowed. */
export function refusedScheme(schema: SanitizeSchema, key: string, url: string): string | undefined {
  const protocols = schema.protocols && own.call(schema.protocols, key) ? schema.protocols[key] : undefined;
  if (!protocols || protocols.length === 0) return undefined;
  const colon = url.indexOf(':');
  const after = (c: string) => {
    const i = url.indexOf(c);
    return i > -1 && colon > i;
  };
  if (colon < 0 || after('/') || after('?') || after('#')) return undefined;
  const scheme = url.slice(0, colon);
  return protocols.includes(scheme) ? undefined : scheme;
}

function valueAllowed(definition: Definition, value: string | number | boolean): boolean {
  if (typeof definition === 'string' || definition.length <= 1) return true;
  return definition.slice(1).some((allowed) => (allowed instanceof RegExp ? allowed.test(String(value)) : allowed === value));
}

/** What the sanitizer drops of one element's attributes, as messages. */
function refusedAttributes(schema: SanitizeSchema, element: Element): string[] {
  const specific = schema.attributes && own.call(schema.attributes, element.tagName) ? schema.attributes[element.tagName] : undefined;
  const defaults = schema.attributes && own.call(schema.attributes, '*') ? schema.attributes['*'] : undefined;
  const problems: string[] = [];
  const props: Properties = element.properties ?? {};
  for (const key of Object.keys(props)) {
    const raw = props[key];
    if (raw === null || raw === undefined || raw === false) continue;
    const name = attributeName(key);
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      const scheme = refusedScheme(schema, key, String(value));
      if (scheme !== undefined) {
        problems.push(`removed ${name}="${String(value).slice(0, 80)}" from <${element.tagName}>: ${scheme}: URLs are not allowed`);
        break;
      }
    }
    const definitions = [findDefinition(specific, key), findDefinition(defaults, key)].filter((d): d is Definition => d !== undefined);
    if (definitions.length === 0) {
      problems.push(`removed attribute ${name} from <${element.tagName}>${/^on/.test(name) ? ' (event handlers could run code)' : ''}`);
      continue;
    }
    const refused = values.filter((v) => refusedScheme(schema, key, String(v)) === undefined && !definitions.some((d) => valueAllowed(d, v)));
    if (refused.length > 0) problems.push(`removed ${name}="${refused.join(' ')}" from <${element.tagName}>: value not allowed`);
  }
  return problems;
}

/**
 * rehype plugin: warn about everything the sanitizer will drop; the tree is left as it is.
 * The note's file and diagnostics come from the VFile (`file.data.note`, see pipeline.ts).
 */
export default function rehypeReportUnsafeHtml(options: UnsafeHtmlOptions) {
  const { schema } = options;
  const allowedTags = new Set(schema.tagNames ?? []);
  const stripped = new Set(schema.strip ?? []);
  return (tree: Root, vfile: VFile): void => {
    const note = vfile.data.note;
    if (!note) return;
    const { file, diagnostics } = note;
    const walk = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        const position = { file, line: child.position?.start.line, column: child.position?.start.column };
        if (!allowedTags.has(child.tagName)) {
          const content = stripped.has(child.tagName) ? 'with its content' : 'its text kept';
          diagnostics.warn('unsafe-html', `removed <${child.tagName}> element (${content}): raw HTML that can run code, load files or submit data is not allowed in the book`, position);
          // Stripped elements go with their content; unwrapped ones keep their children.
          if (stripped.has(child.tagName)) continue;
        } else {
          for (const message of refusedAttributes(schema, child)) diagnostics.warn('unsafe-html', message, position);
        }
        walk(child);
      }
    };
    walk(tree);
  };
}
