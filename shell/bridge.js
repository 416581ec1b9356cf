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
      return call('mm_dispatch', JSON.stringify(cmd));
    },
    state() { return isReady ? call('mm_state', '') : null; },
    locate(id) { return isReady ? call('mm_locate', String(id)) : null; },
    async exportState() {
      const result = await marketplace.dispatch({ type: 'exportState' });
      return result.state;
    },
    importState(state) { return marketplace.dispatch({ type: 'importState', state }); },
    _ready() { isReady = true; resolveReady(); startGoogle(); },
    _fail(message) { rejectReady(new Error(message)); },
  };

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

  // Paste: SDL cancels Ctrl+V's default, which would stop the browser's 'paste' event, so Ctrl/Cmd+V is kept
  // from SDL (capture phase) and the pasted text is handed to the focused text field when the event comes.
  window.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v') e.stopImmediatePropagation();
  }, true);
  window.addEventListener('paste', (e) => {
    const text = e.clipboardData && e.clipboardData.getData('text/plain');
    if (isReady && text) { e.preventDefault(); call('mm_paste', text); }
  });

  // Back/Forward and typed URLs change the hash: tell the app (it ignores a route it already shows).
  window.addEventListener('hashchange', () => {
    if (!isReady) return;
    const route = decodeURIComponent(window.location.hash.replace(/^#/, '')) || '/market';
    if (route !== marketplace.state().route) marketplace.dispatch({ type: 'navigate', route });
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
      signedInWithGoogle: (result) => call('mm_google_sign_in', JSON.stringify(result)),
    });
  }
})();
