/** One interface for every output format; build.ts calls whichever the user asked for. */
import type { SharedBrowser } from '../browser/shared.ts';
import type { Diagnostics } from '../errors.ts';
import type { Book, BookAssets, OutputFormat } from '../model.ts';
import type { Memo } from '../util/memo.ts';
import type { BookLayout } from './layout.ts';

export interface RenderContext {
  book: Book;
  assets: BookAssets;
  /** What every format lays out alike (render/layout.ts). */
  layout: BookLayout;
  diagnostics: Diagnostics;
  /** Project folders with the shipped templates and styles. */
  templatesDir: string;
  stylesDir: string;
  progress: (message: string) => void;
  /** The preview's results from the last build (util/memo.ts): pages whose inputs did not change are kept. */
  memo?: Memo;
  /** `<out>/.cache`, for what a renderer keeps between builds; undefined: keep nothing. */
  cacheDir?: string;
}

/** Slow set-up a renderer starts early (the PDF renderer's browser); always closed by build.ts. */
export interface RendererSession {
  close(): Promise<void>;
}

/** One file (`<out>/<name>.<format>`) or a folder of files (`<out>/<format>/`, relative path → bytes). */
export type RenderedOutput = { kind: 'file'; data: Buffer } | { kind: 'folder'; files: Map<string, Buffer> };

export interface Renderer {
  format: OutputFormat;
  /** Start set-up while the notes are still being read; `browser` is the build's (see browser/shared.ts). */
  open?(progress: (message: string) => void, browser?: SharedBrowser): RendererSession;
  /** What the format made; build.ts writes it atomically. */
  render(context: RenderContext, session?: RendererSession): Promise<RenderedOutput>;
}
