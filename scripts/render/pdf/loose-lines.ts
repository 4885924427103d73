/**
 * Justified lines that would be stretched letter by letter (`现 在 最 主 流 的 … AI`) are set
 * flush left instead. A Chinese line is justified by spacing out its characters; when the next
 * word cannot start on the line (inline code, a name, a number: Latin text breaks only at
 * spaces), the room it leaves is spread over the line, and two or three ems of it show as gaps
 * between every character. Code and URLs get break points after punctuation (line-breaks.ts),
 * which leaves such lines rare, but a plain word like `Assistant` still cannot break.
 *
 * Measured in the print page before the first print (inside atTextBlockWidth): with every
 * paragraph set flush left for a moment (justification does not move line breaks), each line's
 * unused room is read off its text's boxes. A line with more than MAX_SLACK_EM ems of room, not the
 * last of its paragraph, gets a forced line break (`<br>`) where the next line starts: its break
 * stays where it was, and CSS aligns a line ending in a forced break to the start instead of
 * justifying it. Copied text gets a line break where the printed line ends anyway.
 */
import type { Page } from 'puppeteer';

/** Room (in ems of the paragraph's type) above which a line is not justified. */
export const MAX_SLACK_EM = 3;

/** The blocks whose lines are looked at: the chapters' text and the glossary's term lines. */
export const BOOK_BLOCKS = '.chapter p, .chapter li, .chapter dd, .glossary dt, .glossary dd > p';
/** The glossary alone: its page numbers are filled in after the first print (patchBookPage). */
export const GLOSSARY_BLOCKS = '.glossary dt, .glossary dd > p';

/** Sets the loose lines of the loaded print page flush left; returns how many there were. */
export async function unjustifyLooseLines(page: Page, blocks = BOOK_BLOCKS): Promise<number> {
  return page.evaluate((maxSlackEm: number, BLOCKS: string) => {
    const blocks = [...document.querySelectorAll<HTMLElement>(BLOCKS)].filter(
      (b) => getComputedStyle(b).textAlign === 'justify' && !b.querySelector('p, ul, ol, dl, div, pre, table, blockquote, figure, img, svg, br'),
    );
    const measuring = document.createElement('style');
    measuring.textContent = `${BLOCKS} { text-align: left !important; }`;
    document.head.append(measuring);
    const range = document.createRange();
    let count = 0;
    /** The lines of a block: its text fragments' boxes grouped by their vertical middle. */
    const linesOf = (block: HTMLElement, lineHeight: number) => {
      const pieces: Array<{ mid: number; left: number; right: number; node: Text }> = [];
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (!node.data.trim()) continue;
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) if (r.width > 0) pieces.push({ mid: (r.top + r.bottom) / 2, left: r.left, right: r.right, node });
      }
      pieces.sort((a, b) => a.mid - b.mid);
      const lines: (typeof pieces)[] = [];
      for (const p of pieces) {
        const line = lines[lines.length - 1];
        if (line && p.mid - line[0]!.mid < lineHeight / 2) line.push(p);
        else lines.push([p]);
      }
      return lines;
    };
    for (const block of blocks) {
      const style = getComputedStyle(block);
      const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.75;
      const box = block.getBoundingClientRect();
      if (box.height < lineHeight * 1.5) continue;
      const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
      const maxSlack = maxSlackEm * parseFloat(style.fontSize);
      // One break at a time, measuring again after each: a forced break can move the text after
      // it (the eighth-em autospace between a Chinese character and a Latin word goes with it).
      for (let from = 0; ; ) {
        const lines = linesOf(block, lineHeight);
        let i = from;
        while (i + 1 < lines.length && right - Math.max(...lines[i]!.map((p) => p.right)) <= maxSlack) i++;
        if (i + 1 >= lines.length) break;
        // Where the next line starts: its leftmost fragment, at its first character on that line.
        const first = lines[i + 1]!.reduce((a, b) => (b.left < a.left ? b : a));
        const lineMid = lines[i + 1]![0]!.mid;
        let lo = 0;
        let hi = first.node.length - 1;
        while (lo < hi) {
          const m = (lo + hi) >> 1;
          range.setStart(first.node, m);
          range.setEnd(first.node, m + 1);
          const r = range.getBoundingClientRect();
          if ((r.top + r.bottom) / 2 < lineMid - lineHeight / 2) lo = m + 1;
          else hi = m;
        }
        let before: Node = lo > 0 ? first.node.splitText(lo) : first.node;
        // At the start of an inline element (code, a link): the break goes before the element.
        while (before.parentNode !== block && before.parentNode && !before.previousSibling) before = before.parentNode;
        before.parentNode!.insertBefore(document.createElement('br'), before);
        count++;
        from = i + 1;
      }
    }
    measuring.remove();
    return count;
  }, MAX_SLACK_EM, blocks);
}
