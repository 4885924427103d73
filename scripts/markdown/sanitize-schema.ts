/**
 * What raw HTML in a note may keep. Based on GitHub's schema (no scripts, event handlers,
 * iframes, objects, forms, `javascript:` or `file:` URLs); ids are kept unprefixed because the
 * book assigns its own unique ids afterwards, and code keeps its language class.
 */
import { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';

const baseAttributes = defaultSchema.attributes ?? {};

export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  attributes: {
    ...baseAttributes,
    '*': [...(baseAttributes['*'] ?? []), 'id', 'lang'],
    // `math-inline` / `math-display`: formulas, turned into MathML after the sanitizer.
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    span: [...(baseAttributes.span ?? []), ['className', 'cjk-latin']],
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
