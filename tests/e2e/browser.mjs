// Shared set-up for browser tests: Debian's Chromium driven by playwright-core (never a downloaded browser),
// build/web served on a free localhost port, screenshots under build/e2e/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { startServer } from '../../scripts/serve.mjs';

export const SCREENSHOTS = 'build/e2e';

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  // Contexts prefer the dark colour scheme unless a test asks otherwise: a first visit takes the scheme the
  // browser asks for, playwright's default is "light", and the tests were written for the app's dark default
  // (Chromium treats "no-preference" as light).
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ colorScheme: 'dark', ...options });
  browser.newPage = (options = {}) => newPage({ colorScheme: 'dark', ...options });
  const { server, url } = await startServer('build/web');
  mkdirSync(SCREENSHOTS, { recursive: true });
  return { browser, server, url, async close() { await browser.close(); server.close(); } };
}

// Opens the app in `page` and waits for window.marketplace.ready. Browser errors fail the test.
export async function openApp(page, url) {
  // Waits are for conditions, however long a busy 2-core CI machine takes: the cap only turns a hang into a
  // failure (Playwright's default of 30 s was hit once by a fresh-clone run while a benchmark ran beside it).
  page.setDefaultTimeout(180_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.marketplace !== undefined);
  await page.evaluate(() => window.marketplace.ready);
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  return errors;
}

// Waits until every write has reached IndexedDB (so a reload cannot lose it).
export async function waitUntilSaved(page) {
  await page.waitForFunction(() => !window.marketplace.state().storage.saving);
}

export const state = (page) => page.evaluate(() => window.marketplace.state());
export const dispatch = (page, cmd) => page.evaluate((c) => window.marketplace.dispatch(c), cmd);
// Waits two animation frames: what a command or a click changed is drawn (and locatable) by then.
export const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// Signs in by requesting a magic link and opening it in `page`.
export async function signIn(page, email) {
  const { link } = await dispatch(page, { type: 'requestMagicLink', email });
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
}

// Clicks the centre of a named widget on the real canvas.
export async function clickWidget(page, id) {
  const rect = await page.evaluate((id) => window.marketplace.locate(id), id);
  if (!rect) throw new Error(`widget ${id} is not on screen`);
  await page.mouse.click(rect.x + rect.w / 2, rect.y + rect.h / 2);
  // The click is handled in the next frame(s); give ImGui a couple of frames, and let a command on shared
  // state (it waits for the storage lock) finish. Its result is drawn only once it is stored (frames wait
  // while storage is busy), so wait for that too before anyone reads the screen (locate) again.
  await frames(page);
  await page.waitForFunction(() => {
    const s = window.marketplace.state();
    return s.pending_commands === 0 && !s.storage.saving;
  });
  await frames(page);
}

// Presses a key (with modifiers, e.g. 'Control+a') held across frames like a person's press: ImGui 1.86 reads
// key state once per frame and misses a key tapped and released within one.
export async function pressKey(page, combo, times = 1) {
  const keys = combo.split('+');
  for (let i = 0; i < times; ++i) {
    for (const key of keys) await page.keyboard.down(key);
    await frames(page);
    for (const key of [...keys].reverse()) await page.keyboard.up(key);
    await frames(page);
  }
}

// Clicks a named text field, selects what it holds and types `text` over it.
export async function typeInto(page, id, text) {
  await clickWidget(page, id);
  await pressKey(page, 'Control+a');
  await page.keyboard.type(text);
  await frames(page);
}
