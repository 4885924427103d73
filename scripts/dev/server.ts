/**
 * The preview server of `npm run dev`: answers from the site in memory, on 127.0.0.1 only.
 * Every HTML page gets a small script that listens to `__inkstone/events` (Server-Sent Events)
 * and reloads when a newer build is out, keeping the reader's scroll position. While the book
 * does not build, every page shows the error instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const EVENTS_PATH = '/__inkstone/events';
export const PDF_PATH = '/__inkstone/book.pdf';

export type SiteState = { kind: 'ok'; files: Map<string, Buffer> } | { kind: 'error'; message: string; files: Map<string, Buffer> } | { kind: 'building' };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The script every served page gets (relative URL: pages all sit in the root folder). */
function clientScript(version: number): string {
  return `<script>
(() => {
  const version = ${version};
  const key = 'inkstone-scroll:' + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const y = Number(saved);
    const restore = () => window.scrollTo(0, y);
    restore();
    window.addEventListener('load', restore);
    if (document.fonts) document.fonts.ready.then(restore);
  }
  const events = new EventSource('__inkstone/events');
  events.addEventListener('version', (e) => {
    if (Number(e.data) === version) return;
    sessionStorage.setItem(key, String(window.scrollY));
    events.close();
    location.reload();
  });
})();
</script>`;
}

function devBar(pdf: boolean): string {
  if (!pdf) return '';
  return `<a href="__inkstone/book.pdf" style="position:fixed;right:0.8em;bottom:0.8em;font:13px sans-serif;background:#8c2f1b;color:#fff;padding:0.3em 0.7em;border-radius:4px;opacity:0.85">印刷版 PDF</a>`;
}

function errorPage(message: string, version: number): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>构建失败 · inkstone</title>
<style>body{font:15px/1.6 sans-serif;margin:2em auto;max-width:50em;padding:0 1em;color:#222}h1{color:#8c2f1b;font-size:1.3em}pre{white-space:pre-wrap;background:#f5f3ee;border-left:4px solid #8c2f1b;padding:1em;font:14px/1.5 monospace}</style>
</head><body><h1>inkstone: the book does not build</h1>
<pre id="inkstone-error">${escapeHtml(message)}</pre>
<p>Fix the file and save: this page reloads by itself.</p>
${clientScript(version)}
</body></html>
`;
}

export interface DevServerOptions {
  host: string;
  /** The last printed PDF (for the print view link), if any. */
  pdfFile: string;
  /** Called when a page is served (to measure change → page served). */
  onPage?: (pathname: string) => void;
}

export class DevServer {
  private state: SiteState = { kind: 'building' };
  private version = 0;
  private clients = new Set<http.ServerResponse>();
  private server: http.Server;
  private heartbeat: NodeJS.Timeout;
  private waiting: Array<() => void> = [];

  constructor(private readonly options: DevServerOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    // Keeps connections through proxies and lets the browser notice a dead server.
    this.heartbeat = setInterval(() => {
      for (const c of this.clients) c.write(': ping\n\n');
    }, 15_000);
  }

  listen(port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.options.host, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** The files of the last good build (kept while the book has an error). */
  currentFiles(): Map<string, Buffer> {
    return this.state.kind === 'building' ? new Map() : this.state.files;
  }

  /** A new build (or error): open pages reload. */
  publish(state: SiteState): void {
    this.state = state;
    this.version++;
    for (const c of this.clients) c.write(`event: version\ndata: ${this.version}\n\n`);
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Only pages from this server (a DNS-rebinding site cannot read the book).
    const host = req.headers.host ?? '';
    const port = (this.server.address() as AddressInfo).port;
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden host\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname === EVENTS_PATH) return this.events(req, res);
    if (pathname === PDF_PATH) {
      if (!existsSync(this.options.pdfFile)) return this.notFound(res, 'no PDF yet: run npm run build');
      res.writeHead(200, { 'content-type': 'application/pdf', 'cache-control': 'no-store' }).end(readFileSync(this.options.pdfFile));
      return;
    }
    if (this.state.kind === 'building') await new Promise<void>((resolve) => this.waiting.push(resolve));
    const state = this.state;
    if (state.kind === 'building') return this.notFound(res, 'building');
    let rel = pathname.replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const ext = path.extname(rel).toLowerCase();
    const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (ext === '.html' && state.kind === 'error') {
      this.options.onPage?.(pathname);
      res.writeHead(200, headers).end(errorPage(state.message, this.version));
      return;
    }
    const body = state.files.get(rel);
    if (!body) return this.notFound(res, `not in the book: ${rel}`);
    if (ext === '.html') {
      this.options.onPage?.(pathname);
      const inject = `${devBar(existsSync(this.options.pdfFile))}${clientScript(this.version)}</body>`;
      res.writeHead(200, headers).end(body.toString('utf8').replace(/<\/body>(?![\s\S]*<\/body>)/, inject));
      return;
    }
    res.writeHead(200, headers).end(body);
  }

  private events(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 500\nevent: version\ndata: ${this.version}\n\n`);
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
  }

  private notFound(res: http.ServerResponse, message: string): void {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(`${message}\n`);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const resolve of this.waiting.splice(0)) resolve();
    for (const c of this.clients) c.end();
    this.clients.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
