// The single-file build opened straight from disk (file://), as from a USB stick in an offline classroom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, openApp, dispatch, state, waitUntilSaved, SCREENSHOTS } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('dist/model-marketplace.html works from file://: sign in, use a model, reload keeps the state', async () => {
  const url = pathToFileURL(resolve('dist/model-marketplace.html')).href;
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) refused.push(m.text()); });
  await openApp(page, url);
  assert.equal((await state(page)).models_count, 48);
  assert.equal((await state(page)).storage.available, true, 'IndexedDB works for the file:// page');

  const { link } = await dispatch(page, { type: 'requestMagicLink', email: 'usb@example.org' });
  assert.ok(link.startsWith(url + '#/auth/magic?token='), link);
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);
  assert.equal((await dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 2000 })).cost_ucr, 2_400);
  await waitUntilSaved(page);

  await page.reload();
  await page.waitForFunction(() => window.marketplace !== undefined);
  await page.evaluate(() => window.marketplace.ready);
  const s = await state(page);
  assert.equal(s.profile.email, 'usb@example.org');
  assert.equal(s.profile.balance_ucr, 25_000_000 - 2_400);
  assert.deepEqual(refused, [], 'nothing was blocked by the page\'s own policy');
  await page.screenshot({ path: `${SCREENSHOTS}/dist-file.png` });
  await context.close();
});
