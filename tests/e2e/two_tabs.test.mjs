// Two tabs of one browser on one storage: every committed command from either tab is kept (Web Locks
// serialize the writers; BroadcastChannel tells the other tab to catch up).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, dispatch, state, signIn, waitUntilSaved } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('200 interleaved calls from two tabs are all kept and both tabs show the same balance', async () => {
  const context = await env.browser.newContext();
  const a = await context.newPage();
  await openApp(a, env.url);
  await signIn(a, 'tabs@example.org');
  assert.ok((await dispatch(a, { type: 'unlock', slug: 'quill-7b' })).ok);
  await waitUntilSaved(a);
  const b = await context.newPage();
  await openApp(b, env.url);
  assert.equal((await state(b)).profile?.email, 'tabs@example.org', 'the second tab sees the profile');

  // Fired at once from both pages; each waits its turn for the lock.
  const calls = [];
  for (let i = 0; i < 200; ++i) {
    const page = i % 2 === 0 ? a : b;
    calls.push(dispatch(page, { type: 'use', slug: 'quill-7b', tokens: 100 + i, id: `tab-call-${i}` }));
  }
  const results = await Promise.all(calls);
  assert.deepEqual(results.filter((r) => !r.ok), [], 'every call succeeded');
  const spent = results.reduce((sum, r) => sum + r.cost_ucr, 0);
  assert.equal(spent, Array.from({ length: 200 }, (_, i) => Math.ceil((100 + i) * 1200 / 1000)).reduce((x, y) => x + y));

  // Both tabs catch up (the last writer told the other one) and agree. Waits for the condition, however long a
  // busy machine takes (the 10-minute cap only turns a hang into a failure).
  for (const page of [a, b]) {
    await page.waitForFunction(() => window.marketplace.state().journal_records === 202, null, { timeout: 600_000 });
    assert.equal((await state(page)).profile.balance_ucr, 25_000_000 - spent);
  }
  const exported = await a.evaluate(() => window.marketplace.exportState());
  assert.equal(exported.records.filter((r) => r.kind === 'use').length, 200, 'the journal holds all 200');

  // And a reload in either tab still has them.
  await waitUntilSaved(b);
  await b.reload();
  await b.evaluate(() => window.marketplace.ready);
  assert.equal((await state(b)).profile.balance_ucr, 25_000_000 - spent);
  await context.close();
});
