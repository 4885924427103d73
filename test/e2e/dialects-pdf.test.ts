/**
 * Callouts and tabs in print: a small book of every spelling (the golden fixtures' inputs)
 * printed to PDF. Each callout's label and title are on the page with its content; folded ones
 * are printed open; tab labels and callout titles are not bookmarks; only the book's fonts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../scripts/build.ts';
import { writeBook } from '../helpers.ts';

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/markdown');
const CASES = ['callouts-github', 'callouts-obsidian', 'admonitions-mkdocs', 'tabs-mkdocs', 'containers-vitepress', 'containers-docusaurus', 'hints-gitbook', 'details-open'];

describe('callouts and tabs in the PDF', () => {
  let pdf: string;
  let text: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    const notes = Object.fromEntries(CASES.map((c) => [`${c}.md`, readFileSync(path.join(FIXTURES, c, 'input.md'))]));
    const dir = writeBook({ 'book.yaml': `title: 提示与标签页\nauthor: 测试者\nlanguage: zh-CN\nchapters:\n${CASES.map((c) => `  - ${c}.md\n`).join('')}`, ...notes });
    const out = mkdtempSync(path.join(os.tmpdir(), 'inkstone-dialects-pdf-'));
    dirs.push(dir, out);
    const result = await build({ configFile: path.join(dir, 'book.yaml'), outDir: out, formats: ['pdf'], offline: true });
    pdf = result.outputs[0]!.file;
    text = run('pdftotext', [pdf, '-']).replace(/\s+/g, '');
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('prints each callout with its label, its title and its content, folded ones included', () => {
    for (const printed of ['注意供快速浏览时也应知道的信息。', '提示自定义标题与链接', '警告folded默认折叠的内容，书里照样印出。', '警告可折叠折叠的内容照样印出。', '提示自定义标题提示容器', '详情点击查看详情', '小心旧写法的标题', '信息信息提示。', '点开看折叠在网页里的内容，书里照样印出。']) {
      expect(text, printed).toContain(printed);
    }
  });

  it('prints every tab under its label', () => {
    for (const printed of ['Pythonprint("hi")', 'C++std::cout', '苹果这是苹果', '橘子这是橘子', 'npmnpmadd-Dvitepress', 'pnpmpnpmadd-Dvitepress']) {
      expect(text, printed).toContain(printed);
    }
  });

  it('makes no bookmark of a callout title or a tab label', () => {
    const json = JSON.parse(run('qpdf', ['--json', '--json-key=outlines', pdf])) as { outlines: { title: string; kids: unknown[] }[] };
    const titles = JSON.stringify(json.outlines);
    for (const label of ['自定义标题', '外层问题', 'Python', '苹果', '点击查看详情', '注意', '提示']) expect(titles, label).not.toContain(label);
  });

  it('embeds only the book fonts', () => {
    const rows = run('pdffonts', [pdf]).trim().split('\n').slice(2);
    for (const row of rows) expect(row.trim().split(/\s+/)[0]).toMatch(/^[A-Z]{6}\+Inkstone(Serif|Sans|Mono|Emoji)-(Regular|Bold)$/);
  });
});
