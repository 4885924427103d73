/**
 * What raw HTML in a note may keep. Based on GitHub's schema (no scripts, event handlers,
 * iframes, objects, forms, `javascript:` or `file:` URLs), with three changes:
 * - harmless attributes stay on every element: `class`, `id`, `title`, `lang`, `dir`, `data-*`
 *   and `style` (presentational-attributes.ts keeps only a short list of CSS declarations that
 *   cannot load anything);
 * - harmless elements are kept (`u`, `mark`, `small`, `abbr`, `figure`, `caption` …), and old
 *   presentational ones (`center`, `font`, `big`, `acronym`) too, so that
 *   presentational-attributes.ts can turn them into valid XHTML instead of losing them;
 * - ids are kept unprefixed: the book makes them unique afterwards (book/raw-ids.ts), and they
 *   stay usable as link targets.
 * The sanitizer keeps safety; what EPUB 3 allows where is presentational-attributes.ts's job.
 */
import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { CONTAINER_CLASSES } from './containers/model.ts';

const baseAttributes = defaultSchema.attributes ?? {};

/** `class` is allowed on every element; drop the element-specific lists of allowed classes. */
const withoutClassLimits = Object.fromEntries(
  Object.entries(baseAttributes).map(([tag, list]) => [tag, list.filter((entry) => !(Array.isArray(entry) && entry[0] === 'className'))]),
);

/** Elements that cannot run code or load anything, beyond GitHub's list. */
const harmlessElements = ['aside', 'u', 'mark', 'small', 'abbr', 'cite', 'dfn', 'bdi', 'wbr', 'figure', 'figcaption', 'caption', 'colgroup', 'col', 'center', 'font', 'big', 'acronym'];

export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), ...harmlessElements],
  // Gone with their content: the text of a stylesheet or of script fallbacks is not the book's.
  strip: ['script', 'style', 'noscript'],
  clobberPrefix: '',
  clobber: [],
  attributes: {
    ...withoutClassLimits,
    '*': [...(baseAttributes['*'] ?? []), 'className', 'id', 'title', 'lang', 'dir', 'data*', 'style'],
    font: ['color', 'face', 'size'],
    col: ['span'],
    colgroup: ['span'],
    // Callouts and tabs are asides with a role (containers/model.ts); so is an author's own <aside>.
    aside: [['role', ...CONTAINER_CLASSES.roles]],
    // Responsive images: assets/embed-images.ts embeds every candidate it can and drops the others.
    img: [...(baseAttributes.img ?? []), 'srcSet', 'sizes'],
    source: [...(baseAttributes.source ?? []), 'sizes', 'type'],
  },
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
};
