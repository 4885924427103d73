/**
 * SVG as tools write it: recognised whatever comes before `<svg>`, and cleaned into SVG 1.1 that
 * an EPUB may hold (see scripts/assets/svg.ts). The EPUB-level check (epubcheck on a book with
 * these files) is in links-epub.test.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseXml, XmlElement } from '@rgrove/parse-xml';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../scripts/assets/media-type.ts';
import { cleanSvg, internalEntities, looksLikeSvg } from '../scripts/assets/svg.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures/svg', name));

function cleaned(input: string | Buffer): { xml: string; root: XmlElement; removed: string[] } {
  const result = cleanSvg(Buffer.isBuffer(input) ? input : Buffer.from(input));
  if (!result.ok) throw new Error(result.reason);
  const xml = result.data.toString('utf8');
  return { xml, root: parseXml(xml).root!, removed: result.removed };
}

function elements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [root];
  for (const c of root.children) if (c instanceof XmlElement) out.push(...elements(c));
  return out;
}

describe('recognising SVG', () => {
  it('finds <svg> past a declaration, DOCTYPE with entities and comments, far beyond 512 bytes', () => {
    for (const name of ['graphviz.svg', 'inkscape.svg', 'illustrator.svg', 'no-namespace.svg']) {
      expect(sniffImageType(fixture(name)), name).toEqual({ mediaType: 'image/svg+xml', extension: 'svg' });
    }
    expect(fixture('graphviz.svg').indexOf('<svg width')).toBeGreaterThan(512);
    const late = `<?xml version="1.0"?>\n<!-- ${'x'.repeat(5000)} -->\n<!DOCTYPE svg [ <!ENTITY a "<svg>"> <!-- ] > --> ]>\n<svg xmlns="http://www.w3.org/2000/svg"/>`;
    expect(looksLikeSvg(Buffer.from(late))).toBe(true);
  });

  it('does not take other XML or HTML for SVG', () => {
    expect(looksLikeSvg(Buffer.from('<?xml version="1.0"?><html><svg/></html>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('<!-- <svg> -->\n<rss/>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('plain text <svg>'))).toBe(false);
  });

  it('reads UTF-16 and a declared legacy encoding', () => {
    const text = '<svg xmlns="http://www.w3.org/2000/svg"><text>图</text></svg>';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(looksLikeSvg(utf16)).toBe(true);
    expect(cleaned(utf16).xml).toContain('<text>图</text>');
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"><text>café</text></svg>', 'latin1');
    expect(cleaned(latin1).xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><text>café</text></svg>\n');
  });
});

describe('cleaning SVG', () => {
  it('reads the internal entity declarations of a DOCTYPE, not parameter or external ones', () => {
    expect([...internalEntities('<!ENTITY a "x"> <!-- <!ENTITY b "no"> --> <!ENTITY % p "no"> <!ENTITY e SYSTEM "file.xml"> <!ENTITY c \'y &a;\'>')]).toEqual([
      ['a', 'x'],
      ['c', 'y &a;'],
    ]);
  });

  it('graphviz: DOCTYPE and comments gone, drawing kept, a link to a local page becomes a group', () => {
    const { xml, root, removed } = cleaned(fixture('graphviz.svg'));
    expect(xml).not.toMatch(/<!DOCTYPE|<!--/);
    expect(root.attributes).toMatchObject({ width: '134pt', viewBox: '0.00 0.00 134.00 116.00', xmlns: 'http://www.w3.org/2000/svg' });
    expect(elements(root).filter((e) => e.name === 'text').map((e) => e.text)).toEqual(['甲', '乙', '丙']);
    const links = elements(root).filter((e) => e.name === 'a');
    expect(links.map((a) => a.attributes['xlink:href'])).toEqual(['https://example.com/b']);
    expect(elements(root).find((e) => e.attributes.id === 'a_node3')!.children.find((c) => c instanceof XmlElement)).toMatchObject({ name: 'g' });
    expect(removed).toEqual(['reference to c.html']);
  });

  it('Inkscape: editor state and RDF go, SVG 2 attributes move into style, href becomes xlink:href', () => {
    const { xml, root, removed } = cleaned(fixture('inkscape.svg'));
    expect(xml).not.toMatch(/<sodipodi:|<inkscape:|\sinkscape:[\w-]+=|\ssodipodi:[\w-]+=|<rdf:|<flowRoot|data-note/);
    const circle = elements(root).find((e) => e.attributes.id === 'circle1')!;
    expect(circle.name).toBe('svg:circle');
    expect(circle.attributes).toEqual({ cx: '100', cy: '60', r: '8', id: 'circle1', style: 'paint-order:stroke;vector-effect:non-scaling-stroke' });
    const image = elements(root).find((e) => e.name === 'image')!;
    expect(image.attributes['xlink:href']).toMatch(/^data:image\/png;base64,/);
    expect(root.attributes['xmlns:xlink']).toBe('http://www.w3.org/1999/xlink');
    expect(elements(root).find((e) => e.name === 'tspan')!.text).toBe('示意图 Inkscape');
    expect(removed).toEqual(['<flowRoot> (not SVG 1.1)']);
  });

  it("Illustrator: entities expanded (in attributes and text), its private foreignObject and pgf data gone", () => {
    const { xml, root, removed } = cleaned(fixture('illustrator.svg'));
    expect(root.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
    expect(root.attributes['xmlns:i']).toBe('http://ns.adobe.com/AdobeIllustrator/10.0/');
    expect(elements(root).find((e) => e.name === 'rect')!.attributes.style).toBe('fill:#D62728;stroke:#000000;stroke-miterlimit:10');
    expect(elements(root).find((e) => e.name === 'text')!.text).toBe('标签、http://ns.adobe.com/Graphs/1.0/');
    expect(xml).not.toMatch(/foreignObject|pgf|CDATA|i:extraneous/);
    expect(removed).toEqual([]);
  });

  it('a hostile SVG: scripts, handlers, outside references and stylesheets removed, and each named', () => {
    const { xml, removed } = cleaned(fixture('hostile.svg'));
    expect(xml).not.toMatch(/script|alert|steal|\son\w+=|evil\.example|passwd|other\.svg|@import|xml-stylesheet|iframe/);
    expect(xml).toContain('<use xlink:href="#c1" x="5" />');
    expect(xml).toContain('circle { fill: url(#g); }');
    expect(xml).toContain('<foreignObject x="50" y="50" width="50" height="50">\n    <div xmlns="http://www.w3.org/1999/xhtml"><p>HTML 文字</p></div>');
    expect(removed).toEqual([
      'onload= (event handler)',
      '<script>',
      '@import',
      'reference to http://evil.example/p.png',
      'onclick= (event handler)',
      'onmouseover= (event handler)',
      'reference to javascript:alert(1)',
      'reference to http://evil.example/track.png',
      'reference to ../../../../etc/passwd',
      'reference to other.svg#shape',
      'reference to http://evil.example/x.png',
      '<iframe>',
    ]);
  });

  it('a root without xmlns gets it; ids that are not XML names are renamed with their references', () => {
    const { xml } = cleaned(fixture('no-namespace.svg'));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg width="20" height="20" viewBox="0 0 20 20" xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="id-1"><stop offset="0" stop-color="red" /></linearGradient></defs><rect width="10" height="10" fill="url(#id-1)" /></svg>\n',
    );
  });

  it('uses the document’s own prefix for xlink', () => {
    const { xml } = cleaned('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><rect id="r"/><use href="#r"/></svg>');
    expect(xml).toContain('<use x:href="#r" />');
    expect(xml).not.toContain('xmlns:xlink');
  });

  it('refuses what cannot be cleaned: not well-formed, an entity bomb, a root that is not <svg>', () => {
    expect(cleanSvg(fixture('broken.svg'))).toEqual({ ok: false, reason: 'not well-formed XML: Missing end tag for element rect (line 1, column 47)' });
    expect(cleanSvg(fixture('laughs.svg'))).toEqual({ ok: false, reason: 'SVG refused: its entities expand to more than 1 MB' });
    expect(cleanSvg(Buffer.from('<svg xmlns="http://example.com/not-svg"/>'))).toEqual({ ok: false, reason: 'the XML is not an SVG image (its root element is not <svg>)' });
  });
});
