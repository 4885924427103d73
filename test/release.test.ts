/**
 * `npm run release`: file names, SHA256SUMS in `sha256sum` format, and a clear error without
 * a version. Builds the EPUB only (the PDF path is the same code; printing is covered by e2e).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { release } from '../scripts/release.ts';
import { cleanupTempDirs, inDirAsync, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const book = (version?: string) =>
  `title: 测试\nauthor: 测试者\nlanguage: zh-CN\n${version ? `version: "${version}"\n` : ''}output: { dir: out, name: notes }\nchapters:\n  - chapters/a.md\n`;

describe('release', () => {
  it('writes <name>-<version>.epub and SHA256SUMS that sha256sum -c accepts, and no temp folder', async () => {
    const dir = writeBook({ 'book.yaml': book('1.2.3'), 'chapters/a.md': '# 甲\n\n正文。\n' });
    const result = await release({ configFile: path.join(dir, 'book.yaml'), formats: ['epub'], offline: true });
    expect(result.dir).toBe(path.join(dir, 'out', 'release'));
    expect(readdirSync(result.dir).sort()).toEqual(['SHA256SUMS', 'notes-1.2.3.epub']);
    const sums = readFileSync(result.sums, 'utf8');
    expect(sums).toMatch(/^[0-9a-f]{64} {2}notes-1\.2\.3\.epub\n$/);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: result.dir }).toString()).toBe('notes-1.2.3.epub: OK\n');
    expect(readdirSync(path.join(dir, 'out')).filter((f) => f.startsWith('.release-'))).toEqual([]);
    expect(result.sourceDateEpoch).toMatch(/^\d+$/);
  });

  it('without a version: a clear error before anything is built', async () => {
    const dir = writeBook({ 'book.yaml': book(), 'chapters/a.md': '# 甲\n' });
    await expect(inDirAsync(dir, () => release({ configFile: path.join(dir, 'book.yaml'), formats: ['epub'] }))).rejects.toThrow(
      'book.yaml: a release needs a version: add `version: "1.0.0"` (quoted) to book.yaml',
    );
  });

  it('a version that cannot be a file name is refused', async () => {
    const dir = writeBook({ 'book.yaml': book('1.0/beta'), 'chapters/a.md': '# 甲\n' });
    await expect(inDirAsync(dir, () => release({ configFile: path.join(dir, 'book.yaml'), formats: ['epub'] }))).rejects.toThrow(/version "1\.0\/beta" cannot be part of a file name/);
  });
});
