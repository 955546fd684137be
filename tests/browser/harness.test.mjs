// The harness itself: the server starts on a fresh demo database, answers, and stops cleanly; the
// browser starts and shows a page in the language it says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';

import { LANGUAGES, launchBrowser } from './lib.mjs';
import { startServer } from './server.mjs';

test('a missing binary is a clear error', async () => {
  await assert.rejects(startServer({ bin: '/nonexistent/phakhi', external: null }), /cargo test --workspace.*cargo build/);
});

test('the server starts, answers /healthz and / in the browser, and stops cleanly', async (t) => {
  // Always a server of our own here, even with PHAKHI_BASE_URL set: this is what is under test.
  const server = await startServer({ external: null });
  let stopped = false;
  t.after(async () => {
    if (!stopped) await server.stop();
  });
  assert.match(server.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);

  const health = await fetch(`${server.baseUrl}/healthz`);
  assert.equal(health.status, 200, `/healthz answered ${health.status}`);
  await health.body?.cancel();

  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const response = await page.goto(`${server.baseUrl}/`);
    assert.equal(response?.status(), 200, `/ answered ${response?.status()} (after redirects)`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    assert.ok(LANGUAGES.includes(lang), `/ shows a page with lang="${lang}"`);
  } finally {
    await browser.close();
  }

  const status = await server.stop();
  stopped = true;
  assert.deepEqual(status, { code: 0, signal: null }, `the server did not exit cleanly on SIGTERM: ${server.stderr()}`);
  await assert.rejects(fetch(`${server.baseUrl}/healthz`), 'the server still answers after stop()');
});

test('each server gets its own database, removed on stop', async () => {
  const [a, b] = await Promise.all([startServer({ external: null }), startServer({ external: null })]);
  try {
    assert.notEqual(a.baseUrl, b.baseUrl);
    assert.notEqual(a.databaseDir, b.databaseDir);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  assert.ok(!existsSync(a.databaseDir) && !existsSync(b.databaseDir), 'the temporary directories are gone');
});
