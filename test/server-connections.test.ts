// Slow, silent and greedy clients, with real sockets on loopback: each is cut off by the
// configured limit instead of holding the service's connections.
import net from 'node:net';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { type ConnectionLimits, defaultConnectionLimits, testConfig } from '../src/config.js';
import type { TestContext } from './helper.js';

async function listen(t: TestContext, limits: Partial<ConnectionLimits> = {}) {
  const app = await buildApp(testConfig({ connections: { ...defaultConnectionLimits, ...limits } }), {
    deliverMail: false,
  });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

interface Client {
  socket: net.Socket;
  received: () => string;
  /** Milliseconds from connecting until the service closed the connection. */
  closed: Promise<number>;
}

function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(port, '127.0.0.1');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {}); // a write racing the service's close is expected here
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** Writes one piece every `everyMs` until the connection closes. */
function trickle(client: Client, pieces: string[], everyMs: number) {
  let i = 0;
  const timer = setInterval(() => {
    if (client.socket.destroyed) return clearInterval(timer);
    client.socket.write(pieces[i++ % pieces.length] ?? '');
  }, everyMs);
  client.closed.then(() => clearInterval(timer));
}

// Node checks the headers and request limits once a second (connectionsCheckingInterval in
// src/app.ts); a loaded test machine (tests run side by side) can add seconds before it closes.
const checkedEveryMs = 1_000;
const loadMarginMs = 3_000;

/** Whether a connection was cut off at `limitMs` — not before it, and not held long after it. */
function cutOffAt(closedAfter: number, limitMs: number) {
  return closedAfter >= limitMs && closedAfter < limitMs + checkedEveryMs + loadMarginMs;
}

// Each case has a server of its own and mostly waits on a timer: run them side by side.
t.jobs = 6;

t.test('the default limits', async (t) => {
  const port = await listen(t);
  const client = await connect(port);
  const closedAfter = await client.closed;
  t.ok(closedAfter >= 9_000 && closedAfter < 15_000, `a silent connection is closed within 15 s (${closedAfter} ms)`);
  t.equal(client.received().split('\r\n')[0], 'HTTP/1.1 408 Request Timeout');
});

t.test('headers sent a line at a time are cut off at the headers limit', async (t) => {
  const port = await listen(t, { headersTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
  const client = await connect(port);
  client.socket.write('GET /api/series HTTP/1.1\r\nHost: localhost\r\n');
  trickle(client, ['X-Slow: 1\r\n'], 200);
  const closedAfter = await client.closed;
  t.ok(cutOffAt(closedAfter, 1_000), `closed after ${closedAfter} ms`);
  t.equal(client.received().split('\r\n')[0], 'HTTP/1.1 408 Request Timeout');
});

t.test('a body sent a byte at a time is cut off at the request limit', async (t) => {
  const port = await listen(t, { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  const client = await connect(port);
  client.socket.write(
    'POST /signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\ne',
  );
  trickle(client, ['m'], 200);
  const closedAfter = await client.closed;
  t.ok(cutOffAt(closedAfter, 2_000), `closed after ${closedAfter} ms`);
  t.equal(client.received().split('\r\n')[0], 'HTTP/1.1 408 Request Timeout');
});

t.test('an idle kept-alive connection is closed after the keep-alive limit', async (t) => {
  const port = await listen(t, { keepAliveTimeoutMs: 1_000 });
  const client = await connect(port);
  client.socket.write('GET /api/series HTTP/1.1\r\nHost: localhost\r\n\r\n');
  const closedAfter = await client.closed;
  t.equal(client.received().split('\r\n')[0], 'HTTP/1.1 200 OK');
  t.ok(client.received().includes('Keep-Alive: timeout=1'), 'the client is told the limit');
  t.ok(cutOffAt(closedAfter, 1_000), `closed after ${closedAfter} ms`);
});

t.test('connections beyond the cap are refused while the first ones are served', async (t) => {
  const port = await listen(t, { maxConnections: 3 });
  const held = await Promise.all([connect(port), connect(port), connect(port)]);
  const extra = await connect(port);
  const refusedAfter = await extra.closed;
  t.ok(refusedAfter < 1_000, `the fourth connection is closed at once (${refusedAfter} ms)`);
  t.equal(extra.received(), '');
  const [first] = held;
  first?.socket.write('GET /api/series HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
  await first?.closed;
  t.equal(first?.received().split('\r\n')[0], 'HTTP/1.1 200 OK');
  for (const client of held) client.socket.destroy();
});

t.test('a socket serves a bounded number of requests, then asks the client to reconnect', async (t) => {
  const port = await listen(t, { maxRequestsPerSocket: 2 });
  const client = await connect(port);
  const request = 'GET /api/series HTTP/1.1\r\nHost: localhost\r\n\r\n';
  client.socket.write(request);
  while (!client.received().includes('\r\n\r\n[]')) await new Promise((resolve) => setTimeout(resolve, 20));
  client.socket.write(request);
  while (!client.received().endsWith('Connection: close\r\n\r\n[]')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  client.socket.destroy();
  t.same(client.received().match(/HTTP\/1\.1 \d+ [A-Za-z ]+|Connection: [a-z-]+/g), [
    'HTTP/1.1 200 OK',
    'Connection: keep-alive',
    'HTTP/1.1 200 OK',
    'Connection: close',
  ]);
});
