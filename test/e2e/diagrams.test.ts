/**
 * Diagrams drawn in the browser: test/fixtures/diagrams/ (mermaid flowchart and sequence
 * diagrams, the same flowchart twice, dot and graphviz graphs, all with Chinese labels, and one
 * broken diagram of each engine) built to EPUB, PDF and HTML. Checked in the outputs: inline SVG
 * with the labels as text, no HTML inside the SVG, only the book's fonts (in the SVG and in the
 * PDF), the labels in the PDF's text, unique ids, epubcheck; the broken ones shown as code with
 * a warning each. Then the cache: an EPUB-only rebuild (the CLI, a new process) with no browser
 * anywhere succeeds with the same bytes, and one with a new diagram asks for the browser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseXml, XmlElement } from '@rgrove/parse-xml';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../scripts/build.ts';
import { formatWarning } from '../../scripts/errors.ts';
import { cleanupTempDirs, makeTempDir } from '../helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/diagrams');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

function elements(xml: string, name?: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    if (!name || el.name === name) found.push(el);
    for (const c of el.children) if (c instanceof XmlElement) walk(c);
  };
  walk(parseXml(xml.replace(/<!DOCTYPE html>/, '')).root!);
  return found;
}

/** `node scripts/run.mjs build …` in `dir`, as a user runs it. */
function cli(dir: string, args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.mjs'), 'build', ...args], {
    cwd: dir,
    env: { ...process.env, INIT_CWD: dir, SOURCE_DATE_EPOCH: '1700000000', ...env },
    encoding: 'utf8',
  });
}

describe('diagrams drawn in the browser', () => {
  let dir: string;
  let out: string;
  let result: BuildResult;
  let chapter: string;
  let pdf: string;
  const saved = process.env.SOURCE_DATE_EPOCH;

  beforeAll(async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    dir = makeTempDir('ink-diagrams-');
    cpSync(FIXTURE, dir, { recursive: true });
    out = path.join(dir, 'out');
    result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['epub', 'pdf', 'html'] });
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, 'book.epub')));
    chapter = await zip.file('OEBPS/chapter-001.xhtml')!.async('string');
    pdf = path.join(out, 'book.pdf');
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
    cleanupTempDirs();
  });

  it('draws each mermaid and Graphviz block as inline SVG with its labels as SVG text', () => {
    const kinds = elements(chapter, 'figure').map((f) => f.attributes.class);
    expect(kinds).toEqual(['diagram diagram-mermaid', 'diagram diagram-mermaid', 'diagram diagram-mermaid', 'diagram diagram-graphviz', 'diagram diagram-graphviz']);
    const labels = elements(chapter, 'text').map((t) => t.text.trim());
    for (const label of ['收集语料', '数据干净吗？', '指令微调 SFT', '用户', '模型', '提问：什么是自回归？', '逐个预测下一个词元', '全程离线 🚀', '输入文本', '编码器 Encoder', '北京', '广州']) {
      expect(labels).toContain(label);
    }
    // Labels are SVG text: no HTML in <foreignObject>, which EPUB readers draw badly.
    expect(elements(chapter, 'foreignObject')).toEqual([]);
    for (const svg of elements(chapter, 'svg')) {
      expect(svg.attributes.role).toBe('img');
      expect((svg.children.find((c) => c instanceof XmlElement) as XmlElement).name).toBe('title');
    }
  });

  it('sets every diagram text in the book’s fonts', () => {
    const families = new Set<string>();
    for (const el of elements(chapter)) {
      if (el.attributes['font-family']) families.add(el.attributes['font-family']);
      for (const m of (el.attributes.style ?? '').matchAll(/font-family:\s*([^;]+)/g)) families.add(m[1]!.trim());
      if (el.name === 'style') for (const m of el.text.matchAll(/font-family:\s*([^;}]+)/g)) families.add(m[1]!.trim());
    }
    expect([...families]).toEqual(['"Inkstone Serif", "Inkstone Emoji"']);
  });

  it('gives every id once, though the same flowchart is drawn twice', () => {
    const ids = elements(chapter).flatMap((e) => (e.attributes.id ? [e.attributes.id] : []));
    expect(ids.filter((id) => id.startsWith('diagram-1-')).length).toBeGreaterThan(5);
    expect(ids.filter((id) => id.startsWith('diagram-3-')).length).toBe(ids.filter((id) => id.startsWith('diagram-1-')).length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows what cannot be drawn as its source, with the parser’s message at file:line', () => {
    const warnings = result.warnings.map(formatWarning);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^notes\/broken\.md:5: warning: mermaid diagram not drawn, its source is shown as code: Parse error on line 2: Expecting .+ \[diagram-error\]$/);
    expect(warnings[1]).toBe("notes/broken.md:12: warning: Graphviz diagram not drawn, its source is shown as code: syntax error in line 1 near '}' [diagram-error]");
  });

  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const jar = '/usr/share/java/epubcheck.jar';
    if (!existsSync(jar)) throw new Error('epubcheck is not installed: apt-get install epubcheck');
    const check = spawnSync('java', ['-jar', jar, path.join(out, 'book.epub')], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toContain('Messages: 0 fatals / 0 errors / 0 warnings');
  });

  it('prints the diagrams in the PDF with the book’s fonts only, labels as text', () => {
    const rows = run('pdffonts', [pdf]).trim().split('\n').slice(2);
    for (const row of rows) expect(row.trim().split(/\s+/)[0]).toMatch(/^[A-Z]{6}\+Inkstone(Serif|Sans|Mono|Emoji)-(Regular|Bold)$/);
    const text = run('pdftotext', [pdf, '-']).replace(/\s+/g, '');
    for (const label of ['收集语料', '数据干净吗？', '提问：什么是自回归？', '逐个预测下一个词元', '输入文本', '编码器Encoder', '北京', '广州']) expect(text).toContain(label);
    // The broken ones are printed as code.
    expect(text).toContain('digraph{甲->}');
  });

  it('puts the same inline SVG in the HTML site', () => {
    const page = readFileSync(path.join(out, 'html', 'chapter-001.html'), 'utf8');
    expect(page.match(/<figure class="diagram diagram-(mermaid|graphviz)"><svg /g)).toHaveLength(5);
    expect(readFileSync(path.join(out, 'html', 'style.css'), 'utf8')).toContain('figure.diagram svg');
  });

  it('rebuilds an EPUB from the cache without any browser, to the same bytes; a new diagram needs one', () => {
    const before = readFileSync(path.join(out, 'book.epub'));
    const noBrowser = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chromium' };
    const again = cli(dir, ['book.yaml', '--out', out, '--format', 'epub'], noBrowser);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('diagrams: 7, 0 drawn, 7 from the cache');
    expect(readFileSync(path.join(out, 'book.epub')).equals(before)).toBe(true);

    appendFileSync(path.join(dir, 'notes/graphviz.md'), '\n```mermaid\npie title 新图\n  "甲" : 1\n```\n');
    const fresh = cli(dir, ['book.yaml', '--out', out, '--format', 'epub'], noBrowser);
    expect(fresh.status).toBe(3);
    expect(fresh.stderr).toContain('PUPPETEER_EXECUTABLE_PATH is "/nonexistent/chromium"');
  });
});
