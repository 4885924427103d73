/**
 * Says what rehype-sanitize is about to remove from a note's raw HTML, so that nothing
 * disappears silently. Runs just before rehype-sanitize and changes nothing itself.
 *
 * - `unsafe-html`: what was removed because it could run code, load something from outside
 *   the book or submit data: elements such as `<script>`, `<iframe>`, `<form>`, event handlers
 *   (`onerror=`), URLs with a scheme the book does not allow (`javascript:`, `file:` …) and CSS
 *   that loads URLs. Each warning says what was removed and why.
 * - `unknown-html`: a tag that is not HTML the book keeps (`<standard>`, `<T>` in `List<T>`
 *   written outside code): the tag goes, its text stays, and the warning says how to show it.
 *
 * Harmless attributes that are not kept (`target`, `rel` …) and presentational ones
 * (presentational-attributes.ts) go without a warning: they change nothing a reader loses.
 * The element and URL checks mirror hast-util-sanitize's own rules for the same schema.
 */
import type { Element, Properties, Root } from 'hast';
import type { Options as SanitizeSchema } from 'rehype-sanitize';
import type { VFile } from 'vfile';
import { readInlineStyle } from './inline-style.ts';

export interface UnsafeHtmlOptions {
  schema: SanitizeSchema;
}

const own = Object.prototype.hasOwnProperty;

/** Why an element that the schema does not allow is unsafe; elements not listed are merely unknown. */
const UNSAFE_ELEMENTS: Record<string, string> = {
  script: 'scripts do not run in the book',
  noscript: 'it belongs with scripts, which do not run in the book',
  style: 'a stylesheet in a note could restyle the whole book or load files',
  link: 'it loads files from outside the book',
  meta: 'it can redirect or change how the page is read',
  base: 'it changes where every link points',
  iframe: 'embedded pages load content from outside the book',
  frame: 'embedded pages load content from outside the book',
  frameset: 'embedded pages load content from outside the book',
  object: 'plugins and embedded objects load content from outside the book',
  embed: 'plugins and embedded objects load content from outside the book',
  applet: 'plugins and embedded objects load content from outside the book',
  portal: 'embedded pages load content from outside the book',
  form: 'forms submit data',
  button: 'form controls submit data',
  textarea: 'form controls submit data',
  select: 'form controls submit data',
  option: 'form controls submit data',
  optgroup: 'form controls submit data',
  datalist: 'form controls submit data',
  fieldset: 'form controls submit data',
  output: 'form controls submit data',
  video: 'media players load content from outside the book',
  audio: 'media players load content from outside the book',
  track: 'media players load content from outside the book',
  svg: 'inline SVG can carry scripts; use an SVG image file instead',
};

/** `onError` → `onerror`, `dataFoo` → `data-foo`, `className` → `class`, `htmlFor` → `for`. */
function attributeName(key: string): string {
  if (key === 'className') return 'class';
  if (key === 'htmlFor') return 'for';
  if (/^data[A-Z]/.test(key)) return `data-${key.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return key.toLowerCase();
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

/** What is unsafe among one element's attributes, as messages. */
function unsafeAttributes(schema: SanitizeSchema, element: Element): string[] {
  const problems: string[] = [];
  const props: Properties = element.properties ?? {};
  for (const key of Object.keys(props)) {
    const raw = props[key];
    if (raw === null || raw === undefined || raw === false) continue;
    const name = attributeName(key);
    if (/^on/.test(name)) {
      problems.push(`removed attribute ${name} from <${element.tagName}> (event handlers could run code)`);
      continue;
    }
    if (key === 'style') {
      for (const declaration of readInlineStyle(String(raw)).unsafe) {
        problems.push(`removed "${declaration.slice(0, 80)}" from the style of <${element.tagName}>: CSS that loads URLs or runs code is not allowed`);
      }
      continue;
    }
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const scheme = refusedScheme(schema, key, String(value));
      if (scheme !== undefined) {
        problems.push(`removed ${name}="${String(value).slice(0, 80)}" from <${element.tagName}>: ${scheme}: URLs are not allowed`);
        break;
      }
    }
  }
  return problems;
}

/**
 * rehype plugin: warn about everything unsafe the sanitizer will drop, and about unknown tags;
 * the tree is left as it is. The note's file and diagnostics come from the VFile
 * (`file.data.note`, see pipeline.ts).
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
        const tag = child.tagName;
        if (!allowedTags.has(tag)) {
          const content = stripped.has(tag) ? 'with its content' : 'its text kept';
          const reason = own.call(UNSAFE_ELEMENTS, tag) ? UNSAFE_ELEMENTS[tag] : undefined;
          if (reason) diagnostics.warn('unsafe-html', `removed <${tag}> element (${content}): ${reason}`, position);
          else diagnostics.warn('unknown-html', `<${tag}> is not HTML the book keeps: the tag is removed and its text kept; to show it as text, write \\<${tag}> or put it in \`code\``, position);
          // Stripped elements go with their content; unwrapped ones keep their children.
          if (stripped.has(tag)) continue;
        } else {
          for (const message of unsafeAttributes(schema, child)) diagnostics.warn('unsafe-html', message, position);
        }
        walk(child);
      }
    };
    walk(tree);
  };
}
