// Takes the screenshots in docs/ (not a test; run by hand after a visible change):
//
//   node tests/browser/screenshots.mjs
//
// docs/screenshot-phone.png: /th/ on a 360×800 phone at 2× pixel density, the whole page;
// docs/screenshot-desktop.png: /th/ in a 1280×900 window.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchBrowser } from './lib.mjs';
import { startServer } from './server.mjs';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
const PAGE = '/th/';

const SHOTS = [
  { file: 'screenshot-phone.png', viewport: { width: 360, height: 800 }, deviceScaleFactor: 2, fullPage: true },
  { file: 'screenshot-desktop.png', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, fullPage: false },
];

const server = await startServer();
let browser;
try {
  browser = await launchBrowser();
  for (const shot of SHOTS) {
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: shot.deviceScaleFactor });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.baseUrl}${PAGE}`, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new Error(`${PAGE} answered ${response?.status()}: no screenshot taken`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      const file = path.join(DOCS, shot.file);
      await page.screenshot({ path: file, fullPage: shot.fullPage, animations: 'disabled', caret: 'hide' });
      console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
    } finally {
      await context.close();
    }
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await server.stop();
}
