// Puppeteer's own Chrome download is skipped: `npm install` must never fail for want of a
// browser download (no internet on some machines). scripts/browser/launch.ts finds or installs
// a browser when the PDF is first built.
module.exports = { skipDownload: true };
