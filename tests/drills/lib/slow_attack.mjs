// A slow-client attacker, run as its own process so it has its own file-descriptor
// limit and event loop (the drill measures latency in another process):
//
//   node slow_attack.mjs --port N --slow N --idle N [--from ADDR] [--every MS] [--for MS]
//
// Keeps --slow connections that send a request head one byte every --every ms and
// never finish it, and --idle connections that send one complete keep-alive request
// and then nothing. A connection the server closes is opened again, so the attack
// stays at its size for as long as it runs. Every 250 ms it prints one JSON line on
// stdout: {"slow":open,"idle":open,"answered":n,"reopened":n,"errors":n,"last_error":s}.
// It exits when its stdin closes (the drill ended) or after --for ms, whichever is first.
import { connect } from 'node:net';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const port = Number(args.port);
const host = '127.0.0.1';
const from = args.from || '127.0.0.1';
const every = Number(args.every || 2000);
const lifetime = Number(args.for || 120000);
if (!port || !/^127\./.test(from)) {
  console.error('slow_attack: --port is required and --from must be a loopback address');
  process.exit(2);
}

const state = { slow: 0, idle: 0, answered: 0, reopened: 0, errors: 0, last_error: '' };
const slowSockets = new Set();
let stopping = false;

function open(kind, again) {
  if (stopping) return;
  if (again) state.reopened++;
  const s = connect({ host, port, localAddress: from });
  let counted = false;
  s.setNoDelay(true);
  s.on('connect', () => {
    counted = true;
    state[kind]++;
    if (kind === 'slow') {
      s.write('GET /healthz HTTP/1.1\r\nHost: kazi\r\nX-Slow: ');
      slowSockets.add(s);
    } else {
      s.write('GET /healthz HTTP/1.1\r\nHost: kazi\r\nConnection: keep-alive\r\n\r\n');
    }
  });
  s.on('data', () => { if (kind === 'idle') state.answered++; });
  s.on('error', (e) => { state.errors++; state.last_error = e.code || e.message; });
  s.on('close', () => {
    slowSockets.delete(s);
    if (counted) state[kind]--;
    // Reopen at once after the server closed it; after a failed connect (refused, out
    // of descriptors) pace the retries so the attacker does not spin.
    if (!stopping) {
      if (counted) setImmediate(() => open(kind, true));
      else setTimeout(() => open(kind, true), 100);
    }
  });
}

for (let i = 0; i < Number(args.slow || 0); i++) open('slow', false);
for (let i = 0; i < Number(args.idle || 0); i++) open('idle', false);

const drip = setInterval(() => { for (const s of slowSockets) s.write('a'); }, every);
const report = setInterval(() => process.stdout.write(JSON.stringify(state) + '\n'), 250);

function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(drip);
  clearInterval(report);
  process.exit(0); // the kernel closes every socket
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, lifetime).unref();
process.on('SIGTERM', stop);
