// The automated audit: every kind of page reachable from /th/ and /en/ is accessible (axe, WCAG 2.1
// A and AA), in the language its path says, usable on a 360 px phone without sideways scrolling,
// light (under 150 KB without fonts), built on the page conventions (landmarks, skip link) and
// linked to itself in the other language.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  DESKTOP,
  LANGUAGES,
  PAGE_BUDGET,
  PHONE,
  axeViolations,
  crawl,
  formatViolations,
  inspectPage,
  languageOfPath,
  launchBrowser,
  openPage,
  otherLanguage,
  pagePattern,
  shortUrl,
  switchLanguagePath,
} from './lib.mjs';
import { startServer } from './server.mjs';

/** Where the crawl starts. The searches are there so that a page of results is audited too. */
const SEEDS = ['/th/', '/en/', '/th/search?q=ขอนแก่น', '/en/search?q=Khon+Kaen'];

/** Kinds of page the crawl must reach (in each language), so that a broken navigation is noticed. */
const EXPECTED_PATTERNS = [
  '/',
  '/partners',
  '/partners/:id',
  '/networks',
  '/networks/:id',
  '/agreements',
  '/agreements/:id',
  '/programmes',
  '/programmes/:id',
  '/activities',
  '/activities/:id',
  '/activities/calendar',
  '/plans',
  '/plans/:id',
  '/indicators',
  '/indicators/:id',
  '/gaps?fiscal_year',
  '/frameworks',
  '/frameworks/:code',
  '/search?q',
];

const SECTIONS = ['partners', 'networks', 'agreements', 'programmes', 'activities', 'plans', 'indicators', 'frameworks'];

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

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/** The checks every page must pass; `visit` comes from openPage, at the phone viewport. */
async function checkPage(t, url, visit, { expectStatus = 200, languageSwitch = true } = {}) {
  const { page, facts } = visit;
  const path = new URL(url).pathname;

  await t.test(`answers ${expectStatus} with HTML and loads without errors`, () => {
    assert.equal(visit.status, expectStatus, `${shortUrl(url)} answered ${visit.status}`);
    assert.match(visit.contentType, /^text\/html/, `${shortUrl(url)} is ${visit.contentType}, not HTML`);
    assert.deepEqual(visit.errors, [], `loading ${shortUrl(url)}:\n${visit.errors.join('\n')}`);
  });

  await t.test('<html lang> matches the path', () => {
    const expected = languageOfPath(path);
    if (expected) {
      assert.equal(facts.lang, expected, `${shortUrl(url)} has <html lang="${facts.lang}">`);
    } else {
      assert.ok(LANGUAGES.includes(facts.lang), `${shortUrl(url)} has <html lang="${facts.lang}">`);
    }
  });

  await t.test('has header, nav, main#main, footer and a skip link to #main', () => {
    const missing = Object.entries(facts.landmarks)
      .filter(([, present]) => !present)
      .map(([name]) => name);
    if (!facts.skipLink) missing.push('a[href="#main"] (skip link)');
    assert.deepEqual(missing, [], `${shortUrl(url)} lacks: ${missing.join(', ')}`);
  });

  await t.test(`no horizontal scrolling at ${PHONE.width}×${PHONE.height}`, () => {
    assert.ok(
      facts.scrollWidth <= facts.innerWidth,
      `${shortUrl(url)} is ${facts.scrollWidth}px wide in a ${facts.innerWidth}px viewport; ` +
        `sticking out: ${facts.overflowing.join(', ') || '(no single element found)'}`,
    );
  });

  await t.test(`weighs under ${kb(PAGE_BUDGET)} without fonts`, () => {
    assert.ok(
      visit.bytes < PAGE_BUDGET,
      `${shortUrl(url)} transferred ${kb(visit.bytes)} without fonts; heaviest: ` +
        visit.heaviest.map((r) => `${shortUrl(r.url)} ${kb(r.bytes)}`).join(', '),
    );
  });

  if (languageSwitch) {
    await t.test('links to the same page in the other language, and that page exists', async () => {
      const lang = languageOfPath(path) ?? facts.lang;
      const other = otherLanguage(lang);
      const href = facts.languageLinks[other];
      assert.ok(href, `${shortUrl(url)} has no a[hreflang="${other}"]`);
      const target = new URL(href);
      const expected = switchLanguagePath(path);
      if (expected) {
        assert.equal(target.pathname, expected, `the language switch on ${shortUrl(url)} leads to ${shortUrl(href)}`);
      }
      const answer = await fetch(target, { redirect: 'follow' });
      await answer.body?.cancel();
      assert.equal(answer.status, 200, `the language switch on ${shortUrl(url)} leads to ${shortUrl(href)}, which answered ${answer.status}`);
    });
  }

  await t.test('no accessibility violations (axe: WCAG 2.0/2.1 A and AA, phone and desktop widths)', async () => {
    const violations = await axeViolations(page, [PHONE, DESKTOP]);
    assert.ok(violations.length === 0, formatViolations(violations, shortUrl(url)));
  });
}

test('/ redirects to /th/ or /en/', async () => {
  const answer = await fetch(`${server.baseUrl}/`, { redirect: 'manual' });
  assert.ok(answer.status >= 300 && answer.status < 400, `/ answered ${answer.status}, not a redirect`);
  const location = new URL(answer.headers.get('location'), `${server.baseUrl}/`);
  assert.match(location.pathname, /^\/(th|en)\/$/, `/ redirects to ${location.pathname}`);
});

for (const lang of LANGUAGES) {
  test(`/${lang}/: the main navigation links every section`, async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      const response = await page.goto(`${server.baseUrl}/${lang}/`);
      assert.equal(response?.status(), 200, `/${lang}/ answered ${response?.status()}`);
      const missing = [];
      for (const section of SECTIONS) {
        const selector = `nav a[href="/${lang}/${section}"]`;
        if ((await page.locator(selector).count()) === 0) missing.push(selector);
      }
      assert.deepEqual(missing, [], `/${lang}/ lacks ${missing.join(', ')}`);
    } finally {
      await context.close();
    }
  });
}

test('every kind of page reachable from /th/ and /en/ passes the audit', async (t) => {
  const reached = new Set();
  const iterator = crawl(browser, server.baseUrl, SEEDS, { maxPages: 150, perPattern: 2 });
  let summary;
  for (;;) {
    const { value, done } = await iterator.next();
    if (done) {
      summary = value;
      break;
    }
    if (value.kind === 'broken') {
      await t.test(shortUrl(value.url), () => {
        assert.fail(`${shortUrl(value.url)} (linked from ${value.from === '(start)' ? 'the start list' : shortUrl(value.from)}) answered ${value.status}`);
      });
      continue;
    }
    reached.add(pagePattern(value.url));
    await t.test(shortUrl(value.url), (t) => checkPage(t, value.url, value.visit));
  }

  t.diagnostic(`audited ${summary.visited} page(s) of ${reached.size} kind(s): ${[...reached].map(decodeURI).sort().join(' ')}`);
  if (summary.skipped.length) t.diagnostic(`not HTML, not audited: ${summary.skipped.join(', ')}`);
  if (summary.capped) t.diagnostic('stopped at the page limit: some pages were not audited');

  await t.test('the crawl reached every kind of page', () => {
    const missing = LANGUAGES.flatMap((lang) => EXPECTED_PATTERNS.map((p) => `/${lang}${p}`)).filter((p) => !reached.has(p));
    assert.deepEqual(missing, [], `no link led to: ${missing.join(' ')}`);
  });
});

for (const lang of LANGUAGES) {
  test(`/${lang}/no-such-page answers 404 with ${lang === 'th' ? 'a Thai' : 'an English'} page`, async (t) => {
    const url = `${server.baseUrl}/${lang}/no-such-page`;
    const context = await browser.newContext({ viewport: PHONE });
    try {
      const visit = await openPage(context, url);
      visit.facts = await inspectPage(visit.page);
      await checkPage(t, url, visit, { expectStatus: 404, languageSwitch: false });
    } finally {
      await context.close();
    }
  });
}
