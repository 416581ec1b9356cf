// The service worker: after one visit the app loads with no network. Every file of one build lives in one
// cache named after that build's version (a hash of the files, filled in at build time by
// cmake/service_worker.cmake), and this worker serves only from its own cache, so a page never mixes files
// of two versions. A new build installs beside the old one and waits; the page offers a reload
// (shell/pwa.js), which activates it.
const VERSION = '@MM_VERSION@';
const FILES = [@MM_FILES@];
// Named after this copy's scope too (a path never holds a raw space): two copies of the app on one origin never
// delete each other's caches. Caches named before scoping ('model-marketplace-<version>') are removed.
const PREFIX = 'model-marketplace ' + new URL(self.registration.scope).pathname + ' ';
const CACHE = PREFIX + VERSION;
const UNSCOPED = /^model-marketplace-[^ /]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys())
      if ((name.startsWith(PREFIX) && name !== CACHE) || UNSCOPED.test(name)) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate-update') self.skipWaiting();
  if (event.data === 'version') event.source?.postMessage({ version: VERSION });
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const scope = self.registration.scope;
  if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
  let path = request.url.slice(scope.length).split('#')[0].split('?')[0];
  if (path === '') path = 'index.html';
  if (!FILES.includes(path)) return;  // e.g. config.json: always from the network
  event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(path)) || fetch(request)));
});
