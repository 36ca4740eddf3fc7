// A bare Node.js HTTP server, for bench:sparql's floor: what any server in Node costs this client over the time it is
// busy. POST /?busy=<ms>&bytes=<n> keeps its thread busy for that long, then answers with that many bytes.
//   fork('dist/bench/bareServer.js'); receive its port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// One body per size, made before it is asked for again: making a megabyte on every request would count against the
// floor, which our server does not pay (the engine's thread writes its answer).
const bodies = new Map<number, Buffer>();
const bodyOf = (bytes: number): Buffer => {
  let body = bodies.get(bytes);
  if (body === undefined) bodies.set(bytes, body = Buffer.alloc(bytes, 'a'));
  return body;
};

const server = http.createServer((request, response) => {
  const asked = new URL(request.url ?? '/', 'http://localhost/').searchParams;
  const busyMs = Number(asked.get('busy') ?? 0);
  const body = bodyOf(Number(asked.get('bytes') ?? 0));
  request.resume();
  request.on('end', () => {
    const until = performance.now() + busyMs;
    while (performance.now() < until);
    response.setHeader('content-type', 'application/octet-stream');
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
