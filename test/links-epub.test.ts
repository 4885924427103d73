/**
 * A small book written the way real books are (links in every form, raw-HTML images, SVGs from
 * graphviz, Inkscape and Illustrator, a hostile SVG, an SVG that cannot be cleaned) built to an
 * EPUB: epubcheck reports nothing, and every reference in the EPUB names a file that is in it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { formatWarning } from '../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir, TINY_PNG, writeBook } from './helpers.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/svg');
const svg = (name: string) => readFileSync(path.join(FIXTURES, name));

let zip: JSZip;
let epubFile: string;
let warnings: string[];

afterAll(cleanupTempDirs);

beforeAll(async () => {
  const dir = writeBook({
    'book.yaml': 'title: 链接与图片\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n  - a.md\n  - guide/b.md\n  - guide/README.md\n',
    'a.md': [
      '# 甲章',
      '',
      '链接：[乙](guide/b.md) [乙页](guide/b.html#安装-go) [无扩展名](./guide/b) [根](/guide/b.md#C++%20入门) [目录](./guide/) [本章](#小节) [坏片段](guide/b.md#没有)',
      '',
      '断链：[不存在](nowhere.md) [代码](code/main.go) [坏锚](#不存在的锚) [外链](https://example.com/)',
      '',
      '## 小节',
      '',
      '![graphviz](figs/graphviz.svg) ![inkscape](figs/inkscape.svg) ![illustrator](figs/illustrator.svg) ![hostile](figs/hostile.svg) ![无命名空间](figs/no-namespace.svg)',
      '',
      '![坏的](figs/broken.svg) ![炸弹](figs/laughs.svg) ![查询串](figs/fig.png?raw=true)',
      '',
      '<p><img src="figs/fig.png" alt="原始 HTML" width="100"></p>',
      '',
      '<picture><source srcset="figs/graphviz.svg" media="(min-width: 600px)"><source srcset="figs/missing.webp" type="image/webp"><img src="figs/fig.png" alt="picture"></picture>',
      '',
      '<img src="figs/missing.png" srcset="figs/fig.png 2x, figs/gone.png 3x" alt="srcset 兜底">',
      '',
      '<picture><source srcset="figs/nope.png"><img src="figs/nope2.png" alt="全无"></picture>',
      '',
    ].join('\n'),
    'guide/b.md': '# 乙章\n\n## 安装 Go\n\n文字\n\n## C++ 入门\n\n[回去](../a.md#小节)\n',
    'guide/README.md': '# 指南\n\n内容\n',
    'code/main.go': 'package main\n',
    'figs/fig.png': TINY_PNG,
    ...Object.fromEntries(['graphviz', 'inkscape', 'illustrator', 'hostile', 'no-namespace', 'broken', 'laughs'].map((n) => [`figs/${n}.svg`, svg(`${n}.svg`)])),
  });
  const out = makeTempDir('ink-links-out-');
  const saved = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  try {
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub'], offline: true });
    epubFile = result.outputs[0]!.file;
    warnings = result.warnings.map(formatWarning);
  } finally {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  }
  zip = await JSZip.loadAsync(readFileSync(epubFile));
});

const text = (name: string) => zip.file(name)!.async('string');
const chapter = () => text('OEBPS/chapter-001.xhtml');

describe('a book with real-world links and images, as an EPUB', () => {
  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck (CI installs it in .ci/run)');
    const out = spawnSync('java', ['-jar', jar, epubFile], { encoding: 'utf8' });
    expect(out.stdout + out.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('every href, src and srcset in every document names a file in the EPUB, and every fragment an id in it', async () => {
    const docs = Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'));
    const ids = new Map<string, Set<string>>();
    for (const name of docs) ids.set(name, new Set([...(await text(name)).matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!)));
    const refs: string[] = [];
    for (const name of docs) {
      const xhtml = await text(name);
      const urls = [
        ...[...xhtml.matchAll(/ (?:href|src)="([^"]+)"/g)].map((m) => m[1]!),
        ...[...xhtml.matchAll(/ srcset="([^"]+)"/g)].flatMap((m) => m[1]!.split(',').map((c) => c.trim().split(/\s+/)[0]!)),
      ];
      for (const url of urls) {
        if (/^(https?|mailto):/.test(url)) continue;
        const [file, id] = url.split('#');
        const target = file ? path.posix.join(path.posix.dirname(name), file) : name;
        expect(zip.file(target), `${name} → ${url}`).not.toBeNull();
        if (id) expect(ids.get(target)?.has(decodeURIComponent(id)), `${name} → ${url}`).toBe(true);
        refs.push(url);
      }
    }
    expect(refs.filter((r) => r.startsWith('images/')).length).toBeGreaterThanOrEqual(9);
    expect(refs.filter((r) => r.includes('#')).length).toBeGreaterThanOrEqual(6);
  });

  it('links between notes land on the right headings; broken ones keep only their text', async () => {
    const xhtml = await chapter();
    expect(xhtml).toContain('<a href="chapter-002.xhtml#乙章">乙</a> <a href="chapter-002.xhtml#安装-go">乙页</a> <a href="chapter-002.xhtml#乙章">无扩展名</a> <a href="chapter-002.xhtml#c-入门">根</a> <a href="chapter-003.xhtml#指南">目录</a> <a href="#小节">本章</a> <a href="chapter-002.xhtml#乙章">坏片段</a>');
    expect(xhtml).toContain('断链：不存在 代码 坏锚 <a href="https://example.com/">外链</a>');
    expect(await text('OEBPS/chapter-002.xhtml')).toContain('<a href="chapter-001.xhtml#小节">回去</a>');
  });

  it('raw-HTML images are embedded like Markdown ones; what cannot be had is dropped or a placeholder', async () => {
    const xhtml = await chapter();
    const png = /images\/[0-9a-f]{16}\.png/.source;
    const svgHref = /images\/[0-9a-f]{16}\.svg/.source;
    expect(xhtml).toMatch(new RegExp(`<img src="${png}" alt="查询串" />`));
    expect(xhtml).toMatch(new RegExp(`<img src="${png}" alt="原始 HTML" width="100" />`));
    // The source that could not be had is gone; the one that could is the book's copy.
    expect(xhtml).toMatch(new RegExp(`<picture><source srcset="${svgHref}" media="\\(min-width: 600px\\)" /><img src="${png}" alt="picture" /></picture>`));
    // A missing src falls back on the srcset candidate that could be had.
    expect(xhtml).toMatch(new RegExp(`<img src="${png}" srcset="${png} 2x" alt="srcset 兜底" />`));
    // Nothing at all: the picture becomes the visible placeholder.
    expect(xhtml).toContain('<span class="image-missing" role="img" aria-label="全无"><span class="image-missing-label">图片未能载入：全无</span><span class="image-missing-url">figs/nope2.png</span></span>');
    expect(xhtml).toContain('<span class="image-missing-url">figs/broken.svg</span>');
    expect(xhtml).toContain('<span class="image-missing-url">figs/laughs.svg</span>');
    expect(xhtml).not.toMatch(/figs\/(?!nope2\.png<|broken\.svg<|laughs\.svg<)/);
  });

  it('SVGs are in the EPUB cleaned: no DOCTYPE, comments, scripts, handlers or outside references', async () => {
    const svgs = Object.keys(zip.files).filter((n) => n.endsWith('.svg'));
    expect(svgs.length).toBe(5);
    for (const name of svgs) {
      const body = await text(name);
      expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '), name).toBe(true);
      expect(body, name).not.toMatch(/<!DOCTYPE|<!--|<script|\son\w+=|sodipodi:|inkscape:|evil\.example|etc\/passwd|<flowRoot|paint-order="|<\?xml-stylesheet/);
    }
    const all = (await Promise.all(svgs.map(text))).join('\n');
    expect(all).toContain('标签、http://ns.adobe.com/Graphs/1.0/'); // Illustrator's entities, expanded
    expect(all).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(all).toContain('<p>HTML 文字</p>'); // XHTML in a foreignObject stays
    expect(all).toContain('paint-order:stroke;vector-effect:non-scaling-stroke');
  });

  it('warns about what it could not link, embed or keep, with file:line', () => {
    expect(warnings).toEqual(
      expect.arrayContaining([
        'a.md:3: warning: link to guide/b.md#没有: guide/b.md has no heading or id #没有; the link goes to the start of that note [broken-fragment]',
        'a.md:5: warning: link to nothing: nowhere.md (no note or file at nowhere.md); the link text is kept, unlinked [broken-link]',
        "a.md:5: warning: link to a file that cannot be in the book: code/main.go (only the book's notes can be linked); the link text is kept, unlinked [broken-link]",
        'a.md:5: warning: link to #不存在的锚: no heading or id of this note has that name; the link text is kept, unlinked [broken-fragment]',
        'a.md:11: warning: image not included: figs/broken.svg (not well-formed XML: Missing end tag for element rect (line 1, column 47)) [image-unavailable]',
        'a.md:11: warning: image not included: figs/laughs.svg (SVG refused: its entities expand to more than 1 MB) [image-unavailable]',
        'a.md:15: warning: image not included: figs/missing.webp (file not found: figs/missing.webp) [image-unavailable]',
        'a.md:17: warning: image not included: figs/gone.png (file not found: figs/gone.png) [image-unavailable]',
        'a.md:19: warning: image not included: figs/nope2.png (file not found: figs/nope2.png) [image-unavailable]',
        expect.stringMatching(/^a\.md:9: warning: SVG image figs\/hostile\.svg included without what a book cannot hold: onload= \(event handler\), <script>, @import, .*reference to http:\/\/evil\.example\/track\.png.* \[svg-cleaned\]$/),
        'a.md:9: warning: SVG image figs/inkscape.svg included without what a book cannot hold: <flowRoot> (not SVG 1.1) [svg-cleaned]',
      ]),
    );
    // graphviz's link to a local page goes (once per use); Illustrator's private data goes silently.
    expect(warnings.filter((w) => w.includes('graphviz') || w.includes('illustrator') || w.includes('no-namespace'))).toEqual([
      'a.md:9: warning: SVG image figs/graphviz.svg included without what a book cannot hold: reference to c.html [svg-cleaned]',
      'a.md:15: warning: SVG image figs/graphviz.svg included without what a book cannot hold: reference to c.html [svg-cleaned]',
    ]);
    expect(warnings.length).toBe(15);
  });
});
