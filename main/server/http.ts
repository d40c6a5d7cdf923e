import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiErrorCode, BatchEvent } from '../api/contract';
import { isAuthorized, isLocalHost, tokenCookie } from './auth';
import { validateCall, toWireError, type WireResult } from './dispatch';
import type { ApiHost } from './protocol';
import { readStatic } from './static';
import { encodeWire, decodeWire } from './wire';

/** Uploaded batches travel in one request; a few hundred scans fit well under this. */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

const STATUS: Record<ApiErrorCode, number> = { INVALID: 400, NOT_FOUND: 404, CONFLICT: 409, UNAVAILABLE: 503 };

export interface HttpOptions {
  host: ApiHost;
  token: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Expected a body of at most ${MAX_BODY_BYTES} bytes but received more`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleCall(req: IncomingMessage, res: ServerResponse, host: ApiHost, method: string) {
  let result: WireResult;
  try {
    const input = decodeWire((await readBody(req)) || '{}');
    result = await host.call(validateCall(method, input));
  } catch (error) {
    const wire = toWireError(error);
    result = { ok: false, error: error instanceof SyntaxError ? { code: 'INVALID', message: wire.message } : wire };
  }
  send(res, result.ok ? 200 : STATUS[result.error.code], 'application/json', encodeWire(result));
}

function handleEvents(req: IncomingMessage, res: ServerResponse, host: ApiHost) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const unsubscribe = host.onEvent((event: BatchEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
  req.on('close', () => {
    clearInterval(keepAlive);
    unsubscribe();
  });
}

/**
 * Browser mode: the renderer and the API over HTTP. Every request, the page included, must carry the token (in
 * the query, a Bearer header, or the cookie set when the page was opened with it); otherwise 401.
 */
export function createHttpServer({ host, token, rendererDir }: HttpOptions): Server {
  const server = createServer((req, res) => {
    const port = (server.address() as { port: number } | null)?.port ?? 0;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isLocalHost(req, port)) return send(res, 403, 'text/plain', 'Forbidden host\n');
    if (!isAuthorized(req, url, token)) return send(res, 401, 'text/plain', 'Unauthorized: open the URL with its token\n');

    const api = /^\/api\/([A-Za-z]+)$/.exec(url.pathname);
    if (api && req.method === 'POST') return void handleCall(req, res, host, api[1]);
    if (url.pathname === '/events' && req.method === 'GET') return handleEvents(req, res, host);
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'Method not allowed\n');

    void readStatic(rendererDir, url.pathname).then((file) => {
      if (!file) return send(res, 404, 'text/plain', 'Not found\n');
      if (url.searchParams.has('token')) res.setHeader('Set-Cookie', tokenCookie(token));
      send(res, 200, file.type, file.body);
    });
  });
  return server;
}
