/** hyphen (Liang's patterns from CTAN): one module per language, e.g. `hyphen/en-us`. */
declare module 'hyphen/*' {
  interface HyphenOptions {
    hyphenChar?: string;
    minWordLength?: number;
    exceptions?: string[];
  }
  export function hyphenateSync(text: string, options?: HyphenOptions): string;
}
