/** What drawing one diagram gives: its SVG (XML text, in the book's fonts), or the parser's message. */
export type DiagramResult = { ok: true; svg: string } | { ok: false; message: string };
