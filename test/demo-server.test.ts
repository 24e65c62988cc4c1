import { createHmac } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../demo/server.mjs';

// Reference TOTP written here on purpose: neither demo/totp.mjs nor src/core,
// so a shared bug cannot make the server and the test agree.
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...text.replace(/=+$/, '')].map((ch) => alphabet.indexOf(ch).toString(2).padStart(5, '0')).join('');
  return Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
}

function totp(secret: string, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secret)).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const STEP_MS = 30_000;
const T0 = Date.UTC(2030, 0, 1) + 15_000; // mid-step, so ±1 step is unambiguous

let clock = T0;
let demo: Awaited<ReturnType<typeof startDemoServer>>;
const step = () => Math.floor(clock / STEP_MS);
const code = (offset = 0, secret = SECRET) => totp(secret, step() + offset);

beforeEach(async () => {
  clock = T0;
  demo = await startDemoServer({ now: () => clock, exposeSecrets: true });
});
afterEach(() => demo.close());

function get(path: string, cookie = '') {
  return fetch(demo.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

function post(path: string, form: Record<string, string>, cookie = '') {
  return fetch(demo.url + path, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(form),
    headers: cookie ? { cookie } : {},
  });
}

async function enrollToken(secret = SECRET) {
  const html = await (await get(`/enroll?secret=${secret}`)).text();
  return /name="token" value="([0-9a-f]{32})"/.exec(html)![1];
}

async function enroll(code1: string, code2: string, token?: string) {
  return post('/enroll', { token: token ?? (await enrollToken()), authCode1: code1, authCode2: code2 });
}

async function passwordStep(password = 'otto-demo') {
  return post('/signin', { account: '123456789012', username: 'alice', password });
}

/** Password step, then the MFA code; resolves to the MFA response. */
async function signIn(mfaCode: string) {
  const cookie = (await passwordStep()).headers.get('set-cookie')!.split(';')[0];
  return post('/signin/mfa', { mfaCode }, cookie);
}

function decodeQr(width: number, height: number, rgba: Uint8ClampedArray | Buffer) {
  return jsQR(new Uint8ClampedArray(rgba), width, height)?.data;
}

function decodePngDataUrl(src: string) {
  const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return decodeQr(png.width, png.height, png.data);
}

/** Rasterises a module matrix (true = dark) with a quiet zone, for jsQR. */
function decodeModules(dark: boolean[][]) {
  const scale = 4;
  const side = (dark.length + 8) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  dark.forEach((row, r) =>
    row.forEach((isDark, c) => {
      if (!isDark) return;
      for (let y = 0; y < scale; y++) {
        for (let x = 0; x < scale; x++) {
          const i = (((r + 4) * scale + y) * side + (c + 4) * scale + x) * 4;
          rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
        }
      }
    }),
  );
  return decodeQr(side, side, rgba);
}

const imgSources = (html: string) => [...html.matchAll(/<img class="qr" alt="QR code" src="([^"]+)">/g)].map((m) => m[1]);

describe('reference TOTP', () => {
  it('matches the RFC 6238 SHA-1 test vector', () => {
    // "12345678901234567890" in base32, T = 59 s → 94287082
    expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1, 8)).toBe('94287082');
  });
});

describe('enrollment', () => {
  it('serves a page with the QR image, hidden secret and the two labelled code fields', async () => {
    const res = await get('/enroll');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('date')).toBe(new Date(T0).toUTCString());
    const html = await res.text();
    expect(imgSources(html)).toHaveLength(1);
    expect(html).toContain('<label for="mfaCode1">MFA code 1</label>');
    expect(html).toContain('<label for="mfaCode2">MFA code 2</label>');
    expect(html).toMatch(/<input id="mfaCode1" name="authCode1" [^>]*autocomplete="one-time-code" maxlength="6"/);
    expect(html).toMatch(/<input id="mfaCode2" name="authCode2" [^>]*autocomplete="one-time-code" maxlength="6"/);
    expect(html).toMatch(/<button type="button"[^>]*id="show-secret"[^>]*>Show secret key<\/button>/);
    expect(html).toMatch(/<code id="secret-key" class="secret" hidden>[A-Z2-7]{32}<\/code>/);
    expect(html).toContain('<button type="submit" class="primary">Assign MFA</button>');
  });

  it('QR decodes to an otpauth URI carrying the secret shown as text, fresh on every visit', async () => {
    const pages = await Promise.all([get('/enroll'), get('/enroll')].map(async (r) => (await r).text()));
    const secrets = pages.map((html) => {
      const secret = /<code id="secret-key"[^>]*>([A-Z2-7]+)</.exec(html)![1];
      expect(decodePngDataUrl(imgSources(html)[0])).toBe(
        `otpauth://totp/Demo%20Cloud:alice@123456789012?secret=${secret}&issuer=Demo%20Cloud`,
      );
      expect(base32Bytes(secret)).toHaveLength(20);
      return secret;
    });
    expect(secrets[0]).not.toBe(secrets[1]);
  });

  it('assigns the device for two consecutive current codes', async () => {
    const res = await enroll(code(0), code(1));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('MFA device assigned');
    expect(await (await get('/api/test/secret')).json()).toEqual({ user: 'alice', secret: SECRET });
    const state = await (await get('/api/state')).json();
    expect(state.devices).toEqual([{ user: 'alice', enrolledAt: new Date(T0).toISOString(), lastUsedStep: null }]);
    expect(state.log.at(-1)).toMatchObject({ action: 'enroll', ok: true });
  });

  it.each([
    [-2, true],
    [1, true],
    [-3, false],
    [2, false],
  ])('pair starting %i steps from now accepted: %s', async (offset, accepted) => {
    const res = await enroll(code(offset), code(offset + 1));
    expect(res.status).toBe(accepted ? 200 : 400);
    expect((await (await get('/api/test/secret')).json()).secret).toBe(accepted ? SECRET : null);
  });

  it.each([
    ['the same code twice', () => [code(0), code(0)], 'same-code', 'Both codes are the same'],
    ['codes in reverse order', () => [code(1), code(0)], 'not-consecutive', 'not consecutive'],
    ['codes two steps apart', () => [code(0), code(2)], 'not-consecutive', 'not consecutive'],
    ['letters', () => ['abcdef', code(1)], 'malformed', 'must be 6 digits'],
    ['too few digits', () => [code(0).slice(1), code(1)], 'malformed', 'must be 6 digits'],
    ['an empty field', () => [code(0), ''], 'malformed', 'must be 6 digits'],
  ])('rejects %s, explains why, and lets the user retry', async (_name, codes, reason, message) => {
    const token = await enrollToken();
    const [code1, code2] = codes();
    const res = await enroll(code1, code2, token);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain(`value="${token}"`); // same QR, same pending secret
    const state = await (await get('/api/state')).json();
    expect(state.devices).toEqual([]);
    expect(state.log.at(-1)).toEqual({ at: new Date(T0).toISOString(), action: 'enroll', ok: false, reason });
    expect((await enroll(code(0), code(1), token)).status).toBe(200);
  });

  it('rejects an unknown or already used setup token', async () => {
    const token = await enrollToken();
    expect((await enroll(code(0), code(1), token)).status).toBe(200);
    const again = await enroll(code(0), code(1), token);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('setup session has expired or is unknown');
    expect((await enroll(code(0), code(1), 'f'.repeat(32))).status).toBe(400);
  });

  it('rejects a ?secret= that is not base32 of at least 80 bits', async () => {
    expect((await get('/enroll?secret=NOT-BASE32!')).status).toBe(400);
    expect((await get('/enroll?secret=JBSWY3DP')).status).toBe(400);
  });
});

describe('sign-in', () => {
  it('rejects a wrong password without starting a session', async () => {
    const res = await passwordStep('hunter2');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('authentication information is incorrect');
  });

  it('sets an HttpOnly SameSite=Lax session cookie and asks to enroll when there is no device', async () => {
    const res = await passwordStep();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin/mfa');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sid=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    const mfa = await get('/signin/mfa', cookie.split(';')[0]);
    expect(await mfa.text()).toContain('alice has no MFA device yet. Enroll one first.');
    expect((await get('/signin/mfa')).headers.get('location')).toBe('/signin');
  });

  it('serves the MFA step with one labelled code field', async () => {
    await enroll(code(0), code(1));
    const cookie = (await passwordStep()).headers.get('set-cookie')!.split(';')[0];
    const html = await (await get('/signin/mfa', cookie)).text();
    expect(html).toContain(
      '<label for="mfaCode">MFA code</label>\n  <input id="mfaCode" name="mfaCode" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"',
    );
    expect(html.match(/<input /g)).toHaveLength(1);
  });

  it('accepts a valid code, rejects the same code reused, accepts the next step', async () => {
    await enroll(code(0), code(1));
    const first = await signIn(code(0));
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Signed in to Demo Cloud console');

    const replay = await signIn(code(0));
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('This MFA code was already used');

    clock += STEP_MS;
    expect((await signIn(code(0))).status).toBe(200);

    const { log, devices } = await (await get('/api/state')).json();
    expect(log.filter((e: { action: string }) => e.action === 'signin-mfa').map((e: { reason: string }) => e.reason)).toEqual([
      'signed-in',
      'reused',
      'signed-in',
    ]);
    expect(devices[0].lastUsedStep).toBe(step());
  });

  it('accepts ±1 step, rejects older codes, and never goes back behind the last used step', async () => {
    await enroll(code(0), code(1));
    for (const offset of [-3, -2]) {
      const res = await signIn(code(offset));
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('The MFA code is incorrect');
    }
    expect((await signIn(code(-1))).status).toBe(200);
    expect((await signIn(code(1))).status).toBe(200);
    // The current code was never used, but it is older than the last accepted one.
    const behind = await signIn(code(0));
    expect(behind.status).toBe(401);
    expect(await behind.text()).toContain('already used');
  });

  it('shows the console only to a session that passed MFA', async () => {
    await enroll(code(0), code(1));
    const cookie = (await passwordStep()).headers.get('set-cookie')!.split(';')[0];
    expect((await get('/console', cookie)).status).toBe(303);
    expect((await post('/signin/mfa', { mfaCode: code(0) }, cookie)).status).toBe(200);
    expect(await (await get('/console', cookie)).text()).toContain('Signed in to Demo Cloud console');
  });
});

describe('resync', () => {
  it('accepts a consecutive pair up to 10 steps away and marks it used', async () => {
    await enroll(code(0), code(1));
    expect((await post('/resync', { authCode1: code(-11), authCode2: code(-10) })).status).toBe(400);
    const res = await post('/resync', { authCode1: code(9), authCode2: code(10) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The MFA device was resynchronized.');
    expect((await (await get('/api/state')).json()).devices[0].lastUsedStep).toBe(step() + 10);

    const again = await post('/resync', { authCode1: code(9), authCode2: code(10) });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');
    expect((await signIn(code(1))).status).toBe(401);
  });
});

describe('QR lab', () => {
  const totpUri = `otpauth://totp/Lab:bob?secret=${SECRET}&issuer=Lab`;
  const migrationUri = 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC';
  const query = (mode: string) =>
    `/qr-lab?mode=${mode}&payload=${encodeURIComponent(totpUri)}&payload=${encodeURIComponent(migrationUri)}`;

  it('renders each payload as its own decodable <img>', async () => {
    const html = await (await get(query('img'))).text();
    expect(imgSources(html).map(decodePngDataUrl)).toEqual([totpUri, migrationUri]);
  });

  it('draws into <canvas> from module data that decodes to the payloads', async () => {
    const html = await (await get(query('canvas'))).text();
    expect(html).not.toContain('<img');
    const matrices = [...html.matchAll(/<canvas [^>]*data-modules="([01 ]+)"/g)].map((m) =>
      m[1].split(' ').map((row) => [...row].map((bit) => bit === '1')),
    );
    expect(matrices.map(decodeModules)).toEqual([totpUri, migrationUri]);
  });

  it('inlines <svg> whose path decodes to the payloads', async () => {
    const html = await (await get(query('svg'))).text();
    expect(html).not.toContain('<img');
    const decoded = [...html.matchAll(/<svg [^>]*viewBox="0 0 (\d+) \1"[^>]*>.*?<path d="([^"]+)"/g)].map(([, side, path]) => {
      const size = Number(side) - 8;
      const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
      for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) dark[Number(y) - 4][Number(x) - 4] = true;
      return decodeModules(dark);
    });
    expect(decoded).toEqual([totpUri, migrationUri]);
  });

  it('uses CSS background images', async () => {
    const html = await (await get(query('css'))).text();
    expect(html).not.toContain('<img');
    const urls = [...html.matchAll(/background-image:url\((data:image\/png;base64,[^)]+)\)/g)].map((m) => m[1]);
    expect(urls.map(decodePngDataUrl)).toEqual([totpUri, migrationUri]);
  });

  it('rejects an unknown mode and oversized payloads', async () => {
    expect((await get('/qr-lab?mode=gif&payload=x')).status).toBe(400);
    const huge = await get(`/qr-lab?payload=${'x'.repeat(3000)}`);
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('too long for a QR code');
  });
});

describe('HTTP hygiene', () => {
  it('binds loopback only', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(startDemoServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    expect((await get('/nope')).status).toBe(404);
    const res = await post('/api/state', {});
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('refuses a body over 16 KB with 413 and a non-form body with 415', async () => {
    const big = await post('/signin', { username: 'alice', password: 'x'.repeat(17 * 1024) });
    expect(big.status).toBe(413);
    const json = await fetch(`${demo.url}/signin`, {
      method: 'POST',
      body: JSON.stringify({ username: 'alice', password: 'otto-demo' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);
    expect(json.headers.get('set-cookie')).toBeNull();
  });

  it('hides the test secret endpoint unless exposeSecrets is set', async () => {
    const plain = await startDemoServer();
    try {
      expect((await fetch(`${plain.url}/api/test/secret`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
