/**
 * What raw HTML in a note may keep. Based on GitHub's schema (no scripts, event handlers,
 * iframes, objects, forms, `javascript:` or `file:` URLs); ids are kept unprefixed because the
 * book assigns its own unique ids afterwards, and code keeps its language class.
 */
import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { CONTAINER_CLASSES } from './containers/model.ts';

const baseAttributes = defaultSchema.attributes ?? {};

export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  // Callouts are asides (containers/model.ts); so is an author's own <aside>.
  tagNames: [...(defaultSchema.tagNames ?? []), 'aside'],
  clobberPrefix: '',
  clobber: [],
  attributes: {
    ...baseAttributes,
    '*': [...(baseAttributes['*'] ?? []), 'id', 'lang'],
    code: [['className', /^language-./]],
    span: [...(baseAttributes.span ?? []), ['className', 'cjk-latin', CONTAINER_CLASSES.span]],
    // The classes and roles of callouts and tabs (containers/model.ts).
    aside: [['className', CONTAINER_CLASSES.aside], ['role', ...CONTAINER_CLASSES.roles]],
    p: [['className', CONTAINER_CLASSES.p]],
    div: [...(baseAttributes.div ?? []), ['className', CONTAINER_CLASSES.div]],
    // Responsive images: book/images.ts embeds every candidate it can and drops the others.
    img: [...(baseAttributes.img ?? []), 'srcSet', 'sizes'],
    source: [...(baseAttributes.source ?? []), 'sizes', 'type'],
  },
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
  },
};
