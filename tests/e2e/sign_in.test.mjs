// Sign-in in a real browser: magic links end to end (real IndexedDB across reloads), refused links with
// their reasons, and Google sign-in. Google's servers cannot be reached here, so the test provides a fake
// google.accounts.id and its own RSA key pair; the app's real verification code checks the tokens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { launch, openApp, clickWidget, waitUntilSaved, state, dispatch, SCREENSHOTS } from './browser.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });


async function requestLink(page, email) {
  const result = await dispatch(page, { type: 'requestMagicLink', email });
  assert.equal(result.ok, true, JSON.stringify(result));
  assert.match(result.link, /#\/auth\/magic\?token=[0-9a-f]{64}$/);
  return result.link;
}

// Navigates the page to a link and waits until the app has handled it.
async function openLink(page, link) {
  await page.goto(link);
  await page.evaluate(() => window.marketplace.ready);
  await page.waitForFunction(() => !window.location.hash.startsWith('#/auth/'));
}

test('magic link: request, open, reload, sign out, sign in again: one profile, one grant', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openApp(page, env.url);
  assert.equal((await state(page)).profile, null);

  const bad = await dispatch(page, { type: 'requestMagicLink', email: 'not-an-email' });
  assert.equal(bad.error, 'invalid_email');

  // Through the UI: type the email, click the button, see the outbox, click "Open link".
  await clickWidget(page, 'header.signin');
  assert.equal((await state(page)).route, '/sign-in');
  await clickWidget(page, 'signin.email');
  await page.keyboard.type('ada@example.org');
  await clickWidget(page, 'signin.request');
  await page.waitForFunction(() => window.marketplace.locate('signin.outbox.open') !== null);
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-outbox.png` });
  await clickWidget(page, 'signin.outbox.open');
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
  let s = await state(page);
  assert.equal(s.profile.email, 'ada@example.org');
  assert.equal(s.profile.balance_ucr, 25_000_000);
  assert.equal(s.route, '/market');
  assert.ok(!page.url().includes('token='), page.url());
  const profileId = s.profile.id;
  await page.screenshot({ path: `${SCREENSHOTS}/signed-in.png` });

  await waitUntilSaved(page);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  s = await state(page);
  assert.equal(s.profile?.id, profileId, 'still signed in after a reload');
  assert.equal(s.profile.balance_ucr, 25_000_000);

  assert.equal((await dispatch(page, { type: 'signOut' })).ok, true);
  assert.equal((await state(page)).profile, null);
  // Opening a link in a new tab (a cold start with the token in the URL) signs in too.
  const link = await requestLink(page, 'ada@example.org');
  await waitUntilSaved(page);
  const tab = await context.newPage();
  await openLink(tab, link);
  s = await state(tab);
  assert.equal(s.profile.id, profileId);
  assert.equal(s.profile.balance_ucr, 25_000_000);
  assert.equal(s.journal_records, 1, 'no second welcome grant');
  await context.close();
});

test('reused, expired, unknown and malformed links are refused with their messages', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  const used = await requestLink(page, 'bo@example.org');
  await openLink(page, used);
  assert.equal((await state(page)).profile.email, 'bo@example.org');
  await dispatch(page, { type: 'signOut' });

  const cases = [
    ['reused', used, /already used/],
    ['unknown', env.url + '#/auth/magic?token=' + 'e'.repeat(64), /only work in the browser where they were requested/],
    ['malformed', env.url + '#/auth/magic?token=zzz', /incomplete or damaged/],
  ];
  for (const [name, link, message] of cases) {
    await openLink(page, link);
    const s = await state(page);
    assert.equal(s.profile, null, name);
    assert.equal(s.route, '/sign-in', name);
    assert.match(s.auth_message, message, name);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-refused.png` });

  const expiring = await requestLink(page, 'cy@example.org');
  await page.evaluate(() => { window.marketplace.clock.offsetMs = 16 * 60 * 1000; });
  await page.goto(expiring);
  await page.waitForFunction(() => window.marketplace.state().auth_message.includes('expired'));
  assert.equal((await state(page)).profile, null);
  await context.close();
});

test('unlock and use survive a reload (real IndexedDB)', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  await openLink(page, await requestLink(page, 'dee@example.org'));
  assert.equal((await dispatch(page, { type: 'unlock', slug: 'orbit-coder' })).ok, true);
  const call = await dispatch(page, { type: 'use', slug: 'orbit-coder', tokens: 4321 });
  assert.deepEqual([call.ok, call.cost_ucr, call.balance_ucr], [true, 14_692, 25_000_000 - 14_692]);
  await waitUntilSaved(page);
  await page.reload();
  await page.evaluate(() => window.marketplace.ready);
  const s = await state(page);
  assert.equal(s.profile.balance_ucr, 25_000_000 - 14_692);
  assert.deepEqual(s.profile.owned, ['orbit-coder']);
  assert.equal(s.profile.total_calls, 1);
  assert.equal(s.profile.total_spent_ucr, 14_692);
  await context.close();
});

// --- Google (faked at the edge we cannot reach: Google's servers) ---

const CLIENT_ID = 'test-client.apps.googleusercontent.com';
const b64url = (bytes) => Buffer.from(bytes).toString('base64url');

async function keyPair() {
  return webcrypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]),
                                        hash: 'SHA-256' }, true, ['sign', 'verify']);
}

async function idToken(privateKey, claims, kid = 'test-key') {
  const header = b64url(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' }));
  const payload = b64url(JSON.stringify(claims));
  const signature = await webcrypto.subtle.sign('RSASSA-PKCS1-v1_5', privateKey, Buffer.from(`${header}.${payload}`));
  return `${header}.${payload}.${b64url(signature)}`;
}

test('Google: a valid ID token signs in; wrong aud/iss/nonce, expired, unverified or badly signed tokens are refused', async () => {
  const keys = await keyPair();
  const otherKeys = await keyPair();
  const jwk = { ...(await webcrypto.subtle.exportKey('jwk', keys.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/config.json', (r) => r.fulfill({ json: { googleClientId: CLIENT_ID, googleJwksUrl: 'test-jwks.json' } }));
  await context.route('**/test-jwks.json', (r) => r.fulfill({ json: { keys: [jwk] } }));
  await context.addInitScript(() => {
    // The fake Google Identity Services: records the callback and draws a plain button.
    window.__fakeGoogle = {};
    window.google = { accounts: { id: {
      initialize(config) { window.__fakeGoogle.config = config; },
      renderButton(element) {
        const b = document.createElement('button');
        b.textContent = 'Sign in with Google (test)';
        element.appendChild(b);
      },
      prompt() {},
    } } };
  });
  const page = await context.newPage();
  await openApp(page, env.url);
  await page.waitForFunction(() => window.marketplace.state().google_sign_in === 'ready');
  await dispatch(page, { type: 'navigate', route: '/sign-in' });
  await page.waitForFunction(() => !document.getElementById('google-button').hidden);
  const placeholder = await page.evaluate(() => window.marketplace.locate('signin.google'));
  const box = await page.locator('#google-button').boundingBox();
  assert.ok(Math.abs(box.x - placeholder.x) < 2 && Math.abs(box.y - placeholder.y) < 2, 'button over the placeholder');
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-google.png` });

  const now = Math.floor(Date.now() / 1000);
  const nonce = await page.evaluate(() => window.__fakeGoogle.config.nonce);
  assert.match(nonce, /^[0-9a-f]{32}$/, 'the page gives GIS a fresh nonce');
  const claims = { iss: 'https://accounts.google.com', aud: CLIENT_ID, exp: now + 600, iat: now, nonce,
                   email: 'gia@example.org', email_verified: true, name: 'Gia', picture: 'https://example.org/g.png' };
  const { email_verified: _verified, ...unverified } = claims;
  const respond = (credential) => page.evaluate((c) => window.__fakeGoogle.config.callback({ credential: c }), credential);
  const refusals = [
    ['wrong aud', await idToken(keys.privateKey, { ...claims, aud: 'someone-else' }), /another app/],
    ['wrong iss', await idToken(keys.privateKey, { ...claims, iss: 'https://evil.example' }), /not issued by Google/],
    ['expired', await idToken(keys.privateKey, { ...claims, exp: now - 60 }), /expired/],
    ['bad signature', await idToken(otherKeys.privateKey, claims), /signature is not valid/],
    ['email not verified', await idToken(keys.privateKey, unverified), /confirm an email/],
    ['another nonce', await idToken(keys.privateKey, { ...claims, nonce: 'a'.repeat(32) }), /nonce/],
    ['issued in the future', await idToken(keys.privateKey, { ...claims, iat: now + 3600 }), /issue time/],
  ];
  let shown = '';  // the message on screen before each token
  for (const [name, token, message] of refusals) {
    await respond(token);
    await page.waitForFunction((m) => window.marketplace.state().auth_message !== m, shown);
    const s = await state(page);
    assert.equal(s.profile, null, name);
    assert.match(s.auth_message, message, name);
    await dispatch(page, { type: 'navigate', route: '/sign-in' });
    await page.evaluate(() => window.marketplace.dispatch({ type: 'signInProblem', message: 'reset' }));
    await page.waitForFunction(() => window.marketplace.state().auth_message === 'reset');
    shown = 'reset';
  }

  await respond(await idToken(keys.privateKey, claims));
  await page.waitForFunction(() => window.marketplace.state().profile !== null);
  const s = await state(page);
  assert.equal(s.profile.email, 'gia@example.org');
  assert.equal(s.profile.name, 'Gia');
  assert.equal(s.profile.picture, 'https://example.org/g.png');
  assert.equal(s.profile.balance_ucr, 25_000_000);
  await context.close();
});

test('Google not configured: the sign-in screen says how to configure it', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/sign-in');
  assert.equal((await state(page)).google_sign_in, 'not_configured');
  assert.ok(await page.evaluate(() => window.marketplace.locate('signin.google.note')));
  assert.equal(await page.evaluate(() => window.marketplace.locate('signin.google')), null);
  await context.close();
});
