// Offline and updates: registers the service worker (shell/sw.js) and, when a new version has been
// installed beside the running one, offers a reload that switches to it. Not on file:// (the single-file
// build), where browsers have no service workers.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || location.protocol === 'file:') return;
  const banner = document.getElementById('update');
  let waiting = null;

  function offer(worker) {
    waiting = worker;
    banner.hidden = false;
  }
  // Reload accepted: the waiting worker takes over, then the page reloads once so every file comes from the
  // new version.
  let accepted = false;
  document.getElementById('update-reload').addEventListener('click', () => {
    if (!waiting) return;
    accepted = true;
    waiting.postMessage('activate-update');
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!accepted) return;  // e.g. the very first worker claiming this page: nothing to reload
    accepted = false;
    location.reload();
  });

  // Registered once the app is up: installing copies every file of the app into a cache, and that must not
  // compete with the first start for the network and the processor.
  const afterStart = () => new Promise((resolve) => {
    const started = window.marketplace ? window.marketplace.ready : Promise.resolve();
    started.then(() => setTimeout(resolve, 1000), resolve);
    setTimeout(resolve, 15000);  // a version that never starts can still be replaced by a fixed one
  });
  afterStart().then(() => navigator.serviceWorker.register('sw.js')).then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
    // Look for a new version now and then while the app stays open.
    window.mmCheckForUpdate = () => registration.update();
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  }).catch((e) => console.warn('Model Marketplace: offline support is unavailable:', e));
})();
