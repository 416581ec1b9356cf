// People upgrade with state saved by older versions, and may keep an older version open in another tab.
// Real Chromium, real IndexedDB in Emscripten IDBFS's format; the older versions' behaviour is reproduced on
// the stored entries themselves (their layout, their announcement), as such a tab would leave them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, dispatch, state, signIn, waitUntilSaved } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const GENERATION = '/persist\u0000generation';

// In the page: runs `work(store, result)` in one readwrite transaction on the app's IDBFS database (the root
// copy's name) and resolves with `result` once it has committed. (Added as an init script: the page's
// Content-Security-Policy allows no eval.)
function addStoreAccess(context) {
  return context.addInitScript(() => {
    window.__withStore = (work) => new Promise((resolve, reject) => {
      const open = indexedDB.open('/persist', 21);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction(['FILE_DATA'], 'readwrite');
        const result = {};
        work(tx.objectStore('FILE_DATA'), result);
        tx.oncomplete = () => { open.result.close(); resolve(result); };
        tx.onerror = tx.onabort = () => reject(tx.error);
      };
    });
  });
}

test('a state saved in the older layout (one file per segment, no generation) loads and is continued', async () => {
  const context = await env.browser.newContext();
  await addStoreAccess(context);
  const page = await context.newPage();
  await openApp(page, env.url);
  await signIn(page, 'upgrade@example.org');
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);
  for (let i = 0; i < 20; ++i) assert.ok((await dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 100 })).ok);
  await waitUntilSaved(page);
  const before = await state(page);

  // What an older version stored: the active segment as one file, no chunks, no generation entry.
  const converted = await page.evaluate((generationKey) => window.__withStore((store, result) => {
    const keys = store.getAllKeys();
    keys.onsuccess = () => {
      const chunks = keys.result.filter((k) => /^\/persist\/journal-000001\.\d{3}\.jsonl$/.test(k)).sort();
      result.chunks = chunks.length;
      const parts = new Map();
      let mode = 0;
      for (const key of chunks) {
        store.get(key).onsuccess = (e) => {
          parts.set(key, e.target.result.contents);
          mode = e.target.result.mode;
          if (parts.size < chunks.length) return;
          const whole = new Uint8Array([...parts.values()].reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const k of chunks) { whole.set(parts.get(k), at); at += parts.get(k).length; }
          store.put({ timestamp: new Date(), mode, contents: whole }, '/persist/journal-000001.jsonl');
          for (const k of chunks) store.delete(k);
          store.delete(generationKey);
        };
      }
    };
  }), GENERATION);
  assert.ok(converted.chunks >= 3, 'the journal was kept in chunks');

  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  let after = await state(page);
  assert.equal(after.load_warning, '', 'it loads clean');
  assert.equal(after.journal_records, before.journal_records);
  assert.equal(after.profile.balance_ucr, before.profile.balance_ucr);

  // New calls continue that history and survive a reload.
  for (let i = 0; i < 8; ++i) assert.ok((await dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 100 })).ok);
  await waitUntilSaved(page);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  after = await state(page);
  assert.equal(after.load_warning, '');
  assert.equal(after.journal_records, before.journal_records + 8);
  assert.equal(after.profile.total_calls, before.profile.total_calls + 8);
  await context.close();
});

// Two tabs on one signed-in profile (quill-7b unlocked); tab b then stands in for an older version of the app:
// its call (id `callId`) is stored, but the generation tab a last saw is put back and nothing is announced
// yet. Returns both pages and `announce()`, which sends the older version's 'saved'.
async function olderTabSaves(context, email, callId) {
  await addStoreAccess(context);
  const a = await context.newPage();
  await openApp(a, env.url);
  await signIn(a, email);
  assert.ok((await dispatch(a, { type: 'unlock', slug: 'quill-7b' })).ok);
  await waitUntilSaved(a);
  const b = await context.newPage();
  await openApp(b, env.url);
  await waitUntilSaved(b);
  await waitUntilSaved(a);

  const { generation } = await b.evaluate((key) => window.__withStore((store, result) => {
    store.get(key).onsuccess = (e) => { result.generation = e.target.result.generation; };
  }), GENERATION);
  await b.evaluate(() => {
    window.__announce = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = () => {};
  });
  assert.ok((await dispatch(b, { type: 'use', slug: 'quill-7b', tokens: 500, id: callId })).ok);
  await waitUntilSaved(b);
  await b.evaluate(([key, value]) => window.__withStore((store) => { store.put({ generation: value }, key); }), [GENERATION, generation]);
  const announce = () => b.evaluate(() => window.__announce.call(new BroadcastChannel('model-marketplace'), 'saved'));
  return { a, b, announce };
}

test("an older version's save in another tab (no generation, 'saved' announced) is taken in, never overwritten", async () => {
  const context = await env.browser.newContext();
  const { a, announce } = await olderTabSaves(context, 'old-tab@example.org', 'from-the-older-tab');
  await announce();

  await a.waitForFunction(() => window.marketplace.state().profile.total_calls === 1);
  assert.ok((await dispatch(a, { type: 'use', slug: 'quill-7b', tokens: 100, id: 'from-this-tab' })).ok);
  await waitUntilSaved(a);
  const ids = (await a.evaluate(() => window.marketplace.exportState())).records.map((r) => r.cmd_id);
  assert.ok(ids.includes('from-the-older-tab') && ids.includes('from-this-tab'), 'both calls are kept');
  const fresh = await context.newPage();
  await openApp(fresh, env.url);
  assert.equal((await state(fresh)).profile.total_calls, 2, 'and a new tab loads both');
  await context.close();
});

test("a store that would overwrite an older tab's unannounced save is refused: not_saved, and its save is kept", async () => {
  const context = await env.browser.newContext();
  // The older tab's 'saved' has not arrived yet (it is sent after its lock is released).
  const { a } = await olderTabSaves(context, 'race@example.org', 'older-tab-call');

  // Tab a's next command would write the same journal chunk: it is refused and says so.
  const refused = await dispatch(a, { type: 'use', slug: 'quill-7b', tokens: 100, id: 'racing-call' });
  assert.equal(refused.ok, false);
  assert.equal(refused.error, 'not_saved');
  await waitUntilSaved(a);
  assert.equal((await state(a)).profile.total_calls, 1, "tab a now shows the older tab's call");
  // Tried again, it is stored; both calls are kept, a reload shows them, and a new tab loads both.
  assert.ok((await dispatch(a, { type: 'use', slug: 'quill-7b', tokens: 100, id: 'racing-call-again' })).ok);
  await waitUntilSaved(a);
  await a.reload();
  await a.evaluate(() => window.marketplace.ready);
  assert.equal((await state(a)).profile.total_calls, 2, 'kept across a reload');
  const fresh = await context.newPage();
  await openApp(fresh, env.url);
  const ids = (await fresh.evaluate(() => window.marketplace.exportState())).records.map((r) => r.cmd_id);
  assert.ok(ids.includes('older-tab-call') && ids.includes('racing-call-again') && !ids.includes('racing-call'));
  await context.close();
});
