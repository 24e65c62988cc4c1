/**
 * Attack-test kit: small HTTP servers, each its own origin (a loopback address of its
 * own, 127.x.y.z, and a free port), with a log of every request they receive; test
 * accounts; and an independent RFC 4226/6238 implementation (Node's HMAC) to check
 * the codes Otto fills.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccountWire } from '../../src/core/account';

export interface Served {
  status?: number;
  headers?: Record<string, string>;
  body: string;
}
export type Route = string | ((req: IncomingMessage) => Served);

export interface Origin {
  /** `http://127.0.0.N:PORT` */
  origin: string;
  host: string;
  url(path?: string): string;
  /** Every request this server received, in order. */
  requests: Array<{ method: string; url: string }>;
  close(): Promise<void>;
}

export async function serveOrigin(ip: string, routes: Record<string, Route>): Promise<Origin> {
  const requests: Origin['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
    const served: Served = route === undefined ? { status: 404, body: 'not found' } : typeof route === 'string' ? { body: route } : route(req);
    res.writeHead(served.status ?? 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...served.headers });
    res.end(req.method === 'HEAD' ? undefined : served.body);
  });
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://${ip}:${port}`;
  return {
    origin,
    host: ip,
    url: (path = '/') => `${origin}${path}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------- independent HOTP/TOTP (SHA-1, 6 digits, 30 s)

export function hotpAt(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[o]! & 0x7f) << 24) | (mac[o + 1]! << 16) | (mac[o + 2]! << 8) | mac[o + 3]!;
  return String(n % 1_000_000).padStart(6, '0');
}

export const stepNow = () => Math.floor(Date.now() / 30_000);

/** Codes of the steps around now (a fill may straddle a step boundary). */
export function recentCodes(key: Buffer): string[] {
  const s = stepNow();
  return [s - 1, s, s + 1].map((x) => hotpAt(key, x));
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export interface TestAccount {
  key: Buffer;
  wire: AccountWire;
  /** How the popup names it. */
  name: string;
}

export function testAccount(issuer: string, sites: string[], extra: Partial<AccountWire> = {}): TestAccount {
  const key = randomBytes(20);
  const now = Date.now();
  const label = `${issuer.toLowerCase()}@example.test`;
  return {
    key,
    name: `${issuer} (${label})`,
    wire: {
      id: crypto.randomUUID(),
      type: 'totp',
      issuer,
      label,
      secret: toBase32(key),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      sites,
      created: now,
      updated: now,
      pinned: false,
      autoSubmit: false,
      ...extra,
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- pages

/** A sign-in page's MFA step; POSTs to /done. */
export const MFA_FORM = `<!doctype html><meta charset="utf-8"><title>Sign in</title>
<h1>Multi-factor authentication</h1>
<form action="/done" method="post">
  <label for="mfaCode">MFA code</label>
  <input id="mfaCode" name="mfaCode" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6">
  <button type="submit">Submit</button>
</form>`;

/** A page that frames `src` (attacker's or a portal's). */
export const framing = (src: string, style = 'width:600px;height:400px;border:0') =>
  `<!doctype html><meta charset="utf-8"><title>Framing page</title><h1>Welcome</h1><iframe id="f" src="${src}" style="${style}"></iframe>`;
