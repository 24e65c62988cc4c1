// "Demo Cloud": a local console with AWS-like MFA enrollment, sign-in and resync,
// so Otto can be tried and tested end to end without the internet.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as pages from './pages.mjs';
import { base32Decode, base32Encode, consecutiveStep, matchingSteps, randomSecret, timeStep } from './totp.mjs';

const { DEMO } = pages;
export const DEFAULT_PORT = 8765;
const MAX_BODY = 16 * 1024;
const DRAIN_LIMIT = 1024 * 1024; // past this a client is abusive; drop the socket
const PENDING_TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 1000; // caps pending enrollments, sessions and the log
const MAX_PAYLOADS = 8;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const STYLE = readFile(new URL('./style.css', import.meta.url), 'utf8');

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * @typedef {{ secret: string, key: Buffer, enrolledAt: string, lastStep: number | null }} Device
 * @typedef {{ at: string, action: string, ok: boolean, reason: string }} LogEntry
 * @typedef {{ user: string, mfa: boolean }} Session
 */

/**
 * @param {{ port?: number, host?: string, now?: () => number, exposeSecrets?: boolean }} [options]
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1', now = () => Date.now(), exposeSecrets = false } = {}) {
  // The server hands out secrets and demo passwords: never on a real network.
  if (!LOOPBACK.has(host)) throw new Error(`demo server binds loopback only, not ${host}`);

  const state = {
    /** @type {Map<string, Device>} */ devices: new Map(),
    /** @type {Map<string, { secret: string, expiresAt: number }>} */ pending: new Map(),
    /** @type {Map<string, Session>} */ sessions: new Map(),
    /** @type {LogEntry[]} */ log: [],
  };

  /** Inserts into a Map, evicting the oldest entry when full. */
  const remember = (/** @type {Map<string, any>} */ map, /** @type {string} */ id, /** @type {unknown} */ value) => {
    if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value ?? '');
    map.set(id, value);
  };

  const record = (/** @type {string} */ action, /** @type {boolean} */ ok, /** @type {string} */ reason) => {
    if (state.log.length >= MAX_ENTRIES) state.log.shift();
    state.log.push({ at: new Date(now()).toISOString(), action, ok, reason });
  };

  /**
   * @param {import('node:http').ServerResponse} res
   * @param {number} status
   * @param {string} body
   * @param {Record<string, string>} [headers]
   */
  const send = (res, status, body, headers = {}) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      // The server's own clock, so tests that skew `now` also skew what the browser sees.
      Date: new Date(now()).toUTCString(),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      ...headers,
    });
    res.end(body);
  };
  const sendJson = (/** @type {import('node:http').ServerResponse} */ res, /** @type {unknown} */ data) =>
    send(res, 200, JSON.stringify(data, null, 2), { 'Content-Type': 'application/json; charset=utf-8' });
  const redirect = (/** @type {import('node:http').ServerResponse} */ res, /** @type {string} */ location, headers = {}) =>
    send(res, 303, '', { Location: location, ...headers });

  /** @param {import('node:http').IncomingMessage} req */
  const sessionOf = (req) => {
    const id = /(?:^|;\s*)sid=([0-9a-f]{32})(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];
    return id ? state.sessions.get(id) : undefined;
  };

  /** @param {string} secret */
  const newPending = (secret) => {
    const token = randomBytes(16).toString('hex');
    remember(state.pending, token, { secret, expiresAt: now() + PENDING_TTL_MS });
    return token;
  };

  /** @type {Record<string, Record<string, (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, url: URL) => Promise<void> | void>>} */
  const routes = {
    '/': { GET: (_req, res) => send(res, 200, pages.indexPage()) },

    '/style.css': {
      GET: async (_req, res) => send(res, 200, await STYLE, { 'Content-Type': 'text/css; charset=utf-8' }),
    },

    '/enroll': {
      GET: (_req, res, url) => {
        const requested = url.searchParams.get('secret');
        let secret = randomSecret();
        if (requested !== null) {
          const key = base32Decode(requested);
          if (!key || key.length < 10) throw new HttpError(400, 'secret must be base32 of at least 80 bits (16 characters).');
          secret = base32Encode(key);
        }
        send(res, 200, pages.enrollPage({ token: newPending(secret), secret }));
      },
      POST: async (req, res) => {
        const form = await readForm(req);
        const token = form.get('token') ?? '';
        const pending = state.pending.get(token);
        if (!pending || pending.expiresAt < now()) {
          record('enroll', false, 'unknown-token');
          return send(res, 400, pages.enrollExpiredPage());
        }
        const fail = (/** @type {string} */ reason, /** @type {string} */ error) => {
          record('enroll', false, reason);
          send(res, 400, pages.enrollPage({ token, secret: pending.secret, error }));
        };
        const code1 = digits(form.get('authCode1'));
        const code2 = digits(form.get('authCode2'));
        if (!code1 || !code2) return fail('malformed', 'Each MFA code must be 6 digits.');
        const key = /** @type {Buffer} */ (base32Decode(pending.secret));
        const step = timeStep(now());
        if (consecutiveStep(key, code1, code2, step - 2, step + 1) === null) {
          return code1 === code2
            ? fail('same-code', 'Both codes are the same. Wait for your authenticator to show a new code, and type that as MFA code 2.')
            : fail('not-consecutive', 'The MFA codes are incorrect or not consecutive. Type the current code, wait for it to change, then type the next one.');
        }
        state.pending.delete(token);
        // Enrollment codes do not count as used, so one can sign in right after (AWS is stricter).
        state.devices.set(DEMO.user, { secret: pending.secret, key, enrolledAt: new Date(now()).toISOString(), lastStep: null });
        record('enroll', true, 'assigned');
        send(res, 200, pages.enrollDonePage());
      },
    },

    '/signin': {
      GET: (_req, res) => send(res, 200, pages.signinPage()),
      POST: async (req, res) => {
        const form = await readForm(req);
        const username = form.get('username') ?? '';
        const ok =
          (form.get('account') ?? DEMO.accountId) === DEMO.accountId &&
          username === DEMO.user &&
          form.get('password') === DEMO.password;
        if (!ok) {
          record('signin-password', false, 'bad-credentials');
          return send(res, 401, pages.signinPage({ error: 'Your authentication information is incorrect. Please try again.', username }));
        }
        record('signin-password', true, 'password-ok');
        const id = randomBytes(16).toString('hex');
        remember(state.sessions, id, { user: DEMO.user, mfa: false });
        redirect(res, '/signin/mfa', { 'Set-Cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax` });
      },
    },

    '/signin/mfa': {
      GET: (req, res) => {
        if (!sessionOf(req)) return redirect(res, '/signin');
        send(res, 200, pages.mfaPage({ enrolled: state.devices.has(DEMO.user) }));
      },
      POST: async (req, res) => {
        const form = await readForm(req);
        const session = sessionOf(req);
        if (!session) return redirect(res, '/signin');
        const device = state.devices.get(session.user);
        if (!device) {
          record('signin-mfa', false, 'no-device');
          return send(res, 409, pages.mfaPage({ enrolled: false }));
        }
        const fail = (/** @type {number} */ status, /** @type {string} */ reason, /** @type {string} */ error) => {
          record('signin-mfa', false, reason);
          send(res, status, pages.mfaPage({ enrolled: true, error }));
        };
        const code = digits(form.get('mfaCode'));
        if (!code) return fail(400, 'malformed', 'Type the 6-digit code shown by your MFA device.');
        const step = timeStep(now());
        const steps = matchingSteps(device.key, code, step - 1, step + 1);
        const fresh = steps.find((s) => device.lastStep === null || s > device.lastStep);
        if (fresh === undefined) {
          return steps.length
            ? fail(401, 'reused', 'This MFA code was already used. Wait for your device to show a new code, then try again.')
            : fail(401, 'incorrect', 'The MFA code is incorrect. Check that your device clock is right, then try again.');
        }
        device.lastStep = fresh;
        session.mfa = true;
        record('signin-mfa', true, 'signed-in');
        send(res, 200, pages.consolePage());
      },
    },

    '/console': {
      GET: (req, res) => (sessionOf(req)?.mfa ? send(res, 200, pages.consolePage()) : redirect(res, '/signin')),
    },

    '/resync': {
      GET: (_req, res) => send(res, 200, pages.resyncPage({ enrolled: state.devices.has(DEMO.user) })),
      POST: async (req, res) => {
        const form = await readForm(req);
        const device = state.devices.get(DEMO.user);
        if (!device) {
          record('resync', false, 'no-device');
          return send(res, 409, pages.resyncPage({ enrolled: false }));
        }
        const fail = (/** @type {string} */ reason, /** @type {string} */ error) => {
          record('resync', false, reason);
          send(res, 400, pages.resyncPage({ enrolled: true, error }));
        };
        const code1 = digits(form.get('authCode1'));
        const code2 = digits(form.get('authCode2'));
        if (!code1 || !code2) return fail('malformed', 'Each MFA code must be 6 digits.');
        const step = timeStep(now());
        const from = step - 10;
        const unused = device.lastStep === null ? from : Math.max(from, device.lastStep + 1);
        const t = consecutiveStep(device.key, code1, code2, unused, step + 10);
        if (t === null) {
          return consecutiveStep(device.key, code1, code2, from, step + 10) === null
            ? fail('not-consecutive', 'The MFA codes are incorrect or not consecutive.')
            : fail('reused', 'These MFA codes were already used. Wait for two new codes.');
        }
        device.lastStep = t + 1;
        record('resync', true, 'resynced');
        send(res, 200, pages.resyncPage({ enrolled: true, done: true }));
      },
    },

    '/qr-lab': {
      GET: (_req, res, url) => {
        const payloads = url.searchParams.getAll('payload').filter((p) => p !== '');
        const mode = /** @type {import('./pages.mjs').QrMode} */ (url.searchParams.get('mode') ?? 'img');
        if (!pages.QR_MODES.includes(mode)) throw new HttpError(400, `mode must be one of ${pages.QR_MODES.join(', ')}.`);
        if (payloads.length > MAX_PAYLOADS) throw new HttpError(400, `At most ${MAX_PAYLOADS} payloads per page.`);
        try {
          send(res, 200, pages.qrLabPage({ payloads, mode }));
        } catch {
          // qrcode-generator throws a plain Error when the data exceeds version 40.
          send(res, 400, pages.qrLabPage({ payloads: [], mode, error: 'A payload is too long for a QR code.' }));
        }
      },
    },

    '/api/state': {
      GET: (_req, res) =>
        sendJson(res, {
          account: DEMO.accountId,
          now: new Date(now()).toISOString(),
          step: timeStep(now()),
          devices: [...state.devices].map(([user, d]) => ({ user, enrolledAt: d.enrolledAt, lastUsedStep: d.lastStep })),
          log: state.log,
        }),
    },
  };

  if (exposeSecrets) {
    routes['/api/test/secret'] = {
      GET: (_req, res) => sendJson(res, { user: DEMO.user, secret: state.devices.get(DEMO.user)?.secret ?? null }),
    };
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://demo.invalid');
      const route = routes[url.pathname];
      if (!route) throw new HttpError(404, `Nothing at ${url.pathname}.`);
      const handler = route[req.method === 'HEAD' ? 'GET' : (req.method ?? '')];
      if (!handler) {
        req.resume();
        return send(res, 405, pages.errorPage('Method not allowed', `${req.method} is not supported here.`), {
          Allow: Object.keys(route).join(', '),
        });
      }
      await handler(req, res, url);
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) return send(res, error.status, pages.errorPage(`Error ${error.status}`, error.message));
      console.error(error);
      send(res, 500, pages.errorPage('Error 500', 'The demo server hit a bug; see its console.'));
    }
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    state,
    /** @returns {Promise<void>} */
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections(); // fetch keeps idle connections open
      }),
  };
}

/** @param {string | null} value the six digits, or null; spaces are tolerated as people type "123 456" */
function digits(value) {
  const code = (value ?? '').replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * Reads a urlencoded form. The body is drained even when refused so that the
 * client gets the 413 instead of a connection reset.
 * @param {import('node:http').IncomingMessage} req
 */
async function readForm(req) {
  let size = 0;
  /** @type {Buffer[]} */
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > DRAIN_LIMIT) {
      req.destroy();
      throw new HttpError(413, 'Request body too large.');
    }
    if (size <= MAX_BODY) chunks.push(chunk);
  }
  if (size > MAX_BODY) throw new HttpError(413, `Request body over ${MAX_BODY / 1024} KB.`);
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'Send the form as application/x-www-form-urlencoded.');
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i > 0 ? Number(process.argv[i + 1]) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('usage: node demo/server.mjs [--port N]');
    process.exit(2);
  }
  const demo = await startDemoServer({ port });
  console.log(`Demo Cloud console: ${demo.url}/`);
}
