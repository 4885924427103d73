/** Faults while writing and printing: a clear message, previous outputs intact, no temp files. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../scripts/build.ts';
import { cleanupTempDirs, makeTempDir, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const files = {
  'book.yaml': 'title: 故障测试\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n',
  'chapters/a.md': '# 第一章\n\n正文。\n',
};

describe('faults', () => {
  it('an output folder that cannot be made is a clear error', async () => {
    const root = writeBook(files);
    const blocker = path.join(makeTempDir(), 'not-a-folder');
    writeFileSync(blocker, 'a file where the output folder should be');
    await expect(build({ configFile: path.join(root, 'book.yaml'), outDir: path.join(blocker, 'build'), formats: ['epub'], offline: true })).rejects.toThrow(
      `cannot write ${path.join(blocker, 'build')}: a file stands where a folder should be; move it or choose another folder with --out`,
    );
  });

  it('a browser that dies at once names the stage and leaves every previous output as it was', async () => {
    const root = writeBook(files);
    const out = makeTempDir();
    writeFileSync(path.join(out, 'book.epub'), 'previous epub');
    writeFileSync(path.join(out, 'book.pdf'), 'previous pdf');
    const saved = process.env.PUPPETEER_EXECUTABLE_PATH;
    process.env.PUPPETEER_EXECUTABLE_PATH = '/bin/false';
    try {
      await expect(build({ configFile: path.join(root, 'book.yaml'), outDir: out, formats: ['epub', 'pdf'], offline: true })).rejects.toThrow(/^PDF: could not start the browser \/bin\/false/);
    } finally {
      if (saved === undefined) delete process.env.PUPPETEER_EXECUTABLE_PATH;
      else process.env.PUPPETEER_EXECUTABLE_PATH = saved;
    }
    // The EPUB rendered fine, but nothing is written unless every format succeeds.
    expect(readFileSync(path.join(out, 'book.epub'), 'utf8')).toBe('previous epub');
    expect(readFileSync(path.join(out, 'book.pdf'), 'utf8')).toBe('previous pdf');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp') || f === '.inkstone.lock')).toEqual([]);
  });
});

describe('a browser that hangs', () => {
  it('is given up on after the start timeout, with the stage named and previous outputs intact', async () => {
    const root = writeBook(files);
    const out = makeTempDir();
    writeFileSync(path.join(out, 'book.pdf'), 'previous pdf');
    const hang = path.join(makeTempDir(), 'hanging-browser');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 600\n', { mode: 0o755 });
    const saved = { exe: process.env.PUPPETEER_EXECUTABLE_PATH, timeout: process.env.INKSTONE_BROWSER_START_TIMEOUT };
    process.env.PUPPETEER_EXECUTABLE_PATH = hang;
    process.env.INKSTONE_BROWSER_START_TIMEOUT = '2';
    const t0 = Date.now();
    try {
      await expect(build({ configFile: path.join(root, 'book.yaml'), outDir: out, formats: ['pdf'], offline: true })).rejects.toThrow(/^PDF: could not start the browser .*hanging-browser: .*Timed out after 2000 ms/);
    } finally {
      for (const [key, value] of [['PUPPETEER_EXECUTABLE_PATH', saved.exe], ['INKSTONE_BROWSER_START_TIMEOUT', saved.timeout]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(readFileSync(path.join(out, 'book.pdf'), 'utf8')).toBe('previous pdf');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
