/**
 * Finding and launching the browser that prints the PDF (and draws mermaid diagrams). Puppeteer's own download is skipped
 * (.puppeteerrc.cjs), so we look in this order: PUPPETEER_EXECUTABLE_PATH, Puppeteer's cache,
 * a system Chrome/Chromium; when none is there we try Puppeteer's installer (needs internet),
 * then Debian's `chromium` package (only as root), and otherwise say exactly what to run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer';
import { ToolError } from '../errors.ts';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const INSTALL_TIMEOUT_MS = 60_000;

// Loaded when a browser is looked for, not with this module: Puppeteer takes a good part of a
// second to load, and an EPUB-only build (which imports this through the shared browser) never
// starts one.
const loadPuppeteer = async () => (await import('puppeteer')).default;
const loadBrowsers = () => import('@puppeteer/browsers');

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Puppeteer's cache folder: its configuration (PUPPETEER_CACHE_DIR, .puppeteerrc) or ~/.cache/puppeteer. */
export async function puppeteerCacheDir(): Promise<string> {
  const puppeteer = await loadPuppeteer();
  const configured = (puppeteer as unknown as { configuration?: { cacheDirectory?: string } }).configuration?.cacheDirectory;
  return configured ?? process.env.PUPPETEER_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puppeteer');
}

/** The chrome-headless-shell build this Puppeteer version is tested with. */
async function pinnedHeadlessShellBuild(): Promise<string> {
  try {
    const { PUPPETEER_REVISIONS } = (await import('puppeteer-core/internal/revisions.js')) as { PUPPETEER_REVISIONS: Record<string, string> };
    return PUPPETEER_REVISIONS['chrome-headless-shell'] ?? PUPPETEER_REVISIONS.chrome ?? 'stable';
  } catch {
    return 'stable';
  }
}

async function fromPuppeteerCache(): Promise<string | undefined> {
  const cacheDir = await puppeteerCacheDir();
  if (!existsSync(cacheDir)) return undefined;
  const { Browser: BrowserKind, computeExecutablePath, getInstalledBrowsers } = await loadBrowsers();
  const installed = await getInstalledBrowsers({ cacheDir }).catch(() => []);
  // Prefer the headless shell (made for printing), then Chrome; the newest build first.
  const order = [BrowserKind.CHROMEHEADLESSSHELL, BrowserKind.CHROME, BrowserKind.CHROMIUM];
  const candidates = installed
    .filter((b) => order.includes(b.browser))
    .sort((a, b) => order.indexOf(a.browser) - order.indexOf(b.browser) || b.buildId.localeCompare(a.buildId, 'en', { numeric: true }));
  for (const b of candidates) {
    const file = computeExecutablePath({ browser: b.browser, buildId: b.buildId, cacheDir, platform: b.platform });
    if (isExecutable(file)) return file;
  }
  return undefined;
}

function fromSystem(): string | undefined {
  for (const file of SYSTEM_BROWSERS) if (isExecutable(file)) return file;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of PATH_NAMES) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}

/** A browser already on this machine, or undefined. Never installs anything. */
export async function findBrowser(): Promise<string | undefined> {
  const env = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (env) {
    if (!isExecutable(env)) throw new ToolError(`PUPPETEER_EXECUTABLE_PATH is "${env}", which is not an executable file`, { hint: 'unset it to let inkstone find a browser, or point it at Chrome/Chromium' });
    return env;
  }
  return (await fromPuppeteerCache()) ?? fromSystem();
}

async function installWithPuppeteer(progress: (m: string) => void): Promise<string | undefined> {
  const { Browser: BrowserKind, detectBrowserPlatform, install } = await loadBrowsers();
  const platform = detectBrowserPlatform();
  if (!platform) return undefined;
  const buildId = await pinnedHeadlessShellBuild();
  const cacheDir = await puppeteerCacheDir();
  progress(`no browser found; downloading chrome-headless-shell ${buildId} into ${cacheDir} …`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      install({ browser: BrowserKind.CHROMEHEADLESSSHELL, buildId, cacheDir, platform }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer after ${INSTALL_TIMEOUT_MS / 1000} s`)), INSTALL_TIMEOUT_MS);
      }),
    ]);
    return isExecutable(result.executablePath) ? result.executablePath : undefined;
  } catch (e) {
    progress(`download failed (${(e as Error).message})`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function installWithApt(): string | undefined {
  if (process.getuid?.() !== 0 || !hasCommand('apt-get')) return undefined;
  process.stderr.write("inkstone: no browser found; installing Debian's chromium (apt-get install chromium) …\n");
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    return undefined;
  }
  return fromSystem();
}

const NO_BROWSER_HINT =
  'install one and build again: `npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer`, ' +
  'or `sudo apt-get install chromium` (Debian/Ubuntu), or set PUPPETEER_EXECUTABLE_PATH=/path/to/chrome';

/** What the browser is for: the stage named in errors, and what it does there. */
export type BrowserPurpose = 'PDF' | 'diagrams';
const TASK: Record<BrowserPurpose, string> = { PDF: 'to print the book with', diagrams: 'to draw the mermaid diagrams with' };

/** The browser to print with: found, or installed when possible; otherwise an error saying what to run. */
export async function resolveBrowser(progress: (m: string) => void = () => {}, purpose: BrowserPurpose = 'PDF'): Promise<string> {
  const found = await findBrowser();
  if (found) return found;
  const installed = (await installWithPuppeteer(progress)) ?? installWithApt();
  if (installed) return installed;
  const hint = purpose === 'diagrams' ? `${NO_BROWSER_HINT}; or set markdown: { diagrams: false } in book.yaml to show diagrams as code` : NO_BROWSER_HINT;
  throw new ToolError(`${purpose}: no Chrome or Chromium found ${TASK[purpose]}`, { hint });
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser and removes its temporary profile; safe to call twice. */
  close(): Promise<void>;
}

/** Protocol calls (page.pdf of a big book) may take minutes; a hung browser still ends. */
export const PROTOCOL_TIMEOUT_MS = 10 * 60_000;

/** How long a browser may take to start: 60 s, or INKSTONE_BROWSER_START_TIMEOUT seconds (slow machines). */
function launchTimeoutMs(): number {
  const seconds = Number(process.env.INKSTONE_BROWSER_START_TIMEOUT ?? 60);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
}

export async function launchBrowser(executablePath: string, purpose: BrowserPurpose = 'PDF'): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'inkstone-chrome-'));
  const args = [
    '--headless',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--font-render-hinting=none',
    `--user-data-dir=${userDataDir}`,
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  let browser: Browser;
  try {
    const puppeteer = await loadPuppeteer();
    browser = await puppeteer.launch({ executablePath, headless: true, args, protocolTimeout: PROTOCOL_TIMEOUT_MS, timeout: launchTimeoutMs(), userDataDir });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new ToolError(`${purpose}: could not start the browser ${executablePath}: ${(e as Error).message.split('\n')[0]}`, {
      hint: 'set PUPPETEER_EXECUTABLE_PATH to a working Chrome/Chromium',
      cause: e,
    });
  }
  let closed = false;
  return {
    browser,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 10_000))]);
      } catch {
        /* already gone */
      }
      try {
        browser.process()?.kill('SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
