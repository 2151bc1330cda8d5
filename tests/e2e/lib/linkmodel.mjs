// The slow link's share of a page's wait (issue 18, docs/ui.md "Slow links"): from the
// requests Chromium reports through the DevTools protocol (what asked for each one,
// its bytes on the wire), the moment the last of the requests an element waits for
// would arrive over an ideal link of LATENCY ms per request and BANDWIDTH bytes/s
// shared equally by the downloads under way — with no time at all for the browser's
// own work. It depends on the page's bytes and on what waits for what, not on how busy
// the machine running the test is. An answer the browser had already — the service
// worker's, or its HTTP cache's — costs the link nothing; a 304 costs a round trip and
// its headers (its encodedDataLength), like any answer its bytes.

/** The 400 kbps / 400 ms link of the slow-link tests, as Network.emulateNetworkConditions takes it. */
export const SLOW = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

/**
 * Record CDP (a session with Network enabled) from now on: returns a Map id -> {id,
 * url, type, initiator, start (s, the protocol's clock), status, kept (answered without
 * the link: by the service worker, or from the memory or disk cache), bytes
 * (encodedDataLength: headers and body as received; at least the status line and
 * headers), end (s), failed}, with
 * settled(list) to await those requests' ends. A redirected request keeps only its last
 * hop.
 */
export function recordRequests(cdp) {
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { id: e.requestId, url: e.request.url, type: e.type, initiator: e.initiator,
      start: e.timestamp, status: null, kept: false, bytes: null, end: null, failed: false });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    const a = e.response;
    // The status line and headers, as a floor for the bytes: Chromium reports next to
    // nothing for a 304's.
    const head = `HTTP/1.1 ${a.status} ${a.statusText || ''}\r\n`.length + 2
      + Object.entries(a.headers || {}).reduce((t, [k, v]) => t + k.length + String(v).length + 4, 0);
    if (r) Object.assign(r, { status: a.status, head, kept: r.kept || !!(a.fromServiceWorker || a.fromDiskCache || a.fromPrefetchCache) });
    if (r?.bytes != null) r.bytes = Math.max(r.bytes, head); // its end reported first
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.kept = true;
  });
  const waiting = [];
  const done = (e, failed) => {
    const r = requests.get(e.requestId);
    // A request cancelled once its answer's headers were in (the app reads a 304's
    // status and lets it go) cost those.
    if (r) Object.assign(r, { bytes: Math.max(failed ? 0 : e.encodedDataLength, r.head || 0), end: e.timestamp, failed });
    for (const w of waiting.splice(0)) w();
  };
  cdp.on('Network.loadingFinished', (e) => done(e, false));
  cdp.on('Network.loadingFailed', (e) => done(e, true));
  /**
   * Resolves when every request of LIST has arrived (or failed), to LIST; else, once
   * every one still open has had 2 s more and another request of LIST for the same URL
   * has arrived (an answer fetched twice, one copy left unread: Chromium reports no end
   * for it), to LIST without them; throws naming those still open after 10 s.
   */
  requests.settled = async (list) => {
    const t0 = Date.now();
    const lost = () => list.filter((r) => r.end == null && !list.some((o) => o.url === r.url && o.end != null));
    for (;;) {
      const wait = list.some((r) => r.end == null) && (lost().length ? 10_000 : 2000) - (Date.now() - t0);
      if (!(wait > 0)) break;
      await new Promise((res) => { const t = setTimeout(res, wait); waiting.push(() => { clearTimeout(t); res(); }); });
    }
    if (lost().length) throw new Error(`no end reported for ${lost().map((r) => r.url).join(', ')}`);
    return list.filter((r) => r.end != null);
  };
  return requests;
}

/** The URLs of the scripts on STACK (a request's initiator.stack), innermost first. */
export function stackUrls(stack) {
  const urls = [];
  for (let s = stack; s; s = s.parent) for (const f of s.callFrames || []) if (f.url) urls.push(f.url);
  return urls;
}

/**
 * What REQ could not start before (requests of LIST): the page or stylesheet whose
 * parser found it, or the scripts whose code asked for it (by URL); for a request of the
 * browser's own (its icon, asked for once the page has loaded) everything the page's
 * parser asked for; the page itself when nothing else is named.
 */
function parentsOf(req, list) {
  if (req.type === 'Document') return [];
  const page = list.find((r) => r.type === 'Document');
  const i = req.initiator || {};
  if (i.type === 'other') {
    const parsed = list.filter((r) => r.initiator?.type === 'parser' && r.initiator.url === page?.url);
    return [page, ...parsed].filter(Boolean);
  }
  // Every script on the stack had to be in (a chunk's code calling the first page's).
  const named = new Set();
  for (const u of [i.url, ...stackUrls(i.stack)]) {
    const p = u && list.find((r) => r !== req && r.url === u && r.start <= req.start);
    if (p) named.add(p);
  }
  if (named.size) return [...named];
  // Asked for by a script the protocol does not name (an element a script added, as
  // early.js adds the screen's modulepreload, or a chunk imported: "about:client"): the
  // last of the page's scripts to arrive before it was asked for (the likeliest to have
  // asked; when it was not, the model errs on the slow side).
  if (i.type === 'script') {
    const ran = list.filter((r) => r.type === 'Script' && r.end != null && r.end <= req.start);
    if (ran.length) return [ran.reduce((a, b) => (b.end > a.end ? b : a))];
  }
  return page ? [page] : [];
}

/**
 * Replay LIST (requests as recordRequests gives them, the page's own first) over the
 * ideal link: each starts when what it depends on has arrived (parentsOf), its answer
 * begins LATENCY ms later, and its bytes then share BANDWIDTH equally with every other
 * answer arriving at that moment; a kept answer (recordRequests) arrives as it starts. Returns Map request -> {start, end} in ms from the
 * page's request, and for each the chain of requests it waited on.
 */
export function replay(list, { latency = SLOW.latency, bandwidth = SLOW.downloadThroughput } = {}) {
  const parents = new Map(list.map((r) => [r, parentsOf(r, list)]));
  const at = new Map(); // request -> {start, begin (first byte), left (bytes), end}
  const perMs = bandwidth / 1000;
  let now = 0;
  const startReady = () => {
    // Again while one starts: a kept answer's own requests start at once.
    for (let more = true; more;) {
      more = false;
      for (const r of list) {
        const ends = parents.get(r).map((p) => at.get(p)?.end);
        if (at.has(r) || ends.some((e) => e == null)) continue;
        const start = Math.max(now, ...ends);
        at.set(r, r.kept ? { start, begin: start, left: 0, end: start } : { start, begin: start + latency, left: r.bytes, end: null });
        more = true;
      }
    }
  };
  startReady();
  for (let guard = 0; guard < 10 * list.length + 10; guard++) {
    const open = [...at.values()].filter((a) => a.end == null);
    if (!open.length) break;
    const flowing = open.filter((a) => a.begin <= now);
    // Next moment anything changes: an answer begins, or a flowing one is complete.
    const nextBegin = Math.min(...open.filter((a) => a.begin > now).map((a) => a.begin));
    const nextEnd = flowing.length ? now + Math.min(...flowing.map((a) => a.left)) * flowing.length / perMs : Infinity;
    const next = Math.min(nextBegin, nextEnd);
    for (const a of flowing) a.left -= (next - now) * perMs / flowing.length;
    now = next;
    for (const a of flowing) if (a.left <= 1e-6) { a.left = 0; a.end = now; }
    startReady();
  }
  // The chain of requests R waited on, one after another: each one's latest-arriving parent.
  const chain = (r) => {
    const ps = parents.get(r);
    if (!ps.length) return [r];
    return [...chain(ps.reduce((a, b) => (at.get(b).end > at.get(a).end ? b : a))), r];
  };
  return new Map(list.map((r) => [r, { start: at.get(r)?.start, end: at.get(r)?.end, chain: chain(r) }]));
}
