/** `npm run browser`: prints the browser the PDF renderer uses (installing one if needed). */
import { resolveBrowser } from './browser/launch.ts';
import { runCommand } from './util/command.ts';

runCommand(async () => {
  const file = await resolveBrowser((m) => process.stderr.write(`inkstone: ${m}\n`));
  process.stdout.write(`${file}\n`);
  return 0;
});
