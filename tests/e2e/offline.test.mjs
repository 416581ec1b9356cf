// Offline-first and static hosting: the service worker serves the app with no network, the site works
// under a sub-path, and a new deployment is offered as a reload that then runs the new version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, dispatch, state, waitUntilSaved, SCREENSHOTS } from './browser.mjs';
import { startServer } from '../../scripts/serve.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Waits until the service worker controls the page (it claims the page on its first activation).
const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null);
async function reloadReady(page) {
  await page.reload();
  await page.waitForFunction(() => window.marketplace !== undefined);
  await page.evaluate(() => window.marketplace.ready);
}

test('offline: after one visit the app starts, signs in by magic link and calls work with no network', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  await controlled(page);
  await context.setOffline(true);
  assert.equal(await page.evaluate(() => navigator.onLine), false);
  await reloadReady(page);
  assert.equal((await state(page)).models_count, 48);

  const { link } = await dispatch(page, { type: 'requestMagicLink', email: 'offline@example.org' });
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);
  const call = await dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 1000 });
  assert.equal(call.cost_ucr, 1_200);
  await waitUntilSaved(page);
  await reloadReady(page);
  assert.equal((await state(page)).profile.balance_ucr, 25_000_000 - 1_200);
  await page.screenshot({ path: `${SCREENSHOTS}/offline.png` });
  await context.close();
});

test('the site works under a sub-path, service worker included', async () => {
  const served = await startServer('build/web', { prefix: '/some/path/' });
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, served.url);
  assert.equal((await state(page)).models_count, 48);
  await controlled(page);
  assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), served.url + 'sw.js');
  await reloadReady(page);  // now from the service worker's cache
  assert.equal((await state(page)).route, '/market');
  await context.close();
  served.server.close();
});

test('a new deployment is offered as a reload, and after it the new version runs', async () => {
  const site = mkdtempSync(join(tmpdir(), 'mm-site-'));
  cpSync('build/web', site, { recursive: true });
  const served = await startServer(site);
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, served.url);
  await controlled(page);
  const oldVersion = readFileSync(join(site, 'version.txt'), 'utf8').trim();
  assert.equal(await page.isVisible('#update'), false);

  // Deploy: a changed page and a service worker with a new version, at the same URL.
  const html = readFileSync(join(site, 'index.html'), 'utf8');
  writeFileSync(join(site, 'index.html'), html.replace('<title>', '<meta name="mm-build" content="second">\n  <title>'));
  const sw = readFileSync(join(site, 'sw.js'), 'utf8');
  writeFileSync(join(site, 'sw.js'), sw.replace(`const VERSION = '${oldVersion}'`, "const VERSION = 'second-build'"));

  await page.evaluate(() => window.mmCheckForUpdate());
  await page.waitForSelector('#update:not([hidden])');
  assert.equal(await page.$('meta[name=mm-build]'), null, 'the open page still runs the old version');
  await page.screenshot({ path: `${SCREENSHOTS}/update-offered.png` });
  await Promise.all([page.waitForEvent('load'), page.click('#update-reload')]);
  await page.waitForFunction(() => window.marketplace !== undefined);
  await page.evaluate(() => window.marketplace.ready);
  assert.equal(await page.getAttribute('meta[name=mm-build]', 'content'), 'second');
  // Named after the scope too, so another copy of the app on this origin keeps its own caches.
  assert.deepEqual(await page.evaluate(() => caches.keys()), ['model-marketplace / second-build'],
                   'the old version\'s cache is gone');
  await context.close();
  served.server.close();
  rmSync(site, { recursive: true, force: true });
});
