/**
 * What an SVG image in an EPUB 3 may contain: the elements and attributes of SVG 1.1 (the
 * schema epubcheck validates SVG against), plus ARIA. Tools write SVG 2 and their own
 * vocabulary (`paint-order=`, `<flowRoot>`, `data-*`), which that schema rejects; svg.ts keeps
 * only what is listed here, moving SVG 2 presentation attributes into `style` where CSS has them.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const XLINK_NS = 'http://www.w3.org/1999/xlink';
export const XHTML_NS = 'http://www.w3.org/1999/xhtml';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

/** SVG 1.1 elements (Full profile). */
export const SVG11_ELEMENTS = new Set(
  `a altGlyph altGlyphDef altGlyphItem animate animateColor animateMotion animateTransform circle clipPath
  color-profile cursor definition-src defs desc ellipse feBlend feColorMatrix feComponentTransfer feComposite
  feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feFlood feFuncA feFuncB feFuncG feFuncR
  feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting feSpotLight
  feTile feTurbulence filter font font-face font-face-format font-face-name font-face-src font-face-uri
  foreignObject g glyph glyphRef hkern image line linearGradient marker mask metadata missing-glyph mpath path
  pattern polygon polyline radialGradient rect script set stop style svg switch symbol text textPath title tref
  tspan use view vkern`.split(/\s+/),
);

/** SVG 1.1 attributes without a namespace prefix (event handlers left out: never kept). */
export const SVG11_ATTRIBUTES = new Set(
  `accent-height accumulate additive alignment-baseline alphabetic amplitude arabic-form ascent attributeName
  attributeType azimuth baseFrequency baseProfile baseline-shift bbox begin bias by calcMode cap-height class clip
  clip-path clip-rule clipPathUnits color color-interpolation color-interpolation-filters color-profile
  color-rendering contentScriptType contentStyleType cursor cx cy d descent diffuseConstant direction display
  divisor dominant-baseline dur dx dy edgeMode elevation enable-background end exponent externalResourcesRequired
  fill fill-opacity fill-rule filter filterRes filterUnits flood-color flood-opacity focusable font-family
  font-size font-size-adjust font-stretch font-style font-variant font-weight format from fx fy g1 g2 glyph-name
  glyph-orientation-horizontal glyph-orientation-vertical glyphRef gradientTransform gradientUnits hanging height
  horiz-adv-x horiz-origin-x horiz-origin-y id ideographic image-rendering in in2 intercept k k1 k2 k3 k4
  kernelMatrix kernelUnitLength kerning keyPoints keySplines keyTimes lang lengthAdjust letter-spacing
  lighting-color limitingConeAngle local marker-end marker-mid marker-start markerHeight markerUnits markerWidth
  mask maskContentUnits maskUnits mathematical max media method min mode name numOctaves offset opacity operator
  order orient orientation origin overflow overline-position overline-thickness panose-1 path pathLength
  patternContentUnits patternTransform patternUnits pointer-events points pointsAtX pointsAtY pointsAtZ
  preserveAlpha preserveAspectRatio primitiveUnits r radius refX refY rendering-intent repeatCount repeatDur
  requiredExtensions requiredFeatures restart result rotate rx ry scale seed shape-rendering slope spacing
  specularConstant specularExponent spreadMethod startOffset stdDeviation stemh stemv stitchTiles stop-color
  stop-opacity strikethrough-position strikethrough-thickness stroke stroke-dasharray stroke-dashoffset
  stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width style surfaceScale systemLanguage
  tabindex tableValues target targetX targetY text-anchor text-decoration text-rendering textLength title to
  transform type u1 u2 underline-position underline-thickness unicode unicode-bidi unicode-range units-per-em
  v-alphabetic v-hanging v-ideographic v-mathematical values version vert-adv-y vert-origin-x vert-origin-y viewBox
  viewTarget visibility width widths word-spacing writing-mode x x-height x1 x2 xChannelSelector y y1 y2
  yChannelSelector z zoomAndPan role`.split(/\s+/),
);

/** SVG 2 presentation attributes that are CSS properties: kept as `style` declarations. */
export const CSS_ONLY_PRESENTATION = new Set(['paint-order', 'vector-effect', 'mix-blend-mode', 'isolation', 'transform-origin', 'transform-box', 'white-space', 'font-variant-ligatures', 'text-decoration-line', 'text-decoration-style', 'text-decoration-color']);

/** Elements that are nothing without the resource their href names. */
export const NEEDS_HREF = new Set(['image', 'feImage', 'use', 'tref', 'mpath', 'textPath', 'altGlyph', 'glyphRef', 'font-face-uri', 'color-profile', 'cursor', 'definition-src']);
