/** A rebuild with caches (notes, fonts, cover) gives the same bytes as a clean build. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const files = {
  'book.yaml': 'title: 缓存测试\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n  - chapters/b.md\n',
  'chapters/a.md': '# 第一章\n\n第一段。\n\n```\n未闭合的代码\n',
  'chapters/b.md': '# 第二章\n\n第二段，引用[第一章](a.md)。\n',
};

describe('incremental builds', () => {
  it('reuses cached notes after a one-note change and still matches a clean build byte for byte', async () => {
    const saved = { epoch: process.env.SOURCE_DATE_EPOCH, id: process.env.INKSTONE_BUILD_ID };
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    process.env.INKSTONE_BUILD_ID = `test-${Date.now()}`;
    try {
      const root = writeBook(files);
      const config = path.join(root, 'book.yaml');
      const warm = makeTempDir();
      await build({ configFile: config, outDir: warm, formats: ['epub'], offline: true });
      const cached = readdirSync(path.join(warm, '.cache', 'notes'), { recursive: true }).filter((f) => String(f).endsWith('.json'));
      expect(cached).toHaveLength(2);

      writeFileSync(path.join(root, 'chapters/b.md'), '# 第二章\n\n改过的第二段。\n');
      const warnings: string[] = [];
      const again = await build({ configFile: config, outDir: warm, formats: ['epub'], offline: true, onWarning: (w) => warnings.push(w.rule) });
      // The unchanged note came from the cache, and its warning was replayed.
      expect(warnings).toContain('unclosed-code-fence');
      expect(readdirSync(path.join(warm, '.cache', 'notes'), { recursive: true }).filter((f) => String(f).endsWith('.json'))).toHaveLength(3);

      // The clean build runs in its own process: no memory cache, an empty output folder.
      const clean = makeTempDir();
      execFileSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/cli.ts'), config, '--out', clean, '--format', 'epub', '--offline'], {
        env: { ...process.env, INIT_CWD: root },
        stdio: 'ignore',
      });
      expect(existsSync(path.join(clean, '.cache', 'notes'))).toBe(true);
      expect(readFileSync(again.outputs[0]!.file).equals(readFileSync(path.join(clean, 'book.epub')))).toBe(true);
    } finally {
      for (const [key, value] of [['SOURCE_DATE_EPOCH', saved.epoch], ['INKSTONE_BUILD_ID', saved.id]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});

describe('dates without SOURCE_DATE_EPOCH or git', () => {
  it('come from the newest source file, so two builds of the same sources are identical', async () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    delete process.env.SOURCE_DATE_EPOCH;
    try {
      const root = writeBook(files);
      const { utimesSync } = await import('node:fs');
      const when = new Date('2025-03-04T05:06:07Z');
      for (const f of ['book.yaml', 'chapters/a.md', 'chapters/b.md']) utimesSync(path.join(root, f), when, when);
      const config = path.join(root, 'book.yaml');
      const one = await build({ configFile: config, outDir: makeTempDir(), formats: ['epub'], offline: true });
      await new Promise((r) => setTimeout(r, 1100));
      const two = await build({ configFile: config, outDir: makeTempDir(), formats: ['epub'], offline: true });
      expect(one.book.meta.modified.toISOString()).toBe('2025-03-04T05:06:07.000Z');
      expect(readFileSync(one.outputs[0]!.file).equals(readFileSync(two.outputs[0]!.file))).toBe(true);
    } finally {
      if (saved !== undefined) process.env.SOURCE_DATE_EPOCH = saved;
    }
  });
});
