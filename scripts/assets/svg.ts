/**
 * SVG images as tools really write them, made fit for an EPUB. Inkscape, Illustrator, graphviz,
 * draw.io and hand-written files start with an XML declaration, comments and a DOCTYPE naming an
 * external DTD, with internal entity declarations (`<!ENTITY ns_svg "http://…">`) used in
 * attributes; they carry editor state (`sodipodi:`, `inkscape:`), SVG 2 attributes
 * (`paint-order`, plain `href`), scripts and event handlers, and references to files and URLs
 * outside the image. An EPUB reader loads none of that, and epubcheck rejects most of it.
 *
 * `cleanSvg` parses the file with a real XML parser (@rgrove/parse-xml), expands the internal
 * entities, and writes a plain SVG 1.1 document back (xast-util-to-xml): no DOCTYPE, comments or
 * processing instructions; no scripts, event handlers or external references; no elements or
 * attributes outside SVG 1.1 (SVG 2 presentation attributes move into `style`); `<foreignObject>`
 * kept only when it holds XHTML or MathML. What matters to the reader is listed in `removed`, for a warning.
 * Only a file that is not well-formed XML, or whose root is not `<svg>`, is refused.
 */
import { parseXml, XmlDocumentType, XmlElement, type XmlNode } from '@rgrove/parse-xml';
import type { Element as XastElement, ElementContent as XastContent, Root as XastRoot } from 'xast';
import { toXml } from 'xast-util-to-xml';
import { CSS_ONLY_PRESENTATION, MATHML_NS, NEEDS_HREF, SVG11_ATTRIBUTES, SVG11_ELEMENTS, SVG_NS, XHTML_NS, XLINK_NS, XML_NS } from './svg-vocabulary.ts';

export type SvgCleanResult = { ok: true; data: Buffer; removed: string[] } | { ok: false; reason: string };

/** Entity expansion budget: a "billion laughs" file is refused, not expanded. */
const MAX_EXPANSION = 1 << 20;

/** Is this an SVG document? Skips what may come before the root: BOM, declaration, comments, PIs, DOCTYPE. */
export function looksLikeSvg(data: Buffer): boolean {
  const text = decode(data.subarray(0, 1 << 20));
  if (text === undefined) return false;
  const at = rootStart(text);
  return at >= 0 && /^<(?:[\w.-]+:)?svg[\s/>]/.test(text.slice(at, at + 64));
}

/** Offset of the root element's `<`, past the prolog; -1 when the prolog does not end in one. */
function rootStart(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('<?', i)) i = after(text, '?>', i);
    else if (text.startsWith('<!--', i)) i = after(text, '-->', i);
    else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) i = afterDoctype(text, i);
    else return text[i] === '<' ? i : -1;
    if (i < 0) return -1;
  }
}

function after(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/** Past `<!DOCTYPE … [ internal subset ] >`, stepping over quoted strings and comments. */
function afterDoctype(text: string, from: number): number {
  let depth = 0;
  for (let i = from + 9; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = text.indexOf(c, i + 1);
      if (i < 0) return -1;
    } else if (text.startsWith('<!--', i)) {
      i = text.indexOf('-->', i + 4);
      if (i < 0) return -1;
      i += 2;
    } else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** Bytes → text: BOM first, then the encoding the XML declaration names, else UTF-8. */
function decode(data: Buffer): string | undefined {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  const head = data.subarray(0, 200).toString('latin1');
  const declared = /^(?:\uFEFF|ï»¿)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(data).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** `<!ENTITY name "value">` declarations of a DOCTYPE's internal subset (general entities only). */
export function internalEntities(subset: string): Map<string, string> {
  const entities = new Map<string, string>();
  const declaration = /<!--[\s\S]*?-->|<!ENTITY\s+(%\s+)?([^\s%;"'<>]+)\s+(?:"([^"]*)"|'([^']*)'|[^>]*)\s*>|"[^"]*"|'[^']*'/g;
  for (const m of subset.matchAll(declaration)) {
    const value = m[3] ?? m[4];
    // Parameter entities shape the DTD, not the document; external ones are never loaded.
    if (m[2] && !m[1] && value !== undefined && !entities.has(m[2])) entities.set(m[2], value);
  }
  return entities;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function expander(entities: Map<string, string>): (ref: string) => string {
  let budget = MAX_EXPANSION;
  const expand = (name: string, depth: number): string => {
    if (depth > 16) throw new SvgRefused('its entities nest too deeply');
    const value = entities.get(name);
    if (value === undefined) return '';
    const out = value.replace(/&(#x[0-9a-f]+|#[0-9]+|[^\s&;#]+);/gi, (_, ref: string) => {
      if (ref.startsWith('#')) return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
      return PREDEFINED[ref] ?? expand(ref, depth + 1);
    });
    budget -= out.length;
    if (budget < 0) throw new SvgRefused('its entities expand to more than 1 MB');
    return out;
  };
  return (wrapped) => expand(wrapped.slice(1, -1), 0);
}

class SvgRefused extends Error {}

export function cleanSvg(data: Buffer): SvgCleanResult {
  const text = decode(data);
  if (text === undefined) return { ok: false, reason: 'the SVG names an encoding this build cannot read' };
  let root: XmlElement;
  try {
    // First pass: only to read the DOCTYPE's entity declarations (undefined entities left alone).
    const prolog = parseXml(text, { preserveDocumentType: true, ignoreUndefinedEntities: true });
    const doctype = prolog.children.find((n): n is XmlDocumentType => n instanceof XmlDocumentType);
    const entities = internalEntities(doctype?.internalSubset ?? '');
    const doc = parseXml(text, { resolveUndefinedEntity: expander(entities) });
    root = doc.root!;
  } catch (e) {
    if (e instanceof SvgRefused) return { ok: false, reason: `SVG refused: ${e.message}` };
    return { ok: false, reason: `not well-formed XML: ${(e as Error).message.split('\n')[0]}` };
  }
  const removed = new Set<string>();
  const rootNs = new Map<string, string>([['xml', XML_NS]]);
  // A root `<svg>` without xmlns (hand-written files) is SVG all the same; a reader needs the namespace.
  if (root.name === 'svg' && root.attributes.xmlns === undefined) root.attributes.xmlns = SVG_NS;
  if (namespaceOf(root.name, scope(root, rootNs)) !== SVG_NS || localName(root.name) !== 'svg') {
    return { ok: false, reason: 'the XML is not an SVG image (its root element is not <svg>)' };
  }
  const ctx: Context = { removed, needsXlink: false, ids: new Map() };
  const svg = cleanElement(root, rootNs, ctx)!;
  if (ctx.needsXlink && !Object.entries(svg.attributes).some(([k, v]) => k.startsWith('xmlns:') && v === XLINK_NS)) {
    svg.attributes['xmlns:xlink'] = XLINK_NS;
  }
  renameIds(svg, ctx.ids);
  const tree: XastRoot = { type: 'root', children: [{ type: 'instruction', name: 'xml', value: 'version="1.0" encoding="UTF-8"' }, { type: 'text', value: '\n' }, svg] };
  return { ok: true, data: Buffer.from(`${toXml(tree, { closeEmptyElements: true })}\n`, 'utf8'), removed: [...removed] };
}

interface Context {
  removed: Set<string>;
  /** An `xlink:` attribute was written: the root must declare the prefix. */
  needsXlink: boolean;
  /** ids that are not valid XML names → their new names. */
  ids: Map<string, string>;
}

/** The namespace declarations in scope on `el`: prefix ('' for the default) → URI. */
function scope(el: XmlElement, parent: Map<string, string>): Map<string, string> {
  let own: Map<string, string> | undefined;
  for (const [name, value] of Object.entries(el.attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      own ??= new Map(parent);
      own.set(name === 'xmlns' ? '' : name.slice(6), value);
    }
  }
  return own ?? parent;
}

function namespaceOf(name: string, ns: Map<string, string>): string | undefined {
  const colon = name.indexOf(':');
  return ns.get(colon < 0 ? '' : name.slice(0, colon));
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function cleanElement(el: XmlElement, parentNs: Map<string, string>, ctx: Context): XastElement | undefined {
  const ns = scope(el, parentNs);
  const uri = namespaceOf(el.name, ns);
  const local = localName(el.name);
  if (uri === SVG_NS) {
    if (local === 'script') return drop(ctx, '<script>');
    if (!SVG11_ELEMENTS.has(local)) return drop(ctx, `<${local}> (not SVG 1.1)`);
    // EPUB allows XHTML or MathML there; anything else (Illustrator's private data) no reader draws.
    if (local === 'foreignObject' && !holdsOnlyXhtml(el, ns)) return undefined;
  } else if (uri === XHTML_NS || uri === MATHML_NS) {
    if (/^(script|iframe|object|embed|frame|frameset|form|input|button|textarea|select|link|meta|base)$/.test(local)) return drop(ctx, `<${local}>`);
  } else {
    return undefined; // editor state (sodipodi:, inkscape:, Illustrator's i:, RDF metadata) or unknown: never drawn
  }

  const attributes: Record<string, string> = {};
  const style: string[] = [];
  let hrefRemoved = false;
  for (const [name, raw] of Object.entries(el.attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      attributes[name] = raw;
      continue;
    }
    const value = raw;
    if (/^on/i.test(name)) {
      ctx.removed.add(`${name}= (event handler)`);
      continue;
    }
    const attrNs = name.includes(':') ? namespaceOf(name, ns) : undefined;
    const attrLocal = localName(name);
    const isHref = (attrNs === XLINK_NS && attrLocal === 'href') || name === 'href';
    if (isHref) {
      const allowed = hrefAllowed(value, local, uri);
      if (!allowed) {
        ctx.removed.add(`reference to ${short(value)}`);
        hrefRemoved = true;
        continue;
      }
      if (uri === SVG_NS) {
        attributes[xlinkPrefix(ns)] = value;
        if (xlinkPrefix(ns) === 'xlink:href' && ns.get('xlink') !== XLINK_NS) ctx.needsXlink = true;
      } else attributes[name] = value;
      continue;
    }
    if (attrNs !== undefined) {
      // xlink:title and friends, xml:lang and xml:space are SVG 1.1; xml:base would redirect references.
      if ((attrNs === XLINK_NS && attrLocal !== 'href') || (name.startsWith('xml:') && attrLocal !== 'base')) attributes[name] = value;
      continue;
    }
    if (name.includes(':')) continue; // a prefix nobody declared
    if (uri === XHTML_NS || uri === MATHML_NS) {
      if (/^(src|srcset|poster|data|action|formaction|background|cite|longdesc|usemap)$/i.test(name) && !value.trim().startsWith('#')) {
        ctx.removed.add(`reference to ${short(value)}`);
        if (/^(src|srcset)$/i.test(name) && local === 'img') hrefRemoved = true;
        continue;
      }
      attributes[name] = name === 'style' ? cleanCss(value, ctx) : value;
      continue;
    }
    if (name === 'style') {
      const css = cleanCss(value, ctx);
      if (css.trim()) style.push(css.trim().replace(/;$/, ''));
    } else if (name === 'id') {
      attributes.id = value;
      // XML names may hold letters of any script (`状态-1` is fine); two renamed ids never become one.
      if (!/^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u.test(value) && !ctx.ids.has(value)) {
        let name = `id-${value.replace(/[^\p{L}\p{M}\p{N}_.-]/gu, '_')}`;
        while ([...ctx.ids.values()].includes(name)) name += '_';
        ctx.ids.set(value, name);
      }
    } else if (name === 'version') {
      if (/^1\.[012]$/.test(value)) attributes.version = value;
    } else if (SVG11_ATTRIBUTES.has(name) || name.startsWith('aria-')) {
      attributes[name] = name === 'class' || name === 'title' || name.startsWith('aria-') ? value : cleanCss(value, ctx);
    } else if (CSS_ONLY_PRESENTATION.has(name) && /^[\w\s.,#()%-]+$/.test(value)) {
      style.push(`${name}:${value}`);
    }
  }
  if (style.length) attributes.style = style.join(';');
  if (hrefRemoved && ((uri === SVG_NS && NEEDS_HREF.has(local)) || (uri === XHTML_NS && local === 'img'))) return undefined;
  if (uri === SVG_NS && local === 'foreignObject') delete attributes.requiredExtensions; // EPUB allows only its own value there

  const children: XastContent[] = [];
  for (const child of el.children as XmlNode[]) {
    if (child instanceof XmlElement) {
      const cleaned = cleanElement(child, ns, ctx);
      if (cleaned) children.push(cleaned);
    } else if (child.type === 'text' || child.type === 'cdata') {
      const value = (child as unknown as { text: string }).text;
      children.push({ type: 'text', value: uri === SVG_NS && local === 'style' ? cleanCss(value, ctx) : value });
    }
  }
  // An `<a>` whose link is gone is a group; SVG 1.1 wants an href on every `<a>`.
  if (uri === SVG_NS && local === 'a' && !Object.keys(attributes).some((k) => k.endsWith('href'))) {
    for (const k of Object.keys(attributes)) if (k.startsWith('xlink:') || k === 'target') delete attributes[k];
    return { type: 'element', name: el.name.replace(/a$/, 'g'), attributes, children };
  }
  return { type: 'element', name: el.name, attributes, children };
}

function short(url: string): string {
  return url.length > 60 ? `${url.slice(0, 57)}…` : url;
}

function drop(ctx: Context, what: string): undefined {
  ctx.removed.add(what);
  return undefined;
}

/** The attribute name for an href on an SVG element: `xlink:href` with whatever prefix is declared. */
function xlinkPrefix(ns: Map<string, string>): string {
  for (const [prefix, uri] of ns) if (uri === XLINK_NS && prefix) return `${prefix}:href`;
  return 'xlink:href';
}

/** Inside the image only, or a hyperlink out (which a reader may follow); never a file or a URL to load. */
function hrefAllowed(value: string, local: string, uri: string | undefined): boolean {
  const v = value.trim();
  if (v.startsWith('#')) return true;
  if (local === 'a') return /^(https?|mailto):/i.test(v);
  return /^data:image\/(png|jpeg|gif|webp);base64,/i.test(v) && uri === SVG_NS;
}

/** CSS in a style attribute or element: no `@import`, no `url()` outside the image. */
function cleanCss(css: string, ctx: Context): string {
  return css
    .replace(/@import\s[^;]*;?/gi, () => {
      ctx.removed.add('@import');
      return '';
    })
    .replace(/url\(\s*(['"]?)(.*?)\1\s*\)/gi, (whole, _q: string, url: string) => {
      if (url.startsWith('#') || /^data:image\/(png|jpeg|gif|webp);base64,/i.test(url)) return whole;
      ctx.removed.add(`reference to ${short(url)}`);
      return 'none';
    });
}

function holdsOnlyXhtml(el: XmlElement, ns: Map<string, string>): boolean {
  const elements = el.children.filter((c): c is XmlElement => c instanceof XmlElement);
  return elements.length > 0 && elements.every((c) => [XHTML_NS, MATHML_NS].includes(namespaceOf(c.name, scope(c, ns)) ?? ''));
}

/** ids that are not XML names (`1`, `a b`) get valid ones, and every reference to them follows. */
function renameIds(root: XastElement, ids: Map<string, string>): void {
  if (ids.size === 0) return;
  const fix = (value: string) =>
    value.replace(/url\(\s*(['"]?)#(.*?)\1\s*\)/g, (whole, q: string, id: string) => (ids.has(id) ? `url(${q}#${ids.get(id)}${q})` : whole));
  const walk = (el: XastElement) => {
    for (const [k, v] of Object.entries(el.attributes ?? {})) {
      if (typeof v !== 'string') continue;
      if (k === 'id' && ids.has(v)) el.attributes![k] = ids.get(v)!;
      else if (k.endsWith('href') && v.startsWith('#') && ids.has(v.slice(1))) el.attributes![k] = `#${ids.get(v.slice(1))}`;
      else el.attributes![k] = fix(v);
    }
    for (const c of el.children) {
      if (c.type === 'element') walk(c);
      else if (c.type === 'text' && el.name.endsWith('style')) c.value = fix(c.value);
    }
  };
  walk(root);
}
