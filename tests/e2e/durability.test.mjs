// What the screen says is saved: a call whose dispatch resolved survives the browser being killed, and a
// sign-in the screen shows survives an immediate reload. Real Chromium, real IndexedDB, a real SIGKILL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openApp, dispatch, state, frames } from './browser.mjs';
import { startServer } from '../../scripts/serve.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
              '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
const persistent = (dir) => chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS, viewport: { width: 1280, height: 800 } });

// SIGKILL every process of the browser using `dir` (only those), as a crash or a power cut would.
function killBrowser(dir) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline = '';
    try { cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    if (cmdline.includes(dir)) { try { process.kill(Number(pid), 'SIGKILL'); } catch { /* already gone */ } }
  }
}

test('a hard kill in the middle of a burst of calls loses no call whose dispatch resolved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mm-kill-'));
  const served = await startServer('build/web');
  let context = await persistent(dir);
  let page = context.pages()[0] || await context.newPage();
  await openApp(page, served.url);
  const { link } = await dispatch(page, { type: 'requestMagicLink', email: 'kill@example.org' });
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
  assert.ok((await dispatch(page, { type: 'unlock', slug: 'quill-7b' })).ok);

  // A burst of calls, one after the other, each id recorded once its dispatch resolved.
  await page.evaluate(() => {
    window.__resolved = [];
    (async () => {
      for (let i = 0; i < 1000; ++i) {
        const r = await window.marketplace.dispatch({ type: 'use', slug: 'quill-7b', tokens: 100, id: `burst-${i}` });
        if (r.ok) window.__resolved.push(`burst-${i}`);
      }
    })();
  });
  await page.waitForFunction(() => window.__resolved.length >= 25);
  const resolved = await page.evaluate(() => [...window.__resolved]);
  killBrowser(dir);
  await context.close().catch(() => {});

  context = await persistent(dir);
  page = context.pages()[0] || await context.newPage();
  await openApp(page, served.url);
  const s = await state(page);
  assert.equal(s.load_warning, '', 'the reopened app loads clean');
  const kept = new Set((await page.evaluate(() => window.marketplace.exportState())).records.map((r) => r.cmd_id));
  const lost = resolved.filter((id) => !kept.has(id));
  assert.deepEqual(lost, [], `calls whose dispatch resolved before the kill (${resolved.length}) are all kept`);
  console.log(`# kill: ${resolved.length} calls had resolved; ${kept.size} records with ids after reopening`);
  await context.close();
  served.server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a sign-in the screen shows survives an immediate reload', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openApp(page, env.url);
  const { link } = await dispatch(page, { type: 'requestMagicLink', email: 'quick@example.org' });
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  // The moment the header draws the profile, reload.
  await page.waitForFunction(() => window.marketplace.locate('header.profile') !== null);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  await frames(page);
  const s = await state(page);
  assert.equal(s.profile?.email, 'quick@example.org', 'the sign-in the screen showed was saved');
  assert.equal(s.profile.balance_ucr, 25_000_000);
  await context.close();
});
