// Serves the app over HTTP: the server, and plain-text answers to requests that never reach the app.
import { createServer, maxHeaderSize, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

// Node's HTTP parser answers these itself, with an empty body; the app never sees them.
const TOO_LONG = `the request line or headers are too long (over ${maxHeaderSize / 1024} KB); send a long query by POST, ` +
  'as application/sparql-query or application/x-www-form-urlencoded';

function answer(socket: Duplex, status: string, text: string): void {
  const body = `${text}\n`;
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\nConnection: close\r\n\r\n${body}`);
}

/** Resolves once the server listens; rejects when it cannot (the port is taken, say). */
export async function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // What Node does without a listener, with a sentence for the one a client can fix.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') answer(socket, '431 Request Header Fields Too Large', TOO_LONG);
    else answer(socket, '400 Bad Request', `the request is not valid HTTP/1.1 (${error.code ?? error.message})`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', reject);
    server.listen(port, host);
  });
  return server;
}
