// Shared by the test-data encoders: the invented accounts every file holds, a
// deterministic byte source (so re-running the scripts writes byte-identical files),
// and the encodings apps use. Written from the RFCs, not from Otto's source: the
// files must test Otto's importers, not agree with them by construction.
import { createHmac } from 'node:crypto';

/**
 * Deterministic "random" bytes: HMAC-SHA256 in counter mode under a fixed key, one
 * stream per label. Salts, nonces, ids and secrets come from here, so the files do not
 * change when the scripts run again.
 */
export function bytes(label, n) {
  const out = Buffer.alloc(n);
  for (let i = 0, off = 0; off < n; i++) {
    const block = createHmac('sha256', 'otto test data v1').update(`${label}\u0000${i}`).digest();
    off += block.copy(out, off);
  }
  return out;
}

/** A version-4-shaped UUID from the byte source. */
export function uuid(label) {
  const b = bytes(`uuid:${label}`, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding unless asked. */
export function base32(buf, pad = false) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  if (pad) while (out.length % 8) out += '=';
  return out;
}

/** Java's byte[] as Gson writes it: signed numbers. */
export const javaBytes = (buf) => [...buf].map((b) => (b > 127 ? b - 256 : b));

/** JSON as Android's org.json writes it: no spaces, and `/` escaped as `\/`. */
export const orgJson = (value) => JSON.stringify(value).replace(/\//g, '\\/');

/**
 * The accounts of the test files: invented for Otto (MIT), chosen for the edge cases
 * importers get wrong: HOTP with large counters, SHA-256/512, 7 and 8 digits, periods
 * other than 30 s, spaces and non-ASCII letters in names, an empty issuer, Steam.
 */
export const ACCOUNTS = [
  { id: 'acme', type: 'totp', issuer: 'Acme Cloud', name: 'ada@acme.example', algorithm: 'SHA1', digits: 6, period: 30, size: 20 },
  { id: 'harbor', type: 'totp', issuer: 'Harbor', name: 'grace', algorithm: 'SHA256', digits: 7, period: 20, size: 32 },
  { id: 'quill', type: 'totp', issuer: 'Quill Mail', name: 'linus@quill.example', algorithm: 'SHA512', digits: 8, period: 60, size: 64 },
  { id: 'lantern', type: 'hotp', issuer: 'Lantern', name: 'hedy', algorithm: 'SHA1', digits: 6, counter: 7, size: 10 },
  { id: 'orbit', type: 'hotp', issuer: 'Orbit Bank', name: 'alan', algorithm: 'SHA256', digits: 8, counter: 300, size: 20 },
  { id: 'fjord', type: 'hotp', issuer: 'Fjord', name: 'barbara', algorithm: 'SHA512', digits: 7, counter: 123456, size: 16 },
  { id: 'zurich', type: 'totp', issuer: 'Zürich Ämter', name: 'Jürgen Ünver ¿? 🔑', algorithm: 'SHA1', digits: 6, period: 45, size: 20 },
  { id: 'bare', type: 'totp', issuer: '', name: 'no-issuer@example.org', algorithm: 'SHA1', digits: 6, period: 30, size: 15 },
  { id: 'steam', type: 'steam', issuer: 'Steam', name: 'margaret', algorithm: 'SHA1', digits: 5, period: 30, size: 20 },
].map((a) => ({ ...a, secret: bytes(`secret:${a.id}`, a.size) }));

export const account = (id) => {
  const a = ACCOUNTS.find((x) => x.id === id);
  if (!a) throw new Error(`no test account ${id}`);
  return a;
};

/** The accounts with these ids, in this order. */
export const pick = (...ids) => ids.map(account);

/** What an importer must return for an account, in the shape of test/data/import/expected.json. */
export function expected(a, changes = {}) {
  const e = { ...a, ...changes };
  const base = { type: e.type, issuer: e.issuer, name: e.name, secret: base32(e.secret), algorithm: e.algorithm, digits: e.digits };
  return e.type === 'hotp' ? { ...base, counter: e.counter } : { ...base, period: e.period };
}

/**
 * An otpauth:// URI (Key Uri Format): label `Issuer:name` percent-encoded, the issuer
 * parameter too; `params` adds or overrides query parameters in the given order.
 */
export function otpauthUri(a, { type = a.type, params = {}, order } = {}) {
  const label = a.issuer ? `${encodeURIComponent(a.issuer)}:${encodeURIComponent(a.name)}` : encodeURIComponent(a.name);
  const q = {
    secret: base32(a.secret),
    ...(a.issuer ? { issuer: a.issuer } : {}),
    algorithm: a.algorithm,
    digits: String(a.digits),
    ...(a.type === 'hotp' ? { counter: String(a.counter) } : { period: String(a.period) }),
    ...params,
  };
  const keys = order ?? Object.keys(q);
  const query = keys.filter((k) => q[k] !== undefined).map((k) => `${k}=${encodeURIComponent(q[k])}`).join('&');
  return `otpauth://${type}/${label}?${query}`;
}
