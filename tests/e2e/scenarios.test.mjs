// Time travel with real clicks: pick a preset, change figures, Run and watch the progress, read a value by
// hovering the chart, compare A with B, copy the link and open it in a new page: the same fingerprints as the
// page computed (and as runScenario, natively and in WASM, computes: see tests/unit/simulation_test.cpp).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openApp, clickWidget, typeInto, state, dispatch, frames, SCREENSHOTS } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Scrolls the page with the wheel until the named widget is wholly on screen, and returns where it is.
async function scrollIntoView(page, id, height) {
  for (let i = 0; i < 100; ++i) {
    const rect = await page.evaluate((id) => window.marketplace.locate(id), id);
    if (rect && rect.y >= 0 && rect.y + rect.h <= height) return rect;
    await page.mouse.move(100, height / 2);
    await page.mouse.wheel(0, rect && rect.y < 0 ? -120 : 120);
    await frames(page);
  }
  throw new Error(`${id} never came into view`);
}

const resultOf = (page, side) => page.waitForFunction((side) => {
  const s = window.marketplace.state().scenarios;
  return !s.running && s[`result_${side}`] ? s[`result_${side}`] : null;
}, side, { timeout: 120_000 }).then((handle) => handle.jsonValue());

test('a preset run in the page, read by hovering, compared with B and reproduced from a copied link', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1600 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await openApp(page, env.url);
  await dispatch(page, { type: 'navigate', route: '/scenarios' });
  await frames(page);

  // A big run is sliced across frames: its progress shows, and Cancel stops it with nothing kept. (About
  // 13M calls: many seconds even for a fast machine, so it is still running when Cancel is clicked.)
  await typeInto(page, 'scenarios.a.days', '365');
  await typeInto(page, 'scenarios.a.buyers', '20000');
  await clickWidget(page, 'scenarios.run');
  await page.waitForFunction(() => { const s = window.marketplace.state().scenarios; return s.running && s.progress > 0; });
  await clickWidget(page, 'scenarios.cancel');
  await page.waitForFunction(() => !window.marketplace.state().scenarios.running);
  assert.equal((await state(page)).scenarios.result_a, null);
  assert.match((await state(page)).scenarios.notice, /^Cancelled/);

  await clickWidget(page, 'scenarios.a.preset');
  await clickWidget(page, 'scenarios.a.preset.1');  // graduated discounts
  await typeInto(page, 'scenarios.a.days', '20');
  await typeInto(page, 'scenarios.a.buyers', '150');
  await typeInto(page, 'scenarios.a.price_bps', '150');  // % of list
  let s = await state(page);
  assert.equal(s.scenarios.a.days, 20);
  assert.equal(s.scenarios.a.buyers, 150);
  assert.equal(s.scenarios.a.price_bps, 15000);
  assert.equal(s.scenarios.a.charge_model.type, 'graduated');

  await clickWidget(page, 'scenarios.run');
  const a = await resultOf(page, 'a');
  assert.equal(a.days, 20);
  assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
  // The page's run and the automation API's agree to the bit.
  const api = await dispatch(page, { type: 'runScenario', scenario: s.scenarios.a });
  assert.equal(api.fingerprint, a.fingerprint);
  assert.equal(api.series.calls.length, 20);
  assert.equal(api.totals.buyer_spend_ucr, api.totals.owner_revenue_ucr + api.totals.platform_revenue_ucr);

  // Hovering the chart reads the day's value.
  await frames(page);
  const chart = await page.evaluate(() => window.marketplace.locate('scenarios.chart'));
  await page.mouse.move(chart.x + chart.w / 2, chart.y + chart.h / 3);
  await page.waitForFunction(() => window.marketplace.state().scenarios.hovered !== '');
  assert.match((await state(page)).scenarios.hovered, /\$/);
  await page.screenshot({ path: `${SCREENSHOTS}/scenarios-a.png` });

  // A/B: B is the subscription preset on the same days and buyers.
  await clickWidget(page, 'scenarios.compare');
  await typeInto(page, 'scenarios.b.days', '20');
  await typeInto(page, 'scenarios.b.buyers', '150');
  await clickWidget(page, 'scenarios.run');
  const b = await resultOf(page, 'b');
  s = await state(page);
  assert.equal(s.scenarios.result_a.fingerprint, a.fingerprint, 'the same A on the same seed');
  assert.notEqual(b.fingerprint, a.fingerprint);
  assert.match(s.scenarios.comparison.summary, /^B earns owners [+-]\d+% and the platform [+-]\d+%, with \d+% (more|fewer) active buyers by day 20\.$/);
  await page.screenshot({ path: `${SCREENSHOTS}/scenarios-ab.png` });

  // The link reproduces both sides, cold, in a new page.
  await clickWidget(page, 'scenarios.copy_link');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#\/scenarios\?s=[A-Za-z0-9_-]+$/);
  const other = await context.newPage();
  await openApp(other, link);
  const again = await resultOf(other, 'b');
  const t = await state(other);
  assert.equal(t.scenarios.result_a.fingerprint, a.fingerprint);
  assert.equal(again.fingerprint, b.fingerprint);

  // The same link at phone width: the charts fit the screen (looked at: scenarios-phone.png).
  const phone = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const small = await phone.newPage();
  await openApp(small, link);
  assert.equal((await resultOf(small, 'b')).fingerprint, b.fingerprint);
  for (const id of ['scenarios.chart', 'scenarios.models_chart']) {
    const rect = await scrollIntoView(small, id, 844);
    assert.ok(rect.x >= 0 && rect.x + rect.w <= 390, `${id} fits 390 px: ${JSON.stringify(rect)}`);
  }
  const phoneChart = await scrollIntoView(small, 'scenarios.chart', 844);
  await small.mouse.move(5, 5);  // off the chart first, so the read-out below is this hover's
  await small.waitForFunction(() => window.marketplace.state().scenarios.hovered === '');
  await small.mouse.move(phoneChart.x + phoneChart.w * 0.7, phoneChart.y + phoneChart.h / 3);
  await small.waitForFunction(() => window.marketplace.state().scenarios.hovered !== '');
  await small.screenshot({ path: `${SCREENSHOTS}/scenarios-phone.png` });
  await phone.close();

  // A tampered link says so and runs nothing.
  const bad = await context.newPage();
  await openApp(bad, link.slice(0, -7) + '%%%');
  await bad.waitForFunction(() => window.marketplace.state().scenarios.share_error !== '');
  assert.equal((await state(bad)).scenarios.result_a, null);
  await context.close();
});
