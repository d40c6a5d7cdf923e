/**
 * The browser-mode HTTP layer on its own, with a stand-in for the service: the token guards everything, inputs
 * are validated with the contract's schemas before the service sees them, bytes survive the wire.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchEvent } from '../../main/api/contract';
import type { ValidCall } from '../../main/server/dispatch';
import { createHttpServer } from '../../main/server/http';
import type { ApiHost } from '../../main/server/protocol';
import { decodeWire, encodeWire } from '../../main/server/wire';

const TOKEN = 'test-token-0123456789';
const calls: ValidCall[] = [];
const listeners = new Set<(event: BatchEvent) => void>();
const host: ApiHost = {
  async call(call) {
    calls.push(call);
    if (call.method === 'getScanImage') {
      return { ok: true, value: { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array([0, 1, 254, 255]) } };
    }
    if (call.method === 'getScan') return { ok: false, error: { code: 'NOT_FOUND', message: 'No scan 9' } };
    return { ok: true, value: [] };
  },
  onEvent(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  close: async () => undefined,
};

let dir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'digitread-http-'));
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>DigitRead</title>');
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'export {};');
  await writeFile(join(dir, 'secret.txt'), 'not for the web');
  server = createHttpServer({ host, token: TOKEN, rendererDir: join(dir, 'renderer') });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await rm(dir, { recursive: true, force: true });
});

const api = (method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
  fetch(`${origin}/api/${method}`, { method: 'POST', headers, body: encodeWire(body) });

describe('browser-mode HTTP server', () => {
  it('refuses every request without the token, the page included', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/events']) {
      expect((await fetch(origin + path)).status, path).toBe(401);
    }
    expect((await api('listBatches', {}, {})).status).toBe(401);
    expect((await fetch(`${origin}/?token=wrong-token-0123456789`)).status).toBe(401);
    expect((await api('listBatches', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect(calls).toHaveLength(0);
  });

  it('serves the page with the token and then its assets by cookie, with a strict CSP', async () => {
    const page = await fetch(`${origin}/?token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await fetch(`${origin}/assets/app.js`, { headers: { Cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('does not serve files outside the renderer', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const response = await fetch(`${origin}${path}?token=${TOKEN}`);
      expect(response.status, path).toBe(404);
    }
  });

  it('refuses another Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((done) => {
      const url = new URL(`${origin}/?token=${TOKEN}`);
      request({ host: url.hostname, port: url.port, path: url.pathname + url.search, headers: { Host: 'evil.example:80' } }, (res) =>
        done(res.statusCode ?? 0),
      ).end();
    });
    expect(status).toBe(403);
  });

  it('validates inputs with the contract before the service sees them', async () => {
    calls.length = 0;
    const unknown = await api('dropTables', {});
    expect(unknown.status).toBe(400);
    const bad = await api('correctDigit', { digitId: 3, label: 12 });
    expect(bad.status).toBe(400);
    const body = decodeWire(await bad.text()) as { ok: false; error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID');
    expect(body.error.message).toMatch(/^Expected valid label for correctDigit but received/);
    expect((await api('listScans', '[')).status).toBe(400);
    expect(calls).toHaveLength(0);

    const good = await api('listScans', { batchId: 2 });
    expect(good.status).toBe(200);
    expect(calls[0]).toEqual({ method: 'listScans', input: { batchId: 2, offset: 0, limit: 100 } });
  });

  it('maps service errors to HTTP statuses and carries bytes both ways', async () => {
    expect((await api('getScan', { scanId: 9 })).status).toBe(404);
    const image = decodeWire(await (await api('getScanImage', { scanId: 1 })).text()) as { value: { bytes: Uint8Array } };
    expect(Array.from(image.value.bytes)).toEqual([0, 1, 254, 255]);

    calls.length = 0;
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    await api('uploadBatch', { files: [{ name: 'a.png', bytes }] });
    const sent = calls[0].input as { files: { bytes: Uint8Array }[] };
    expect(sent.files[0].bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(sent.files[0].bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('streams batch events to the page', async () => {
    const controller = new AbortController();
    const response = await fetch(`${origin}/events?token=${TOKEN}`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read(); // ': connected'
    const event: BatchEvent = { type: 'finished', batchId: 4, status: 'done', error: null };
    for (const listener of listeners) listener(event);
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe(`data: ${JSON.stringify(event)}\n\n`);
    controller.abort();
  });
});
