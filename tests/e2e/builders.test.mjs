// Builders mode and the monetization sandbox, driven like a person: typing into the listing form, switching
// profiles from the header menu, dragging the price slider with the mouse, and "Run it".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, clickWidget, waitUntilSaved, state, dispatch, frames, signIn, typeInto, SCREENSHOTS }
  from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const located = (page, id) => page.evaluate((i) => window.marketplace.locate(i) !== null, id);

test('list a model as A, use it as B, and A sees the revenue; price changes keep past calls', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openApp(page, env.url);
  await signIn(page, 'ada@example.org');
  await frames(page);
  await clickWidget(page, 'header.builders');
  assert.equal((await state(page)).route, '/builders');

  // An empty form lists nothing and says what each field needs.
  await clickWidget(page, 'builders.submit');
  for (const field of ['name', 'slug', 'tags', 'description'])
    assert.ok(await located(page, 'builders.error.' + field), `message next to ${field}`);
  assert.deepEqual((await state(page)).profile.listings, []);
  await page.screenshot({ path: `${SCREENSHOTS}/builders-errors.png` });

  await typeInto(page, 'builders.name', 'Tiny Poet');
  await typeInto(page, 'builders.tags', 'poetry, small');
  await typeInto(page, 'builders.price', '0.004');
  await typeInto(page, 'builders.latency', '350');
  await typeInto(page, 'builders.description', 'Writes short poems about anything you like.');
  await clickWidget(page, 'builders.category');
  await clickWidget(page, 'builders.category.Tooling');
  assert.equal(await located(page, 'builders.error.name'), false, 'fixed fields lose their message');
  await page.screenshot({ path: `${SCREENSHOTS}/builders-form.png` });
  await clickWidget(page, 'builders.submit');
  await page.waitForFunction(() => window.marketplace.state().profile.listings.length === 1);
  let s = await state(page);
  assert.deepEqual(s.profile.listings[0],
                   { slug: 'tiny-poet', name: 'Tiny Poet', price_per_1k_ucr: 4000,
                     charge_model: { type: 'standard', price_per_1k_ucr: 4000 }, calls: 0, tokens: 0, revenue_ucr: 0 });
  // In the market at once, owned by Ada.
  await dispatch(page, { type: 'navigate', route: '/market?q=tiny%20poet' });
  await frames(page);
  assert.ok(await located(page, 'market.card.tiny-poet'));
  await waitUntilSaved(page);

  // Bob unlocks and uses it with clicks on its page: 1,000 tokens at $0.004 = $0.004, Ada gets 90%.
  await signIn(page, 'bob@example.org');
  await dispatch(page, { type: 'navigate', route: '/model/tiny-poet' });
  await frames(page);
  await clickWidget(page, 'model.unlock');
  await page.waitForFunction(() => window.marketplace.state().profile.owned.includes('tiny-poet'));
  await frames(page);
  await clickWidget(page, 'model.use');
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 1);
  assert.equal((await state(page)).profile.balance_ucr, 25_000_000 - 4_000);

  // Back to Ada through the profile menu.
  await clickWidget(page, 'header.profile');
  await clickWidget(page, 'header.profile.ada@example.org');
  await clickWidget(page, 'header.builders');
  s = await state(page);
  assert.equal(s.profile.email, 'ada@example.org');
  assert.equal(s.profile.revenue_ucr, 3_600);
  assert.equal(s.profile.balance_ucr, 25_000_000, 'revenue is kept apart from the wallet');
  assert.deepEqual(s.profile.listings[0], { slug: 'tiny-poet', name: 'Tiny Poet', price_per_1k_ucr: 4000,
                                            charge_model: { type: 'standard', price_per_1k_ucr: 4000 }, calls: 1,
                                            tokens: 1000, revenue_ucr: 3600 });
  assert.ok(await located(page, 'builders.chart'));
  await page.screenshot({ path: `${SCREENSHOTS}/builders-revenue.png` });

  // Ada raises the price; Bob's next call pays it, his first keeps the old one.
  await typeInto(page, 'builders.new_price', '0.005');
  await clickWidget(page, 'builders.set_price');
  await page.waitForFunction(() => window.marketplace.state().profile.listings[0].price_per_1k_ucr === 5000);
  const bob = (await state(page)).profiles.find((p) => p.email === 'bob@example.org').id;
  await dispatch(page, { type: 'switchProfile', profile: bob });
  assert.equal((await dispatch(page, { type: 'use', slug: 'tiny-poet', tokens: 1000 })).cost_ucr, 5_000);
  s = await state(page);
  assert.deepEqual(s.profile.recent_usage.map((u) => u.cost_ucr), [5_000, 4_000]);

  // Everything survives a reload.
  await waitUntilSaved(page);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  const ada = s.profiles.find((p) => p.email === 'ada@example.org').id;
  await dispatch(page, { type: 'switchProfile', profile: ada });
  s = await state(page);
  assert.equal(s.profile.revenue_ucr, 3_600 + 4_500);
  assert.equal(s.profile.listings[0].calls, 2);
  await dispatch(page, { type: 'navigate', route: '/builders' });
  await page.setViewportSize({ width: 360, height: 780 });
  await frames(page);
  await page.screenshot({ path: `${SCREENSHOTS}/builders-phone.png` });
  await page.close();
});

test('the listModel command answers {ok, slug} and names every bad field', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openApp(page, env.url);
  await signIn(page, 'api@example.org');
  const bad = await dispatch(page, { type: 'listModel', name: 'x', category: 'Robots', tags: [], price_per_1k_ucr: 0,
                                     latency_ms: 0, description: '' });
  assert.equal(bad.ok, false);
  assert.equal(bad.error, 'invalid_listing');
  assert.deepEqual(Object.keys(bad.fields).sort(),
                   ['category', 'description', 'latency_ms', 'name', 'price_per_1k_ucr', 'slug', 'tags']);
  const ok = await dispatch(page, { type: 'listModel', name: 'Scripted Summarizer', category: 'LLM',
                                    tags: ['summarize'], price_per_1k_ucr: 1500, latency_ms: 200,
                                    description: 'Listed from a script through the automation API.' });
  assert.deepEqual(ok, { ok: true, slug: 'scripted-summarizer' });
  await page.close();
});

test('sandbox: dragging the price slider changes the preview; Run it agrees with the ledger', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openApp(page, env.url);
  await signIn(page, 'sandy@example.org');
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);
  await frames(page);
  await clickWidget(page, 'header.sandbox');
  assert.equal((await state(page)).route, '/simulate');
  const before = (await state(page)).sandbox;

  // A real mouse drag along the slider.
  const slider = await page.evaluate(() => window.marketplace.locate('sandbox.price_slider'));
  const y = slider.y + slider.h / 2;
  await page.mouse.move(slider.x + slider.w * 0.3, y);
  await page.mouse.down();
  for (let step = 1; step <= 8; ++step) {
    await page.mouse.move(slider.x + slider.w * (0.3 + 0.05 * step), y);
    await frames(page);
  }
  await page.mouse.up();
  await frames(page);
  const after = (await state(page)).sandbox;
  assert.ok(after.price_per_1k_ucr > before.price_per_1k_ucr, `${after.price_per_1k_ucr} > ${before.price_per_1k_ucr}`);
  assert.ok(after.preview.cost_ucr > before.preview.cost_ucr);
  assert.ok(after.preview.calls_covered < before.preview.calls_covered);
  assert.deepEqual((await state(page)).pricing_policy, { platform_fee_bps: 1000, min_charge_ucr: 0, loyalty: [] },
                   'sandbox settings leave the marketplace alone');
  await page.screenshot({ path: `${SCREENSHOTS}/sandbox.png` });

  // Run it: one real call on the owned model, compared with its preview.
  const runAndCompare = async () => {
    const calls = (await state(page)).profile.total_calls;
    await clickWidget(page, 'sandbox.run');
    // The call runs under the storage lock (shared with other tabs); its answer reaches the page after it.
    await page.waitForFunction((n) => {
      const s = window.marketplace.state();
      return s.profile.total_calls === n + 1 && s.sandbox.last_run?.ledger.balance_ucr === s.profile.balance_ucr;
    }, calls);
    await frames(page);
    const s = await state(page);
    assert.equal(s.sandbox.last_run.ok, true);
    assert.deepEqual(s.sandbox.last_run.preview, s.sandbox.last_run.ledger);
    assert.equal(s.sandbox.last_run.ledger.balance_ucr, s.profile.balance_ucr);
    assert.equal(s.sandbox.last_run.ledger.cost_ucr, s.profile.recent_usage[0].cost_ucr);
    assert.ok(await located(page, 'sandbox.verdict'));
    return s.sandbox.last_run;
  };
  const first = await runAndCompare();
  assert.equal(first.ledger.cost_ucr, 1_200);  // quill-7b: 1,000 tokens at $0.0012 per 1K
  await page.screenshot({ path: `${SCREENSHOTS}/sandbox-run.png` });

  // A minimum charge, applied explicitly, bills the next real call; preview and ledger still agree.
  await clickWidget(page, 'sandbox.min_charge');
  await typeInto(page, 'sandbox.min_charge_amount', '0.01');
  assert.equal((await state(page)).sandbox.min_charge_ucr, 10_000);
  assert.equal((await state(page)).pricing_policy.min_charge_ucr, 0);
  await clickWidget(page, 'sandbox.apply');
  await page.waitForFunction(() => window.marketplace.state().pricing_policy.min_charge_ucr === 10_000);
  const second = await runAndCompare();
  assert.equal(second.ledger.cost_ucr, 10_000);
  assert.equal(second.ledger.platform_fee_ucr, 1_000);
  await page.screenshot({ path: `${SCREENSHOTS}/sandbox-policy-applied.png` });
  await page.setViewportSize({ width: 360, height: 780 });
  await frames(page);
  await page.screenshot({ path: `${SCREENSHOTS}/sandbox-phone.png` });
  await page.close();
});
