// window.marketplace: the automation API (a public contract; tests and scripts drive the app with it).
//   ready            Promise: resolves once saved state is loaded and the first frame is drawn
//   dispatch(cmd)    Promise of {ok: true, ...} or {ok: false, error, message}; same path as a click
//   state()          JSON-able snapshot of the app (route, models_count, profile, ...), null before ready
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

  const marketplace = window.marketplace = {
    ready,
    clock,
    async dispatch(cmd) {
      await ready;
      if (cmd === null || typeof cmd !== 'object' || Array.isArray(cmd) || typeof cmd.type !== 'string') {
        return { ok: false, error: 'invalid_command', message: 'A command is an object with a string "type" field.' };
      }
      const text = JSON.stringify(cmd);
      if (!call('mm_is_shared', text)) return call('mm_dispatch', text);
      return shared.unsaved(shared.exclusive(() => call('mm_dispatch', text)));
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
      resolveReady();
      startGoogle();
      // The history under the snapshot is re-derived in small slices between everything else.
      const checkHistory = () => {
        if (shared.busy()) { setTimeout(checkHistory, 50); return; }
        if (Module._mm_check_history()) setTimeout(checkHistory, 0);
      };
      setTimeout(checkHistory, 0);
      // A sign-in link the page was opened with is redeemed under the storage lock (see shared below).
      const route = hashRoute();
      if (route.startsWith('/auth/magic')) marketplace.dispatch({ type: 'navigate', route });
    },
    _fail(message) { rejectReady(new Error(message)); },
  };

  // Two tabs, one storage. Each tab holds its own in-memory copy of the saved files (IDBFS's MEMFS). Writers
  // are serialized with a Web Lock. Holding it, a tab syncs in only if another tab saved since it last
  // looked (a generation number stored beside the files: one IndexedDB read), catches up (C++ mm_catch_up),
  // runs its command, then stores exactly the files that changed — with a new generation — in one IndexedDB
  // transaction, in Emscripten's IDBFS format, and tells the other tabs (BroadcastChannel) to catch up.
  // A tab waiting for the lock waits; no command is dropped.
  const shared = Module.mmShared = (() => {
    const LOCK = Module.mmStorageLock;
    const MOUNT = '/persist';
    const GENERATION = MOUNT + '\u0000generation';  // no timestamp: IDBFS's own walks never see it
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(scoped('model-marketplace')) : null;
    let queued = 0;         // exclusive sections waiting or running
    let waiting = 0;        // exclusive sections that have not got the lock yet
    let inside = false;     // this tab holds the lock right now
    let syncWanted = false; // a section to store files written outside one is already queued
    let seen = null;        // the generation this tab last read or wrote
    let lastError = '';
    const stats = { commits: 0, bytes: 0, files: 0 };  // stored by this tab (for make bench)
    const unstored = new Set();  // files whose last store failed: stored again with the next changes
    let ownQueue = Promise.resolve();  // without Web Locks: at least this tab's own writes in order
    const syncfs = (populate) => new Promise((ok, fail) => Module.FS.syncfs(populate, (e) => (e ? fail(e) : ok())));
    // One IndexedDB transaction on IDBFS's store; resolves with what `work` returns once it has committed.
    const transaction = (mode, work) => new Promise((ok, fail) => Module.mmIDBFS.getDB(MOUNT, (err, db) => {
      if (err) return fail(err);
      const tx = db.transaction([Module.mmIDBFS.DB_STORE_NAME], mode);
      const result = work(tx.objectStore(Module.mmIDBFS.DB_STORE_NAME));
      tx.oncomplete = () => ok(result);
      tx.onerror = tx.onabort = () => fail(tx.error || new Error('IndexedDB transaction aborted'));
    }));
    const readGeneration = () => transaction('readonly', (store) => {
      const request = store.get(GENERATION);
      return { get value() { return request.result ? request.result.generation : ''; } };
    }).then((r) => r.value);
    // The changed files as IDBFS entries ({timestamp, mode, contents} under '/persist/<name>'; a file that is
    // gone is deleted), and a new generation, all or nothing.
    function persist(names) {
      const generation = Date.now().toString(36) + Math.random().toString(36).slice(2);
      let bytes = 0;
      return transaction('readwrite', (store) => {
        for (const name of names) {
          const path = MOUNT + '/' + name;
          let stat = null;
          try { stat = Module.FS.stat(path); } catch (e) { /* removed or renamed away */ }
          if (stat && Module.FS.isFile(stat.mode)) {
            const contents = Module.FS.readFile(path);
            bytes += contents.length;
            store.put({ timestamp: stat.mtime, mode: stat.mode, contents }, path);
          } else {
            store.delete(path);
          }
        }
        store.put({ generation }, GENERATION);
      }).then(() => {
        seen = generation;
        stats.commits += 1;
        stats.bytes += bytes;
        stats.files += names.length;
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
              const generation = await readGeneration();
              if (generation !== seen) {
                await syncfs(true);
                seen = generation;
                Module.ccall('mm_catch_up', null, [], []);
              }
            } catch (e) { /* storage unavailable: this tab's copy is all there is */ }
            const value = work();
            for (const name of JSON.parse(Module.ccall('mm_save', 'string', [], []))) unstored.add(name);
            if (unstored.size) {
              try {
                await persist([...unstored]);
                unstored.clear();
                lastError = '';
              } catch (e) { lastError = String(e); }  // the banner says so; the next section tries again
              if (channel) channel.postMessage('saved');
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
    // still waiting for the lock syncs in after this save anyway, so at most one catch-up is pending.
    if (channel) channel.onmessage = () => { if (isReady && waiting === 0) exclusive(() => {}); };
    // Commands whose result is not stored yet: leaving the page now would lose them, so the browser asks.
    let unsavedCommands = 0;
    const unsaved = (promise) => {
      ++unsavedCommands;
      return promise.finally(() => { --unsavedCommands; });
    };
    window.addEventListener('beforeunload', (e) => {
      if (unsavedCommands > 0) { e.preventDefault(); e.returnValue = ''; }
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
      noteGeneration: () => readGeneration().then((g) => { seen = g; }, () => {}),
      // C++ wrote files outside a section (FileStorage::make_durable): store them, under the lock, once per
      // burst. Inside a section they are stored at its end anyway.
      requestSync() {
        if (inside || syncWanted) return;
        syncWanted = true;
        syncTimer = setTimeout(() => { syncTimer = 0; syncSoon(); }, 500);
      },
      // A view's command: its answer goes back in the same task as the change (then storage syncs out).
      submitFromUi(text, ticket) {
        unsaved(exclusive(() => call('mm_shared_done', JSON.stringify({ ticket, result: call('mm_dispatch', text) }))));
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

  // Paste: SDL cancels Ctrl+V's default, which would stop the browser's 'paste' event, so Ctrl/Cmd+V is kept
  // from SDL (capture phase) and the pasted text is handed to the focused text field when the event comes.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') e.stopImmediatePropagation();
  }, true);
  window.addEventListener('paste', (e) => {
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
