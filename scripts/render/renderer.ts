/** One interface for every output format; build.ts calls whichever the user asked for. */
import type { Diagnostics } from '../errors.ts';
import type { SubsetFont } from '../assets/fonts.ts';
import type { Book, ImageAsset, OutputFormat } from '../model.ts';

export interface RenderContext {
  book: Book;
  fonts: SubsetFont[];
  cover: ImageAsset;
  diagnostics: Diagnostics;
  /** Project folders with the shipped templates and styles. */
  templatesDir: string;
  stylesDir: string;
  progress: (message: string) => void;
}

/** Slow set-up a renderer starts early (the PDF renderer's browser); always closed by build.ts. */
export interface RendererSession {
  close(): Promise<void>;
}

export interface Renderer {
  format: OutputFormat;
  /** Start set-up while the notes are still being read. */
  open?(progress: (message: string) => void): RendererSession;
  /** The finished file's bytes; build.ts writes them atomically. */
  render(context: RenderContext, session?: RendererSession): Promise<Buffer>;
}
