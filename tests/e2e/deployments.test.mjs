// One origin, several copies of the app (two GitHub Pages projects of one user, a preview next to
// production): each keeps its own journal, lock, channel and offline caches, named after its base path. A
// copy on a sub-path adopts what the origin-wide database held before names were scoped, once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, dispatch, state, signIn, waitUntilSaved } from './browser.mjs';
import { startServer } from '../../scripts/serve.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('two copies on one origin keep separate state and caches; a sub-path copy adopts the old shared state', async () => {
  const site = mkdtempSync(join(tmpdir(), 'mm-origin-'));
  cpSync('build/web', site, { recursive: true });  // the root copy: the names used before scoping
  cpSync('build/web', join(site, 'a'), { recursive: true });
  cpSync('build/web', join(site, 'b'), { recursive: true });
  const served = await startServer(site);
  const context = await env.browser.newContext();
  const page = await context.newPage();

  // State saved by the root copy (the original, origin-wide database).
  await openApp(page, served.url);
  await signIn(page, 'old@example.org');
  await waitUntilSaved(page);

  // Copy A adopts it once, then goes its own way.
  await openApp(page, served.url + 'a/');
  let s = await state(page);
  assert.equal(s.profile?.email, 'old@example.org', 'the saved state was adopted, not lost');
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);
  assert.equal((await dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 1000 })).ok, true);
  await waitUntilSaved(page);

  // Copy B: adopted the same old state, but never sees A's call.
  await openApp(page, served.url + 'b/');
  s = await state(page);
  assert.equal(s.profile?.email, 'old@example.org');
  assert.equal(s.profile.total_calls, 0, "B does not share A's journal");
  await signIn(page, 'bee@example.org');
  await waitUntilSaved(page);

  await openApp(page, served.url + 'a/');
  s = await state(page);
  assert.equal(s.profile.total_calls, 1);
  assert.deepEqual(s.profiles.map((p) => p.email).sort(), ['old@example.org'], "A does not see B's new profile");
  await openApp(page, served.url);
  assert.equal((await state(page)).profiles.length, 1, 'the root copy is untouched by both');

  // Each copy's service worker keeps its own cache; neither deletes the other's.
  // (A page under /a/ is first controlled by the root copy's worker, whose scope covers it: wait for the
  // copy's own cache, not for any controller.)
  const hasCache = (prefix) => page.evaluate(async (p) => (await caches.keys()).some((name) => name.startsWith(p)), prefix);
  for (const path of ['a/', 'b/']) {
    await openApp(page, served.url + path);
    while (!(await hasCache(`model-marketplace /${path} `))) await new Promise((r) => setTimeout(r, 100));
  }
  const caches = await page.evaluate(() => caches.keys());
  assert.ok(caches.some((name) => name.startsWith('model-marketplace /a/ ')), caches.join(', '));
  assert.ok(caches.some((name) => name.startsWith('model-marketplace /b/ ')), caches.join(', '));
  await context.close();
  served.server.close();
  rmSync(site, { recursive: true, force: true });
});
