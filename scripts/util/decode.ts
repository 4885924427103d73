/** `%E7%BE%A4` → `群`; text that is not valid percent-encoding stays as written. */
export function safeDecodeURIComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
