// Shared helpers for the browser tests: Debian's Chromium with fixed flags, opening and inspecting a
// page, the axe audit, and the crawler that finds one or two pages of every kind.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** The viewports the tests use. */
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };

/** WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A page's transferred bytes, fonts not counted, must stay under this. */
export const PAGE_BUDGET = 150 * 1024;

export const LANGUAGES = ['th', 'en'];

/** Launches Debian's Chromium (never a downloaded browser). */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium fonts-thai-tlwg`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// --- URLs ---------------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Path segments that name a kind of page rather than a record. */
const FIXED_SEGMENTS = new Set(['new', 'edit', 'calendar']);

/**
 * The kind of page a URL shows: record ids become `:id` (framework codes and item codes below
 * `/frameworks/` become `:code`, plain numbers `:n`), query values are dropped and the query keys
 * sorted. `/th/partners/0b6d…/edit` → `/th/partners/:id/edit`; `/en/search?q=x` → `/en/search?q`.
 */
export function pagePattern(url) {
  const u = new URL(url);
  const segments = u.pathname.split('/');
  // segments[0] is '' (the leading slash), [1] the language, [2] the section.
  const pattern = segments
    .map((segment, i) => {
      if (UUID.test(segment)) return ':id';
      if (/^\d+$/.test(segment)) return ':n';
      if (i >= 3 && segments[2] === 'frameworks' && segment !== '' && !FIXED_SEGMENTS.has(segment)) return ':code';
      return segment;
    })
    .join('/');
  const keys = [...new Set(u.searchParams.keys())].sort();
  return keys.length ? `${pattern}?${keys.join('&')}` : pattern;
}

/** `th` or `en` for a path under `/th/` or `/en/`, else null. */
export function languageOfPath(pathname) {
  const first = pathname.split('/')[1];
  return LANGUAGES.includes(first) ? first : null;
}

export function otherLanguage(lang) {
  return lang === 'th' ? 'en' : 'th';
}

/** The same path in the other language: `/th/partners` → `/en/partners`. */
export function switchLanguagePath(pathname) {
  const lang = languageOfPath(pathname);
  if (!lang) return null;
  return `/${otherLanguage(lang)}${pathname.slice(3)}`;
}

/** Path and query of a URL, for messages. */
export function shortUrl(url) {
  const u = new URL(url);
  return decodeURI(u.pathname) + (u.search ? decodeURIComponent(u.search) : '');
}

function isSkippedPath(pathname) {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/assets/');
}

// --- Opening and inspecting a page ----------------------------------------------------------------

function isFont(url, contentType) {
  return (
    /^font\//i.test(contentType) ||
    /(application\/(x-)?font|application\/vnd\.ms-fontobject)/i.test(contentType) ||
    /\.(woff2?|ttf|otf|eot)(\?|#|$)/i.test(new URL(url).pathname)
  );
}

/**
 * Opens `url` in a new page of `context` and records what it loaded: every response with its
 * transferred body size, failed requests and uncaught script errors. Waits for the load event and for
 * the fonts, so that layout is final.
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const resources = [];
  const pending = [];
  const errors = [];
  page.on('response', (response) => {
    pending.push(
      (async () => {
        const request = response.request();
        const contentType = (await response.headerValue('content-type').catch(() => null)) ?? '';
        let bytes = 0;
        try {
          bytes = (await request.sizes()).responseBodySize;
        } catch {
          bytes = (await response.body().catch(() => Buffer.alloc(0))).length;
        }
        const resource = {
          url: response.url(),
          status: response.status(),
          contentType,
          bytes,
          font: isFont(response.url(), contentType),
        };
        resources.push(resource);
        if (resource.status >= 400 && response.url() !== url) {
          errors.push(`${shortUrl(resource.url)} answered ${resource.status}`);
        }
      })(),
    );
  });
  page.on('requestfailed', (request) => {
    errors.push(`${shortUrl(request.url())} failed: ${request.failure()?.errorText}`);
  });
  page.on('pageerror', (error) => errors.push(`script error: ${error.message}`));

  const response = await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await Promise.all(pending);
  const weighed = resources.filter((r) => !r.font);
  return {
    page,
    response,
    status: response?.status() ?? 0,
    contentType: (await response?.headerValue('content-type')) ?? '',
    resources,
    bytes: weighed.reduce((sum, r) => sum + r.bytes, 0),
    heaviest: [...weighed].sort((a, b) => b.bytes - a.bytes).slice(0, 5),
    errors,
  };
}

/** The facts about the open page that the conventions speak of. */
export async function inspectPage(page) {
  return page.evaluate(() => {
    const describe = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += `#${el.id}`;
      if (typeof el.className === 'string' && el.className.trim()) s += `.${el.className.trim().split(/\s+/).join('.')}`;
      return s;
    };
    const links = [...document.querySelectorAll('a[href]')]
      .filter((a) => !a.hasAttribute('download'))
      .map((a) => a.href);
    // A GET form leads to its action with its fields' current values as the query.
    const forms = [...document.querySelectorAll('form')]
      .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
      .map((f) => {
        const target = new URL(f.action, document.baseURI);
        const fields = [...new FormData(f).entries()].filter(([, v]) => typeof v === 'string');
        target.search = new URLSearchParams(fields).toString();
        return target.href;
      });
    const width = window.innerWidth;
    const overflowing = [...document.body.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 0.5;
      })
      .slice(0, 5)
      .map((el) => `${describe(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`);
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      landmarks: {
        header: !!document.querySelector('header'),
        nav: !!document.querySelector('nav'),
        'main#main': !!document.querySelector('main#main'),
        footer: !!document.querySelector('footer'),
      },
      skipLink: !!document.querySelector('a[href="#main"]'),
      languageLinks: Object.fromEntries(
        ['th', 'en'].map((l) => [l, document.querySelector(`a[hreflang="${l}"]`)?.href ?? null]),
      ),
      links: [...links, ...forms],
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: width,
      overflowing,
    };
  });
}

// --- The accessibility audit --------------------------------------------------------------------

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page at each viewport; violations found at any of them. */
export async function axeViolations(page, viewports = [PHONE, DESKTOP]) {
  const found = new Map();
  const original = page.viewportSize();
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    // Legacy mode runs axe in the page itself (and its same-origin frames) instead of finishing the run
    // in an extra blank page: three times faster, and the pages have no cross-origin frames.
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
    for (const v of results.violations) {
      const known = found.get(v.id) ?? { ...v, nodes: [], viewports: [] };
      known.viewports.push(`${viewport.width}×${viewport.height}`);
      for (const node of v.nodes) {
        const key = JSON.stringify(node.target);
        if (!known.nodes.some((n) => JSON.stringify(n.target) === key)) known.nodes.push(node);
      }
      found.set(v.id, known);
    }
  }
  if (original) await page.setViewportSize(original);
  return [...found.values()];
}

/** One readable block per violation: id, impact, what to fix, and the elements (at most 10). */
export function formatViolations(violations, url) {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl}) at ${v.viewports.join(', ')}`);
    for (const node of v.nodes.slice(0, 10)) {
      lines.push(`    ${node.target.join(' ')}`);
      const summary = node.failureSummary?.split('\n').slice(1).map((s) => s.trim()).filter(Boolean).join('; ');
      if (summary) lines.push(`      ${summary}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

// --- The crawler --------------------------------------------------------------------------------

/**
 * Walks the site breadth-first from `seeds`, following same-origin links and GET forms (not `/api/`,
 * not `/assets/`, not links with `download`), at most `perPattern` pages of each {@link pagePattern}
 * and at most `maxPages` pages in all.
 *
 * Yields `{ kind: 'page', url, from, visit }` for each HTML page, with `visit` from {@link openPage}
 * (open at the phone viewport; the page is closed when the next item is asked for), and
 * `{ kind: 'broken', url, from, status }` for a link that answered with an error. Non-HTML targets are
 * left out. Returns (as the generator's value) `{ visited, skipped, capped }`.
 */
export async function* crawl(browser, baseUrl, seeds, { maxPages = 150, perPattern = 2 } = {}) {
  const origin = new URL(baseUrl).origin;
  const queue = seeds.map((s) => ({ url: new URL(s, baseUrl).href, from: '(start)' }));
  const queued = new Set(queue.map((q) => q.url));
  const seenFinal = new Set();
  const perPatternCount = new Map();
  let visited = 0;
  let capped = false;
  const skipped = [];

  while (queue.length) {
    const { url, from } = queue.shift();
    const pattern = pagePattern(url);
    const count = perPatternCount.get(pattern) ?? 0;
    if (count >= perPattern) continue;
    if (visited >= maxPages) {
      capped = true;
      break;
    }
    perPatternCount.set(pattern, count + 1);

    // Ask first, so that non-HTML links (feeds, exports) are never opened in the browser.
    const answer = await fetch(url, { redirect: 'follow' });
    await answer.body?.cancel();
    const finalUrl = answer.url.split('#')[0];
    if (answer.status >= 400) {
      yield { kind: 'broken', url, from, status: answer.status };
      continue;
    }
    if (!(answer.headers.get('content-type') ?? '').startsWith('text/html')) {
      skipped.push(`${shortUrl(url)} (${answer.headers.get('content-type')})`);
      continue;
    }
    if (seenFinal.has(finalUrl)) continue;
    seenFinal.add(finalUrl);
    visited += 1;

    const context = await browser.newContext({ viewport: PHONE });
    try {
      const visit = await openPage(context, finalUrl);
      const facts = await inspectPage(visit.page);
      visit.facts = facts;
      for (const link of facts.links) {
        let target;
        try {
          target = new URL(link);
        } catch {
          continue;
        }
        target.hash = '';
        if (target.origin !== origin || isSkippedPath(target.pathname)) continue;
        if (queued.has(target.href)) continue;
        queued.add(target.href);
        queue.push({ url: target.href, from: finalUrl });
      }
      yield { kind: 'page', url: finalUrl, from, visit };
    } finally {
      await context.close();
    }
  }
  return { visited, skipped, capped };
}
