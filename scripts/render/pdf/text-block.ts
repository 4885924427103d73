/**
 * Measuring the print layout before printing. Chromium lays a page out for the screen at the
 * viewport's width and for print at the page's; to measure what will be printed (does a table
 * fit, how loose is a line), the body is given the exact width of the printed text block (the
 * page width less the @page margins of print.css) while the measurements run. Same fonts, same
 * CSS, same width: the same line breaks as on paper.
 */
import type { Page } from 'puppeteer';

export async function atTextBlockWidth<T>(page: Page, pageWidth: string, work: () => Promise<T>): Promise<T> {
  const px = await page.evaluate((width: string) => {
    let left = '0px';
    let right = '0px';
    for (const sheet of document.styleSheets) {
      for (const rule of sheet.cssRules) {
        if (!(rule instanceof CSSPageRule) || rule.selectorText !== '') continue;
        if (rule.style.marginLeft) left = rule.style.marginLeft;
        if (rule.style.marginRight) right = rule.style.marginRight;
      }
    }
    document.body.style.width = `calc(${width} - ${left} - ${right})`;
    return document.body.getBoundingClientRect().width;
  }, pageWidth);
  await page.setViewport({ width: Math.ceil(px) + 1, height: 1000 });
  try {
    return await work();
  } finally {
    await page.evaluate(() => document.body.style.removeProperty('width'));
  }
}
