/**
 * Diagrams that need no browser: ```dot and ```graphviz blocks drawn by Graphviz (WebAssembly)
 * into an EPUB, checked in the EPUB itself: inline SVG in the book's fonts with the source as
 * its text alternative, the manifest's `svg` property, unique ids, Chinese labels inside their
 * boxes, a broken graph shown as code with its file:line, the cache, `markdown.diagrams: false`,
 * and book.yaml's `markdown` settings. Mermaid (which needs the browser) is in
 * test/e2e/diagrams.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseXml, XmlElement } from '@rgrove/parse-xml';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGRAM_CACHE_VERSION } from '../scripts/assets/diagrams/index.ts';
import { GRAPHVIZ_CODE } from '../scripts/assets/diagrams/graphviz.ts';
import { MERMAID_PAGE_CODE } from '../scripts/assets/diagrams/mermaid.ts';
import { textByRole } from '../scripts/assets/font-text.ts';
import { build, type BuildResult } from '../scripts/build.ts';
import { formatWarning } from '../scripts/errors.ts';
import { bookYaml, cleanupTempDirs, configError, makeTempDir, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

/** Every element of an XHTML document named `name` (any, without one), in document order. */
function elements(xhtml: string, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    if (!name || el.name === name) found.push(el);
    for (const c of el.children) if (c instanceof XmlElement) walk(c);
  };
  walk(parseXml(xhtml.replace(/<!DOCTYPE html>/, '')).root!);
  return found;
}

const GRAPH = [
  'digraph 模型 {',
  '  rankdir=LR;',
  '  node [shape=box];',
  '  输入 -> 解码器 -> 输出;',
  '  解码器 [label="自回归解码器逐个预测"];',
  '}',
].join('\n');

const NOTE = [
  '# 图',
  '',
  '```dot',
  GRAPH,
  '```',
  '',
  '同一张图再画一次：',
  '',
  '```dot',
  GRAPH,
  '```',
  '',
  '```graphviz',
  'graph { 北京 -- 上海 }',
  '```',
  '',
  '```dot',
  'digraph { 甲 -> }',
  '```',
  '',
  '后文。',
  '',
].join('\n');

/** Builds an EPUB with no browser available: anything that asked for one would fail the build. */
async function buildEpub(extra = ''): Promise<{ result: BuildResult; zip: JSZip; out: string }> {
  const dir = writeBook({ 'book.yaml': bookYaml('  - notes/a.md\n', extra), 'notes/a.md': NOTE });
  const out = makeTempDir('ink-diagrams-out-');
  const saved = { epoch: process.env.SOURCE_DATE_EPOCH, browser: process.env.PUPPETEER_EXECUTABLE_PATH };
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  process.env.PUPPETEER_EXECUTABLE_PATH = '/nonexistent/chromium';
  try {
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    return { result, zip: await JSZip.loadAsync(readFileSync(result.outputs[0]!.file)), out };
  } finally {
    for (const [key, name] of [['epoch', 'SOURCE_DATE_EPOCH'], ['browser', 'PUPPETEER_EXECUTABLE_PATH']] as const) {
      if (saved[key] === undefined) delete process.env[name];
      else process.env[name] = saved[key];
    }
  }
}

describe('Graphviz diagrams in the EPUB', () => {
  let result: BuildResult;
  let zip: JSZip;
  let out: string;
  let chapter: string;

  beforeAll(async () => {
    ({ result, zip, out } = await buildEpub());
    chapter = await zip.file('OEBPS/chapter-001.xhtml')!.async('string');
  });

  it('draws every graph as inline SVG in a figure, with role="img" and its source as the <title>', () => {
    const figures = elements(chapter, 'figure').filter((f) => f.attributes.class === 'diagram diagram-graphviz');
    expect(figures).toHaveLength(3);
    const svgs = figures.map((f) => f.children.find((c): c is XmlElement => c instanceof XmlElement)!);
    for (const svg of svgs) {
      expect(svg.name).toBe('svg');
      expect(svg.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      expect(svg.attributes.role).toBe('img');
    }
    const title = (svg: XmlElement) => (svg.children.find((c) => c instanceof XmlElement) as XmlElement).text;
    expect(title(svgs[0]!)).toBe(GRAPH);
    expect(title(svgs[2]!)).toBe('graph { 北京 -- 上海 }');
    expect(elements(chapter, 'foreignObject')).toEqual([]);
  });

  it('sets the labels as SVG text in the book fonts', () => {
    const texts = elements(chapter, 'text');
    expect(texts.map((t) => t.text)).toEqual(['输入', '自回归解码器逐个预测', '输出', '输入', '自回归解码器逐个预测', '输出', '北京', '上海']);
    for (const t of texts) expect(t.attributes['font-family']).toBe('"Inkstone Serif", "Inkstone Emoji"');
    expect(chapter).not.toContain('Times');
  });

  it('sizes a box for the Chinese label it holds (Graphviz alone counts a CJK character as ¾ em)', () => {
    const label = elements(chapter, 'text').find((t) => t.text === '自回归解码器逐个预测')!;
    const outline = (label.parent as XmlElement).children.find((c): c is XmlElement => c instanceof XmlElement && c.name === 'polygon')!;
    const xs = outline.attributes.points!.split(' ').map((p) => Number(p.split(',')[0]));
    // Ten characters of 14 points each, and the node's margins.
    expect(label.attributes['font-size']).toBe('14.00');
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThanOrEqual(10 * 14 + 8);
  });

  it('gives every element id in the document once, the same graph drawn twice included', () => {
    const ids = elements(chapter).flatMap((e) => (e.attributes.id ? [e.attributes.id] : []));
    expect(ids.filter((id) => id.startsWith('diagram-2-'))).toHaveLength(6); // graph, 3 nodes, 2 edges
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares inline SVG in the manifest for that document only', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toMatch(/<item id="[^"]+" href="chapter-001\.xhtml" media-type="application\/xhtml\+xml" properties="svg"\/>/);
    expect(opf.match(/properties="svg"/g)).toHaveLength(1);
  });

  it('shows a graph that cannot be drawn as its source, with a warning naming file:line and the parser', () => {
    const code = elements(chapter, 'code').map((c) => c.text);
    expect(code).toEqual(['digraph { 甲 -> }\n']);
    expect(result.warnings.map(formatWarning)).toEqual([
      "notes/a.md:27: warning: Graphviz diagram not drawn, its source is shown as code: syntax error in line 1 near '}' [diagram-error]",
    ]);
    expect(elements(chapter, 'p').map((p) => p.text)).toContain('后文。');
  });

  it('counts the diagrams’ text in the font subsets, bold included', () => {
    const text = textByRole(result.book);
    for (const role of ['body', 'bold'] as const) expect(text[role]).toContain('自回归解码器逐个预测');
  });

  it('passes epubcheck with 0 errors and 0 warnings', async () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const run = spawnSync('java', ['-jar', jar, result.outputs[0]!.file], { encoding: 'utf8' });
    expect(run.stdout + run.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('caches each distinct graph (failures too) under <out>/.cache/diagrams/', () => {
    const dir = path.join(out, '.cache', 'diagrams');
    const entries = readdirSync(dir).flatMap((sub) => readdirSync(path.join(dir, sub)));
    expect(entries).toHaveLength(3);
    const failures = entries.filter((e) => readFileSync(path.join(dir, e.slice(0, 2), e), 'utf8').includes('"ok":false'));
    expect(failures).toHaveLength(1);
  });
});

describe('the diagram cache', () => {
  it('names the drawing code it was made with (a change to it must bump DIAGRAM_CACHE_VERSION, then this hash)', () => {
    const code = createHash('sha256').update(MERMAID_PAGE_CODE).update(GRAPHVIZ_CODE).digest('hex').slice(0, 16);
    expect({ version: DIAGRAM_CACHE_VERSION, code }).toEqual({ version: '1', code: 'db1d90219600a516' });
  });
});

describe('markdown settings in book.yaml', () => {
  it('markdown.diagrams: false keeps diagram blocks as code, without warnings', async () => {
    const { result, zip } = await buildEpub('markdown: { diagrams: false }\n');
    const chapter = await zip.file('OEBPS/chapter-001.xhtml')!.async('string');
    expect(elements(chapter, 'svg')).toEqual([]);
    expect(elements(chapter, 'code').map((c) => [c.attributes.class, c.text])).toEqual([
      ['hljs language-dot', `${GRAPH}\n`],
      ['hljs language-dot', `${GRAPH}\n`],
      ['hljs language-graphviz', 'graph { 北京 -- 上海 }\n'],
      ['hljs language-dot', 'digraph { 甲 -> }\n'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(await zip.file('OEBPS/content.opf')!.async('string')).not.toContain('properties="svg"');
  });

  it('rejects unknown keys and values with their place in book.yaml', () => {
    const yaml = (markdown: string) => writeBook({ 'book.yaml': bookYaml('  - a.md\n', `markdown: ${markdown}\n`), 'a.md': '# 甲\n' });
    expect(configError(yaml('{ pluginBlocks: hide }'))).toBe('book.yaml:4:27: markdown.pluginBlocks: expected drop or keep, got the string "hide"');
    expect(configError(yaml('{ diagrams: yes }'))).toBe('book.yaml:4:23: markdown.diagrams: expected true or false, got the string "yes"');
    expect(configError(yaml('{ diagram: false }'))).toBe('book.yaml:4:13: markdown.diagram: unknown key "diagram"; did you mean "diagrams"?\n  Allowed here: indentedCode, wikilinks, includes, highlight, comments, math, callouts, tabs, templateTags, diagrams, pluginBlocks');
  });
});
