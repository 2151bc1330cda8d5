// Kazi's service worker (issue 18, slow links): the app shell is kept by the browser,
// so a return visit over a slow or dropped link starts at once. The page (index.html)
// and its first script (early.js) are answered from this cache and refreshed behind
// (the next visit gets a new build); the content-hashed scripts and styles under
// /assets/ are fetched on install into the browser's HTTP cache, where the server
// marks them immutable. The API is never touched here: every /api/ request goes to
// the server as before.
const SHELL = 'kazi-shell-v1';

// On install, keep the page, its first script and the assets the page names, so the
// very next visit needs the network only for data.
self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(SHELL).then(async (cache) => {
    const page = await fetch('/', { cache: 'no-cache' });
    const html = await page.clone().text();
    await cache.put('/index.html', page);
    await cache.add('/early.js');
    // The assets the page names: into the browser's HTTP cache, where they stay for good
    // (immutable); answering them from here as well made module loads stall in Chromium.
    await Promise.all([...new Set([...html.matchAll(/\/assets\/[\w.-]+\.(?:js|css)/g)].map((m) => m[0]))]
      .map((a) => fetch(a).catch(() => {})));
  }).catch(() => {})); // a failed download is retried by the fetch handler below
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' || url.pathname === '/early.js') {
    // The page (any address answers index.html) and its first script: the kept copy at
    // once, a fresh one fetched behind for the next visit.
    const name = req.mode === 'navigate' ? '/index.html' : '/early.js';
    event.respondWith(caches.open(SHELL).then(async (cache) => {
      const kept = await cache.match(name);
      const fresh = fetch(req).then((res) => {
        if (res.ok && res.status === 200) cache.put(name, res.clone());
        return res;
      });
      if (!kept) return fresh;
      fresh.catch(() => {}); // offline: the kept copy is enough
      return kept;
    }));
  }
});
