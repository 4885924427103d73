/** The renderer for each output format. The PDF's (Puppeteer) loads only when a PDF is asked for. */
import type { OutputFormat } from '../model.ts';
import type { Renderer } from './renderer.ts';

export async function rendererFor(format: OutputFormat): Promise<Renderer> {
  switch (format) {
    case 'epub':
      return (await import('./epub/index.ts')).epubRenderer;
    case 'pdf':
      return (await import('./pdf/index.ts')).pdfRenderer;
    case 'html':
      return (await import('./html/index.ts')).htmlRenderer;
    default:
      return format satisfies never;
  }
}
