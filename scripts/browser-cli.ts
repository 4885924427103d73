/** `npm run browser`: prints the browser the PDF renderer uses (installing one if needed). */
import { InkstoneError } from './errors.ts';
import { resolveBrowser } from './render/pdf/browser.ts';

resolveBrowser((m) => process.stderr.write(`inkstone: ${m}\n`)).then(
  (file) => {
    process.stdout.write(`${file}\n`);
  },
  (e: unknown) => {
    process.stderr.write(`inkstone: error: ${e instanceof InkstoneError ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
