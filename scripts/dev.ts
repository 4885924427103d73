/**
 * `npm run dev -- [path/to/book.yaml] [--port N] [--out DIR] [--offline]`
 * Live preview: builds the HTML book in memory, serves it on http://127.0.0.1:PORT/ (never on
 * other interfaces), watches book.yaml, the glossary, every listed note, templates/ and styles/,
 * rebuilds on change and reloads open pages (keeping their scroll position). A build error is
 * shown on the page and in the terminal; saving a fix brings the book back. Ctrl-C stops it.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { build, PROJECT_ROOT } from './build.ts';
import { loadConfig } from './config/index.ts';
import { DevServer } from './dev/server.ts';
import { SourceWatcher, type WatchSet } from './dev/watch.ts';
import { InkstoneError, UsageError } from './errors.ts';
import type { ResolvedBook } from './model.ts';
import { parseBookArgs } from './util/args.ts';
import { Memo } from './util/memo.ts';
import { runCommand } from './util/command.ts';
import { WarningReport } from './util/warning-report.ts';

const USAGE = 'usage: npm run dev -- [path/to/book.yaml] [--port N] [--out DIR] [--offline]';
const HOST = '127.0.0.1';
const DEFAULT_PORT = 4000;

const log = (m: string) => process.stderr.write(`inkstone: ${m}\n`);

function errorMessage(error: unknown): string {
  if (error instanceof InkstoneError) return error.message;
  return `internal error (please report): ${(error as Error)?.stack ?? String(error)}`;
}

function watchSetOf(configFile: string, resolved: ResolvedBook | undefined, previous: WatchSet | undefined, dependencies: string[] = []): WatchSet {
  const folders = [path.join(PROJECT_ROOT, 'templates'), path.join(PROJECT_ROOT, 'styles')];
  if (!resolved) return { files: [...new Set([configFile, ...(previous?.files ?? [])])], folders, extensions: ['.md'] };
  const notes = resolved.parts.flatMap((p) => p.chapters.flatMap((c) => c.notes.map((n) => n.path)));
  const files = [configFile, ...notes, ...(resolved.glossary ? [resolved.glossary.file] : []), ...(resolved.cover ? [resolved.cover] : []), ...dependencies];
  return { files, folders, extensions: ['.md'] };
}

async function main(argv: string[]): Promise<void> {
  const args = parseBookArgs(argv, { port: { type: 'string' }, out: { type: 'string' }, offline: { type: 'boolean' } }, USAGE);
  if (!args) return;
  const { cwd, configFile } = args;
  const offline = args.values.offline;
  const outDir = args.values.out === undefined ? undefined : path.resolve(cwd, args.values.out);
  const portArg = args.values.port;
  const port = portArg === undefined ? DEFAULT_PORT : Number(portArg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${portArg}: expected a port number 0–65535\n${USAGE}`);

  // Where the last `npm run build` put the PDF (for the print view link); known once config loads.
  let pdfFile = path.join(outDir ?? path.join(path.dirname(configFile), 'build'), 'book.pdf');
  let changedAt: number | undefined;
  const server = new DevServer({
    host: HOST,
    get pdfFile() {
      return pdfFile;
    },
    onPage: () => {
      if (changedAt === undefined) return;
      log(`page served ${Math.round(performance.now() - changedAt)} ms after the change`);
      changedAt = undefined;
    },
  });

  let address;
  for (let attempt = 0; ; attempt++) {
    try {
      address = await server.listen(port + attempt);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // Without --port, take the next free port; with it, say what is wrong.
      if (code === 'EADDRINUSE' && portArg === undefined && attempt < 20) continue;
      throw new InkstoneError(`cannot listen on ${HOST}:${port}: ${(e as Error).message}`, { hint: 'choose another port with --port N' });
    }
  }
  const url = `http://${HOST}:${address.port}/`;
  process.stdout.write(`inkstone: preview at ${url}\n`);

  let watchSet: WatchSet | undefined;
  // What each rebuild can take from the one before (unchanged notes, chapters, images, glossary marks,
  // font subsets, pages: util/memo.ts).
  const memo = new Memo();
  let building = false;
  let again = false;
  const watcher = new SourceWatcher((changed, at) => {
    log(`changed: ${changed.map((f) => path.relative(cwd, f) || f).join(', ')}`);
    changedAt = at;
    void rebuild(at);
  });

  async function rebuild(since?: number): Promise<void> {
    if (building) {
      again = true;
      return;
    }
    building = true;
    const t0 = since ?? performance.now();
    // Watchers are (re)set after the build: a save in between would otherwise be missed.
    const startedAt = Date.now();
    const warnings = new WarningReport({ noVerboseOption: true }); // printed folded once the rebuild is done
    try {
      // The same chain as `npm run build -- --format html`, rendered in memory.
      const { book, rendered } = await build({
        configFile,
        outDir,
        offline,
        formats: ['html'],
        write: false,
        onWarning: warnings.add,
        memo,
      });
      const site = rendered[0]!.output;
      if (site.kind !== 'folder') throw new Error('the HTML renderer made a single file');
      pdfFile = path.join(book.config.output.dir, `${book.config.output.name}.pdf`);
      server.publish({ kind: 'ok', files: site.files });
      watchSet = watchSetOf(configFile, book.config, watchSet, book.dependencies);
      const chapters = book.parts.reduce((n, p) => n + p.chapters.length, 0);
      log(`built ${chapters} chapters in ${Math.round(performance.now() - t0)} ms${since === undefined ? '' : ' (change → rebuilt)'}`);
    } catch (error) {
      const message = errorMessage(error);
      process.stderr.write(`inkstone: error: ${message}\n`);
      const previous = server.currentFiles();
      server.publish({ kind: 'error', message, files: previous });
      // The notes may be unknown (bad book.yaml); watch what we can.
      let resolved: ResolvedBook | undefined;
      try {
        resolved = loadConfig(configFile);
      } catch {
        resolved = undefined;
      }
      watchSet = watchSetOf(configFile, resolved, watchSet);
    } finally {
      warnings.print();
      const watched = watchSet ?? watchSetOf(configFile, undefined, undefined);
      watcher.update(watched);
      building = false;
      if (!again && watched.files.some((f) => (statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) >= startedAt)) {
        changedAt = performance.now();
        again = true;
      }
    }
    if (again) {
      again = false;
      await rebuild(changedAt);
    }
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping the preview');
    watcher.close();
    const forced = setTimeout(() => process.exit(0), 3000);
    forced.unref();
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  await rebuild();
}

runCommand(main);
