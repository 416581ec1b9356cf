// A small server that speaks the OpenAI chat-completions protocol on a free loopback port: the one fake in
// the endpoint tests, standing in for a real inference server (llama.cpp's llama-server, Ollama, vLLM…),
// which this machine cannot run. It answers deterministically ("You said: <prompt>", a word per event) and
// fails on demand, picked by the model id a listing names:
//   echo            streamed (or whole, when the request says stream: false), usage in the last event
//   no-usage        the same without any usage (the app estimates, and says so)
//   whole           a whole JSON reply even when asked to stream
//   fail-401 / fail-403 / fail-404 / fail-500 / fail-503   that status with an OpenAI-style error body
//   fail-429        429 with Retry-After: 7
//   bad-json        a 200 whose body is not JSON;  bad-sse   an event stream with a malformed event
//   too-long        ignores max_tokens and streams more than was asked for
//   slow            sends headers, then nothing (timeouts; Stop)
//   any other id    404 "model not found", as real servers answer
// Started and stopped by the tests: `const server = await startOpenAiServer({ apiKey, cors })`, then
// `server.url` (…/v1) and `await server.close()`. `server.hold()` makes the next streams stop after their
// first two words until `server.release()`, so a test can see an answer part-way without racing it. `cors: false` leaves out the CORS headers, as a server that
// does not allow the page's origin would. Also runnable by hand: `node tests/openai_server.mjs [port]`.
import http from 'node:http';

const MODELS = ['echo', 'no-usage', 'whole', 'fail-401', 'fail-403', 'fail-404', 'fail-429', 'fail-500', 'fail-503',
                'bad-json', 'bad-sse', 'too-long', 'slow'];
const tokensOf = (text) => Math.ceil(Buffer.byteLength(text) / 4);

export async function startOpenAiServer({ apiKey = '', cors = true, port = 0, wordDelayMs = 15 } = {}) {
  const requests = [];  // what was asked, for tests to inspect
  const open = new Set();
  let gate = null;  // while held: a promise the streams wait on after their first two words
  let release = () => {};
  const server = http.createServer(async (req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    const fail = (status, message, headers = {}) =>
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
        .end(JSON.stringify({ error: { message, type: 'test_error', code: status } }));
    if (apiKey && req.headers.authorization !== `Bearer ${apiKey}`) return fail(401, 'Invalid API key.');
    const path = new URL(req.url, 'http://x').pathname;
    if (req.method === 'GET' && path === '/v1/models')
      return res.writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ object: 'list', data: MODELS.map((id) => ({ id, object: 'model', owned_by: 'tests' })) }));
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return fail(404, `No route ${req.method} ${path}.`);
    let body;
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(400, 'The request body is not JSON.');
    }
    requests.push(body);
    const model = String(body.model ?? '');
    if (!MODELS.includes(model)) return fail(404, `The model '${model}' does not exist.`);
    const status = /^fail-(\d+)$/.exec(model);
    if (status) return fail(Number(status[1]), `Failure ${status[1]} on request.`, model === 'fail-429' ? { 'Retry-After': '7' } : {});
    if (model === 'bad-json') return res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"choices": [');

    const prompt = String(body.messages?.at(-1)?.content ?? '');
    let words = `You said: ${prompt}`.split(/(?<= )/);
    const max = Number(body.max_tokens) || Infinity;
    if (model === 'too-long') words = [...words, ...Array(Math.ceil(max) + 5).fill('more ')];
    else words = words.slice(0, max);
    const usage = { prompt_tokens: tokensOf(prompt), completion_tokens: words.length, total_tokens: tokensOf(prompt) + words.length };
    const text = words.join('');
    if (!body.stream || model === 'whole')
      return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({
        id: 'chatcmpl-test', object: 'chat.completion', model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        ...(model === 'no-usage' ? {} : { usage }),
      }));
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    if (model === 'slow') return;  // headers, then silence until the client gives up
    const send = (data) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    res.write(': keep-alive\n\n');
    for (const [i, word] of words.entries()) {
      if (i === 2 && gate) await gate;
      if (res.destroyed) return;
      if (model === 'bad-sse' && i === 1) send('{"choices": [{"delta": ');
      send({ id: 'chatcmpl-test', object: 'chat.completion.chunk', model,
             choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
      await new Promise((r) => setTimeout(r, wordDelayMs));
    }
    send({ id: 'chatcmpl-test', object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (model !== 'no-usage' && body.stream_options?.include_usage) send({ id: 'chatcmpl-test', choices: [], usage });
    send('[DONE]');
    res.end();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/v1`;
  return {
    url, requests,
    hold() { gate = new Promise((resolve) => { release = resolve; }); },
    release() { gate = null; release(); },
    close: () => new Promise((resolve) => { for (const res of open) res.destroy(); server.close(resolve); }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startOpenAiServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`OpenAI-protocol test server at ${server.url} (models: ${MODELS.join(', ')})`);
}
