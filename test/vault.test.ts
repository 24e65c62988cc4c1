import { describe, expect, it } from 'vitest';
import type { Account } from '../src/core/account';
import { encodeBase32 } from '../src/core/base32';
import { VAULT_REFUSED, codeOf } from './codes';
import {
  DEFAULT_KDF,
  KDF_MAX,
  changePassphrase,
  needsUpgrade,
  createDataKey,
  isSealedVault,
  openVault,
  openWithKey,
  sealVault,
  sealWithKey,
  unlockDataKey,
  type KdfParams,
  type PassphraseSlot,
  type SealedVault,
  type VaultPayload,
} from '../src/core/vault';

// Small Argon2 cost for the many tamper cases; the defaults get their own test.
const FAST: KdfParams = { m: 64, t: 1, p: 1 };
const PASS = 'correct horse battery staple';

function account(i: number, over: Partial<Account> = {}): Account {
  return {
    type: 'totp',
    issuer: `Issuer${i}`,
    label: `user${i}@example.com`,
    secret: Uint8Array.from({ length: 20 }, (_, j) => (i * 31 + j * 7 + 1) & 0xff),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    sites: [`https://site${i}.example`],
    id: `id-${i}`,
    created: 1_700_000_000_000 + i,
    updated: 1_700_000_000_500 + i,
    pinned: false,
    autoSubmit: false,
    ...over,
  };
}

const payload = (accounts: Account[] = [account(1)]): VaultPayload => ({ version: 1, accounts });
const seal = (p: VaultPayload = payload(), pass = PASS) => sealVault(p, pass, FAST);
const slot0 = (v: SealedVault) => v.slots[0] as PassphraseSlot;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64 = (text: string) => Buffer.from(text, 'base64');
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Awaits a promise that must reject, and returns the error. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, but the vault opened');
}

/** Every single-byte flip (a different bit per byte) of one base64 field. */
function* flips(sealed: SealedVault, get: (v: SealedVault) => Record<string, unknown>, field: string): Generator<SealedVault> {
  const length = b64(get(sealed)[field] as string).length;
  for (let i = 0; i < length; i++) {
    const copy = structuredClone(sealed);
    const bytes = b64(get(copy)[field] as string);
    bytes[i]! ^= 1 << i % 8;
    get(copy)[field] = text(bytes);
    yield copy;
  }
}

/** Hand-made ciphertext under the vault's own data key, following docs/vault-format.md. */
async function withPlaintext(sealed: SealedVault, plain: Uint8Array): Promise<SealedVault> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(await unlockDataKey(sealed, PASS)), 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aad = new TextEncoder().encode(`{"format":"otto-vault","version":${sealed.version}}`);
  const out = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, new Uint8Array(plain)));
  return { ...sealed, nonce: text(iv), data: text(out.subarray(0, -16)), tag: text(out.subarray(-16)) };
}

/** 7816-4 padding to the documented length (256-byte steps at these sizes). */
function padded(json: string, length = Math.ceil((Buffer.byteLength(json) + 1) / 256) * 256): Uint8Array {
  const out = new Uint8Array(length);
  const bytes = new TextEncoder().encode(json);
  out.set(bytes);
  out[bytes.length] = 0x80;
  return out;
}

const accountJson = (over: Record<string, unknown> = {}) => ({
  type: 'totp', issuer: 'Example', label: 'alice', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6,
  period: 30, counter: 0, sites: ['https://example.com'], id: 'a1', created: 1, updated: 2, pinned: false, autoSubmit: false,
  ...over,
});

describe('round trip', () => {
  it('keeps every account field, the order and the settings exactly', async () => {
    const accounts = [
      account(1, { sites: ['https://example.com', 'http://*.example.org:8080'], pinned: true, autoSubmit: true, issuer: 'Ünïcødé ✓', label: '' }),
      account(2, { type: 'hotp', counter: 2 ** 40 + 7, algorithm: 'SHA256', digits: 8, period: 60 }),
      account(3, { type: 'hotp', counter: Number.MAX_SAFE_INTEGER, algorithm: 'SHA512', digits: 10 }),
      account(4, { type: 'steam', digits: 5, sites: [], secret: new Uint8Array(512).fill(0xab) }),
      account(5, { secret: Uint8Array.of(0) }),
    ];
    const p: VaultPayload = { version: 1, accounts, settings: { autolockMinutes: 5, nested: { list: [1, 'two', null] } } };
    const opened = await openVault(await seal(p), PASS);
    expect(opened).toStrictEqual(p);
    expect(opened.accounts.map((a) => a.id)).toEqual(['id-1', 'id-2', 'id-3', 'id-4', 'id-5']);
    expect(opened.accounts[1]!.counter).toBe(2 ** 40 + 7);
  });

  it('leaves settings out when there were none, and handles an empty vault', async () => {
    expect(await openVault(await seal(payload([])), PASS)).toStrictEqual({ version: 1, accounts: [] });
  });

  it('normalises the passphrase to NFC, so composed and decomposed accents match', async () => {
    const sealed = await seal(payload(), 'caf\u00e9');
    await expect(openVault(sealed, 'cafe\u0301')).resolves.toStrictEqual(payload());
  });

  it('works with the default Argon2id parameters (at least m = 64 MiB, t = 3)', { timeout: 30_000 }, async () => {
    expect(DEFAULT_KDF.m).toBeGreaterThanOrEqual(65_536);
    expect(DEFAULT_KDF.t).toBeGreaterThanOrEqual(3);
    expect(DEFAULT_KDF.p).toBe(1);
    const sealed = await sealVault(payload(), PASS);
    expect(sealed.version).toBe(2);
    expect(needsUpgrade(sealed)).toBe(false);
    const { m, t, p } = slot0(sealed);
    expect({ m, t, p }).toEqual(DEFAULT_KDF);
    expect(b64(slot0(sealed).salt)).toHaveLength(16);
    await expect(openVault(sealed, PASS)).resolves.toStrictEqual(payload());
  });

  it('opens a vault written by an earlier build with other parameters (fixed fixture)', async () => {
    // Sealed once with {m: 128, t: 3, p: 2}; this text must keep opening in every later version.
    const fixture = JSON.parse(
      '{"format":"otto-vault","version":1,"slots":[{"type":"passphrase","kdf":"argon2id","m":128,"t":3,"p":2,"salt":"BZfroGKqQ7bS8bpA4364+g==","nonce":"nvY2L46YvJ4bSDuv","key":"Fa53QkPtKQTRYlsPSHmC9oLE9Fao5SuM0jC/kq4T3w4=","tag":"EIroGpzr5fpvCaRI6v4lOg=="}],"nonce":"yQfXOkL0TVH99sC1","tag":"EuxqPav0yZEuRrZQsWs1sQ==","data":"nDJ/90AAlLQHVJV4qJoYgGn5ArEjywKbS5sQaFgUO0AwiWE9CsNtkMSHmfHQHosZHfOPlrHNf+J0fCHXd0t3X7ZZp+riEp0yo6V2m3A/hEsoVEHr/K0Czz9GcgAlBV+ytkZ43EQXWLoBN1aRN2fCFxOY1gZ6KDdLpgX1/l2QHLHE+DPhjKZVhpC70IUmoljhcYn2Zh1ocbGKkYH6d8jxMO7vdcmHO44BOcum5Dchew5M+3rgumsIn6gYFs4Ksyzc9I2y4WeTgkDv6QWkz3yiM4OvOaamrmz/encuYrjh8h9v1gsfsLhm5HWuVPi2Iis6eegpjMosrzUjruLEJN2mRpUSi7DLTem/3rEgYxC/y34IhIHRW55tKLncZOcCpFMcCoy1fohYM+2hHZnSDoSPfCMXrHx2cQXOG38ltT0V2SMPU2eecBF6h2iuiXlotXEkJ+ooQgmnSDlggfgiftHhL4UVIswWd6Mt40H7DrKRWPF8wMhjtA+WbDnncu8R/ioOeNMEJwGrRwCkjfHqISAmZ1u414nD7AYQK+L9mYcL0WWKS8S3F6Y53RtdE/bsZyntw/m4hH8Ahd6NpcWr+WDDuCOo7/I45aFaX8Kkr2GyV7P6R2V5Ms/u5JgQnfi2xEl0ewIMTbbhzNNwx0K32mfzc2TljWdDqh3393GYofl28KI="}',
    );
    expect(isSealedVault(fixture)).toBe(true);
    const opened = await openVault(fixture, 'old passphrase');
    expect(opened.accounts).toHaveLength(1);
    expect(opened.accounts[0]).toMatchObject({ type: 'hotp', issuer: 'Old', label: 'legacy', counter: 42, digits: 8 });
    expect(encodeBase32(opened.accounts[0]!.secret)).toBe('JBSWY3DPEHPK3PXP');
  });

  it('opens vaults sealed with parameters other than the current defaults', async () => {
    for (const params of [{ m: 128, t: 1, p: 1 }, { m: 256, t: 3, p: 2 }]) {
      const sealed = await sealVault(payload(), PASS, params);
      expect(slot0(sealed)).toMatchObject(params);
      await expect(openVault(sealed, PASS)).resolves.toStrictEqual(payload());
    }
  });
});

describe('passphrase', () => {
  it('rejects a wrong passphrase as wrongPassphrase', async () => {
    const sealed = await seal();
    for (const wrong of ['', 'Correct horse battery staple', `${PASS} `, 'x']) {
      expect(codeOf(await rejection(openVault(sealed, wrong)))).toBe('wrongPassphrase');
    }
    expect(codeOf(await rejection(unlockDataKey(sealed, 'nope')))).toBe('wrongPassphrase');
  });

  it('changePassphrase re-seals under a fresh data key: old fails, new opens, the old key opens nothing', async () => {
    const sealed = await seal();
    const changed = await changePassphrase(sealed, PASS, 'new pass', FAST);
    expect(codeOf(await rejection(openVault(changed, PASS)))).toBe('wrongPassphrase');
    await expect(openVault(changed, 'new pass')).resolves.toStrictEqual(payload());
    expect(changed.data).not.toBe(sealed.data);
    expect(slot0(changed).salt).not.toBe(slot0(sealed).salt);
    const oldKey = await unlockDataKey(sealed, PASS);
    expect(await unlockDataKey(changed, 'new pass')).not.toEqual(oldKey);
    expect(codeOf(await rejection(openWithKey(changed, oldKey)))).toBe('vaultTampered');
    // The input is not modified.
    await expect(openVault(sealed, PASS)).resolves.toStrictEqual(payload());
  });

  it('changePassphrase uses the given parameters, defaulting to DEFAULT_KDF', async () => {
    const changed = await changePassphrase(await seal(), PASS, 'new', { m: 256, t: 2 });
    expect(slot0(changed)).toMatchObject({ m: 256, t: 2, p: DEFAULT_KDF.p });
  });

  it('changePassphrase refuses a wrong old passphrase and a vault whose payload is damaged', async () => {
    const sealed = await seal();
    expect(codeOf(await rejection(changePassphrase(sealed, 'wrong', 'new', FAST)))).toBe('wrongPassphrase');
    const damaged = { ...sealed, tag: text(b64(sealed.tag).map((b) => b ^ 0xff)) };
    expect(VAULT_REFUSED).toContain(codeOf(await rejection(changePassphrase(damaged, PASS, 'new', FAST))));
  });
});

describe('slots', () => {
  const foreign = { type: 'recovery', wrapped: 'AAAA', future: { x: 1 } };

  it('skips a slot type it does not know and keeps it through saves; a passphrase change drops it with the old key', async () => {
    const sealed = await seal();
    const withForeign: SealedVault = { ...sealed, slots: [foreign, ...sealed.slots] };
    expect(isSealedVault(withForeign)).toBe(true);
    await expect(openVault(withForeign, PASS)).resolves.toStrictEqual(payload());
    const key = await unlockDataKey(withForeign, PASS);
    expect((await sealWithKey(payload([]), key, withForeign)).slots).toEqual(withForeign.slots);
    const changed = await changePassphrase(withForeign, PASS, 'new', FAST);
    expect(changed.slots).toHaveLength(1);
    expect(changed.slots[0]).toMatchObject({ type: 'passphrase' });
  });

  it('refuses a vault with no passphrase slot as corrupt', async () => {
    const sealed = await seal();
    expect(VAULT_REFUSED).toContain(codeOf(await rejection(openVault({ ...sealed, slots: [foreign] }, PASS))));
  });
});

describe('keys held by the background', () => {
  it('unlockDataKey + openWithKey open the vault; sealWithKey re-seals under the same slots', async () => {
    const sealed = await seal();
    const key = await unlockDataKey(sealed, PASS);
    expect(key).toBeInstanceOf(Uint8Array);
    expect(key).toHaveLength(32);
    await expect(openWithKey(sealed, key)).resolves.toStrictEqual(payload());
    const next = payload([account(1), account(2)]);
    const resealed = await sealWithKey(next, key, sealed);
    expect(resealed.slots).toEqual(sealed.slots);
    expect(resealed.nonce).not.toBe(sealed.nonce);
    await expect(openVault(resealed, PASS)).resolves.toStrictEqual(next);
  });

  it('openWithKey and sealWithKey refuse a key that does not open the vault', async () => {
    const sealed = await seal();
    expect(VAULT_REFUSED).toContain(codeOf(await rejection(openWithKey(sealed, createDataKey()))));
    expect(VAULT_REFUSED).toContain(codeOf(await rejection(sealWithKey(payload(), createDataKey(), sealed))));
    expect(await rejection(openWithKey(sealed, new Uint8Array(16)))).toBeInstanceOf(RangeError);
  });

  it('createDataKey gives 32 fresh random bytes', () => {
    const a = createDataKey();
    expect(a).toHaveLength(32);
    expect(a).not.toEqual(createDataKey());
  });

  it('uses a fresh payload nonce on every seal', async () => {
    const p = payload();
    const [a, b] = [await seal(p), await seal(p)];
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.data).not.toBe(b.data);
    expect(slot0(a).salt).not.toBe(slot0(b).salt);
    const key = await unlockDataKey(a, PASS);
    const nonces = new Set([a.nonce]);
    for (let i = 0; i < 5; i++) nonces.add((await sealWithKey(p, key, a)).nonce);
    expect(nonces.size).toBe(6);
  });
});

describe('tampering', () => {
  it('rejects every single-byte flip of the payload nonce, tag and ciphertext as corrupt', { timeout: 60_000 }, async () => {
    const sealed = await seal();
    for (const field of ['nonce', 'tag', 'data']) {
      let n = 0;
      for (const bad of flips(sealed, (v) => v as unknown as Record<string, unknown>, field)) {
        expect(VAULT_REFUSED, `${field} flip ${n}`).toContain(codeOf(await rejection(openVault(bad, PASS))));
        n++;
      }
      expect(n).toBe(b64(sealed[field as 'data']).length);
    }
  });

  it('rejects every single-byte flip of the slot salt, nonce, wrapped key and tag as a wrong passphrase', { timeout: 60_000 }, async () => {
    const sealed = await seal();
    for (const field of ['salt', 'nonce', 'key', 'tag']) {
      let n = 0;
      for (const bad of flips(sealed, (v) => v.slots[0] as Record<string, unknown>, field)) {
        expect(codeOf(await rejection(openVault(bad, PASS))), `slot ${field} flip ${n}`).toBe('wrongPassphrase');
        n++;
      }
      expect(n).toBe(b64(slot0(sealed)[field as 'salt']).length);
    }
  });

  it('rejects changed header numbers: in-limit KDF changes as a wrong passphrase, the rest as corrupt', async () => {
    const sealed = await seal();
    const edit = (f: (v: Record<string, unknown>, s: Record<string, unknown>) => void) => {
      const copy = structuredClone(sealed);
      f(copy as unknown as Record<string, unknown>, copy.slots[0] as Record<string, unknown>);
      return copy;
    };
    for (const version of [0, 3, 129, '1', 1.5, null]) {
      expect(VAULT_REFUSED).toContain(codeOf(await rejection(openVault(edit((v) => (v.version = version)), PASS))));
    }
    // The version is authenticated: a version-2 vault relabelled 1 no longer unwraps.
    expect(codeOf(await rejection(openVault(edit((v) => (v.version = 1)), PASS)))).toBe('wrongPassphrase');
    for (const field of ['m', 't', 'p'] as const) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = edit((_, s) => (s[field] = (s[field] as number) ^ (1 << bit)));
        const value = (bad.slots[0] as PassphraseSlot)[field];
        const params: KdfParams = { ...FAST };
        params[field] = value;
        const { m, t, p } = params;
        const inLimits = p >= 1 && p <= KDF_MAX.p && t >= 1 && t <= KDF_MAX.t && m >= 8 * p && m <= KDF_MAX.m && m * t <= KDF_MAX.total;
        const code = codeOf(await rejection(openVault(bad, PASS)));
        if (inLimits) expect(code, `${field}=${value}`).toBe('wrongPassphrase');
        else expect(VAULT_REFUSED, `${field}=${value}`).toContain(code);
      }
    }
    for (const [field, value] of [['m', '64'], ['t', 1.5], ['p', -1], ['kdf', 'argon2i'], ['type', 'Passphrase']] as const) {
      expect(VAULT_REFUSED, field).toContain(codeOf(await rejection(openVault(edit((_, s) => (s[field] = value)), PASS))));
    }
  });

  it('refuses absurd KDF parameters at once instead of deriving', async () => {
    const sealed = await seal();
    const absurd = [{ m: 2 ** 20 + 4 }, { m: 2 ** 32 }, { t: 101 }, { t: 0 }, { p: 0 }, { p: 17 }, { m: 2 ** 20, t: 5 }, { m: 8, p: 2 }];
    const started = Date.now();
    for (const params of absurd) {
      const bad = { ...sealed, slots: [{ ...slot0(sealed), ...params }] };
      expect(isSealedVault(bad)).toBe(false);
      expect(VAULT_REFUSED, JSON.stringify(params)).toContain(codeOf(await rejection(openVault(bad, PASS))));
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await rejection(sealVault(payload(), PASS, { t: 101 }))).toBeInstanceOf(RangeError);
    expect(await rejection(sealVault(payload(), ''))).toBeInstanceOf(RangeError);
    expect(await rejection(changePassphrase(sealed, PASS, 'new', { m: 4 }))).toBeInstanceOf(RangeError);
  });

  it('bounds the work of all slots together: eight slots each within limits are refused at once', async () => {
    const sealed = await seal();
    const heavy = { ...slot0(sealed), m: KDF_MAX.m, t: 3 };
    const hostile = { ...sealed, slots: Array.from({ length: 8 }, () => heavy) };
    const started = Date.now();
    expect(isSealedVault(hostile)).toBe(false);
    expect(codeOf(await rejection(openVault(hostile, PASS)))).toBe('kdfTooCostly');
    expect(Date.now() - started).toBeLessThan(1_000);
    // The limit is the sum: four default-cost slots are allowed.
    const fine = { ...sealed, slots: [...Array.from({ length: 3 }, () => ({ ...slot0(sealed), ...DEFAULT_KDF })), slot0(sealed)] };
    expect(isSealedVault(fine)).toBe(true);
  });

  it('never opens the vault after any single-character change of its JSON text', { timeout: 60_000 }, async () => {
    const json = JSON.stringify(await seal());
    let reached = 0;
    for (let i = 0; i < json.length; i++) {
      const bad = json.slice(0, i) + String.fromCharCode(json.charCodeAt(i) ^ (1 << (i % 6))) + json.slice(i + 1);
      let parsed: SealedVault;
      try {
        parsed = JSON.parse(bad);
      } catch {
        continue; // not JSON any more: the importer's problem, not the vault's
      }
      reached++;
      const error = await rejection(openVault(parsed, PASS));
      expect([...VAULT_REFUSED, 'wrongPassphrase'], `position ${i}`).toContain(codeOf(error));
    }
    expect(reached).toBeGreaterThan(json.length / 2);
  });
});

describe('malformed input', () => {
  it('refuses non-vaults, missing, extra and mistyped fields as corrupt, and isSealedVault agrees', async () => {
    const sealed = await seal();
    expect(isSealedVault(sealed)).toBe(true);
    expect(isSealedVault(JSON.parse(JSON.stringify(sealed)))).toBe(true);
    const bad: unknown[] = [
      null, 42, 'otto-vault', [], {}, JSON.stringify(sealed), { format: 'otto-vault' }, { ...sealed, format: 'aegis' },
      { ...sealed, extra: 1 }, { ...sealed, slots: [] }, { ...sealed, slots: slot0(sealed) },
      { ...sealed, slots: Array(9).fill(slot0(sealed)) }, { ...sealed, slots: [null] }, { ...sealed, slots: [{ kind: 'x' }] },
      { ...sealed, slots: [{ ...slot0(sealed), extra: 1 }] },
      { ...sealed, nonce: 42 }, { ...sealed, data: '' }, { ...sealed, data: '!!!!' },
      { ...sealed, slots: [{ ...slot0(sealed), salt: text(b64(slot0(sealed).salt).subarray(0, 15)) }] },
      { ...sealed, slots: [{ ...slot0(sealed), nonce: text(new Uint8Array(16)) }] },
      { ...sealed, tag: text(b64(sealed.tag).subarray(0, 12)) },
      // Not canonical: missing padding, embedded whitespace, stray bits in the last character.
      { ...sealed, nonce: sealed.nonce.replace(/=+$/, '') + ' ' },
      { ...sealed, tag: sealed.tag.replace(/=+$/, '') },
      { ...sealed, tag: ` ${sealed.tag}` },
      { ...sealed, slots: [{ ...slot0(sealed), salt: slot0(sealed).salt.replace(/.(?===$)/, (c) => B64[B64.indexOf(c) ^ 1]!) }] },
    ];
    for (const key of ['format', 'version', 'slots', 'nonce', 'tag', 'data']) {
      const copy: Record<string, unknown> = { ...sealed };
      delete copy[key];
      bad.push(copy);
    }
    for (const key of ['type', 'kdf', 'm', 't', 'p', 'salt', 'nonce', 'key', 'tag']) {
      const copy: Record<string, unknown> = { ...slot0(sealed) };
      delete copy[key];
      bad.push({ ...sealed, slots: [copy] });
    }
    for (const [i, x] of bad.entries()) {
      expect(isSealedVault(x), `case ${i}`).toBe(false);
      expect(VAULT_REFUSED, `case ${i}`).toContain(codeOf(await rejection(openVault(x as SealedVault, PASS))));
    }
  });

  it('refuses truncated ciphertext as corrupt', async () => {
    const sealed = await seal(payload(Array.from({ length: 3 }, (_, i) => account(i))));
    const data = b64(sealed.data);
    expect(data.length).toBeGreaterThan(256);
    for (const length of [data.length - 1, data.length - 16, 256, 1, 0]) {
      const bad = { ...sealed, data: text(data.subarray(0, length)) };
      expect(VAULT_REFUSED, `length ${length}`).toContain(codeOf(await rejection(openVault(bad, PASS))));
    }
  });

  it('opens a payload made by hand from the spec, and refuses wrong payload shapes as corrupt', async () => {
    const sealed = await seal();
    const good = JSON.stringify({ version: 1, accounts: [accountJson()] });
    const opened = await openVault(await withPlaintext(sealed, padded(good)), PASS);
    expect(opened.accounts[0]).toMatchObject({ issuer: 'Example', label: 'alice', sites: ['https://example.com'], created: 1 });
    expect(encodeBase32(opened.accounts[0]!.secret)).toBe('JBSWY3DPEHPK3PXP');

    const doc = (accounts: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ version: 1, accounts, ...extra });
    const { id: _id, ...withoutId } = accountJson();
    const badPlaintexts: [string, Uint8Array][] = [
      ['not JSON', padded('{"version":1,')],
      ['invalid UTF-8', padded('{"version":1,"accounts":[],"settings":{"a":"\u00ff"}}').map((b) => (b === 0xc3 ? 0xff : b))],
      ['no padding marker', new TextEncoder().encode(good.padEnd(256, ' '))],
      ['padding too long', padded(good, padded(good).length + 256)],
      ['payload version 2', padded(JSON.stringify({ version: 2, accounts: [] }))],
      ['accounts not an array', padded(JSON.stringify({ version: 1, accounts: {} }))],
      ['extra payload field', padded(doc([], { more: 1 }))],
      ['settings not an object', padded(doc([], { settings: [] }))],
      ['sync not an object', padded(doc([], { sync: 'x' }))],
      ['account not an object', padded(doc(['x']))],
      ['missing id', padded(doc([withoutId]))],
      ['extra account field', padded(doc([accountJson({ note: 'x' })]))],
      ['digits out of range', padded(doc([accountJson({ digits: 11 })]))],
      ['digits as text', padded(doc([accountJson({ digits: '6' })]))],
      ['unknown algorithm', padded(doc([accountJson({ algorithm: 'MD5' })]))],
      ['secret not base32', padded(doc([accountJson({ secret: 'not base32!' })]))],
      ['secret not canonical', padded(doc([accountJson({ secret: 'jbswy3dpehpk3pxp' })]))],
      ['empty secret', padded(doc([accountJson({ secret: '' })]))],
      ['negative counter', padded(doc([accountJson({ counter: -1 })]))],
      ['site not a string', padded(doc([accountJson({ sites: [1] })]))],
      ['pinned not a boolean', padded(doc([accountJson({ pinned: 1 })]))],
      ['created not an integer', padded(doc([accountJson({ created: 1.5 })]))],
    ];
    for (const [what, plain] of badPlaintexts) {
      expect(VAULT_REFUSED, what).toContain(codeOf(await rejection(openVault(await withPlaintext(sealed, plain), PASS))));
    }
  });

  it('refuses to seal an account that could not be opened again', async () => {
    expect(await rejection(seal(payload([account(1, { digits: 4 })])))).toBeInstanceOf(TypeError);
    expect(await rejection(seal(payload([account(1, { created: Number.NaN })])))).toBeInstanceOf(TypeError);
  });
});

describe('confidentiality', () => {
  it('the sealed vault contains no secret, label or issuer in any encoding', async () => {
    const secret = Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0x4f, 0x54, 0x54, 0x4f, 0x21, 0x53, 0x45, 0x43, 0x52, 0x45, 0x54, 0x99]);
    const a = account(1, { secret, issuer: 'AcmeBank', label: 'alice.secretive@example.com', sites: ['https://acmebank.example'] });
    const json = JSON.stringify(await seal(payload([a])));
    const needles = [
      Buffer.from(encodeBase32(secret)),
      Buffer.from(encodeBase32(secret).toLowerCase()),
      Buffer.from(Buffer.from(secret).toString('hex')),
      Buffer.from(Buffer.from(secret).toString('hex').toUpperCase()),
      Buffer.from(Buffer.from(secret).toString('base64')),
      Buffer.from(secret),
      Buffer.from('AcmeBank'),
      Buffer.from('alice.secretive'),
      Buffer.from('acmebank.example'),
    ];
    const sealed: SealedVault = JSON.parse(json);
    const haystacks = [
      Buffer.from(json, 'latin1'),
      Buffer.from(json, 'utf8'),
      ...[sealed.nonce, sealed.tag, sealed.data, ...Object.values(slot0(sealed)).filter((v) => typeof v === 'string')].map(b64),
    ];
    for (const hay of haystacks) for (const needle of needles) expect(hay.includes(needle)).toBe(false);
    // The search itself works: the plaintext document would have matched.
    expect(Buffer.from(JSON.stringify({ ...a, secret: encodeBase32(secret) })).includes(needles[0]!)).toBe(true);
  });

  it('pads the ciphertext so small changes in contents do not change its length', async () => {
    const lengths = new Set<number>();
    for (const label of ['a', 'ab', 'abcdefghijklmnop']) {
      const sealed = await seal(payload([account(1, { label })]));
      lengths.add(b64(sealed.data).length);
    }
    expect(lengths.size).toBe(1);
    const empty = await seal(payload([]));
    expect(b64(empty.data)).toHaveLength(256);
  });

  it('seals 100 accounts in under 48 KiB, padded in the documented 2 KiB steps at that size', async () => {
    const accounts = Array.from({ length: 100 }, (_, i) =>
      account(i, { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, sites: [`https://login.site${i}.example`] }),
    );
    const sealed = await seal(payload(accounts));
    const size = JSON.stringify(sealed).length;
    const data = b64(sealed.data).length;
    // About 34 KiB of JSON: Padmé steps are 2 KiB from 32 KiB (docs/vault-format.md).
    expect(data).toBeGreaterThan(32 * 1024);
    expect(data % 2048).toBe(0);
    expect(size).toBeGreaterThan(data);
    expect(size).toBeLessThan(48 * 1024);
    await expect(openVault(sealed, PASS)).resolves.toStrictEqual(payload(accounts));
  });
});
