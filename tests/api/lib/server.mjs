// Test helpers for the black-box HTTP suites: a real `kazi` server on a free port
// with a temporary data directory, and small fetch wrappers.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { checkContract } from './contract.mjs';

export const KAZI = process.env.KAZI_BIN || 'build/kazi';

/** Run the kazi CLI synchronously; returns {status, stdout, stderr}. */
export function kazi(args, opts = {}) {
  const r = spawnSync(KAZI, args, { encoding: 'utf8', env: { ...process.env, ...opts.env }, input: opts.input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'kazi-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** `kazi init` a new data dir; returns its path. Extra args are appended. */
export function initData(country = 'tanzania', extra = []) {
  const root = tempDir();
  const data = join(root, 'data');
  const r = kazi(['init', '--data', data, '--country', country, ...extra]);
  if (r.status !== 0) throw new Error(`kazi init failed: ${r.stderr}`);
  return data;
}

/**
 * Start `kazi serve` on port 0 and wait for its "listening" log line.
 * Returns {url, port, proc, logs, data, stop()}; stop() sends SIGTERM, waits for the
 * exit and returns the exit code (a sanitizer report makes it non-zero).
 */
export async function startServer({ data, country = 'tanzania', args = [], env = {} } = {}) {
  data = data || initData(country);
  const proc = spawn(KAZI, ['serve', '--data', data, '--listen', '127.0.0.1:0', '--threads', '4', ...args], {
    env: { ...process.env, KAZI_TEST_ROUTES: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const waiters = [];
  const lines = createInterface({ input: proc.stderr });
  lines.on('line', (line) => {
    let rec;
    try { rec = JSON.parse(line); } catch { return; }
    for (const w of waiters.splice(0)) { if (w.pred(rec)) w.resolve(rec); else waiters.push(w); }
  });
  let port;
  const ready = new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      logs.push(line);
      try {
        const rec = JSON.parse(line);
        if (rec.event === 'listening') resolve(rec.port);
      } catch { /* a non-JSON line, e.g. a sanitizer report */ }
    });
    proc.on('exit', (code) => reject(new Error(`kazi serve exited ${code}:\n${logs.join('\n')}`)));
  });
  port = await ready;
  const url = `http://127.0.0.1:${port}`;
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  return {
    url, port, proc, logs, data,
    /** Resolves with the first JSON log record (past or future) for which pred is true. */
    waitForLog(pred) {
      for (const line of logs) {
        try { const rec = JSON.parse(line); if (pred(rec)) return Promise.resolve(rec); } catch { /* skip */ }
      }
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    async stop() {
      if (!exited) {
        proc.kill('SIGTERM');
        await once(proc, 'exit').catch(() => {});
      }
      const r = exited || { code: proc.exitCode, signal: proc.signalCode };
      if (r.code !== 0) {
        // Show what the server said that was not a log record (a sanitizer report).
        const report = logs.filter((l) => !l.startsWith('{')).join('\n');
        if (report) console.error(`kazi serve exited ${r.code}:\n${report}`);
      }
      return r.code;
    },
  };
}

/**
 * fetch + parse JSON body (if any); returns {status, headers, body, text}. With
 * KAZI_CONTRACT=1 the response is checked against the served OpenAPI document
 * (lib/contract.mjs) and a mismatch throws.
 */
export async function api(base, method, path, { body, headers = {}, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (raw !== undefined) init.body = raw;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(base + path, init);
  } catch (e) {
    // The server closes a keep-alive connection after 2 s idle; a pooled connection can
    // close just as a request goes out on it. A GET is safe to send again, as browsers do.
    if (method !== 'GET' || e.cause?.code !== 'UND_ERR_SOCKET') throw e;
    res = await fetch(base + path, init);
  }
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  const sent = typeof raw === 'string' || Buffer.isBuffer(raw) ? { body: raw, contentType: init.headers['content-type'] ?? init.headers['Content-Type'] }
    : body !== undefined ? { body, contentType: 'application/json' } : undefined;
  await checkContract(base, method, path, res.status, res.headers, text, json, sent);
  return { status: res.status, headers: res.headers, body: json, text };
}

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}
