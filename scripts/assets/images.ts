/**
 * Images the notes use. Local ones (relative to the note, inside the book's folder) are embedded;
 * remote ones are downloaded once into a cache that later and offline builds reuse. An image that
 * cannot be had becomes a visible placeholder with its alt text and URL, never a broken file.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { Diagnostics, SourcePosition } from '../errors.ts';
import { InkstoneError } from '../errors.ts';
import { insideRoot } from '../config/resolve.ts';
import type { ImageAsset } from '../model.ts';
import { DEFAULT_LIMITS, fetchRemote, type FetchLimits } from './fetch-remote.ts';
import { sniffImageType } from './media-type.ts';
import { safeDecodeURIComponent } from '../util/decode.ts';
import { displayHref } from '../warnings.ts';
import { cleanSvg } from './svg.ts';

export interface ImageRequest {
  src: string;
  /** Absolute path of the note, for relative sources. */
  notePath: string;
  position: SourcePosition;
}

/** `cleaned`: what was taken out of an SVG to make it fit for the book (see svg.ts). */
export type ImageResult = { ok: true; asset: ImageAsset; cleaned?: string[] } | { ok: false; reason: string };

export interface ImageResolverOptions {
  root: string;
  cacheDir: string;
  diagnostics: Diagnostics;
  limits?: FetchLimits;
  /** Never touch the network (only the cache): for tests and `--offline`. */
  offline?: boolean;
}

export const isRemoteImage = (src: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(src);

/** The file a local image source names (relative to its note). */
export function localImagePath(src: string, notePath: string): string {
  return path.resolve(path.dirname(notePath), safeDecodeURIComponent(src.split(/[?#]/)[0]!));
}

export class ImageResolver {
  private readonly byKey = new Map<string, Promise<ImageResult>>();
  readonly assets = new Map<string, ImageAsset>();
  constructor(private readonly options: ImageResolverOptions) {}

  resolve(request: ImageRequest): Promise<ImageResult> {
    const remote = isRemoteImage(request.src);
    const key = remote ? request.src : localImagePath(request.src, request.notePath);
    let pending = this.byKey.get(key);
    if (!pending) {
      pending = (remote ? this.remote(request.src) : this.local(request, key)).then((result) => {
        if (result.ok) this.assets.set(result.asset.href, result.asset);
        return result;
      });
      this.byKey.set(key, pending);
    }
    return pending.then((result) => {
      if (!result.ok) this.options.diagnostics.warn('image-unavailable', `image not included: ${displayHref(request.src)} (${result.reason})`, request.position);
      else if (result.cleaned?.length) this.options.diagnostics.warn('svg-cleaned', `SVG image ${displayHref(request.src)} included without what a book cannot hold: ${result.cleaned.join(', ')}`, request.position);
      return result;
    });
  }

  /** Where its warnings go. */
  get diagnostics(): Diagnostics {
    return this.options.diagnostics;
  }

  /** The same resolver with its warnings going to `diagnostics` (and its own assets and results). */
  withDiagnostics(diagnostics: Diagnostics): ImageResolver {
    return new ImageResolver({ ...this.options, diagnostics });
  }

  private async local(request: ImageRequest, abs: string): Promise<ImageResult> {
    let file: string;
    try {
      file = insideRoot(this.options.root, path.relative(this.options.root, abs));
    } catch (e) {
      if (e instanceof InkstoneError) return { ok: false, reason: e.message };
      throw e;
    }
    return asset(readFileSync(file));
  }

  private async remote(url: string): Promise<ImageResult> {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      return { ok: false, reason: 'not a valid URL' };
    }
    if (protocol !== 'http:' && protocol !== 'https:') return { ok: false, reason: `only http and https images are allowed, not ${protocol}` };
    const cached = path.join(this.options.cacheDir, createHash('sha256').update(url).digest('hex'));
    if (existsSync(cached)) return asset(readFileSync(cached));
    if (this.options.offline) return { ok: false, reason: 'not in the image cache and the build is offline' };
    try {
      const { data } = await fetchRemote(url, this.options.limits ?? DEFAULT_LIMITS);
      const result = asset(data);
      if (result.ok) {
        writeFileAtomic(cached, data);
      }
      return result;
    } catch (e) {
      return { ok: false, reason: (e as Error).message.replace(/^fetch failed$/, 'download failed') };
    }
  }
}

function asset(data: Buffer): ImageResult {
  if (data.length === 0) return { ok: false, reason: 'the file is empty' };
  const type = sniffImageType(data);
  if (!type) return { ok: false, reason: 'not a PNG, JPEG, GIF, WebP or SVG image' };
  let cleaned: string[] | undefined;
  if (type.extension === 'svg') {
    const svg = cleanSvg(data);
    if (!svg.ok) return { ok: false, reason: svg.reason };
    data = svg.data;
    cleaned = svg.removed;
  }
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  return { ok: true, asset: { href: `images/${hash}.${type.extension}`, mediaType: type.mediaType, data }, ...(cleaned?.length ? { cleaned } : {}) };
}

