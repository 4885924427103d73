/**
 * Images: local files are embedded, paths out of the book are refused, remote images come from
 * the cache or a guarded download, and whatever cannot be had becomes a visible placeholder.
 * Remote tests use a server on 127.0.0.1 only: no test touches the network.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, fetchRemote, isForbiddenAddress } from '../scripts/assets/fetch-remote.ts';
import { ImageResolver } from '../scripts/assets/images.ts';
import { Diagnostics, formatWarning } from '../scripts/errors.ts';
import { cleanupTempDirs, errorOfAsync, loadWithImagesIn, makeTempDir, TINY_PNG, writeBook } from './helpers.ts';

afterAll(cleanupTempDirs);

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const PNG_HREF = `images/${sha256(TINY_PNG).slice(0, 16)}.png`;

/** A book with one note whose body is `body`. */
const bookWith = (body: string, extra: Record<string, string | Buffer> = {}) =>
  writeBook({ 'book.yaml': 'title: T\nlanguage: zh-CN\nchapters:\n  - chapters/a.md\n', 'chapters/a.md': `# 甲\n\n${body}\n`, ...extra });
const noteHtml = (book: Awaited<ReturnType<typeof loadWithImagesIn>>['book']) => toHtml(book.parts[0]!.chapters[0]!.tree as Root);

// --- a local HTTP server --------------------------------------------------------------------
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
});
async function serve(handler: http.RequestListener): Promise<{ url: (p: string) => string; hits: string[] }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: (p) => `http://127.0.0.1:${port}${p}`, hits };
}
const pngServer = () =>
  serve((req, res) => {
    if (req.url === '/a.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(TINY_PNG);
    } else {
      res.writeHead(404);
      res.end();
    }
  });

const ALLOW_LOCAL = { ...DEFAULT_LIMITS, allowPrivateAddresses: true };

function resolver(root: string, options: Partial<ConstructorParameters<typeof ImageResolver>[0]> = {}) {
  const diagnostics = new Diagnostics();
  const cacheDir = path.join(root, 'cache');
  const images = new ImageResolver({ root, cacheDir, diagnostics, ...options });
  const request = (src: string) => images.resolve({ src, notePath: path.join(root, 'chapters/a.md'), position: { file: 'chapters/a.md', line: 3 } });
  return { images, diagnostics, cacheDir, request, warnings: () => diagnostics.warnings.map(formatWarning) };
}

describe('local images', () => {
  it('embeds a PNG next to the note under a content-addressed name', async () => {
    const dir = bookWith('![示意图](fig.png)', { 'chapters/fig.png': TINY_PNG });
    const { book, images, warnings } = await loadWithImagesIn(dir);
    expect(warnings).toEqual([]);
    expect([...images.keys()]).toEqual([PNG_HREF]);
    const asset = images.get(PNG_HREF)!;
    expect(asset.mediaType).toBe('image/png');
    expect(asset.data.equals(TINY_PNG)).toBe(true);
    expect(noteHtml(book)).toBe(`<div class="note"><p><img src="${PNG_HREF}" alt="示意图"></p></div>`);
  });

  it('embeds one copy of an image used twice, and reads names with spaces and Chinese', async () => {
    const dir = bookWith('![一](<图 1.png>) ![二](./图%201.png)', { 'chapters/图 1.png': TINY_PNG });
    const { book, images, warnings } = await loadWithImagesIn(dir);
    expect(warnings).toEqual([]);
    expect(images.size).toBe(1);
    expect(noteHtml(book)).toBe(`<div class="note"><p><img src="${PNG_HREF}" alt="一"> <img src="${PNG_HREF}" alt="二"></p></div>`);
  });

  it('refuses a path leading outside the book: placeholder and warning, nothing embedded', async () => {
    const dir = bookWith('![秘密](../../secret.png)');
    fs.writeFileSync(path.join(path.dirname(dir), 'secret.png'), TINY_PNG);
    const { book, images, warnings } = await loadWithImagesIn(dir);
    expect(images.size).toBe(0);
    expect(warnings).toEqual(["chapters/a.md:3: warning: image not included: ../../secret.png (path leads outside the book's folder: ../secret.png) [image-unavailable]"]);
    expect(noteHtml(book)).toBe(
      '<div class="note"><p><span class="image-missing" role="img" aria-label="秘密"><span class="image-missing-label">图片未能载入：秘密</span><span class="image-missing-url">../../secret.png</span></span></p></div>',
    );
  });

  it('refuses a symlink inside the book that leads outside', async () => {
    const outside = makeTempDir();
    fs.writeFileSync(path.join(outside, 'secret.png'), TINY_PNG);
    const dir = bookWith('![链接](link.png)');
    fs.symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'chapters/link.png'));
    const { images, warnings } = await loadWithImagesIn(dir);
    expect(images.size).toBe(0);
    expect(warnings).toEqual(["chapters/a.md:3: warning: image not included: link.png (path leads outside the book's folder through a symlink: chapters/link.png) [image-unavailable]"]);
  });

  it('reports a missing local image and a file that is not an image', async () => {
    const dir = bookWith('![无](nope.png)\n\n![假](fake.png)', { 'chapters/fake.png': 'not an image' });
    const { images, warnings } = await loadWithImagesIn(dir);
    expect(images.size).toBe(0);
    expect(warnings).toEqual([
      'chapters/a.md:3: warning: image not included: nope.png (file not found: chapters/nope.png) [image-unavailable]',
      'chapters/a.md:5: warning: image not included: fake.png (not a PNG, JPEG, GIF, WebP or SVG image) [image-unavailable]',
    ]);
  });
});

describe('images in raw HTML and with query strings', () => {
  it('keeps reading a local path with a query string (GitHub ?raw=true)', async () => {
    const dir = bookWith('![原图](fig.png?raw=true) ![再一次](./fig.png?raw=true#frag)', { 'chapters/fig.png': TINY_PNG });
    const { book, warnings } = await loadWithImagesIn(dir);
    expect(warnings).toEqual([]);
    expect(noteHtml(book)).toBe(`<div class="note"><p><img src="${PNG_HREF}" alt="原图"> <img src="${PNG_HREF}" alt="再一次"></p></div>`);
  });

  it('embeds <img src> and <img srcset> from raw HTML, dropping the candidates it cannot have', async () => {
    const dir = bookWith('<img src="fig.png" srcset="fig.png 1x, nope.png 2x" sizes="50vw" alt="原始">', { 'chapters/fig.png': TINY_PNG });
    const { book, warnings } = await loadWithImagesIn(dir);
    expect(warnings).toEqual(['chapters/a.md:3: warning: image not included: nope.png (file not found: chapters/nope.png) [image-unavailable]']);
    expect(noteHtml(book)).toBe(`<div class="note"><img src="${PNG_HREF}" srcset="${PNG_HREF} 1x" sizes="50vw" alt="原始"></div>`);
  });

  it('a raw-HTML <img> that cannot be had is the same visible placeholder as a Markdown one', async () => {
    const { book, warnings } = await loadWithImagesIn(bookWith('<p><img src="missing.png" alt="缺"></p>'));
    expect(warnings).toEqual(['chapters/a.md:3: warning: image not included: missing.png (file not found: chapters/missing.png) [image-unavailable]']);
    expect(noteHtml(book)).toBe(
      '<div class="note"><p><span class="image-missing" role="img" aria-label="缺"><span class="image-missing-label">图片未能载入：缺</span><span class="image-missing-url">missing.png</span></span></p></div>',
    );
  });
});

describe('remote images', () => {
  it('uses an image already in the cache without the network (offline)', async () => {
    const url = 'https://images.example.com/figure.png';
    const dir = bookWith(`![远程](${url})`);
    const cacheDir = path.join(dir, 'build/.cache/images');
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, sha256(url)), TINY_PNG);
    const { book, images, warnings } = await loadWithImagesIn(dir, { offline: true });
    expect(warnings).toEqual([]);
    expect(images.get(PNG_HREF)?.data.equals(TINY_PNG)).toBe(true);
    expect(noteHtml(book)).toBe(`<div class="note"><p><img src="${PNG_HREF}" alt="远程"></p></div>`);
  });

  it('offline and not cached: a placeholder and a warning naming file:line and URL', async () => {
    const url = 'https://images.example.com/missing.png';
    const { book, warnings } = await loadWithImagesIn(bookWith(`文字\n\n![远程图](${url})`), { offline: true });
    expect(warnings).toEqual([`chapters/a.md:5: warning: image not included: ${url} (not in the image cache and the build is offline) [image-unavailable]`]);
    expect(noteHtml(book)).toBe(
      `<div class="note"><p>文字</p>\n<p><span class="image-missing" role="img" aria-label="远程图"><span class="image-missing-label">图片未能载入：远程图</span><span class="image-missing-url">${url}</span></span></p></div>`,
    );
    expect(noteHtml(book)).not.toContain('<img');
  });

  it('an unreachable image gives a placeholder, never an <img> to a broken file', async () => {
    const { url, hits } = await pngServer();
    const dir = bookWith(`![坏图](${url('/gone.png')})`);
    const { book, warnings } = await loadWithImagesIn(dir, { offline: false });
    // A real build refuses loopback addresses outright, before connecting.
    expect(hits).toEqual([]);
    expect(warnings).toEqual([`chapters/a.md:3: warning: image not included: ${url('/gone.png')} (refused: 127.0.0.1 is a local or private address) [image-unavailable]`]);
    expect(noteHtml(book)).toContain(`<span class="image-missing-url">${url('/gone.png')}</span>`);
    expect(noteHtml(book)).not.toContain('<img');
    expect(fs.existsSync(path.join(dir, 'build/.cache/images'))).toBe(false);
  });

  it('refuses a server on 127.0.0.1 by default', async () => {
    const { url, hits } = await pngServer();
    const r = resolver(makeTempDir());
    expect(await r.request(url('/a.png'))).toEqual({ ok: false, reason: 'refused: 127.0.0.1 is a local or private address' });
    expect(hits).toEqual([]);
    expect(r.warnings()).toEqual([`chapters/a.md:3: warning: image not included: ${url('/a.png')} (refused: 127.0.0.1 is a local or private address) [image-unavailable]`]);
  });

  it('refuses a host name that resolves to loopback', async () => {
    const { url, hits } = await pngServer();
    const viaName = url('/a.png').replace('127.0.0.1', 'localhost');
    const r = resolver(makeTempDir());
    const result = await r.request(viaName);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(/^refused: localhost resolves to a local or private address \((127\.0\.0\.1|::1)(, (127\.0\.0\.1|::1))*\)$/);
    expect(hits).toEqual([]);
  });

  it('fetches when local addresses are allowed, writes the cache, and reuses it', async () => {
    const { url, hits } = await pngServer();
    const root = makeTempDir();
    const r = resolver(root, { limits: ALLOW_LOCAL });
    const result = await r.request(url('/a.png'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.asset).toEqual({ href: PNG_HREF, mediaType: 'image/png', data: TINY_PNG });
    expect(fs.readFileSync(path.join(r.cacheDir, sha256(url('/a.png')))).equals(TINY_PNG)).toBe(true);
    expect(fs.readdirSync(r.cacheDir)).toEqual([sha256(url('/a.png'))]);
    expect(hits).toEqual(['/a.png']);
    // A second resolver (a later build) reads the cache, even offline.
    const again = resolver(root, { limits: ALLOW_LOCAL, offline: true });
    expect((await again.request(url('/a.png'))).ok).toBe(true);
    expect(hits).toEqual(['/a.png']);
  });

  it('reports an HTTP error status', async () => {
    const { url } = await pngServer();
    const r = resolver(makeTempDir(), { limits: ALLOW_LOCAL });
    expect(await r.request(url('/gone.png'))).toEqual({ ok: false, reason: 'HTTP 404' });
    expect(fs.existsSync(r.cacheDir)).toBe(false);
  });

  it('bounds a server that never answers by timeoutMs', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    const r = resolver(makeTempDir(), { limits: { ...ALLOW_LOCAL, timeoutMs: 300 } });
    const t0 = performance.now();
    const result = await r.request(url('/slow.png'));
    const elapsed = performance.now() - t0;
    expect(result).toEqual({ ok: false, reason: 'timed out after 300 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses a body larger than maxBytes', async () => {
    const { url } = await pngServer();
    const r = resolver(makeTempDir(), { limits: { ...ALLOW_LOCAL, maxBytes: 10 } });
    expect(await r.request(url('/a.png'))).toEqual({ ok: false, reason: 'image is larger than 10 bytes' });
  });

  it('refuses a redirect to a non-http URL and a redirect loop', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' });
      else res.writeHead(302, { location: '/loop' });
      res.end();
    });
    expect(await errorOfAsync(() => fetchRemote(url('/to-file'), ALLOW_LOCAL))).toBe('refused: only http and https images are fetched (file:)');
    expect(await errorOfAsync(() => fetchRemote(url('/loop'), { ...ALLOW_LOCAL, maxRedirects: 2 }))).toBe('too many redirects (more than 2)');
  });

  it('refuses non-http schemes before any download', async () => {
    const r = resolver(makeTempDir(), { limits: ALLOW_LOCAL });
    expect(await r.request('ftp://example.com/a.png')).toEqual({ ok: false, reason: 'only http and https images are allowed, not ftp:' });
    expect(await r.request('file:///etc/passwd')).toEqual({ ok: false, reason: 'only http and https images are allowed, not file:' });
  });
});

describe('isForbiddenAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['not-an-ip', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['2606:4700:4700::1111', false],
  ])('%s → %s', (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });
});
