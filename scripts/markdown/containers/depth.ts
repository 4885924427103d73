/**
 * Refuses callouts and tabs nested absurdly deep before they are parsed, as nesting.ts does for
 * quotes and lists: each level is parsed by a tokenizer of its own, so thousands of levels
 * (`!!!` indented 4 more spaces each time, `::::…` fences one colon shorter each time) take
 * minutes. No real note needs more than a handful, so deeper nesting is an error naming the line.
 */
import { InkstoneError } from '../../errors.ts';
import { MAX_NESTING } from '../nesting.ts';

const INDENTED = /^([ \t]*)(?:!!!|\?\?\?|===)/;
const FENCE = /^[ \t]*(:{3,})[ \t]*(\S?)/;
const LIQUID = /^[ \t]*\{%-?[ \t]*(end)?(hint|tabs|tab)\b/;

function columns(indent: string): number {
  let n = 0;
  for (const c of indent) n = c === '\t' ? n + 4 - (n % 4) : n + 1;
  return n;
}

/** Throws an InkstoneError naming file:line when containers nest deeper than MAX_NESTING. */
export function checkContainerDepth(markdown: string, file: string): void {
  const fences: number[] = [];
  let liquid = 0;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let depth = 0;
    const indented = INDENTED.exec(line);
    if (indented) depth = Math.floor(columns(indented[1]!) / 4) + 1;
    const fence = FENCE.exec(line);
    if (fence) {
      const size = fence[1]!.length;
      if (fence[2]) fences.push(size);
      // A closing fence closes the innermost container it is long enough for.
      else if (fences.length > 0 && size >= fences[fences.length - 1]!) fences.pop();
      depth = Math.max(depth, fences.length);
    }
    const tag = LIQUID.exec(line);
    if (tag) {
      liquid = Math.max(0, liquid + (tag[1] ? -1 : 1));
      depth = Math.max(depth, liquid);
    }
    if (depth > MAX_NESTING) {
      throw new InkstoneError(`callouts or tabs nested ${depth} levels deep; at most ${MAX_NESTING} are supported`, {
        position: { file, line: i + 1, column: 1 },
        hint: 'Flatten the nesting (is this generated text?).',
      });
    }
  }
}
