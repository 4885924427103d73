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

export interface Renderer {
  format: OutputFormat;
  /** The finished file's bytes; build.ts writes them atomically. */
  render(context: RenderContext): Promise<Buffer>;
}
