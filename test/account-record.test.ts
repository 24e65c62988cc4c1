/**
 * One table of stored accounts, read by both of the account reader's callers as the user
 * meets them: the vault opened with its key (popup first paint and background) refuses a bad
 * one as `vaultDamaged` naming where; a sync item holding it is ignored with `syncItemParse`.
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_KEYS } from '../src/core/account-record';
import { bucketOf, partKey } from '../src/core/sync/format';
import { readArea, remoteRecords, warningsOf } from '../src/core/sync/area';
import { deflate, paddedLength as syncPaddedLength, sealPacked } from '../src/core/sync/bucket';
import { syncKeyFor } from '../src/core/sync/crypto';
import { accountOf, type LiveRecord } from '../src/core/sync/records';
import { OttoError } from '../src/core/errors';
import { openWithKey, paddedLength, payloadAad, type SealedVault } from '../src/core/vault-read';
import { sealNew } from '../src/core/vault';
import { codeOf } from './codes';

type Json = Record<string, unknown>;

const GOOD: Json = {
  type: 'totp', issuer: 'Example', label: 'alice', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6,
  period: 30, counter: 0, sites: ['https://example.com'], id: 'a1', created: 1, updated: 2, pinned: false, autoSubmit: false,
};
const edit = (over: Json): Json => ({ ...GOOD, ...over });
const without = (field: string): Json => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== field));
const manySites = Array.from({ length: 33 }, (_, i) => `https://s${i}.example`);

/** Each stored field with values no Otto writes: wrong JSON type, out of range, not canonical. */
const INVALID: [string, Json][] = [
  ...ACCOUNT_KEYS.map((k): [string, Json] => [`no ${k}`, without(k)]),
  ['an extra field', edit({ note: 'x' })],
  ['type unknown', edit({ type: 'motp' })],
  ['type upper-case', edit({ type: 'TOTP' })],
  ['type a number', edit({ type: 1 })],
  ['issuer a number', edit({ issuer: 1 })],
  ['issuer too long', edit({ issuer: 'x'.repeat(257) })],
  ['label null', edit({ label: null })],
  ['label too long', edit({ label: 'x'.repeat(257) })],
  ['secret lower-case', edit({ secret: 'jbswy3dpehpk3pxp' })],
  ['secret spaced', edit({ secret: 'JBSW Y3DP EHPK 3PXP' })],
  ['secret padded', edit({ secret: 'JBSWY3DPEHPK3PXP====' })],
  ['secret not base32', edit({ secret: 'not base32!' })],
  ['secret empty', edit({ secret: '' })],
  ['secret too long', edit({ secret: 'A'.repeat(832) })],
  ['secret a number', edit({ secret: 42 })],
  ['algorithm unknown', edit({ algorithm: 'MD5' })],
  ['algorithm lower-case', edit({ algorithm: 'sha1' })],
  ['digits 5 for TOTP', edit({ digits: 5 })],
  ['digits 11', edit({ digits: 11 })],
  ['digits fractional', edit({ digits: 6.5 })],
  ['digits as text', edit({ digits: '6' })],
  ['digits 6 for Steam', edit({ type: 'steam', digits: 6 })],
  ['period 0', edit({ period: 0 })],
  ['period over a day', edit({ period: 86_401 })],
  ['period fractional', edit({ period: 1.5 })],
  ['period as text', edit({ period: '30' })],
  ['counter negative', edit({ counter: -1 })],
  ['counter fractional', edit({ counter: 1.5 })],
  ['counter unsafe', edit({ counter: 2 ** 53 })],
  ['counter as text', edit({ counter: '0' })],
  ['sites not a list', edit({ sites: 'https://example.com' })],
  ['sites null', edit({ sites: null })],
  ['site a number', edit({ sites: [1] })],
  ['33 sites', edit({ sites: manySites })],
  ['id empty', edit({ id: '' })],
  ['id a number', edit({ id: 1 })],
  ['created negative', edit({ created: -1 })],
  ['created fractional', edit({ created: 1.5 })],
  ['created unsafe', edit({ created: 2 ** 53 })],
  ['created as text', edit({ created: '1' })],
  ['updated negative', edit({ updated: -1 })],
  ['updated null', edit({ updated: null })],
  ['pinned a number', edit({ pinned: 1 })],
  ['pinned as text', edit({ pinned: 'true' })],
  ['autoSubmit a number', edit({ autoSubmit: 0 })],
  ['autoSubmit null', edit({ autoSubmit: null })],
];

/** Accounts both readers take, some at the edges of the rules. */
const VALID: [string, Json][] = [
  ['a TOTP account', GOOD],
  ['HOTP with a counter', edit({ type: 'hotp', counter: 2 ** 53 - 1 })],
  ['Steam with 5 digits', edit({ type: 'steam', digits: 5 })],
  ['10 digits, SHA512, a day per step', edit({ digits: 10, algorithm: 'SHA512', period: 86_400 })],
  ['a first-release site', edit({ sites: ['github.com'] })],
  ['32 sites', edit({ sites: manySites.slice(0, 32) })],
  ['empty issuer and label', edit({ issuer: '', label: '' })],
];

// --- the vault, opened with its data key ---------------------------------------

const vault = await sealNew({ version: 1, accounts: [] }, 'correct horse battery staple', { m: 64, t: 1, p: 1 });

/** The vault with `accounts` as its plaintext, encrypted as Otto does, so only the decoding can object. */
async function vaultHolding(accounts: Json[]): Promise<SealedVault> {
  const json = new TextEncoder().encode(JSON.stringify({ version: 1, accounts }));
  const plain = new Uint8Array(paddedLength(json.length));
  plain.set(json);
  plain[json.length] = 0x80;
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const key = await crypto.subtle.importKey('raw', new Uint8Array(vault.key), 'AES-GCM', false, ['encrypt']);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: new Uint8Array(payloadAad(vault.sealed.version)) };
  const sealed = new Uint8Array(await crypto.subtle.encrypt(params, key, plain));
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return { ...vault.sealed, nonce: b64(nonce), data: b64(sealed.subarray(0, -16)), tag: b64(sealed.subarray(-16)) };
}

async function readByVault(account: Json) {
  return (await openWithKey(await vaultHolding([account]), vault.key)).accounts[0]!;
}

// --- a sync item, opened with the sync key ---------------------------------------

const syncKey = syncKeyFor(crypto.getRandomValues(new Uint8Array(32)));
const ITEM = partKey(bucketOf(GOOD.id as string), 0);

/** A storage.sync item holding the account as its one live record, sealed as Otto seals them. */
async function itemHolding(account: Json): Promise<Json> {
  const { id, counter, ...content } = account;
  const json = new TextEncoder().encode(JSON.stringify([{ id, rev: 1, counter, account: content }]));
  const packed = await deflate(json);
  const padded = new Uint8Array(syncPaddedLength(packed.length));
  padded.set(packed);
  padded[packed.length] = 0x80;
  return { [ITEM]: await sealPacked(ITEM, padded, syncKey) };
}

async function readBySync(account: Json) {
  const view = await readArea(await itemHolding(account), new Map([[syncKey.kid, syncKey]]));
  return { warnings: warningsOf(view), records: remoteRecords(view) };
}

describe('one account reader for the vault and sync', () => {
  it.each(INVALID)('both refuse an account with %s', async (_what, account) => {
    const error = await openWithKey(await vaultHolding([account]), vault.key).then(() => null, (e: unknown) => e);
    expect(codeOf(error)).toBe('vaultDamaged');
    expect((error as OttoError).params.where).toMatch(/^accounts\[0\]/);

    expect(await readBySync(account)).toEqual({ warnings: [{ code: 'syncItemParse', item: ITEM }], records: [] });
  });

  it.each(VALID)('both read %s to the same account', async (_what, account) => {
    const fromVault = await readByVault(account);
    const { warnings, records } = await readBySync(account);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]!.account).toBeDefined();
    expect(accountOf(records[0] as LiveRecord)).toEqual(fromVault);
    expect(fromVault).toMatchObject({ id: account.id, counter: account.counter, type: account.type });
  });

  it('names the faulty field where the vault can', async () => {
    const whereOf = async (account: Json) =>
      ((await openWithKey(await vaultHolding([GOOD, account]), vault.key).catch((e: unknown) => e)) as OttoError).params.where;
    expect(await whereOf(edit({ secret: 'jbswy3dpehpk3pxp' }))).toBe('accounts[1].secret');
    expect(await whereOf(edit({ sites: [1] }))).toBe('accounts[1].sites');
    expect(await whereOf(edit({ updated: -1 }))).toBe('accounts[1].updated');
    expect(await whereOf(edit({ id: '' }))).toBe('accounts[1].id');
    const validation = await openWithKey(await vaultHolding([edit({ digits: 11 })]), vault.key).catch((e: unknown) => e);
    expect((validation as OttoError).params.where).toBe('accounts[0]');
    expect(codeOf((validation as OttoError).cause)).toBe('digitsRange');
  });
});
