// Billing plans with real clicks: a bundle bought on a model page and drawn on by the next call; a
// subscription renewed once when the clock passes its period end (across a reload), then past due with
// pay-as-you-go billing when the wallet cannot pay; the owner's revenue split by source; a built-in model
// priced by packages. Screenshots of each screen under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, clickWidget, typeInto, waitUntilSaved, state, dispatch, frames, signIn, SCREENSHOTS }
  from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Tall enough that a model page's pricing (bundles, plans) is on screen without scrolling.
const viewport = { width: 1280, height: 1500 };

async function listTinyPoet(page) {
  await signIn(page, 'ada@example.org');
  const listed = await dispatch(page, { type: 'listModel', name: 'Tiny Poet', category: 'LLM', tags: 'poetry',
                                        price_per_1k_ucr: 2000, latency_ms: 300, description: 'Writes short poems.' });
  assert.equal(listed.ok, true, listed.message);
  return (await state(page)).profile.id;
}

async function openAsBuyer(page) {
  await signIn(page, 'bob@example.org');
  await dispatch(page, { type: 'navigate', route: '/model/tiny-poet' });
  await frames(page);
  await clickWidget(page, 'model.unlock');
  await page.waitForFunction(() => window.marketplace.state().profile.owned.includes('tiny-poet'));
}

test('a bundle bought on the model page pays for the next call; the owner sees bundle revenue', async () => {
  const page = await env.browser.newPage({ viewport });
  await openApp(page, env.url);
  const ada = await listTinyPoet(page);
  const offered = await dispatch(page, { type: 'offerBundle', slug: 'tiny-poet', tokens: 5000, price_ucr: 6000, valid_days: 30 });
  assert.deepEqual(offered, { ok: true, bundle_id: 'bundle-1', slug: 'tiny-poet' });

  await openAsBuyer(page);
  await clickWidget(page, 'model.buy.bundle-1');
  await page.waitForFunction(() => window.marketplace.state().profile.bundles.length === 1);
  let s = await state(page);
  assert.equal(s.profile.balance_ucr, 25_000_000 - 6000);
  assert.equal(s.profile.bundles[0].tokens_left, 5000);

  await clickWidget(page, 'model.use');  // 1,000 tokens, all from the bundle
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 1);
  s = await state(page);
  assert.equal(s.profile.balance_ucr, 25_000_000 - 6000, 'the call cost the wallet nothing');
  assert.equal(s.profile.bundles[0].tokens_left, 4000);
  assert.equal(s.profile.recent_usage[0].cost_ucr, 0);
  await page.screenshot({ path: `${SCREENSHOTS}/billing-model-bundle.png` });

  // A call bigger than what is left: 4,000 from the bundle, 2,000 from the wallet at $0.002 per 1K.
  const split = await dispatch(page, { type: 'use', slug: 'tiny-poet', tokens: 6000, id: 'split-call' });
  assert.deepEqual(split.billed, [{ source: 'bundle', id: 'purchase-1', tokens: 4000, cost_ucr: 0 },
                                  { source: 'wallet', tokens: 2000, cost_ucr: 4000 }]);
  await waitUntilSaved(page);

  await dispatch(page, { type: 'switchProfile', profile: ada });
  await dispatch(page, { type: 'navigate', route: '/builders' });
  await frames(page);
  s = await state(page);
  assert.deepEqual(s.profile.revenue_by_source, { calls_ucr: 3600, bundles_ucr: 5400, subscriptions_ucr: 0 });
  assert.ok(await page.evaluate(() => window.marketplace.locate('builders.revenue_by_source') !== null));
  await page.screenshot({ path: `${SCREENSHOTS}/billing-builders.png` });
  await page.close();
});

test('a subscription renews once past its period end, across a reload, then falls past due and pays as it goes', async () => {
  const page = await env.browser.newPage({ viewport });
  await openApp(page, env.url);
  await listTinyPoet(page);
  const plan = await dispatch(page, { type: 'offerPlan', name: 'Poet Pro', fee_ucr: 10_000_000, included_tokens: 3000,
                                      models: 'all', overage_discount_bps: 5000 });
  assert.equal(plan.plan_id, 'plan-1');

  await openAsBuyer(page);
  await clickWidget(page, 'model.subscribe.plan-1');
  await page.waitForFunction(() => window.marketplace.state().profile.subscriptions.length === 1);
  let s = await state(page);
  const firstEnd = s.profile.subscriptions[0].period_end_ms;
  assert.equal(s.profile.subscriptions[0].status, 'active');
  assert.equal(s.profile.balance_ucr, 15_000_000);
  await clickWidget(page, 'model.use');  // 1,000 of the 3,000 included tokens
  await page.waitForFunction(() => window.marketplace.state().profile.subscriptions[0].tokens_left === 2000);
  assert.equal((await state(page)).profile.balance_ucr, 15_000_000);
  await page.screenshot({ path: `${SCREENSHOTS}/billing-model-subscribed.png` });

  // An hour past the period's end, the next click first records the renewal (at its due time), then the call.
  await page.evaluate((at) => { window.marketplace.clock.offsetMs = at - Date.now(); }, firstEnd + 3_600_000);
  await clickWidget(page, 'model.use');
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 2);
  s = await state(page);
  assert.equal(s.profile.balance_ucr, 5_000_000, 'renewed: charged a second month');
  assert.equal(s.profile.subscriptions[0].tokens_left, 2000, 'a fresh allowance, 1,000 of it used');
  const secondEnd = s.profile.subscriptions[0].period_end_ms;
  assert.ok(secondEnd > firstEnd);
  await waitUntilSaved(page);

  // Reloaded (the clock still past the first end): nothing is charged again.
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  await page.evaluate((at) => { window.marketplace.clock.offsetMs = at - Date.now(); }, firstEnd + 7_200_000);
  assert.equal((await dispatch(page, { type: 'settleDueEvents' })).events, 0);
  s = await state(page);
  assert.equal(s.profile.balance_ucr, 5_000_000, 'the renewal was charged once');
  const exported = await page.evaluate(() => window.marketplace.exportState());
  assert.equal(exported.records.filter((r) => r.kind === 'renew').length, 1);

  // The next period's end: $5.00 cannot pay $10.00. Past due; calls pay as they go, without the discount.
  await page.evaluate((at) => { window.marketplace.clock.offsetMs = at - Date.now(); }, secondEnd + 60_000);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  await page.evaluate((at) => { window.marketplace.clock.offsetMs = at - Date.now(); }, secondEnd + 60_000);
  await dispatch(page, { type: 'navigate', route: '/model/tiny-poet' });
  await frames(page);
  await clickWidget(page, 'model.use');
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 3);
  s = await state(page);
  assert.equal(s.profile.subscriptions[0].status, 'past_due');
  assert.equal(s.profile.recent_usage[0].cost_ucr, 2000, '1,000 tokens at $0.002 per 1K, no allowance or discount');
  assert.equal(s.profile.balance_ucr, 5_000_000 - 2000);
  await dispatch(page, { type: 'navigate', route: '/profile' });
  await frames(page);
  assert.ok(await page.evaluate(() => window.marketplace.locate('profile.subscription.plan-1') !== null));
  await page.screenshot({ path: `${SCREENSHOTS}/billing-profile-past-due.png` });

  // Cancelling a past-due plan ends it now.
  await clickWidget(page, 'profile.cancel.plan-1');
  await page.waitForFunction(() => window.marketplace.state().profile.subscriptions[0].status === 'ended');
  await page.close();
});

test('a built-in model priced by packages: free tokens first, then each package started', async () => {
  const page = await env.browser.newPage({ viewport });
  await openApp(page, env.url);
  await signIn(page, 'cat@example.org');
  await dispatch(page, { type: 'navigate', route: '/model/story-loom' });
  await frames(page);
  assert.ok(await page.evaluate(() => window.marketplace.locate('model.pricing.summary') !== null));
  await clickWidget(page, 'model.unlock');
  await page.waitForFunction(() => window.marketplace.state().profile.owned.includes('story-loom'));
  await clickWidget(page, 'model.use');  // 1,000 of the 2,000 free tokens
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 1);
  assert.equal((await state(page)).profile.recent_usage[0].cost_ucr, 0);
  const second = await dispatch(page, { type: 'use', slug: 'story-loom', tokens: 2000 });  // 1,000 billable: one package
  assert.equal(second.cost_ucr, 7000);
  await frames(page);
  await page.screenshot({ path: `${SCREENSHOTS}/billing-model-package.png` });
  await page.close();
});

test('the sandbox prices a shape of your own beside the examples; a platform plan offered there pays owners for included tokens', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 2200 } });
  await openApp(page, env.url);
  const ada = await listTinyPoet(page);
  // Builders shows a tiered listing's own tiers, no more (the editor is shared with the sandbox).
  const tiers = [{ from_tokens: 0, to_tokens: 1000, per_1k_ucr: 2000, flat_ucr: 0 },
                 { from_tokens: 1001, to_tokens: 5000, per_1k_ucr: 1500, flat_ucr: 0 },
                 { from_tokens: 5001, to_tokens: null, per_1k_ucr: 1000, flat_ucr: 0 }];
  assert.equal((await dispatch(page, { type: 'setChargeModel', slug: 'tiny-poet',
                                       charge_model: { type: 'graduated', ranges: tiers } })).ok, true);
  await dispatch(page, { type: 'navigate', route: '/builders' });
  await frames(page);
  assert.ok(await page.evaluate(() => window.marketplace.locate('builders.plans.tier2.per_1k') !== null));
  assert.equal(await page.evaluate(() => window.marketplace.locate('builders.plans.tier3.per_1k')), null);
  assert.equal((await dispatch(page, { type: 'setChargeModel', slug: 'tiny-poet',
                                       charge_model: { type: 'standard', price_per_1k_ucr: 2000 } })).ok, true);
  await dispatch(page, { type: 'navigate', route: '/simulate' });
  await frames(page);

  // Graduated tiers (the editor starts at $0.002 per 1K up to 1M tokens, then $0.001) and a $1.00 subscription
  // with 1M tokens included and 20% off beyond: 2M tokens a month = $1.00 + 1M at $0.002 less 20% = $2.60.
  await clickWidget(page, 'sandbox.custom.type.graduated');
  await clickWidget(page, 'sandbox.custom.subscription');
  await typeInto(page, 'sandbox.custom.plan_fee', '1.00');
  await page.waitForFunction(() => window.marketplace.state().sandbox.shapes.length === 7);
  let s = await state(page);
  assert.deepEqual(s.sandbox.shapes[6], { name: 'Your shape', month_cost_ucr: 2_600_000 });
  assert.equal(s.sandbox.month_tokens, 2_000_000);

  // A bad field says what is wrong where it is, and the row waits for it.
  await typeInto(page, 'sandbox.custom.tier0.per_1k', 'two');
  await page.waitForFunction(() => window.marketplace.state().sandbox.shapes.length === 6);
  s = await state(page);
  assert.ok(s.sandbox.custom_shape.fields['ranges[0].per_1k_ucr']);
  assert.ok(await page.evaluate(() => window.marketplace.locate('sandbox.custom.error.ranges[0].per_1k_ucr') !== null));
  assert.ok(await page.evaluate(() => window.marketplace.locate('sandbox.shapes.custom_problem') !== null));
  await typeInto(page, 'sandbox.custom.tier0.per_1k', '0.002');
  await page.waitForFunction(() => window.marketplace.state().sandbox.shapes.length === 7);
  await page.screenshot({ path: `${SCREENSHOTS}/sandbox-your-shape.png` });

  // The platform's own plan: $3.00 a month, 2,000 tokens on every model, owners paid up to $0.002 per 1K.
  await typeInto(page, 'sandbox.platform.plan_name', 'Marketplace Pass');
  await typeInto(page, 'sandbox.platform.plan_fee', '3.00');
  await typeInto(page, 'sandbox.platform.plan_tokens', '2000');
  await clickWidget(page, 'sandbox.platform.offer_plan');
  await page.waitForFunction(() => window.marketplace.state().offers.plans.length === 1);
  s = await state(page);
  assert.equal(s.offers.plans[0].offered_by, 'platform');
  assert.equal(s.offers.plans[0].models, 'all');

  // A buyer subscribes on Ada's model page and uses 1,000 included tokens: the platform pays Ada 1,000 tokens
  // at her $0.002 list price, less its 10% fee.
  await openAsBuyer(page);
  await clickWidget(page, 'model.subscribe.plan-1');
  await page.waitForFunction(() => window.marketplace.state().profile.subscriptions.length === 1);
  await clickWidget(page, 'model.use');
  await page.waitForFunction(() => window.marketplace.state().profile.total_calls === 1);
  s = await state(page);
  assert.equal(s.profile.balance_ucr, 25_000_000 - 3_000_000, 'the call was included');
  assert.equal(s.platform.plans_ucr, 3_000_000 - 2000);
  await page.screenshot({ path: `${SCREENSHOTS}/billing-model-platform-plan.png` });
  await dispatch(page, { type: 'switchProfile', profile: ada });
  await frames(page);
  s = await state(page);
  assert.deepEqual(s.profile.revenue_by_source, { calls_ucr: 0, bundles_ucr: 0, subscriptions_ucr: 1800 });
  await page.close();
});
