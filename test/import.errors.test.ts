/** Broken, hostile and odd input: specific errors, and one bad entry never sinks the others. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateDraft } from '../src/core/account';
import { type ErrorInfo, OttoError } from '../src/core/errors';
import { importBackup } from '../src/core/import';

// Files made by scripts/test-data/ (test/data/README.md), and what each must import as.
const DATA = path.resolve(__dirname, 'data');
const load = (file: string) => new Uint8Array(readFileSync(path.join(DATA, 'import', file)));
const SPEC = JSON.parse(readFileSync(path.join(DATA, 'import/expected.json'), 'utf8')) as Record<string, { password: string | null }>;
const password = (file: string) => SPEC[file]!.password!;
const GOOGLE_URI = new TextDecoder().decode(load('google-migration.txt')).split('\n')[0]!;
const bytesOf = (text: string) => new TextEncoder().encode(text);
const json = (value: unknown) => ({ name: 'backup.json', bytes: bytesOf(JSON.stringify(value)) });

const GOOD = 'MFRGGZDFMZTWQ2LKNNWG23TP';
const MB_LABEL = 'x'.repeat(1 << 20);

const PLAIN_FILES = Object.keys(SPEC).filter((file) => !SPEC[file]!.password);

describe('truncated files', () => {
  it.each(PLAIN_FILES)('%s cut at several points: a typed error or fewer valid accounts', async (key) => {
    const full = load(key);
    const whole = await importBackup({ name: key, bytes: full });
    expect(whole.accounts.length).toBeGreaterThan(0);
    for (const fraction of [0.02, 0.25, 0.5, 0.75, 0.97]) {
      const cut = full.subarray(0, Math.max(1, Math.floor(full.length * fraction)));
      const outcome = await importBackup({ name: key, bytes: cut }).catch((e: unknown) => e as Error);
      if (outcome instanceof Error) {
        expect(outcome).toBeInstanceOf(OttoError);
        continue;
      }
      expect(outcome.accounts.length).toBeLessThanOrEqual(whole.accounts.length);
      for (const a of outcome.accounts) expect(() => validateDraft(a)).not.toThrow();
    }
  });

  it('a cut JSON backup says it is truncated or damaged', async () => {
    const full = load('aegis-plain.json');
    await expect(importBackup({ name: 'a.json', bytes: full.subarray(0, full.length >> 1) })).rejects.toThrow(new OttoError('importBadJson'));
  });

  it('a cut encrypted 2FAS backup fails as damaged or with a wrong password, never with a crash', async () => {
    const full = load('2fas-v4-encrypted.2fas');
    const text = new TextDecoder().decode(full);
    // Cut inside the base64 ciphertext but keep the JSON well formed.
    const damaged = text.replace(/"servicesEncrypted":"([^"]{40})[^":]*:/, '"servicesEncrypted":"$1:');
    expect(damaged).not.toBe(text);
    await expect(importBackup({ name: 'x.2fas', bytes: bytesOf(damaged) }, password('2fas-v4-encrypted.2fas'))).rejects.toBeInstanceOf(OttoError);
  });

  it('a cut andOTP backup with the right password fails cleanly (GCM cannot tell cut from wrong)', async () => {
    const full = load('andotp-encrypted-old.bin');
    await expect(importBackup({ name: 'otp.bin', bytes: full.subarray(0, full.length - 20) }, password('andotp-encrypted-old.bin'))).rejects.toThrow(new OttoError('wrongPassword', { app: 'andOTP' }));
  });
});

describe('unknown content', () => {
  it.each([
    ['JSON of another kind', json({ hello: 1, world: 2 }), { code: 'importUnknownJson', params: { keys: 'hello, world' } }],
    ['a JSON list', json([1, 2, 3]), { code: 'importUnknown' }],
    ['text without otpauth lines', { name: 'notes.txt', bytes: bytesOf('shopping list\nmilk\n') }, { code: 'importUnknown' }],
    ['a PNG image', { name: 'x.png', bytes: new Uint8Array(readFileSync(path.join(DATA, 'qr/not-otp.png'))) }, { code: 'importImage' }],
    ['short binary', { name: 'x.bin', bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x01]) }, { code: 'importUnknown' }],
    ['an empty file', { name: 'x', bytes: new Uint8Array() }, { code: 'importEmpty' }],
    ['a QR-Code: prefix before the URI', { name: 'x.txt', bytes: bytesOf(`QR-Code:${GOOGLE_URI}\n`) }, { code: 'importUnknown' }],
    ['broken JSON', { name: 'x.json', bytes: bytesOf('{"db": {"entries": [}') }, { code: 'importBadJson' }],
    ['encrypted Ente', json({ version: 1, kdfParams: { memLimit: 1, opsLimit: 1, salt: 'AA' }, encryptedData: 'AA', encryptionNonce: 'AA' }), { code: 'enteEncrypted' }],
    ['encrypted Bitwarden', json({ encrypted: true, passwordProtected: true, items: [] }), { code: 'bitwardenEncrypted' }],
  ] as Array<[string, { name: string; bytes: Uint8Array }, ErrorInfo]>)('%s → a specific error', async (_, input, expected) => {
    const err = await importBackup(input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OttoError);
    expect((err as OttoError).toInfo()).toEqual(expected);
  });

  it('a Google export with broken data is reported per line', async () => {
    const result = await importBackup({ name: 'x.txt', bytes: bytesOf('otpauth-migration://offline?data=XXXX\n') });
    expect(result.accounts).toEqual([]);
    expect(result.skipped).toEqual([{ kind: 'line', position: 1, name: '', reason: expect.objectContaining({ code: 'migrationInvalid' }) }]);
  });
});

/** One good entry plus each kind of absurd value, in a format's own shape. */
const aegisEntry = (name: string, info: Record<string, unknown>, type = 'totp') => ({
  type, uuid: name, name, issuer: 'Test', info: { secret: GOOD, algo: 'SHA1', digits: 6, period: 30, ...info },
});

describe('absurd values per entry (Aegis)', () => {
  const file = json({
    version: 1,
    header: { slots: null, params: null },
    db: {
      version: 3,
      groups: [{ uuid: 'g', name: 'Work' }],
      entries: [
        aegisEntry('digits0', { digits: 0 }),
        aegisEntry('good', {}),
        aegisEntry('digits99', { digits: 99 }),
        aegisEntry('period0', { period: 0 }),
        { ...aegisEntry('huge', {}), name: MB_LABEL },
        aegisEntry('notbase32', { secret: 'not-base32!' }),
        aegisEntry('md5', { algo: 'MD5' }),
        aegisEntry('motp', {}, 'motp'),
        aegisEntry('yandex', {}, 'yandex'),
        aegisEntry('nosecret', { secret: undefined }),
        aegisEntry('stringdigits', { digits: 'eight' }),
        'not an object',
        { ...aegisEntry('extra', { future: true }), favorite: true, note: 'x', unknownField: [1, 2] },
      ],
    },
  });

  it('skips each bad entry with a specific reason and returns the rest', async () => {
    const result = await importBackup(file);
    expect(result.accounts.map((a) => a.label)).toEqual(['good', 'extra']);
    const reasons = Object.fromEntries(result.skipped.map((s) => [`${s.kind} ${s.position} (${s.name})`, s.reason]));
    expect(reasons).toEqual({
      'entry 1 (Test: digits0)': { code: 'digitsRange', params: { value: '0' } },
      'entry 3 (Test: digits99)': { code: 'digitsRange', params: { value: '99' } },
      'entry 4 (Test: period0)': { code: 'periodRange', params: { value: '0', max: 86400 } },
      'entry 5 (Test: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…)': { code: 'labelTooLong', params: { max: 256 } },
      'entry 6 (Test: notbase32)': { code: 'secretChar', params: { char: '!' } },
      'entry 7 (Test: md5)': { code: 'algorithmUnsupported', params: { algorithm: 'MD5' } },
      'entry 8 (Test: motp)': { code: 'typeNotInOtto', params: { type: 'mOTP' } },
      'entry 9 (Test: yandex)': { code: 'typeNotInOtto', params: { type: 'Yandex' } },
      'entry 10 (Test: nosecret)': { code: 'importNoSecret' },
      'entry 11 (Test: stringdigits)': { code: 'importFieldNumber', params: { field: 'digits' } },
      'entry 12 ()': { code: 'importNotAccount' },
    });
  });

  it('never puts a secret into a skipped entry or reason', async () => {
    const result = await importBackup(file);
    for (const s of result.skipped) expect(JSON.stringify(s)).not.toContain(GOOD);
  });
});

describe('absurd values in other formats', () => {
  it('2FAS: unknown token type and GOST-like algorithm are skipped', async () => {
    const service = (name: string, otp: Record<string, unknown>) => ({ name, secret: GOOD, otp: { account: 'me', digits: 6, period: 30, algorithm: 'SHA1', tokenType: 'TOTP', ...otp } });
    const result = await importBackup(json({ schemaVersion: 4, services: [service('A', {}), service('B', { tokenType: 'MOTP' }), service('C', { algorithm: 'GOST3411_2012_256' }), service('D', { period: 0 })] }));
    expect(result.accounts.map((a) => a.issuer)).toEqual(['A']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      { code: 'typeNotInOtto', params: { type: 'mOTP' } },
      { code: 'algorithmUnsupported', params: { algorithm: 'GOST3411_2012_256' } },
      { code: 'periodRange', params: { value: '0', max: 86400 } },
    ]);
  });

  it('Authenticator Pro: mOTP (3), Yandex (5) and an unknown algorithm number are skipped', async () => {
    const a = (Issuer: string, extra: Record<string, unknown>) => ({ Type: 2, Issuer, Username: 'u', Secret: GOOD, Algorithm: 0, Digits: 6, Period: 30, Counter: 0, ...extra });
    const result = await importBackup(json({ Authenticators: [a('mOTP', { Type: 3 }), a('ok', {}), a('Yandex', { Type: 5 }), a('algo', { Algorithm: 7 })] }));
    expect(result.accounts.map((x) => x.issuer)).toEqual(['ok']);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      { code: 'typeNotInOtto', params: { type: 'mOTP' } },
      { code: 'typeNotInOtto', params: { type: 'Yandex' } },
      { code: 'stratumAlgorithm', params: { value: '7' } },
    ]);
  });

  it('FreeOTP+: a secret that is not a byte list is skipped', async () => {
    const t = (label: string, secret: unknown) => ({ algo: 'SHA1', digits: 6, issuerExt: 'X', label, period: 30, secret, type: 'TOTP' });
    const result = await importBackup(json({ tokens: [t('ok', [1, 2, 3, -4]), t('bad', [1, 'two']), t('none', [])] }));
    expect(result.accounts.map((x) => x.label)).toEqual(['ok']);
    expect(result.accounts[0]!.secret).toEqual(new Uint8Array([1, 2, 3, 252]));
    expect(result.skipped.map((s) => [s.name, s.reason.code])).toEqual([['X: bad', 'freeotpPlusSecret'], ['X: none', 'freeotpPlusSecret']]);
  });

  it('otpauth list: a bad line is skipped with its line number, comments and blanks are ignored', async () => {
    const text = [
      '# my codes',
      `otpauth://totp/A:one?secret=${GOOD}&issuer=A`,
      '',
      'https://example.com/not-a-code',
      `otpauth://totp/B:two?secret=${GOOD}&digits=99`,
      `otpauth://totp/C:three?secret=${GOOD}&algorithm=MD5`,
      `steam://${GOOD}`,
    ].join('\n');
    const result = await importBackup({ name: 'list.txt', bytes: bytesOf(text) });
    expect(result.accounts.map((a) => [a.type, a.issuer, a.label])).toEqual([['totp', 'A', 'one'], ['steam', 'Steam', 'Steam account']]);
    expect(result.skipped).toEqual([
      { kind: 'line', position: 4, name: '', reason: { code: 'importNotOtpLink' } },
      { kind: 'line', position: 5, name: 'B:two', reason: { code: 'otpauthParam', params: { param: 'digits', min: 6, max: 10, value: '99' } } },
      { kind: 'line', position: 6, name: 'C:three', reason: { code: 'algorithmUnsupported', params: { algorithm: 'MD5' } } },
    ]);
  });

  it('Bitwarden: items without TOTP are ignored, a bare secret uses the item name', async () => {
    const result = await importBackup(json({ encrypted: false, items: [
      { type: 1, name: 'Mail', login: { username: 'me@example.com', totp: GOOD } },
      { type: 1, name: 'Just a password', login: { username: 'x', password: 'y', totp: null } },
      { type: 2, name: 'Secure note' },
      { type: 1, name: 'Broken', login: { totp: 'otpauth://totp/x?secret=0000' } },
    ] }));
    expect(result.accounts.map((a) => [a.issuer, a.label])).toEqual([['Mail', 'me@example.com']]);
    expect(result.skipped).toEqual([{ kind: 'entry', position: 4, name: 'Broken', reason: { code: 'secretCharLookalike', params: { char: '0' } } }]);
  });

  it('Authenticator extension: GOST algorithms and hex secrets', async () => {
    const result = await importBackup(json({
      h1: { encrypted: false, hash: 'h1', index: 1, type: 'totp', secret: GOOD, issuer: 'Gost', algorithm: 'GOST3411_2012_512' },
      h2: { encrypted: false, hash: 'h2', index: 0, type: 'hex', secret: '3132333435363738393031323334353637383930', issuer: 'Hex' },
      h3: { encrypted: true, hash: 'h3', index: 2, type: 'totp', secret: 'U2FsdGVkX1...' },
    })).catch((e: unknown) => e);
    // A legacy (pre-v8) encrypted record cannot be decrypted: the whole file is refused with advice.
    expect(result).toEqual(new OttoError('authExtOld'));

    const plain = await importBackup(json({
      h1: { encrypted: false, hash: 'h1', index: 1, type: 'totp', secret: GOOD, issuer: 'Gost', algorithm: 'GOST3411_2012_512' },
      h2: { encrypted: false, hash: 'h2', index: 0, type: 'hex', secret: '3132333435363738393031323334353637383930', issuer: 'Hex' },
    }));
    expect(plain.accounts.map((a) => [a.issuer, new TextDecoder().decode(a.secret)])).toEqual([['Hex', '12345678901234567890']]);
    expect(plain.skipped).toEqual([{ kind: 'entry', position: 1, name: 'Gost', reason: { code: 'algorithmUnsupported', params: { algorithm: 'GOST3411_2012_512' } } }]);
  });

  it('Steam Guard: a shared_secret that is not base64 is skipped', async () => {
    const result = await importBackup(json({ accounts: { a: { shared_secret: '***', account_name: 'bad' }, b: { shared_secret: 'b3R0byBzdGVhbSB0ZXN0IQ==', account_name: 'ok' } } }));
    expect(result.accounts.map((a) => [a.type, a.label, a.digits])).toEqual([['steam', 'ok', 5]]);
    expect(result.skipped).toEqual([{ kind: 'entry', position: 1, name: 'bad', reason: { code: 'importFieldBase64', params: { field: 'shared_secret' } } }]);
  });

  it('andOTP: old-style labels split on " - ", per-entry problems skipped', async () => {
    const result = await importBackup(json([
      { secret: `${GOOD}======`, label: 'Site - me@site', digits: 6, type: 'TOTP', algorithm: 'SHA1', period: 30 },
      { secret: GOOD, label: 'Bad', digits: 6, type: 'MOTP', algorithm: 'SHA1', period: 30 },
    ]));
    expect(result.accounts.map((a) => [a.issuer, a.label])).toEqual([['Site', 'me@site']]);
    expect(result.skipped).toEqual([{ kind: 'entry', position: 2, name: 'Bad', reason: { code: 'typeNotInOtto', params: { type: 'mOTP' } } }]);
  });
});

describe('damaged encrypted headers', () => {
  it('an Aegis file whose only slot is biometric says so', async () => {
    const aegis = JSON.parse(new TextDecoder().decode(load('aegis-encrypted.json')));
    for (const slot of aegis.header.slots) slot.type = 2;
    await expect(importBackup(json(aegis), password('aegis-encrypted.json'))).rejects.toThrow(new OttoError('aegisNoPasswordSlot'));
  });

  it('an Aegis slot with an absurd scrypt cost is refused before deriving', async () => {
    const aegis = JSON.parse(new TextDecoder().decode(load('aegis-encrypted.json')));
    for (const slot of aegis.header.slots) if (slot.type === 1) slot.n = 2 ** 30;
    await expect(importBackup(json(aegis), password('aegis-encrypted.json'))).rejects.toThrow(new OttoError('importKdfRange', { app: 'Aegis' }));
  });

  it('many Aegis slots, each at a real cost, are refused together before deriving (issue 13 item 15)', async () => {
    const aegis = JSON.parse(new TextDecoder().decode(load('aegis-encrypted.json')));
    const slot = aegis.header.slots.find((s: { type: number }) => s.type === 1);
    aegis.header.slots = Array.from({ length: 40 }, () => ({ ...slot, n: 2 ** 15, r: 8, p: 1 }));
    const started = Date.now();
    await expect(importBackup(json(aegis), 'wrong')).rejects.toThrow(new OttoError('kdfTooCostly'));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('an Authenticator v8 backup missing its key record says what is missing', async () => {
    const ext = JSON.parse(new TextDecoder().decode(load('authenticator-encrypted.json')));
    for (const k of Object.keys(ext)) if (ext[k].dataType === 'Key') delete ext[k];
    await expect(importBackup(json(ext), password('authenticator-encrypted.json'))).rejects.toThrow(new OttoError('authExtNoKey'));
  });

  it('2FAS encrypted data not in "data:salt:iv" form', async () => {
    await expect(importBackup(json({ schemaVersion: 4, services: [], servicesEncrypted: 'abc' }), 'pw')).rejects.toThrow(new OttoError('twofasFormat'));
  });
});
