/**
 * `npm run dev` end to end: the preview server as a child process on a free port, a small book
 * in a temp folder, headless Chromium reading it. Edits show up without a manual reload (with
 * the scroll position kept), a broken book.yaml shows its error, fixing it brings the book back;
 * the server listens on 127.0.0.1 only and stops cleanly on SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBrowser } from '../../scripts/browser/launch.ts';
import { bookYaml, cleanupTempDirs, writeBook } from '../helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const WAIT = { timeout: 15_000, polling: 100 };

let dir: string;
let child: ChildProcess;
let output = '';
let url: string;
let port: number;
let browser: Browser;
let page: Page;

const YAML = bookYaml('  - chapters/one.md\n  - chapters/two.md\n');
const longNote = (marker: string) => `# 第一章\n\n${marker}\n\n${Array.from({ length: 120 }, (_, i) => `第 ${i + 1} 段：甲乙丙丁戊己庚辛壬癸。`).join('\n\n')}\n`;

function waitForOutput(re: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output so far:\n${output}`)), ms);
    const check = () => {
      const m = output.match(re);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.stderr?.off('data', check);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    check();
  });
}

const bodyText = () => page.evaluate(() => document.body.innerText);

beforeAll(async () => {
  dir = writeBook({
    'book.yaml': YAML,
    'chapters/one.md': longNote('最初的文字'),
    'chapters/two.md': '# 第二章\n\n第二章的内容。\n',
  });
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', path.join(dir, 'book.yaml'), '--port', '0', '--offline'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INIT_CWD: dir },
  });
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const m = await waitForOutput(/preview at (http:\/\/127\.0\.0\.1:(\d+)\/)/, 60_000);
  url = m[1]!;
  port = Number(m[2]);
  await waitForOutput(/built 2 chapters/, 60_000);
  const executablePath = await resolveBrowser(() => {});
  browser = await puppeteer.launch({ executablePath, headless: true, args: FLAGS });
  page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600 });
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  cleanupTempDirs();
});

describe('npm run dev', () => {
  it('serves the book', async () => {
    await page.goto(`${url}chapter-001.html`);
    expect(await bodyText()).toContain('最初的文字');
    await page.goto(url);
    expect(await page.$eval('nav#contents', (n) => n.textContent)).toContain('第二章');
  });

  it('shows an edited note without a manual reload, keeping the scroll position', async () => {
    await page.goto(`${url}chapter-001.html`);
    await page.evaluate(() => window.scrollTo(0, 1500));
    await page.waitForFunction(() => window.scrollY > 1000, WAIT);
    const before = await page.evaluate(() => window.scrollY);
    // Let the page's event stream connect before the edit.
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    writeFileSync(path.join(dir, 'chapters/one.md'), longNote('改过的文字'));
    await page.waitForFunction(() => document.body.innerText.includes('改过的文字'), WAIT);
    const ms = Math.round(performance.now() - t0);
    console.log(`dev: change on disk → new text in the browser: ${ms} ms`);
    await page.waitForFunction((y: number) => Math.abs(window.scrollY - y) < 5, WAIT, before);
    expect(await bodyText()).not.toContain('最初的文字');
  });

  it('shows a build error on the page and recovers when it is fixed', async () => {
    await page.goto(`${url}chapter-002.html`);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(path.join(dir, 'book.yaml'), `${YAML}titel: 错字\n`);
    await page.waitForFunction(() => document.querySelector('#inkstone-error') !== null, WAIT);
    expect(await page.$eval('#inkstone-error', (e) => e.textContent)).toMatch(/book\.yaml:\d+:\d+: .*titel/);
    expect(output).toMatch(/inkstone: error: .*titel/);
    writeFileSync(path.join(dir, 'book.yaml'), YAML);
    await page.waitForFunction(() => document.body.innerText.includes('第二章的内容'), WAIT);
    expect(await page.$('#inkstone-error')).toBeNull();
    // A missing note is an error too, and so is recovering from it.
    writeFileSync(path.join(dir, 'book.yaml'), bookYaml('  - chapters/one.md\n  - chapters/missing.md\n'));
    await page.waitForFunction(() => document.querySelector('#inkstone-error')?.textContent?.includes('missing.md'), WAIT);
    writeFileSync(path.join(dir, 'book.yaml'), YAML);
    await page.waitForFunction(() => document.body.innerText.includes('第二章的内容'), WAIT);
  });

  it('listens on 127.0.0.1 only', async () => {
    const connects = (host: string) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host, port, timeout: 2000 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => {
          socket.destroy();
          resolve(false);
        });
      });
    expect(await connects('127.0.0.1')).toBe(true);
    // Another loopback address (Linux routes all of 127/8 locally) and every other interface.
    const others = ['127.0.0.2', ...Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address))];
    for (const host of others) expect(await connects(host), host).toBe(false);
  });

  it('stops on SIGINT with exit code 0 within 5 s', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const t0 = performance.now();
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    expect(code).toBe(0);
    console.log(`dev: SIGINT → exit in ${Math.round(performance.now() - t0)} ms`);
    const served = [...output.matchAll(/page served (\d+) ms after the change/g)].map((m) => Number(m[1]));
    console.log(`dev: server-side change → page served: ${served.join(', ')} ms`);
  });
});
