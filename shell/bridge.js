// window.marketplace: the automation API (a public contract; tests and scripts drive the app with it).
//   ready            Promise: resolves once saved state is loaded and the first frame is drawn
//   dispatch(cmd)    Promise of {ok: true, ...} or {ok: false, error, message}; same path as a click
//   state()          JSON-able snapshot of the app (route, models_count, profile, ...), null before ready
//   locate(id)       {x, y, w, h} in CSS pixels of a named widget drawn in the last frame, or null
//   exportState()    Promise of the whole state as JSON (every journal record with postings and hashes)
//   importState(s)   Promise of {ok: true, records} or {ok: false, error, message}; validates everything
//                    first, and a rejected import changes nothing
// It also keeps the URL's #route and the app's route in step (Back/Forward, links).
var Module = window.Module || {};
window.Module = Module;

(function () {
  'use strict';
  let isReady = false;
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });

  function call(name, arg) {
    return JSON.parse(Module.ccall(name, 'string', ['string'], [arg]));
  }

  window.marketplace = {
    ready,
    async dispatch(cmd) {
      await ready;
      if (cmd === null || typeof cmd !== 'object' || Array.isArray(cmd) || typeof cmd.type !== 'string') {
        return { ok: false, error: 'invalid_command', message: 'A command is an object with a string "type" field.' };
      }
      return call('mm_dispatch', JSON.stringify(cmd));
    },
    state() { return isReady ? call('mm_state', '') : null; },
    async exportState() {
      const result = await window.marketplace.dispatch({ type: 'exportState' });
      return result.state;
    },
    importState(state) { return window.marketplace.dispatch({ type: 'importState', state }); },
    locate(id) { return isReady ? call('mm_locate', String(id)) : null; },
    _ready() { isReady = true; resolveReady(); },
    _fail(message) { rejectReady(new Error(message)); },
  };

  // Back/Forward and typed URLs change the hash: tell the app (it ignores a route it already shows).
  window.addEventListener('hashchange', () => {
    if (!isReady) return;
    const route = decodeURIComponent(window.location.hash.replace(/^#/, '')) || '/market';
    if (route !== window.marketplace.state().route) window.marketplace.dispatch({ type: 'navigate', route });
  });
})();
