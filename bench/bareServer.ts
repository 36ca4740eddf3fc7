// A bare Node.js HTTP server, for bench:sparql's floor: what any server in Node costs this client over the time it is
// busy. POST /?busy=<ms>&bytes=<n> keeps its thread busy for that long, then answers with that many bytes.
//   fork('dist/bench/bareServer.js'); receive its port.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const server = http.createServer((request, response) => {
  const asked = new URL(request.url ?? '/', 'http://localhost/').searchParams;
  const busyMs = Number(asked.get('busy') ?? 0);
  const body = Buffer.alloc(Number(asked.get('bytes') ?? 0), 'a');
  request.resume();
  request.on('end', () => {
    const until = performance.now() + busyMs;
    while (performance.now() < until);
    response.setHeader('content-type', 'application/octet-stream');
    response.end(body);
  });
});
server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
