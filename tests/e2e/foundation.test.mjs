// The foundation in a real browser: the app starts, shows the catalog, answers the automation API, reacts
// to real clicks on the canvas, and keeps its state in real IndexedDB across reloads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp, clickWidget, waitUntilSaved, frames, SCREENSHOTS } from './browser.mjs';

const catalog = JSON.parse(readFileSync('assets/catalog.json', 'utf8'));
let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('the catalog is listed and the API answers', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await openApp(page, env.url);
  const state = await page.evaluate(() => window.marketplace.state());
  assert.equal(state.models_count, catalog.models.length);
  assert.equal(state.route, '/market');
  assert.equal(state.profile, null);
  assert.equal(state.storage.available, true);
  // A searched-for model's card is drawn where locate() says.
  await page.evaluate((q) => window.marketplace.dispatch({ type: 'navigate', route: '/market?q=' + q }), 'Quill');
  await frames(page);
  const rect = await page.evaluate((slug) => window.marketplace.locate('market.card.' + slug), catalog.models[0].slug);
  assert.ok(rect && rect.w > 250 && rect.h > 100, JSON.stringify(rect));
  assert.equal(await page.evaluate(() => window.marketplace.locate('no.such.widget')), null);

  const bad = await page.evaluate(() => window.marketplace.dispatch({ type: 'teleport' }));
  assert.deepEqual([bad.ok, bad.error], [false, 'unknown_command']);
  assert.match(bad.message, /teleport/);
  const notObject = await page.evaluate(() => window.marketplace.dispatch('navigate'));
  assert.equal(notObject.error, 'invalid_command');
  await page.screenshot({ path: `${SCREENSHOTS}/market.png` });
  await page.close();
});

test('a click on a row opens the model; the theme and last screen survive a reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openApp(page, env.url);
  const slug = catalog.models[1].slug;
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/market?q=Ledgerlight' }));
  await frames(page);
  await clickWidget(page, 'market.card.' + slug);
  assert.equal(await page.evaluate(() => window.marketplace.state().route), '/model/' + slug);
  assert.equal(new URL(page.url()).hash, '#/model/' + slug);

  await clickWidget(page, 'header.theme');
  assert.equal(await page.evaluate(() => window.marketplace.state().theme), 'light');
  await page.screenshot({ path: `${SCREENSHOTS}/model-light.png` });
  await waitUntilSaved(page);

  // Reload without the #route: what comes back was read from IndexedDB.
  await openApp(page, env.url);
  const state = await page.evaluate(() => window.marketplace.state());
  assert.equal(state.theme, 'light');
  assert.equal(state.route, '/model/' + slug);

  // Browser Back returns to the market (the hash and the app stay in step).
  await clickWidget(page, 'model.back');
  assert.equal(await page.evaluate(() => window.marketplace.state().route), '/market');
  await page.goBack();
  await page.waitForFunction((r) => window.marketplace.state().route === r, '/model/' + slug);
  await context.close();
});

test('export and import are validated in the page', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  const exported = await page.evaluate(() => window.marketplace.exportState());
  assert.equal(exported.format, 'model-marketplace-state');
  assert.equal(exported.schema, 1);
  assert.deepEqual(exported.records, []);
  const rejected = await page.evaluate(() => window.marketplace.importState({ format: 'model-marketplace-state', schema: 7, records: [] }));
  assert.equal(rejected.ok, false);
  assert.equal(rejected.error, 'invalid_import');
  assert.match(rejected.message, /nothing changed/);
  // A large import (8 MB here; a 10k-record export is ~5 MB) must not overflow the WASM stack on its way in.
  const large = await page.evaluate(() => window.marketplace.importState(
    { format: 'model-marketplace-state', schema: 7, records: [], padding: 'x'.repeat(8_000_000) }));
  assert.equal(large.error, 'invalid_import');
  const signedOut = await page.evaluate(() => window.marketplace.dispatch({ type: 'use', slug: 'quill-7b', tokens: 1000 }));
  assert.equal(signedOut.error, 'not_signed_in');
  await context.close();
});

test('a fresh browser profile starts from defaults (state is per browser storage)', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  const state = await page.evaluate(() => window.marketplace.state());
  assert.equal(state.theme, 'dark');
  assert.equal(state.route, '/market');
  await context.close();
});

test('the WebGL state the page answers itself (bridge.js) is what WebGL answers', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // WebGL's own answer, kept before bridge.js replaces it.
  await page.addInitScript(() => { window.webglGetParameter = WebGL2RenderingContext.prototype.getParameter; });
  await openApp(page, env.url);
  const answers = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 333;
    canvas.height = 222;
    const gl = canvas.getContext('webgl2');
    canvas.width = 500;  // resizing the canvas later does not move the viewport or the scissor box
    const read = (name) => {
      const ours = gl.getParameter(gl[name]), webgl = window.webglGetParameter.call(gl, gl[name]);
      return [name, String(ours), String(webgl)];
    };
    const names = ['VIEWPORT', 'SCISSOR_BOX', 'BLEND_SRC_RGB', 'BLEND_DST_RGB', 'BLEND_SRC_ALPHA', 'BLEND_DST_ALPHA',
                   'BLEND_EQUATION_RGB', 'BLEND_EQUATION_ALPHA'];
    const fresh = names.map(read);
    gl.viewport(1, 2, 30, 40);
    gl.scissor(5, 6, 70, 80);
    gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.blendEquation(gl.FUNC_SUBTRACT);
    return { fresh, changed: names.map(read) };
  });
  for (const [name, ours, webgl] of [...answers.fresh, ...answers.changed]) assert.equal(ours, webgl, name);
  assert.equal(answers.fresh[0][1], '0,0,333,222');
  await context.close();
});
