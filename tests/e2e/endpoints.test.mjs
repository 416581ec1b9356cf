// Real models behind listings, in Chromium, against tests/openai_server.mjs — the one fake here, standing in
// for a real inference server (llama.cpp, Ollama, vLLM…), which this machine cannot run. With real typing and
// clicks: list a model, give it an endpoint, Test connection, send a prompt and watch the answer grow, and
// see the balance drop by exactly the usage the server reported. Then every failure a person can meet,
// through the automation API's `complete` (the same path as Send): its own message, nothing billed. The key
// is in neither exportState() nor the journal's IndexedDB entries; a built-in model answers simulated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openApp, clickWidget, typeInto, state, dispatch, frames, signIn, SCREENSHOTS } from './browser.mjs';
import { startOpenAiServer } from '../openai_server.mjs';

const KEY = 'sk-test-0123456789abcdef';
let env, server, closedServer, noCors;
before(async () => {
  env = await launch();
  server = await startOpenAiServer({ apiKey: KEY });
  noCors = await startOpenAiServer({ cors: false });
  // A port nothing listens on: start a server, note its port, close it.
  closedServer = await startOpenAiServer();
  await closedServer.close();
});
after(async () => { await env?.close(); await server?.close(); await noCors?.close(); });

const balance = async (page) => (await state(page)).profile.balance_ucr;
const records = async (page) => (await state(page)).journal_records;
const cost = (usage, input, output) => Math.ceil(usage.prompt_tokens * input / 1000) + Math.ceil(usage.completion_tokens * output / 1000);

test('a listing answers from its endpoint, streamed, billed by the reported usage; failures bill nothing', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 1400 } });
  const page = await context.newPage();
  await openApp(page, env.url);
  await signIn(page, 'ada@example.org');
  await dispatch(page, { type: 'navigate', route: '/builders' });
  await frames(page);

  // List a model with its own prompt and reply prices, by typing.
  await typeInto(page, 'builders.name', 'Local Llama');
  await typeInto(page, 'builders.tags', 'chat, local');
  await typeInto(page, 'builders.price', '0.002');
  await typeInto(page, 'builders.input_price', '0.001');
  await typeInto(page, 'builders.output_price', '0.003');
  await typeInto(page, 'builders.description', 'A llama.cpp server on my own machine.');
  await clickWidget(page, 'builders.submit');
  await page.waitForFunction(() => window.marketplace.state().profile.listings.length === 1);

  // Its endpoint, typed as people copy it (no /v1), with a key; then Test connection.
  await typeInto(page, 'builders.endpoint.base_url', server.url.replace(/\/v1$/, ''));
  await typeInto(page, 'builders.endpoint.model', 'echo');
  await typeInto(page, 'builders.endpoint.api_key', KEY);
  await typeInto(page, 'builders.endpoint.max_output', '64');
  await clickWidget(page, 'builders.endpoint.save');
  await page.waitForFunction(() => window.marketplace.state().endpoints['local-llama']?.has_key === true);
  let s = await state(page);
  assert.equal(s.endpoints['local-llama'].base_url, server.url);
  assert.equal(JSON.stringify(s).includes(KEY), false, 'state() never shows the key');
  await clickWidget(page, 'builders.endpoint.test');
  await page.waitForFunction(() => window.marketplace.state().endpoints['local-llama']?.test);
  s = await state(page);
  assert.equal(s.endpoints['local-llama'].test.ok, true, s.endpoints['local-llama'].test.message);
  assert.match(s.endpoints['local-llama'].test.message, /^Connected: 13 models .*"echo" is one of them\./);
  await page.screenshot({ path: `${SCREENSHOTS}/endpoint-builders.png` });

  // Send a prompt from the model page and watch the answer grow.
  await dispatch(page, { type: 'navigate', route: '/model/local-llama' });
  await frames(page);
  await clickWidget(page, 'model.unlock');
  const before = await balance(page);
  const recordsBefore = await records(page);
  await typeInto(page, 'model.prompt', 'Tell me about tokens and prices in a marketplace');
  server.hold();  // the server sends two words, then waits: the answer is seen part-way
  await clickWidget(page, 'model.send');
  await page.waitForFunction(() => Object.values(window.marketplace.state().completions)[0]?.text === 'You said: ');
  await frames(page);
  assert.equal((await page.evaluate(() => window.marketplace.locate('model.answer'))) !== null, true, 'the partial answer is drawn');
  await page.screenshot({ path: `${SCREENSHOTS}/endpoint-streaming.png` });
  assert.equal(await balance(page), before, 'nothing billed while it streams');
  server.release();
  await page.waitForFunction((b) => window.marketplace.state().profile.balance_ucr < b, before);
  const asked = server.requests.at(-1);
  assert.equal(asked.stream, true);
  assert.equal(asked.max_tokens, 64);
  const words = `You said: ${asked.messages[0].content}`.split(/(?<= )/).slice(0, 64);
  const usage = { prompt_tokens: Math.ceil(Buffer.byteLength(asked.messages[0].content) / 4), completion_tokens: words.length };
  assert.equal(before - await balance(page), cost(usage, 1000, 3000), 'billed exactly the reported usage');
  await page.waitForFunction(() => /^Billed /.test(window.marketplace.state().try_it.outcome));
  assert.match((await state(page)).try_it.outcome, /as the endpoint reported/);
  assert.equal((await state(page)).try_it.answer, words.join(''));
  assert.equal(await records(page), recordsBefore + 1, 'one journal record for the reply');
  await frames(page);
  await page.screenshot({ path: `${SCREENSHOTS}/endpoint-answer.png` });

  // The key is never exported, nor in the journal's IndexedDB entries.
  assert.equal(JSON.stringify(await page.evaluate(() => window.marketplace.exportState())).includes(KEY), false);
  const stored = await page.evaluate(() => new Promise((resolve, reject) => {
    const request = indexedDB.open(Module.mmStorageName);
    request.onsuccess = () => {
      const all = request.result.transaction('FILE_DATA').objectStore('FILE_DATA').openCursor();
      const files = {};
      all.onsuccess = () => {
        const cursor = all.result;
        if (!cursor) return resolve(files);
        const contents = cursor.value && cursor.value.contents;
        if (contents) files[cursor.key] = new TextDecoder().decode(contents);
        cursor.continue();
      };
      all.onerror = () => reject(all.error);
    };
    request.onerror = () => reject(request.error);
  }));
  const journalFiles = Object.keys(stored).filter((name) => name.includes('journal') || name.includes('snapshot'));
  assert.ok(journalFiles.length > 0, `journal files stored: ${Object.keys(stored)}`);
  for (const name of journalFiles) assert.equal(stored[name].includes(KEY), false, `${name} holds no key`);

  // Every failure: its own message, nothing billed.
  let b;
  const complete = (extra = {}) => dispatch(page, { type: 'complete', slug: 'local-llama', prompt: 'Hello', ...extra });
  const endpointIs = (fields) => dispatch(page, { type: 'setEndpoint', slug: 'local-llama', base_url: server.url, model: 'echo',
                                                   api_key: KEY, max_output_tokens: 64, ...fields });
  const failures = [
    [{ model: 'fail-401' }, 'endpoint_unauthorized', /API key/],
    [{ api_key: 'sk-wrong-key-000000' }, 'endpoint_unauthorized', /Invalid API key/],
    [{ model: 'nope' }, 'endpoint_not_found', /model id/],
    [{ model: 'fail-429' }, 'endpoint_rate_limited', /Try again in 7 s/],
    [{ model: 'fail-503' }, 'endpoint_server_error', /HTTP 503/],
    [{ model: 'bad-json' }, 'endpoint_malformed', /not the JSON/],
    [{ model: 'bad-sse' }, 'endpoint_malformed', /not the JSON/],
    [{ model: 'too-long', max_output_tokens: 3 }, 'endpoint_too_long', /more than the 3/],
    [{ base_url: noCors.url }, 'endpoint_cors', /OLLAMA_ORIGINS/],
    [{ base_url: closedServer.url }, 'endpoint_network', /Could not reach/],
    [{ base_url: 'http://no-such-host.invalid:8080/v1' }, 'endpoint_network', /host name did not resolve/],
  ];
  for (const [fields, code, message] of failures) {
    assert.equal((await endpointIs(fields)).ok, true);
    const b = await balance(page), r = await records(page);
    const result = await complete();
    assert.equal(result.ok, false, JSON.stringify(fields));
    assert.equal(result.error, code, `${JSON.stringify(fields)}: ${result.message}`);
    assert.match(result.message, message);
    assert.match(result.message, /Nothing was billed\./);
    assert.equal(await balance(page), b, 'nothing billed');
    assert.equal(await records(page), r, 'nothing recorded');
  }
  // A failure met by a click says so on the page, under the prompt.
  await endpointIs({ model: 'fail-503' });
  b = await balance(page);
  await clickWidget(page, 'model.send');
  await page.waitForFunction(() => /HTTP 503/.test(window.marketplace.state().try_it.outcome));
  assert.equal((await state(page)).try_it.failed, true);
  assert.match((await state(page)).try_it.outcome, /Nothing was billed\./);
  await frames(page);
  assert.notEqual(await page.evaluate(() => window.marketplace.locate('model.answer.outcome')), null, 'shown under the prompt');
  await page.screenshot({ path: `${SCREENSHOTS}/endpoint-failure.png` });
  assert.equal(await balance(page), b);
  // Silence: given up after the timeout asked for; a Stop stops it. Neither bills anything.
  await endpointIs({ model: 'slow' });
  b = await balance(page);
  const timedOut = await complete({ timeout_ms: 1500 });
  assert.equal(timedOut.error, 'endpoint_timeout', timedOut.message);
  const requestsBefore = server.requests.length;
  const pending = complete();
  while (server.requests.length === requestsBefore) await new Promise((r) => setTimeout(r, 50));  // the server has it
  await dispatch(page, { type: 'stopCompletion', slug: 'local-llama' });
  const stopped = await pending;
  assert.equal(stopped.ok, true);
  assert.equal(stopped.billed, false);
  assert.match(stopped.message, /Stopped\. Nothing was billed: the endpoint reported no usage\./);
  assert.equal(await balance(page), b);
  // Offline: nothing is sent to a remote endpoint.
  await endpointIs({ base_url: 'https://models.example.com/v1', model: 'echo' });
  await context.setOffline(true);
  const offline = await complete();
  await context.setOffline(false);
  assert.equal(offline.error, 'endpoint_offline', offline.message);
  // No usage reported: billed by the estimate, and it says so.
  await endpointIs({ model: 'no-usage' });
  b = await balance(page);
  const estimated = await complete({ prompt: 'abcdefgh' });
  assert.equal(estimated.ok, true, estimated.message);
  assert.equal(estimated.usage, 'estimated');
  assert.equal(estimated.text, 'You said: abcdefgh');
  assert.equal(estimated.prompt_tokens, 2);
  assert.equal(estimated.completion_tokens, Math.ceil(Buffer.byteLength(estimated.text) / 4));
  assert.equal(b - await balance(page), estimated.cost_ucr);
  // A whole (non-streamed) reply works too.
  await endpointIs({ model: 'whole' });
  const whole = await complete({ prompt: 'one two' });
  assert.equal(whole.ok, true, whole.message);
  assert.equal(whole.text, 'You said: one two');
  assert.equal(whole.usage, 'reported');

  // A built-in model answers here, simulated, and bills its tokens as a usage call always has.
  await dispatch(page, { type: 'unlock', slug: 'quill-7b' });
  b = await balance(page);
  const simulated = await dispatch(page, { type: 'complete', slug: 'quill-7b', prompt: 'What is a token?' });
  assert.equal(simulated.ok, true, simulated.message);
  assert.equal(simulated.simulated, true);
  assert.match(simulated.text, /What is a token\?/);
  const quill = JSON.parse(readFileSync('assets/catalog.json', 'utf8')).models.find((m) => m.slug === 'quill-7b');
  const tokens = simulated.prompt_tokens + simulated.completion_tokens;
  assert.equal(simulated.cost_ucr, Math.ceil(tokens * quill.price_per_1k_ucr / 1000), 'billed as a call of its tokens');
  assert.equal(b - await balance(page), simulated.cost_ucr);
  await context.setOffline(true);  // and offline too
  const offlineAnswer = await dispatch(page, { type: 'complete', slug: 'quill-7b', prompt: 'Still there?' });
  await context.setOffline(false);
  assert.equal(offlineAnswer.ok, true, offlineAnswer.message);
  assert.equal(offlineAnswer.simulated, true);
  await context.close();
});
