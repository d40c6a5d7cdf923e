import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The cookie that carries the token for the page's own asset and API requests after the first load. */
export const TOKEN_COOKIE = 'digitread_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The token a request presents: `?token=`, `Authorization: Bearer`, or the cookie, in that order. */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  const query = url.searchParams.get('token');
  if (query) return query;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  return cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  return sameToken(token, presentedToken(req, url));
}

/**
 * Refuses requests whose Host is not this loopback server (DNS rebinding: a web page on another name that
 * resolves to 127.0.0.1 must not reach the API even if it guessed the port).
 */
export function isLocalHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
