// Serves the app over HTTP: the server, and plain-text answers to requests that never reach the app.
import { createServer, maxHeaderSize, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

const TOO_LONG = `the request line or headers are too long (over ${maxHeaderSize / 1024} KB); send a long query by ` +
  'POST, as application/sparql-query or application/x-www-form-urlencoded';
// Node's HTTP parser answers these itself, with an empty body; the app never sees them.
const ANSWERS: Readonly<Record<string, readonly [status: string, text: string]>> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', TOO_LONG],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['413 Payload Too Large', 'the chunk extensions of the body are too long'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'the request took too long to arrive'],
};

/** Node's own rule: answer only when no response on this connection has started to go out. */
function mayAnswer(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return socket.writable && (inFlight == null || inFlight.headersSent !== true);
}

/** The server cannot listen where it was told (the port is taken, the host unknown, ...). */
export class ListenError extends Error {
  override name = 'ListenError';
}

/** Resolves once the server listens; rejects with a ListenError when it cannot (the port is taken, say). */
export async function listen(app: RequestListener, port: number, host: string): Promise<Server> {
  const server = createServer(app);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !mayAnswer(socket)) {
      socket.destroy();
      return;
    }
    const [status, text] = ANSWERS[error.code ?? ''] ??
      ['400 Bad Request', `the request is not valid HTTP/1.1 (${error.code ?? error.message})`];
    const body = `${text}\n`;
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve).once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use (set PORT to another, or 0 for any free one)'
        : error.code === 'ENOTFOUND' || error.code === 'EADDRNOTAVAIL' ? 'no such address here (set HOST to one of this machine\'s, or 0.0.0.0)'
          : error.code === 'EAI_AGAIN' ? 'the name could not be looked up (set HOST to an address: 127.0.0.1, or 0.0.0.0 for all)'
          : error.code === 'EACCES' ? 'not allowed (ports below 1024 need privileges; set PORT to another)'
            : error.message;
      reject(new ListenError(`cannot listen on ${host}, port ${port}: ${why}`, { cause: error }));
    });
    server.listen(port, host);
  });
  return server;
}
