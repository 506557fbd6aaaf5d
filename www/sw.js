// The service worker: after one visit the three pages, their WebAssembly, the on-demand modules (XLSX and the
// others) and every bundled rule set work without a network.
//
// The build (scripts/build-web.sh) writes the list of files and a version computed from their contents over the two
// placeholders below, so each build has its own cache. A new build installs beside the old one and waits: the page
// (sw-register.js) offers "update" and only the person's click makes it take over (then the page reloads). Never
// in the middle of typing: nothing reloads by itself.
const VERSION = '__XEPLOAI_VERSION__';
const FILES = ['__XEPLOAI_FILES__'];
const CACHE = `xeploai-${VERSION}`;

self.addEventListener('install', (event) => {
  // Every file or none: a half-filled cache would fail later, offline, where nobody can fix it.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith('xeploai-') && name !== CACHE).map((name) => caches.delete(name)));
      // The first install takes the open pages at once (there is no older version they could be running).
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'xeploai:update') self.skipWaiting();
  if (event.data && event.data.type === 'xeploai:version') event.source?.postMessage({ type: 'xeploai:version', version: VERSION });
});

// Cache first for this site's files; the query is ignored (iframe mode's `index.html?embed=1&origin=…`), and the
// site's folder itself is its index.html. Anything not in the cache goes to the network as usual.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope);
  const key = url.pathname === scope.pathname ? new URL('index.html', scope).href : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key, { ignoreSearch: true })) || fetch(request)),
  );
});
