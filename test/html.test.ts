/**
 * `--format html`: a small book becomes a static site with relative links only, every link
 * landing on a page and an id that exist, and the fonts, images and styles beside the pages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { bookYaml, cleanupTempDirs, makeTempDir, TINY_PNG, writeBook } from './helpers.ts';

let site: string;
let bookDir: string;
let pages: Record<string, string>;

const decode = (s: string) => s.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const attrs = (html: string, name: string) => [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, 'g'))].map((m) => decode(m[1]!));
const idsOf = (html: string) => new Set(attrs(html, 'id'));

beforeAll(async () => {
  const dir = (bookDir = writeBook({
    'book.yaml': bookYaml('  - chapters/one.md\n  - chapters/two.md\n  - chapters/three.md\n', 'cover: images/cover.png\n'),
    'images/cover.png': TINY_PNG,
    'images/dot.png': TINY_PNG,
    'chapters/one.md': '# 第一章 起点\n\n甲乙丙丁，详见[第二章的小节](two.md#细节)和[第三章](three.md)。\n\n![一个点](../images/dot.png)\n',
    'chapters/two.md': '# 第二章 经过\n\n戊己庚辛。\n\n## 细节\n\n壬癸子丑，回到[第一章](one.md)。\n',
    'chapters/three.md': '# 第三章 终点\n\n寅卯辰巳。\n',
  }));
  const out = makeTempDir('ink-html-');
  const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['html'], offline: true });
  expect(result.outputs).toEqual([expect.objectContaining({ format: 'html', file: path.join(out, 'html') })]);
  site = path.join(out, 'html');
  pages = Object.fromEntries(readdirSync(site).filter((f) => f.endsWith('.html')).map((f) => [f, readFileSync(path.join(site, f), 'utf8')]));
});

afterAll(() => cleanupTempDirs());

describe('html site', () => {
  it('is what `npm run build -- --format html` writes (and only when asked for)', () => {
    const out = makeTempDir('ink-html-cli-');
    const ROOT = path.resolve(import.meta.dirname, '..');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', path.join(bookDir, 'book.yaml'), '--out', out, '--format', 'html', '--offline'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(stdout).toBe('');
    expect(existsSync(path.join(out, 'html', 'index.html'))).toBe(true);
    expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['html']);
  });

  it('has an index, one page per chapter, styles, fonts and images', () => {
    expect(Object.keys(pages).sort()).toEqual(['chapter-001.html', 'chapter-002.html', 'chapter-003.html', 'index.html']);
    const index = pages['index.html']!;
    expect(index).toContain('测试之书');
    expect(index).toMatch(/<img src="images\/cover\.png"/);
    for (const f of ['chapter-001.html', 'chapter-002.html', 'chapter-003.html']) expect(attrs(index, 'href')).toContain(f);
    expect(pages['chapter-001.html']).toContain('甲乙丙丁');
    const css = readFileSync(path.join(site, 'style.css'), 'utf8');
    expect(css).toMatch(/@font-face/);
    expect(css).toContain('.pager');
    const fonts = readdirSync(path.join(site, 'fonts'));
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(css).toContain(`url("fonts/${f}")`);
    expect(readdirSync(path.join(site, 'images'))).toContain('cover.png');
    const img = attrs(pages['chapter-001.html']!, 'src').find((s) => s.startsWith('images/') && s !== 'images/cover.png');
    expect(img).toBeDefined();
    expect(statSync(path.join(site, img!)).size).toBe(TINY_PNG.length);
  });

  it('routes links between chapters to the right page and id', () => {
    const hrefs = attrs(pages['chapter-001.html']!, 'href');
    const toTwo = hrefs.find((h) => h.startsWith('chapter-002.html#'));
    expect(toTwo).toBe('chapter-002.html#细节');
    expect(hrefs).toContain('chapter-003.html#第三章-终点');
    expect(attrs(pages['chapter-002.html']!, 'href').some((h) => h.startsWith('chapter-001.html#'))).toBe(true);
  });

  it('uses relative URLs only, and every one resolves', () => {
    for (const [file, html] of Object.entries(pages)) {
      for (const url of [...attrs(html, 'href'), ...attrs(html, 'src')]) {
        if (/^https?:/.test(url)) continue;
        expect(url, `${file}: ${url}`).not.toMatch(/^(\/|[a-z]+:)/i);
        const [target, id] = url.split('#') as [string, string | undefined];
        const targetFile = target || file;
        expect(existsSync(path.join(site, targetFile)), `${file}: ${url}`).toBe(true);
        if (id && targetFile.endsWith('.html')) expect(idsOf(pages[targetFile]!).has(id), `${file}: ${url}`).toBe(true);
      }
    }
    expect(readFileSync(path.join(site, 'style.css'), 'utf8')).not.toMatch(/url\("?\//);
  });

  it('links each page to the previous and the next', () => {
    const two = attrs(pages['chapter-002.html']!, 'href');
    expect(two).toContain('chapter-001.html');
    expect(two).toContain('chapter-003.html');
    expect(two).toContain('index.html#contents');
  });
});
