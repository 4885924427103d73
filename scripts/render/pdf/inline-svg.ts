/**
 * SVG images go into the print page itself instead of an <img>: Chromium draws text in an
 * <img> SVG with system fonts only, but inline SVG uses the page's @font-face fonts. Each SVG
 * sits in its own shadow root (declarative, so no script runs): its <style> rules and ids stay
 * its own, as they were in a separate image, and `all: initial` on the host keeps the page's
 * styles (font size, text spacing) from reaching into it. Font families were mapped to the
 * book's when the SVG was read (assets/svg-image.ts).
 */
import type { Element, Root } from 'hast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import { drawnTextNodes, SVG_SERIF, svgImageElement } from '../../assets/svg-image.ts';
import type { ImageAsset } from '../../model.ts';
import { spellMissing } from './missing-glyphs.ts';

const SHADOW_CSS = `:host { all: initial; display: inline-block; max-width: 100%; font-family: ${SVG_SERIF}; font-synthesis: none; }\nsvg { max-width: 100%; height: auto; }`;

/** Replaces every <img> of an SVG image in `tree` by the SVG itself. `missing`: see missing-glyphs.ts. */
export function inlineSvgImages(tree: Root | Element, images: Map<string, ImageAsset>, missing?: RegExp): void {
  visit(tree, 'element', (el: Element, index, parent) => {
    if (el.tagName !== 'img' || !parent || index === undefined) return;
    const src = typeof el.properties.src === 'string' ? el.properties.src : undefined;
    const asset = src === undefined ? undefined : images.get(src);
    const svg = asset && svgImageElement(asset);
    if (!svg) return;
    for (const node of drawnTextNodes(svg)) node.value = spellMissing(node.value, missing);
    const alt = typeof el.properties.alt === 'string' ? el.properties.alt : '';
    parent.children[index] = h('span', { className: ['svg-image'], role: 'img', ariaLabel: alt || undefined }, [
      h('template', { shadowRootMode: 'open' }, [h('style', SHADOW_CSS), svg]),
    ]);
  });
}
