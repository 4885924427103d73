/**
 * One browser per build, started by whoever needs it first: the PDF renderer starts it early
 * (while the notes are read), the diagrams (assets stage) only when a diagram is not in the
 * cache. A build that needs neither never starts a browser. build.ts owns it and closes it.
 */
import { launchBrowser, resolveBrowser, type BrowserPurpose, type LaunchedBrowser } from './launch.ts';

export interface StartedBrowser {
  executable: string;
  launched: LaunchedBrowser;
}

export class SharedBrowser {
  private started?: Promise<StartedBrowser>;

  constructor(private readonly progress: (message: string) => void = () => {}) {}

  /** The browser, found (or installed) and launched on the first call. `purpose` names the stage in errors. */
  get(purpose: BrowserPurpose = 'PDF'): Promise<StartedBrowser> {
    if (!this.started) {
      this.started = (async () => {
        const executable = await resolveBrowser(this.progress, purpose);
        return { executable, launched: await launchBrowser(executable, purpose) };
      })();
      this.started.catch(() => {}); // reported to whoever awaits it
    }
    return this.started;
  }

  /** Whether anything asked for the browser (a test can check that a build did not). */
  get wasStarted(): boolean {
    return this.started !== undefined;
  }

  /** Closes the browser if it was started; safe to call twice. */
  async close(): Promise<void> {
    const started = await this.started?.catch(() => undefined);
    await started?.launched.close();
  }
}
