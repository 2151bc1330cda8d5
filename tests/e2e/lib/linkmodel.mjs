// The slow link's share of a page's wait (issue 18, docs/ui.md "Slow links"): from the
// requests Chromium reports through the DevTools protocol (what asked for each one,
// its bytes on the wire), the moment the last of the requests an element waits for
// would arrive over an ideal link of LATENCY ms per request and BANDWIDTH bytes/s
// shared equally by the downloads under way — with no time at all for the browser's
// own work. It depends on the page's bytes and on what waits for what, not on how busy
// the machine running the test is.

/** The 400 kbps / 400 ms link of the slow-link tests, as Network.emulateNetworkConditions takes it. */
export const SLOW = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

/**
 * Record CDP (a session with Network enabled) from now on: returns a Map id -> {id,
 * url, type, initiator, start (s, the protocol's clock), bytes (encodedDataLength:
 * headers and body as received), end (s), failed}, with settled(list) to await those
 * requests' ends. A redirected request keeps only its last hop.
 */
export function recordRequests(cdp) {
  const requests = new Map();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, { id: e.requestId, url: e.request.url, type: e.type, initiator: e.initiator,
      start: e.timestamp, bytes: null, end: null, failed: false });
  });
  const waiting = [];
  const done = (e, failed) => {
    const r = requests.get(e.requestId);
    if (r) Object.assign(r, { bytes: failed ? 0 : e.encodedDataLength, end: e.timestamp, failed });
    for (const w of waiting.splice(0)) w();
  };
  cdp.on('Network.loadingFinished', (e) => done(e, false));
  cdp.on('Network.loadingFailed', (e) => done(e, true));
  /** Resolves when every request of LIST has arrived (or failed). */
  requests.settled = async (list) => {
    while (list.some((r) => r.end == null)) await new Promise((res) => waiting.push(res));
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
 * parser found it, or the script whose code asked for it (by URL); for a request of the
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
  for (const u of [i.url, ...stackUrls(i.stack)]) {
    const p = u && list.find((r) => r !== req && r.url === u && r.start <= req.start);
    if (p) return [p];
  }
  return page ? [page] : [];
}

/**
 * Replay LIST (requests as recordRequests gives them, the page's own first) over the
 * ideal link: each starts when what it depends on has arrived (parentsOf), its answer
 * begins LATENCY ms later, and its bytes then share BANDWIDTH equally with every other
 * answer arriving at that moment. Returns Map request -> {start, end} in ms from the
 * page's request, and for each the chain of requests it waited on.
 */
export function replay(list, { latency = SLOW.latency, bandwidth = SLOW.downloadThroughput } = {}) {
  const parents = new Map(list.map((r) => [r, parentsOf(r, list)]));
  const at = new Map(); // request -> {start, begin (first byte), left (bytes), end}
  const perMs = bandwidth / 1000;
  let now = 0;
  const startReady = () => {
    for (const r of list) {
      const ends = parents.get(r).map((p) => at.get(p)?.end);
      if (at.has(r) || ends.some((e) => e == null)) continue;
      const start = Math.max(now, ...ends);
      at.set(r, { start, begin: start + latency, left: r.bytes, end: null });
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
