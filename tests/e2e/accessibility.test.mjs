// The accessibility mirror (shell/a11y.js, src/ui/a11y_mirror.cpp): the app used the way a screen reader or a
// keyboard uses it — by role and accessible name, never by locate() or canvas coordinates —, axe-core on every
// screen, and Chromium's own accessibility tree of a model page (saved beside the screenshots).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { launch, openApp, frames, pressKey, state, SCREENSHOTS } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env.close(); });

// The mirror's elements sit under `pointer-events: none` (the canvas takes the mouse), so they are operated the
// way assistive technology does it: a DOM click on the element, or the keyboard.
const press = (locator) => locator.dispatchEvent('click');
const mirror = (page) => page.locator('#a11y');

// Waits for the live region to read `pattern` out, and returns what it read.
async function announced(page, pattern) {
  const live = page.locator('#a11y [role=status], #a11y [role=alert]');
  await live.filter({ hasText: pattern }).first().waitFor({ state: 'attached' });
  return (await live.allTextContents()).join(' ');
}

async function newPage(options = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, ...options });
  const page = await context.newPage();
  await openApp(page, env.url);
  return { context, page };
}

async function signInByRole(page, email) {
  await press(page.getByRole('banner').getByRole('button', { name: 'Sign in' }));
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await press(page.getByRole('button', { name: 'Email me a sign-in link' }));
  const dialog = page.getByRole('dialog', { name: `Sign-in link for ${email}` });
  await press(dialog.getByRole('button', { name: 'Open link' }));
  await page.getByRole('banner').getByText('$25.00 credits').waitFor({ state: 'attached' });
}

test('the whole journey by role and name: sign in, search, filter, open, unlock, use, profile, export', async () => {
  const { context, page } = await newPage();
  await signInByRole(page, 'roles@example.org');
  assert.equal((await state(page)).profile.email, 'roles@example.org');

  await press(page.getByRole('navigation').getByRole('button', { name: 'Market' }));
  await page.getByRole('search').getByRole('textbox', { name: 'Search models, owners, tags' }).fill('murmur');
  await press(page.getByRole('complementary').getByRole('checkbox', { name: 'Audio' }));
  await page.getByRole('checkbox', { name: 'Audio', checked: true }).waitFor({ state: 'attached' });
  assert.match((await state(page)).route, /q=murmur.*cat=Audio|cat=Audio.*q=murmur/);
  await page.getByRole('main').getByText('1 model').waitFor({ state: 'attached' });

  await press(page.getByRole('link', { name: /^Murmur ASR by Tidewater Audio/ }));
  await page.waitForFunction(() => document.title === 'Murmur ASR — Model Marketplace');
  await page.getByRole('heading', { name: 'Murmur ASR' }).waitFor({ state: 'attached' });
  await press(page.getByRole('button', { name: 'Unlock (free)' }));
  const use = page.getByRole('button', { name: 'Use' });
  await use.waitFor({ state: 'attached' });
  assert.equal(await use.getAttribute('aria-disabled'), null, 'Use is enabled once unlocked');
  await press(use);
  // 1,000 tokens at $0.0021 per 1K: the result is read out with the balance it left.
  const heard = await announced(page, /Used 1,000 tokens/);
  assert.match(heard, /Used 1,000 tokens for \$0\.0021\. Balance: \$24\.9979\./);
  assert.equal((await state(page)).profile.balance_ucr, 25_000_000 - 2_100);
  await page.getByRole('banner').getByText('$24.9979 credits').waitFor({ state: 'attached' });

  await press(page.getByRole('navigation').getByRole('button', { name: 'Profile' }));
  await page.waitForFunction(() => document.title === 'Profile — Model Marketplace');
  const download = page.waitForEvent('download');
  await press(page.getByRole('button', { name: 'Export CSV' }));
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8');
  assert.match(csv, /murmur-asr/);
  await page.screenshot({ path: `${SCREENSHOTS}/a11y-profile.png` });
  await context.close();
});

test('keyboard only: Tab, Shift+Tab, Enter, Space and arrows, with the focus drawn', async () => {
  const { context, page } = await newPage();
  // Tab from the canvas into the mirror, then forward until the search field.
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el && el.closest('#a11y') ? (el.getAttribute('aria-label') || el.textContent) : el && el.id;
  });
  // Presses `key` until the focused element's name is `name` (or starts with it, for a card).
  const tabTo = async (name, key = 'Tab') => {
    for (let i = 0; i < 80; ++i) {
      const now = String(await focused());
      if (now === name || now.startsWith(name + ' by ')) return;
      await page.keyboard.press(key);
    }
    throw new Error(`${name} was never focused (last: ${await focused()})`);
  };
  await tabTo('Sign in');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.title === 'Sign in — Model Marketplace');
  await tabTo('Email');
  await page.keyboard.type('keys@example.org');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Email me a sign-in link');
  await page.keyboard.press('Space');
  await page.getByRole('dialog').waitFor({ state: 'attached' });
  await tabTo('Open link');
  // Focus is visible: ImGui draws its focus frame around the widget the focused element stands for.
  await page.screenshot({ path: `${SCREENSHOTS}/a11y-keyboard-focus.png` });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.marketplace.state().profile?.email === 'keys@example.org');

  await page.keyboard.press('Shift+Tab');  // wherever the focus is, Shift+Tab walks back
  await tabTo('Market', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await tabTo('Search models, owners, tags');
  await page.keyboard.type('tiny');
  await page.waitForFunction(() => window.marketplace.state().route.includes('q=tiny'));
  await tabTo('LLM');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.marketplace.state().route.includes('cat=LLM'));
  // Arrows are the app's own keyboard navigation: the mirror's focus follows ImGui's.
  // (held across frames like a person's press: ImGui reads keys once per frame)
  const before = await focused();
  await pressKey(page, 'ArrowDown');
  await page.waitForFunction((was) => {
    const el = document.activeElement;
    return el && el.closest('#a11y') && (el.getAttribute('aria-label') || el.textContent) !== was;
  }, before);
  await tabTo('Tiny Tutor');  // the card: "Tiny Tutor by Chalkboard Collective …"
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.marketplace.state().route === '/model/tiny-tutor');
  await tabTo('Unlock (free)');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.marketplace.state().profile.owned.includes('tiny-tutor'));
  await tabTo('Use');
  await page.keyboard.press('Enter');
  assert.match(await announced(page, /Used 1,000 tokens/), /Balance: \$/);
  await tabTo('Profile', 'Shift+Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.title === 'Profile — Model Marketplace');
  const download = page.waitForEvent('download');
  await tabTo('Export CSV');
  await page.keyboard.press('Enter');
  assert.match(readFileSync(await (await download).path(), 'utf8'), /tiny-tutor/);
  await context.close();
});

test('axe-core finds no critical or serious problem on any screen', async () => {
  const { context, page } = await newPage();
  const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
  const report = {};
  const check = async (name, title) => {
    await page.waitForFunction((t) => document.title === t, title);
    await page.waitForFunction(() => window.marketplace.state().pending_commands === 0);
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: axe });
    const result = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    report[name] = result;
    const bad = result.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    assert.deepEqual(bad, [], `${name}: ${JSON.stringify(bad, null, 1)}`);
  };
  await check('market (signed out)', 'Market — Model Marketplace');
  await signInByRole(page, 'axe@example.org');
  const screens = [['Market', '/market'], ['Tiny Tutor', '/model/tiny-tutor'], ['Profile', '/profile'],
                   ['My models', '/profile/models'], ['Leaderboards', '/leaderboards'], ['Builders', '/builders'],
                   ['Sandbox', '/simulate'], ['Scenarios', '/scenarios'], ['How it works', '/how-it-works'],
                   ['Sign in', '/sign-in']];
  for (const [name, route] of screens) {
    await page.evaluate((r) => window.marketplace.dispatch({ type: 'navigate', route: r }), route);
    await check(name, `${name} — Model Marketplace`);
  }
  writeFileSync(`${SCREENSHOTS}/axe-report.json`, JSON.stringify(report, null, 2));
  await context.close();
});

test('Chromium\'s accessibility tree of a model page: name, price, Unlock and Use with their states', async () => {
  const { context, page } = await newPage();
  await signInByRole(page, 'tree@example.org');
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/model/tiny-tutor' }));
  await page.getByRole('heading', { name: 'Tiny Tutor' }).waitFor({ state: 'attached' });
  const cdp = await context.newCDPSession(page);
  const tree = async () => {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const lines = [];
    for (const node of nodes) {
      if (node.ignored) continue;
      const role = node.role?.value, name = node.name?.value;
      if (!name || role === 'InlineTextBox') continue;
      const states = (node.properties || []).filter((p) => ['disabled', 'checked', 'pressed', 'expanded', 'focusable'].includes(p.name))
        .map((p) => `${p.name}=${p.value.value}`);
      lines.push(`${role} "${name}"${states.length ? ' ' + states.join(' ') : ''}`);
    }
    return lines.join('\n');
  };
  const locked = await tree();
  assert.match(locked, /heading "Tiny Tutor"/);
  assert.match(locked, /\$0\.0004/, 'the price per 1K tokens');
  assert.match(locked, /button "Unlock \(free\)"/);
  await press(page.getByRole('button', { name: 'Unlock (free)' }));
  await page.getByRole('button', { name: 'Use' }).waitFor({ state: 'attached' });
  const unlocked = await tree();
  assert.match(unlocked, /button "Use"/);
  assert.doesNotMatch(unlocked, /button "Use"[^\n]*disabled=true/);
  writeFileSync(`${SCREENSHOTS}/a11y-tree-model.txt`, `# locked\n${locked}\n\n# unlocked\n${unlocked}\n`);
  await page.screenshot({ path: `${SCREENSHOTS}/a11y-model.png` });
  await context.close();
});

test('browser habits: the title follows the screen, find-in-page finds the screen\'s text, the colour scheme and reduced motion are honoured', async () => {
  const { context, page } = await newPage({ colorScheme: 'light', reducedMotion: 'reduce' });
  assert.equal((await state(page)).theme, 'light', 'a first visit takes the light scheme the browser asks for');
  assert.equal((await state(page)).reduced_motion, true, 'toasts do not fade');
  assert.equal(await page.title(), 'Market — Model Marketplace');
  // window.find is the page-side half of Ctrl+F: it searches the same rendered text.
  assert.ok(await page.evaluate(() => window.find('Most purchased')), 'the sort chip is found');
  assert.ok(!(await page.evaluate(() => window.find('no such words on this screen'))));
  // Ctrl+F, Ctrl+plus/minus: the canvas no longer swallows them (their default, the browser's find and zoom).
  const prevented = await page.evaluate(() => ['f', '=', '-', '0'].map((key) => {
    const event = new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true });
    document.getElementById('canvas').dispatchEvent(event);
    return event.defaultPrevented;
  }));
  assert.deepEqual(prevented, [false, false, false, false]);
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/leaderboards' }));
  await page.waitForFunction(() => document.title === 'Leaderboards — Model Marketplace');
  await context.close();
});

test('fields hold their real text: a long pre-filled one is edited, a key is a password field, Enter submits what was typed', async () => {
  const { context, page } = await newPage();
  // Enter right after typing submits the typed address (the keys go to the app in order).
  await press(page.getByRole('banner').getByRole('button', { name: 'Sign in' }));
  const email = page.getByRole('textbox', { name: 'Email' });
  await email.focus();
  await page.keyboard.type('enter@example.org');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Sign-in link for enter@example.org' }).waitFor({ state: 'attached' });
  await press(page.getByRole('dialog').getByRole('button', { name: 'Open link' }));
  await page.waitForFunction(() => window.marketplace.state().profile?.email === 'enter@example.org');

  // A disabled button is not pressed through the mirror: Send stays off until the model is unlocked.
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/model/tiny-tutor' }));
  const prompt = page.getByRole('textbox', { name: 'Prompt' });
  await prompt.fill('What is 2 + 2?');
  const send = page.getByRole('button', { name: 'Send' });
  assert.equal(await send.getAttribute('aria-disabled'), 'true');
  await press(send);
  await frames(page);
  await frames(page);
  assert.equal((await state(page)).try_it.answer, '', 'nothing was sent');
  assert.equal((await state(page)).journal_records, 1, 'only the sign-in grant is recorded');

  // The scenario's JSON is longer than its box shows: the mirror's field holds all of it, and an edit keeps it.
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/scenarios' }));
  await press(page.getByRole('button', { name: 'Every field (JSON)' }).first());
  const json = page.locator('#a11y textarea').first();
  await json.waitFor({ state: 'attached' });
  const text = await json.inputValue();
  const doc = JSON.parse(text);
  assert.ok(doc.days > 0, 'the whole JSON is there');
  await json.fill(text.replace(/"days":\s*\d+/, '"days": 7'));
  await page.waitForFunction(() => window.marketplace.state().scenarios.a.days === 7);

  // A key field is a password field (never read out or shown).
  const listed = await page.evaluate(async () => window.marketplace.dispatch({ type: 'listModel', name: 'Key Test',
    category: 'LLM', tags: ['test'], price_per_1k_ucr: 1000, latency_ms: 100, description: 'A listing to give an endpoint.' }));
  assert.equal(listed.ok, true, JSON.stringify(listed));
  await page.setViewportSize({ width: 1280, height: 1800 });  // the endpoint section on screen (only it is mirrored)
  await page.evaluate(() => window.marketplace.dispatch({ type: 'navigate', route: '/builders' }));
  await page.locator('#a11y input[type=password]').first().waitFor({ state: 'attached' });
  await context.close();
});
