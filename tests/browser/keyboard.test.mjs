// Keyboard use of the home pages: the first Tab reaches the skip link, which is then visible and
// leads into <main>; every focused element shows where the focus is.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { DESKTOP, LANGUAGES, launchBrowser } from './lib.mjs';
import { startServer } from './server.mjs';

const CHECKED = 10;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** What the keyboard focus is on, and whether it can be seen. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    let name = el.tagName.toLowerCase();
    if (el.id) name += `#${el.id}`;
    const href = el.getAttribute('href');
    if (href) name += `[href="${href}"]`;
    const text = (el.innerText || el.getAttribute('aria-label') || el.value || '').trim().slice(0, 40);
    return {
      element: text ? `${name} “${text}”` : name,
      isSkipLink: el.matches('a[href="#main"]'),
      inMain: !!el.closest('main'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      boxShadow: style.boxShadow,
      indicated:
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow && style.boxShadow !== 'none'),
      rect: { top: rect.top, left: rect.left, width: rect.width, height: rect.height },
      viewport: { width: window.innerWidth, height: window.innerHeight },
    };
  });
}

async function openHome(lang) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  const response = await page.goto(`${server.baseUrl}/${lang}/`);
  assert.equal(response?.status(), 200, `/${lang}/ answered ${response?.status()}`);
  return { context, page };
}

for (const lang of LANGUAGES) {
  test(`/${lang}/: the first Tab focuses the skip link, and it is visible then`, async () => {
    const { context, page } = await openHome(lang);
    try {
      await page.keyboard.press('Tab');
      const first = await focused(page);
      assert.ok(first, 'Tab focused nothing');
      assert.ok(first.isSkipLink, `the first Tab focused ${first.element}, not the skip link a[href="#main"]`);
      const { rect, viewport } = first;
      assert.ok(
        rect.width > 1 && rect.height > 1 && rect.top >= 0 && rect.left >= 0 && rect.top + rect.height <= viewport.height &&
          rect.left + rect.width <= viewport.width,
        `the focused skip link is not visibly on screen: ${JSON.stringify(rect)}`,
      );
    } finally {
      await context.close();
    }
  });

  test(`/${lang}/: focus is visible on the first ${CHECKED} focusable elements`, async () => {
    const { context, page } = await openHome(lang);
    try {
      const seen = [];
      for (let i = 0; i < CHECKED; i++) {
        await page.keyboard.press('Tab');
        const now = await focused(page);
        // Fewer than ten focusable elements: the focus has left the page or come round again.
        if (!now || (i > 0 && now.isSkipLink)) break;
        seen.push(now);
      }
      assert.ok(seen.length > 0, 'Tab focused nothing');
      const invisible = seen.filter((f) => !f.indicated);
      assert.deepEqual(
        invisible.map((f) => `${f.element} (outline: ${f.outline}; box-shadow: ${f.boxShadow})`),
        [],
        'focused without a visible outline or box-shadow',
      );
    } finally {
      await context.close();
    }
  });

  test(`/${lang}/: following the skip link moves the keyboard into <main>`, async () => {
    const { context, page } = await openHome(lang);
    try {
      await page.keyboard.press('Tab');
      assert.ok((await focused(page))?.isSkipLink, 'the first Tab did not focus the skip link');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#main');
      // Focus is on <main> itself (tabindex="-1") or, after one more Tab, on the first thing in it.
      let now = await focused(page);
      if (!now?.inMain) {
        await page.keyboard.press('Tab');
        now = await focused(page);
      }
      assert.ok(now?.inMain, `after the skip link, focus went to ${now?.element ?? 'nothing'}, not into <main>`);
    } finally {
      await context.close();
    }
  });
}
