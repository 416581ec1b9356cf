// window.marketplace: the automation API (a public contract; tests and scripts drive the app with it).
//   ready            Promise: resolves once saved state is loaded (with what other tabs saved meanwhile) and the
//                    first frame is drawn
//   dispatch(cmd)    Promise of {ok: true, ...} or {ok: false, error, message}; same path as a click
//                    (settleDueEvents records the renewals and expiries due by now; the page does it itself)
//   state()          JSON-able snapshot of the app (route, models_count, profile, ...), null until it is loaded
//   locate(id)       {x, y, w, h} in CSS pixels of a named widget drawn in the last frame, or null
//   exportState()    Promise of the whole state as JSON (every journal record with postings and hashes)
//   importState(s)   Promise of {ok: true, records} or {ok: false, error, message}; validates everything
//                    first, and a rejected import changes nothing
//   clock.offsetMs   added to Date.now() for the app's clock (tests move time, e.g. to expire a link)
// It also keeps the URL's #route and the app's route in step (Back/Forward, links), and gives the C++ side
// what only the browser has: secure random bytes, the clipboard, opening URLs (mailto:), Google sign-in.
var Module = window.Module || {};
window.Module = Module;

(function () {
  'use strict';
  // The program compiles while the page is still starting (the browser compiles off the main thread), and the
  // runtime instantiates the compiled module when it is ready for it. A server that does not send .wasm as
  // application/wasm gets the slower path that needs no header. The single-file build carries its own.
  if (!document.getElementById('mm-program') && typeof WebAssembly === 'object' && WebAssembly.compileStreaming) {
    const fetchProgram = () => fetch('marketplace.wasm', { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error('marketplace.wasm could not be loaded (HTTP ' + response.status + ')');
      return response;
    });
    const compiled = WebAssembly.compileStreaming(fetchProgram())
      .catch(() => fetchProgram().then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
    compiled.catch(() => {});
    Module.instantiateWasm = (imports, receive) => {
      compiled.then((module) => WebAssembly.instantiate(module, imports).then((instance) => receive(instance, module)))
        .catch((e) => { if (Module.mmOnFatal) Module.mmOnFatal('The app\'s program could not be started (' + e.message + '). Reload the page to try again.'); });
      return {};
    };
  }
  // Dear ImGui's renderer reads back the viewport, scissor box and blend state every frame to restore them
  // afterwards. WebGL answers those reads by waiting for the graphics process to finish all queued work (in
  // software rendering, most of a frame). The app is the only one drawing on its context, so the values it
  // last set are answered here instead: the same values, without the wait.
  (function answerGLStateReadsLocally() {
    if (typeof WebGL2RenderingContext !== 'function') return;
    const proto = WebGL2RenderingContext.prototype;
    const G = WebGL2RenderingContext;
    const tracked = new Set([G.VIEWPORT, G.SCISSOR_BOX, G.BLEND_SRC_RGB, G.BLEND_DST_RGB, G.BLEND_SRC_ALPHA,
                             G.BLEND_DST_ALPHA, G.BLEND_EQUATION_RGB, G.BLEND_EQUATION_ALPHA]);
    const known = new WeakMap();  // context -> Map(pname -> value)
    const stateOf = (gl) => { let m = known.get(gl); if (!m) known.set(gl, (m = new Map())); return m; };
    // A new context's values are the specification's: the viewport and scissor box are its drawing buffer,
    // blending adds ONE × source to ZERO × destination. Known from the start, not even the first read waits.
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (...args) {
      const gl = getContext.apply(this, args);
      if (gl instanceof WebGL2RenderingContext && !known.has(gl)) {
        const whole = [0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight];
        known.set(gl, new Map([[G.VIEWPORT, new Int32Array(whole)], [G.SCISSOR_BOX, new Int32Array(whole)],
                               [G.BLEND_SRC_RGB, G.ONE], [G.BLEND_SRC_ALPHA, G.ONE], [G.BLEND_DST_RGB, G.ZERO],
                               [G.BLEND_DST_ALPHA, G.ZERO], [G.BLEND_EQUATION_RGB, G.FUNC_ADD],
                               [G.BLEND_EQUATION_ALPHA, G.FUNC_ADD]]));
      }
      return gl;
    };
    const { getParameter, viewport, scissor, blendFunc, blendFuncSeparate, blendEquation, blendEquationSeparate } = proto;
    proto.getParameter = function (pname) {
      if (!tracked.has(pname)) return getParameter.call(this, pname);
      const state = stateOf(this);
      if (!state.has(pname)) state.set(pname, getParameter.call(this, pname));
      const value = state.get(pname);
      return value instanceof Int32Array ? new Int32Array(value) : value;
    };
    proto.viewport = function (x, y, w, h) { viewport.call(this, x, y, w, h); stateOf(this).set(G.VIEWPORT, new Int32Array([x, y, w, h])); };
    proto.scissor = function (x, y, w, h) { scissor.call(this, x, y, w, h); stateOf(this).set(G.SCISSOR_BOX, new Int32Array([x, y, w, h])); };
    const setBlend = (gl, srcRgb, dstRgb, srcAlpha, dstAlpha) => {
      const state = stateOf(gl);
      state.set(G.BLEND_SRC_RGB, srcRgb).set(G.BLEND_DST_RGB, dstRgb).set(G.BLEND_SRC_ALPHA, srcAlpha).set(G.BLEND_DST_ALPHA, dstAlpha);
    };
    proto.blendFunc = function (src, dst) { blendFunc.call(this, src, dst); setBlend(this, src, dst, src, dst); };
    proto.blendFuncSeparate = function (sr, dr, sa, da) { blendFuncSeparate.call(this, sr, dr, sa, da); setBlend(this, sr, dr, sa, da); };
    proto.blendEquation = function (mode) { blendEquation.call(this, mode); stateOf(this).set(G.BLEND_EQUATION_RGB, mode).set(G.BLEND_EQUATION_ALPHA, mode); };
    proto.blendEquationSeparate = function (rgb, alpha) { blendEquationSeparate.call(this, rgb, alpha); stateOf(this).set(G.BLEND_EQUATION_RGB, rgb).set(G.BLEND_EQUATION_ALPHA, alpha); };
  })();

  // One origin may host several copies of the app (two GitHub Pages projects of one user, a preview next to
  // production): the IndexedDB database, the storage lock and the tabs' channel are named after the app's
  // base path, so copies never share a journal. The root keeps the original names, so existing data stays.
  const BASE = new URL('.', window.location.href).pathname;
  const scoped = (name) => (BASE === '/' ? name : name + '@' + BASE);
  Module.mmStorageName = scoped('/persist');  // read by the IDBFS mount (src/platform/web/web_storage.cpp)
  Module.mmStorageLock = scoped('model-marketplace-storage');
  // The route is the URL's hash as it is: its values are percent-encoded, and C++ decodes each value once.
  const hashRoute = () => window.location.hash.replace(/^#/, '');
  let isReady = false;
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  const clock = { offsetMs: 0 };

  // The argument goes through the heap, not ccall's 'string' (which copies onto the 5 MB stack and would
  // overflow it with a large importState).
  function call(name, arg) {
    const size = Module.lengthBytesUTF8(arg) + 1;
    const pointer = Module._malloc(size);
    try {
      Module.stringToUTF8(arg, pointer, size);
      return JSON.parse(Module.ccall(name, 'string', ['number'], [pointer]));
    } finally {
      Module._free(pointer);
    }
  }
  Module.mmCall = call;  // also for the accessibility mirror (a11y.js)

  // Renewals and bundle expiries fall due at a time. Every shared command records what is due first; this
  // records them when nothing is clicked: after loading (a page opened after a month away) and when the next
  // one falls due while the page is open. A failed try (storage refused) is tried again a little later.
  let dueTimer = 0;
  function settleWhenDue() {
    clearTimeout(dueTimer);
    const due = isReady ? Module._mm_next_due_ms() : -1;
    if (due < 0) return;
    const wait = due - (Date.now() + clock.offsetMs);
    if (wait > 0) {
      dueTimer = setTimeout(settleWhenDue, Math.min(wait, 2 ** 31 - 1));
      return;
    }
    marketplace.dispatch({ type: 'settleDueEvents' }).then((result) => {
      if (result.ok) settleWhenDue();
      else dueTimer = setTimeout(settleWhenDue, 5000);
    });
  }

  // --- Real models behind listings ------------------------------------------------------------------------
  // The commands that wait for the network. C++ decides everything (src/app/endpoints.cpp: what to send,
  // what a reply or a failure means, what is billed); this only fetches, hands over the bytes as they
  // arrive, and says how the request ended: complete, stopped (Stop), or failed — offline, mixed content (an
  // http endpoint from an https page), CORS (the server answered a no-cors probe, so it is up but does not
  // allow this origin), network (refused, no such host), timeout (nothing for timeout_ms), or an HTTP status.
  const inFlight = new Set();  // {slug, controller, stopped, …}: registered before anything is asked, so Stop always counts
  // A whole request, however it trickles (keep-alives reset only the idle timer): 5 min, more for long replies.
  const deadlineFor = (maxOutputTokens) => Math.max(5 * 60 * 1000, (maxOutputTokens || 0) * 20);
  const isLoopback = (url) => /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//i.test(url);  // as the CSP allows
  async function networkFailure(url, error, entry) {
    if (entry.timedOut) return { kind: 'timeout', after_ms: entry.timedOut, deadline: entry.deadline };
    if (location.protocol === 'https:' && url.startsWith('http:') && !isLoopback(url)) return { kind: 'mixed_content' };
    if (!navigator.onLine && !isLoopback(url)) return { kind: 'offline' };
    try {  // an opaque answer to a no-cors request (which carries no key): the server is up, it refused this origin
      await fetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(5000) });
      return { kind: 'cors' };
    } catch {
      return { kind: 'network', detail: String(error && error.message || error) };
    }
  }
  // fetch with an idle timeout that restarts whenever bytes arrive (`touch`), a deadline, and Stop.
  function guardedFetch(url, init, idleMs, entry, deadlineMs) {
    let idle = 0;
    const started = Date.now();
    entry.touch = () => {
      clearTimeout(idle);
      const untilDeadline = deadlineMs - (Date.now() - started);
      const byDeadline = untilDeadline < idleMs;  // decided now: which of the two this timer stands for
      idle = setTimeout(() => {
        entry.timedOut = byDeadline ? deadlineMs : idleMs;
        entry.deadline = byDeadline;
        entry.controller.abort();
      }, Math.max(0, byDeadline ? untilDeadline : idleMs));
    };
    entry.done = () => clearTimeout(idle);
    entry.touch();
    return fetch(url, { ...init, cache: 'no-store', signal: entry.controller.signal });
  }
  const endpoints = {
    async complete(cmd) {
      const entry = { slug: cmd.slug, controller: new AbortController(), stopped: false, timedOut: 0 };
      inFlight.add(entry);
      let id = null;
      const finish = (ended, failure) => {
        entry.done?.();
        return marketplace.dispatch({ type: 'finishCompletion', completion: id, ended, ...(failure ? { failure } : {}) });
      };
      try {
        const started = await marketplace.dispatch({ ...cmd, type: 'startCompletion' });
        // Refused, answered here (simulated), or already billed under this id: that is the answer.
        if (!started.ok || started.simulated || !started.request) return started;
        id = started.completion;
        if (entry.stopped) return await finish('stopped');
        const { url, headers, body } = started.request;
        if (location.protocol === 'https:' && url.startsWith('http:') && !isLoopback(url)) return await finish('failed', { kind: 'mixed_content' });
        if (!navigator.onLine && !isLoopback(url)) return await finish('failed', { kind: 'offline' });
        let response;
        try {
          response = await guardedFetch(url, { method: 'POST', headers, body }, started.timeout_ms, entry,
                                        deadlineFor(started.max_output_tokens));
        } catch (e) {
          if (entry.stopped) return await finish('stopped');
          return await finish('failed', await networkFailure(url, e, entry));
        }
        if (!response.ok) {
          const text = await response.text().catch(() => '');
          return await finish('failed', { kind: 'status', status: response.status,
                                          retry_after: response.headers.get('Retry-After') ?? undefined, body: text.slice(0, 4000) });
        }
        const streamed = (response.headers.get('Content-Type') || '').includes('text/event-stream');
        const decoder = new TextDecoder();
        let reader = null;
        try {
          reader = response.body.getReader();
          for (;;) {
            const { value, done } = await reader.read();
            entry.touch();
            const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
            if (text) {
              const fed = call('mm_completion_feed', JSON.stringify({ completion: id, text, streamed }));
              if (fed.error || fed.done) {  // broken off, or [DONE]: stop reading, whether or not the server closes
                reader.cancel().catch(() => {});
                return await finish(fed.error ? 'failed' : 'complete');
              }
            }
            if (done) break;
          }
        } catch (e) {
          if (entry.stopped) return await finish('stopped');
          return await finish('failed', entry.timedOut ? { kind: 'timeout', after_ms: entry.timedOut, deadline: entry.deadline }
                                                       : { kind: 'interrupted' });
        }
        return await finish('complete');
      } catch (e) {  // anything unexpected: the request ends, billed only by what C++ decides, and says so
        console.error('Model Marketplace: a completion failed:', e);
        return id ? finish('failed', { kind: 'interrupted' })
                  : { ok: false, error: 'endpoint_failed', message: 'The request could not be made: ' + String(e && e.message || e) };
      } finally {
        entry.done?.();
        inFlight.delete(entry);
      }
    },
    // stopCompletion {slug?}: the answers being asked stop where they are (billed only if usage was reported).
    async stopCompletion(cmd) {
      let stopped = 0;
      for (const entry of inFlight) {
        if (cmd.slug && entry.slug !== cmd.slug) continue;
        entry.stopped = true;
        entry.controller.abort();
        ++stopped;
      }
      return { ok: true, stopped };
    },
    // testEndpoint {slug}: GET {base_url}/models, and what it found as a sentence.
    async testEndpoint(cmd) {
      const started = await marketplace.dispatch({ ...cmd, type: 'startEndpointTest' });
      if (!started.ok) return started;
      const { url, headers } = started.request;
      const entry = { controller: new AbortController(), timedOut: 0 };
      const tested = (result) => { entry.done?.(); return marketplace.dispatch({ type: 'endpointTested', slug: started.slug, ...result }); };
      if (location.protocol === 'https:' && url.startsWith('http:') && !isLoopback(url)) return tested({ failure: { kind: 'mixed_content' } });
      try {
        const response = await guardedFetch(url, { headers }, started.timeout_ms, entry, deadlineFor(0));
        const body = await response.text();
        return tested({ status: response.status, body: body.slice(0, 4_000_000), retry_after: response.headers.get('Retry-After') ?? undefined });
      } catch (e) {
        return tested({ failure: await networkFailure(url, e, entry) });
      }
    },
  };

  const marketplace = window.marketplace = {
    ready,
    clock,
    async dispatch(cmd) {
      await ready;
      if (cmd === null || typeof cmd !== 'object' || Array.isArray(cmd) || typeof cmd.type !== 'string') {
        return { ok: false, error: 'invalid_command', message: 'A command is an object with a string "type" field.' };
      }
      const text = JSON.stringify(cmd);
      if (endpoints[cmd.type]) return endpoints[cmd.type](cmd);
      if (!call('mm_is_shared', text)) return call('mm_dispatch', text);
      const result = await shared.unsaved(shared.exclusive(() => call('mm_dispatch', text)));
      if (cmd.type !== 'settleDueEvents') settleWhenDue();
      return result;
    },
    state() { return isReady ? call('mm_state', '') : null; },
    locate(id) { return isReady ? call('mm_locate', String(id)) : null; },
    async exportState() {
      const result = await marketplace.dispatch({ type: 'exportState' });
      return result.state;
    },
    importState(state) { return marketplace.dispatch({ type: 'importState', state }); },
    _ready() {
      isReady = true;
      shared.started().finally(() => {
        performance.mark('marketplace-ready');  // for profiles and the benchmark: when `ready` resolved
        resolveReady();
      });
      startGoogle();
      // The history under the snapshot is re-derived in small slices between everything else.
      const checkHistory = () => {
        if (shared.busy()) { setTimeout(checkHistory, 50); return; }
        if (Module._mm_check_history()) setTimeout(checkHistory, 0);
      };
      setTimeout(checkHistory, 0);
      ready.then(settleWhenDue);
      // A sign-in link the page was opened with is redeemed under the storage lock (see shared below).
      const route = hashRoute();
      if (route.startsWith('/auth/magic')) marketplace.dispatch({ type: 'navigate', route });
    },
    _fail(message) { rejectReady(new Error(message)); },
  };

  // Two tabs, one storage. Each tab holds its own in-memory copy of the saved files (IDBFS's MEMFS). Writers
  // are serialized with a Web Lock. Holding it, a tab syncs in only if another tab saved since it last
  // looked (a generation number stored beside the files: one IndexedDB read), reading just the files whose
  // timestamps differ, catches up (C++ mm_catch_up), runs its command, then stores exactly the files that
  // changed — with a new generation — in one IndexedDB transaction, in Emscripten's IDBFS format, and tells
  // the other tabs (BroadcastChannel) to catch up. A tab waiting for the lock waits; no command is dropped.
  const shared = Module.mmShared = (() => {
    const LOCK = Module.mmStorageLock;
    const MOUNT = '/persist';
    const GENERATION = MOUNT + '\u0000generation';  // no timestamp: IDBFS's own walks never see it
    // IDBFS's database layout (library_idbfs.js, Emscripten 3.1.6): checked against IDBFS when mounting.
    const DB_VERSION = 21;
    const STORE = 'FILE_DATA';
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(scoped('model-marketplace')) : null;
    let queued = 0;         // exclusive sections waiting or running
    let waiting = 0;        // exclusive sections that have not got the lock yet
    let inside = false;     // this tab holds the lock right now
    let syncWanted = false; // a section to store files written outside one is already queued
    let seen = null;        // the generation this tab last read or wrote (null: unknown, sync in first)
    let mustSyncIn = false;  // an older version announced a save (it stores no generation): sync in first
    const known = new Map();    // path -> the stored timestamp (ms) this tab last read or wrote
    let lastError = '';
    const stats = { commits: 0, bytes: 0, files: 0 };  // stored by this tab (for make bench)
    const unstored = new Set();  // files whose last store failed: stored again with the next changes
    let ownQueue = Promise.resolve();  // without Web Locks: at least this tab's own writes in order

    // The database, opened as IDBFS opens it (same version, same upgrade), so reading the saved files can
    // start with the page, while the program is still downloading and compiling.
    const openDatabase = (name) => new Promise((ok, fail) => {
      const request = indexedDB.open(name, DB_VERSION);
      request.onupgradeneeded = () => {
        const tx = request.transaction;
        const store = request.result.objectStoreNames.contains(STORE) ? tx.objectStore(STORE) : request.result.createObjectStore(STORE);
        if (!store.indexNames.contains('timestamp')) store.createIndex('timestamp', 'timestamp', { unique: false });
      };
      request.onsuccess = () => {
        // A newer version asking to upgrade the database, or the browser closing it: let go, reopen next time
        // (unless a newer connection has taken this one's place already).
        const opened = database;
        const forget = () => { if (database === opened) database = null; };
        request.result.onversionchange = () => { request.result.close(); forget(); };
        request.result.onclose = forget;
        ok(request.result);
      };
      request.onerror = () => fail(request.error);
    });
    let database = null;
    const db = () => database || (database = openDatabase(Module.mmStorageName).catch((e) => { database = null; throw e; }));
    // Runs `work(store, abort)` in one transaction; resolves with what it returns once committed. `abort(error)`
    // rolls everything back and rejects with that error.
    const transaction = (mode, work) => db().then((opened) => new Promise((ok, fail) => {
      const tx = opened.transaction([STORE], mode);
      let reason = null;
      const result = work(tx.objectStore(STORE), (error) => { reason = error; tx.abort(); });
      tx.oncomplete = () => ok(result);
      tx.onerror = tx.onabort = () => fail(reason || tx.error || new Error('IndexedDB transaction aborted'));
    }));
    const generationOf = (entry) => (entry ? entry.generation : '');
    const readGeneration = () => transaction('readonly', (store) => store.get(GENERATION)).then((r) => generationOf(r.result));
    // What differs from this tab's copy (`local`: path -> mtime in ms), in one read-only transaction, so it is
    // one consistent state even if another tab (an older version, without the lock) stores meanwhile: the
    // generation, the entries whose timestamps differ (IDBFS's 'timestamp' index: keys only) with their
    // contents, and the paths that are gone.
    const readChanges = (local) => transaction('readonly', (store) => {
      const out = { generation: '', changed: [], removed: [], times: new Map() };
      store.get(GENERATION).onsuccess = (e) => { out.generation = generationOf(e.target.result); };
      const remote = new Set();
      store.index('timestamp').openKeyCursor().onsuccess = (e) => {
        const cursor = e.target.result;
        if (!cursor) {
          for (const path of local.keys()) if (!remote.has(path)) out.removed.push(path);
          return;
        }
        const path = cursor.primaryKey;
        if (typeof path === 'string' && path.startsWith(MOUNT + '/')) {
          remote.add(path);
          out.times.set(path, cursor.key.getTime());
          if (local.get(path) !== cursor.key.getTime())
            store.get(path).onsuccess = (g) => { if (g.target.result) out.changed.push([path, g.target.result]); };
        }
        cursor.continue();
      };
      return out;
    });
    // This tab's copy, as IDBFS's walk sees it.
    function localTimes() {
      const FS = Module.FS;
      const times = new Map();
      const check = [MOUNT];
      while (check.length) {
        const dir = check.pop();
        for (const name of FS.readdir(dir)) {
          if (name === '.' || name === '..') continue;
          const path = dir + '/' + name;
          const stat = FS.stat(path);
          if (FS.isDir(stat.mode)) check.push(path);
          times.set(path, stat.mtime.getTime());
        }
      }
      return times;
    }
    // Takes in what other tabs stored: their files, then the program catches up (C++ mm_catch_up).
    async function syncIn() {
      mustSyncIn = true;  // until it has worked
      const changes = await readChanges(localTimes());
      applyChanges(changes);
      Module.ccall('mm_catch_up', null, [], []);
      seen = changes.generation;
      mustSyncIn = false;
    }
    // Writes what readChanges found into this tab's copy, the way IDBFS does (parents first, then children;
    // removals children first). The caller records the generation once the program has taken them in.
    function applyChanges(changes) {
      const FS = Module.FS;
      changes.changed.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (const [path, entry] of changes.changed) {
        if (FS.isDir(entry.mode)) FS.mkdirTree(path, entry.mode);
        else if (FS.isFile(entry.mode)) FS.writeFile(path, entry.contents, { canOwn: true });
        else continue;
        FS.chmod(path, entry.mode);
        FS.utime(path, entry.timestamp, entry.timestamp);
      }
      for (const path of changes.removed.sort().reverse()) {
        try {
          if (FS.isDir(FS.stat(path).mode)) FS.rmdir(path);
          else FS.unlink(path);
        } catch (e) { /* already gone */ }
      }
      known.clear();
      for (const [path, time] of changes.times) known.set(path, time);
    }
    // Started with the page: everything saved, read before the program is ready for it.
    let available = false;  // reading window.indexedDB itself throws where storage is blocked (sandboxed frames)
    try { available = typeof indexedDB === 'object' && !!indexedDB; } catch (e) { /* unavailable */ }
    // A first visit has no database yet. Asking which databases exist is one answer; opening would create
    // ours (a version change and several more answers, each waiting its turn while the program starts).
    // Should a browser leave ours out of that list, the first section after start-up (confirmEmpty) still
    // reads what is stored, before `ready`.
    const saved = (name) => Promise.resolve()
      .then(() => (typeof indexedDB.databases === 'function' ? indexedDB.databases() : null))
      .then((list) => !list || list.some((entry) => entry.name === name), () => true);
    let confirmEmpty = false;
    const nothingSaved = () => {
      confirmEmpty = true;
      return { generation: '', changed: [], removed: [], times: new Map() };
    };
    let startupRead = available ? saved(Module.mmStorageName).then((found) => (found ? readChanges(new Map()) : nothingSaved()))
                                : Promise.reject(new Error('IndexedDB is unavailable'));
    startupRead.catch(() => {});

    // The changed files as IDBFS entries ({timestamp, mode, contents} under '/persist/<name>'; a file that is
    // gone is deleted), and a new generation, all or nothing. Refused (nothing stored) when another tab
    // stored since this tab last looked — a new generation, or a file whose stored timestamp is not the one
    // this tab knows (an older version stores no generation): writing now would overwrite its files with
    // stale ones. Each file's timestamp moves past the stored one, so another tab's copy never looks
    // current by coincidence (IDBFS compares timestamps, and two writes can fall in one millisecond).
    function persist(names) {
      const FS = Module.FS;
      const generation = Date.now().toString(36) + Math.random().toString(36).slice(2);
      const written = new Map();
      let bytes = 0;
      return transaction('readwrite', (store, abort) => {
        const files = names.map((name) => ({ path: MOUNT + '/' + name, stored: null }));
        let pending = files.length + 1;
        let storedGeneration = '';
        const checkThenWrite = () => {
          if (--pending > 0) return;
          // Stored since this tab looked, or removed since (an older tab's import):
          const stale = files.find((f) => (f.stored ? f.stored.timestamp.getTime() !== known.get(f.path) : known.has(f.path)));
          if (storedGeneration !== seen || stale) {
            abort(Object.assign(new Error('another tab saved at the same time, so this change was not stored'), { refused: true }));
            return;
          }
          for (const file of files) {
            let stat = null;
            try { stat = FS.stat(file.path); } catch (e) { /* removed or renamed away */ }
            if (!stat || !FS.isFile(stat.mode)) { store.delete(file.path); continue; }
            let time = stat.mtime.getTime();
            if (file.stored && time <= file.stored.timestamp.getTime()) {
              time = file.stored.timestamp.getTime() + 1;
              FS.utime(file.path, time, time);
            }
            const contents = FS.readFile(file.path);
            bytes += contents.length;
            store.put({ timestamp: new Date(time), mode: stat.mode, contents }, file.path);
            written.set(file.path, time);
          }
          store.put({ generation }, GENERATION);
        };
        store.get(GENERATION).onsuccess = (e) => { storedGeneration = generationOf(e.target.result); checkThenWrite(); };
        for (const file of files) store.get(file.path).onsuccess = (e) => { file.stored = e.target.result || null; checkThenWrite(); };
      }).then(() => {
        seen = generation;
        for (const name of names) known.delete(MOUNT + '/' + name);
        for (const [path, time] of written) known.set(path, time);
        stats.commits += 1;
        stats.bytes += bytes;
        stats.files += names.length;
        if (channel) channel.postMessage({ generation });
      });
    }
    const withLock = (work) => {
      if (navigator.locks) return navigator.locks.request(LOCK, work);
      const run = ownQueue.then(work, work);
      ownQueue = run.catch(() => {});
      return run;
    };
    async function exclusive(work) {
      ++queued;
      ++waiting;
      let entered = false;
      try {
        return await withLock(async () => {
          entered = true;
          --waiting;
          inside = true;
          Module._mm_hold_frames(1);
          try {
            try {
              if (mustSyncIn || await readGeneration() !== seen) await syncIn();
            } catch (e) {
              // Storage unreadable: this tab's copy is all there is, and persist refuses to overwrite others.
              console.warn('Model Marketplace: could not read what other tabs saved:', e);
            }
            let value = work();
            for (const name of JSON.parse(Module.ccall('mm_save', 'string', [], []))) unstored.add(name);
            if (unstored.size) {
              try {
                await persist([...unstored]);
                unstored.clear();
                lastError = '';
              } catch (e) {
                lastError = String(e);  // the banner says so
                if (e.refused) {
                  // Another tab got there first (an older version, whose announcement comes after its lock):
                  // this command was not stored. Take in what is stored, and say so instead of its result.
                  unstored.clear();
                  try { await syncIn(); } catch (e2) { /* mustSyncIn stays: the next section tries */ }
                  if (value && typeof value === 'object' && value.ok)
                    value = { ok: false, error: 'not_saved', message: 'Another tab saved at the same time, so this was not done. Try again.' };
                }  // otherwise the files are stored again with the next changes
              }
            }
            return value;
          } finally {
            inside = false;
          }
        });
      } finally {
        if (!entered) --waiting;
        else Module._mm_hold_frames(0);  // after the lock is released: the next frame shows the saved result
        --queued;
        Module.ccall('mm_sync_done', null, ['number', 'string'], [lastError ? 0 : 1, lastError]);
      }
    }
    // Another tab saved: catch up (nothing is written, so nothing is broadcast back). Coalesced: a section
    // still waiting for the lock syncs in after this save anyway, so at most one catch-up is pending. A save
    // before this tab is ready is caught up once it is. Older versions of the app announce 'saved' without
    // storing a generation: their saves are always synced in.
    let savedWhileStarting = false;
    if (channel) channel.onmessage = (e) => {
      if (!(e.data && typeof e.data.generation === 'string')) mustSyncIn = true;
      else if (e.data.generation === seen) return;
      if (!isReady) savedWhileStarting = true;
      else if (waiting === 0) exclusive(() => {});
    };
    // Commands whose result is not stored yet: leaving the page now would lose them, so the browser asks.
    let unsavedCommands = 0;
    const unsaved = (promise) => {
      ++unsavedCommands;
      return promise.finally(() => { --unsavedCommands; });
    };
    window.addEventListener('beforeunload', (e) => {
      if (unsavedCommands > 0 || unstored.size > 0) { e.preventDefault(); e.returnValue = ''; }
    });
    // Files written outside a section (preferences after navigating, changing the theme, repairs on load)
    // are stored once things settle, not per keystroke or click; and at once when the page is hidden.
    let syncTimer = 0;
    const syncSoon = () => exclusive(() => { syncWanted = false; });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && syncWanted && syncTimer) { clearTimeout(syncTimer); syncTimer = 0; syncSoon(); }
    });
    return {
      exclusive,
      unsaved,
      stats,
      busy: () => queued > 0 || syncTimer !== 0,  // "saving" also while preferences wait to be stored
      // At start-up, the saved files into this tab's copy (mounted): from the read started with the page, or,
      // on a sub-path, read again if that found nothing (another tab may have adopted an older database
      // meanwhile). False when IndexedDB cannot be read.
      async load() {
        try {
          if (Module.mmIDBFS.DB_VERSION !== DB_VERSION || Module.mmIDBFS.DB_STORE_NAME !== STORE)
            throw new Error('IDBFS changed its database layout');
          let changes = await startupRead;
          startupRead = null;
          if (changes.changed.length === 0 && Module.mmStorageName !== MOUNT) changes = await readChanges(new Map());
          applyChanges(changes);
          seen = changes.generation;
          return true;
        } catch (e) {
          console.error('Model Marketplace: could not read saved state from IndexedDB:', e);
          return false;
        }
      },
      // Ready: catch up with what other tabs saved while this one was starting, and look under the lock when
      // the start-up found no database at all (before `ready` resolves; after the first frame).
      started: () => (savedWhileStarting || confirmEmpty ? exclusive(() => {}) : Promise.resolve()),
      // C++ wrote files outside a section (FileStorage::make_durable): store them, under the lock, once per
      // burst. Inside a section they are stored at its end anyway.
      requestSync() {
        if (inside || syncWanted) return;
        syncWanted = true;
        syncTimer = setTimeout(() => { syncTimer = 0; syncSoon(); }, 500);
      },
      // A view's command that waits for the network (complete, testEndpoint): through the same path as a
      // script's, its answer handed back when it is known.
      submitToBridge(text, ticket) {
        marketplace.dispatch(JSON.parse(text))
          .catch((e) => ({ ok: false, error: 'endpoint_failed', message: 'The request could not be made: ' + String(e && e.message || e) }))
          .then((result) => call('mm_shared_done', JSON.stringify({ ticket, result })));
      },
      // A view's command: its answer goes back in the same task as the change (then storage syncs out).
      submitFromUi(text, ticket) {
        unsaved(exclusive(() => call('mm_shared_done', JSON.stringify({ ticket, result: call('mm_dispatch', text) }))))
          .then(settleWhenDue);  // a subscription or bundle bought by a click schedules its own due time
      },
    };
  })();

  // Called from C++ (src/platform/web/bridge.cpp).
  Module.mmBridge = {
    now: () => Date.now() + clock.offsetMs,
    randomHex(bytes) {
      const buffer = new Uint8Array(bytes);
      crypto.getRandomValues(buffer);
      return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('');
    },
    baseUrl: () => window.location.href.split('#')[0],
    copy(text) {
      if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text).then(() => true, () => false);
      return Promise.resolve(false);
    },
    download(filename, text) {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
      const a = Object.assign(document.createElement('a'), { href: url, download: filename });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    open(url) {
      if (url.startsWith('mailto:')) window.location.href = url;
      else window.open(url, '_blank', 'noopener');
    },
  };

  // The app pauses its frame loop while nothing moves (src/platform/web/bridge.cpp): anything a person does in
  // the page wakes it, so SDL's queued events are handled at once.
  const wake = () => { if (Module._mm_wake) Module._mm_wake(); };
  for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointerout', 'wheel', 'keydown', 'keyup',
                      'touchstart', 'touchmove', 'touchend', 'focus', 'blur', 'resize', 'visibilitychange']) {
    window.addEventListener(type, wake, { capture: true, passive: true });
  }

  // A new device pixel ratio (browser zoom, a window moved to another screen) may come without a resize: the
  // fonts are rasterized again at the next frame.
  const watchPixelRatio = () => window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`)
    .addEventListener('change', () => { wake(); watchPixelRatio(); }, { once: true });
  if (window.matchMedia) watchPixelRatio();

  // Paste: SDL cancels Ctrl+V's default, which would stop the browser's 'paste' event, so Ctrl/Cmd+V is kept
  // from SDL (capture phase) and the pasted text is handed to the focused text field when the event comes.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') e.stopImmediatePropagation();
  }, true);
  window.addEventListener('paste', (e) => {
    if (e.target && e.target.closest && e.target.closest('#a11y')) return;  // a mirror field pastes into itself
    const text = e.clipboardData && e.clipboardData.getData('text/plain');
    if (isReady && text) { e.preventDefault(); call('mm_paste', text); }
  });

  // Back/Forward and typed URLs change the hash: tell the app (it ignores a route it already shows). A route
  // it cannot open (e.g. control characters) leaves the person on the market rather than nowhere.
  window.addEventListener('hashchange', async () => {
    if (!isReady) return;
    const route = hashRoute() || '/market';
    if (route === marketplace.state().route) return;
    const result = await marketplace.dispatch({ type: 'navigate', route });
    if (result.error === 'invalid_route') marketplace.dispatch({ type: 'navigate', route: '/market', replace: true });
  });

  async function startGoogle() {
    let config = {};
    try {
      const response = await fetch('config.json', { cache: 'no-cache' });
      if (response.ok) config = await response.json();
    } catch (e) { /* no config.json: Google sign-in is simply not configured */ }
    window.MarketplaceGoogle.start(config, {
      now: Module.mmBridge.now,
      locate: marketplace.locate,
      setGoogleStatus: (status) => call('mm_set_google_status', status),
      signedInWithGoogle: (result) => shared.unsaved(shared.exclusive(() => call('mm_google_sign_in', JSON.stringify(result)))),
    });
  }
})();
