/**
 * The key item: the data key wrapped by the passphrase (Argon2id), so that another
 * browser can join with the passphrase alone; an epoch that counts rotations; the
 * previous keys sealed under the new one (so a device can open its older local vault
 * with the new passphrase); and an endorsement by the previous key, so a device can
 * tell a rotation made by one of its own from a key someone else put there.
 */
import { type Bytes, fromBase64, fromCanonicalBase64, fromUtf8, randomBytes, toBase64, utf8 } from '../bytes';
import { OttoError } from '../errors';
import { KDF_MAX, deriveKek, type KdfParams } from '../vault';
import { KEY_BYTES, KID_BYTES, MAC_BYTES, NONCE_BYTES, TAG_BYTES, mac, open, openSplit, sameBytes, seal, sealSplit, syncKeyFor, type SyncKey } from './crypto';
import { CHAIN_LENGTH, FORMAT, KEY_ITEM, VERSION, aad } from './format';

export interface KeySlot {
  kdf: 'argon2id';
  m: number;
  t: number;
  p: number;
  salt: string;
  nonce: string;
  key: string;
  tag: string;
}

export interface KeyItem {
  v: 1;
  epoch: number;
  kid: string;
  slot: KeySlot;
  chain?: { nonce: string; data: string };
  prev?: { kid: string; mac: string };
}

/** A previous data key, as the chain carries it. */
export interface ChainEntry {
  epoch: number;
  kid: string;
  key: Uint8Array;
}

/** Argon2id key-encryption key, the vault's own by default; injectable for tests. */
export type DeriveKek = (passphrase: string, salt: Uint8Array, params: KdfParams) => Promise<Uint8Array>;

/** Why a key item cannot be read: a format Otto does not know, or damage. */
export class KeyItemError extends Error {
  constructor(readonly reason: 'version' | 'parse') {
    super(`key item: ${reason}`);
  }
}

const SALT_MIN = 16;
const SALT_MAX = 64;

/** The vault's limits (docs/vault-format.md), checked before deriving: a hostile item fails fast. */
function kdfInLimits({ m, t, p }: KdfParams): boolean {
  return (
    Number.isInteger(p) && p >= 1 && p <= KDF_MAX.p &&
    Number.isInteger(t) && t >= 1 && t <= KDF_MAX.t &&
    Number.isInteger(m) && m >= 8 * p && m <= KDF_MAX.m &&
    m * t <= KDF_MAX.total
  );
}

function slotAad(kid: string, slot: Pick<KeySlot, 'kdf' | 'm' | 't' | 'p' | 'salt'>): Bytes {
  return aad({ item: KEY_ITEM, kid, kdf: slot.kdf, m: slot.m, t: slot.t, p: slot.p, salt: slot.salt });
}

function chainAad(kid: string): Bytes {
  return aad({ item: 'key-chain', kid });
}

/** What the endorsement MAC covers: the epoch, the new key id and the whole slot. */
function endorsed(item: Pick<KeyItem, 'epoch' | 'kid' | 'slot'>): Bytes {
  const s = item.slot;
  const slot = { kdf: s.kdf, m: s.m, t: s.t, p: s.p, salt: s.salt, nonce: s.nonce, key: s.key, tag: s.tag };
  return utf8(JSON.stringify({ format: FORMAT, version: VERSION, epoch: item.epoch, kid: item.kid, slot }));
}

// --- writing --------------------------------------------------------------------

export interface NewKeyItem {
  key: SyncKey;
  passphrase: string;
  epoch: number;
  /** The key this one replaces (endorses it and goes into the chain), with that key's epoch and chain. */
  previous?: { key: SyncKey; epoch: number; chain: ChainEntry[] };
  /** Argon2id cost: the vault's current default. */
  kdf: KdfParams;
  deriveKek?: DeriveKek;
}

export async function makeKeyItem(spec: NewKeyItem): Promise<KeyItem> {
  const { kdf } = spec;
  if (!kdfInLimits(kdf)) throw new RangeError('Argon2id parameters out of range.');
  const salt = randomBytes(SALT_MIN);
  const nonce = randomBytes(NONCE_BYTES);
  const kek = await (spec.deriveKek ?? deriveKek)(spec.passphrase, salt, kdf);
  const head = { kdf: 'argon2id' as const, m: kdf.m, t: kdf.t, p: kdf.p, salt: toBase64(salt) };
  let wrapped: { ciphertext: Bytes; tag: Bytes };
  try {
    wrapped = await sealSplit(kek, nonce, spec.key.dataKey, slotAad(spec.key.kid, head));
  } finally {
    kek.fill(0);
  }
  const slot: KeySlot = { ...head, nonce: toBase64(nonce), key: toBase64(wrapped.ciphertext), tag: toBase64(wrapped.tag) };
  const item: KeyItem = { v: 1, epoch: spec.epoch, kid: spec.key.kid, slot };
  if (spec.previous) {
    const { key: prev, epoch, chain } = spec.previous;
    const entries = [{ epoch, kid: prev.kid, key: prev.dataKey }, ...chain.filter((c) => c.kid !== prev.kid)].slice(0, CHAIN_LENGTH);
    item.chain = await sealChain(spec.key, entries);
    return endorse(item, prev);
  }
  return item;
}

/**
 * The same key under a new epoch, endorsed by itself: puts this device's key back on
 * top ("replace the synced data") without the passphrase, since the slot is unchanged.
 */
export function reissue(item: KeyItem, key: SyncKey, epoch: number): KeyItem {
  if (item.kid !== key.kid) throw new RangeError('reissue: not this key');
  return endorse({ ...item, epoch }, key);
}

function endorse(item: KeyItem, by: SyncKey): KeyItem {
  return { ...item, prev: { kid: by.kid, mac: toBase64(mac(by.endorseKey, endorsed(item))) } };
}

async function sealChain(key: SyncKey, entries: ChainEntry[]): Promise<{ nonce: string; data: string }> {
  const plain = utf8(JSON.stringify(entries.map((e) => ({ epoch: e.epoch, kid: e.kid, key: toBase64(e.key) }))));
  try {
    const sealed = await seal(key.recordKey, plain, chainAad(key.kid));
    return { nonce: toBase64(sealed.nonce), data: toBase64(sealed.data) };
  } finally {
    plain.fill(0);
  }
}

// --- reading --------------------------------------------------------------------

/** Order of key items: epoch, then key id (as text). Positive when `a` is above `b`. */
export function compareKeyItems(a: Pick<KeyItem, 'epoch' | 'kid'>, b: Pick<KeyItem, 'epoch' | 'kid'>): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  return a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0;
}

/** True when `key` made this item's endorsement (a rotation by a device that held `key`). */
export function isEndorsedBy(item: KeyItem, key: SyncKey): boolean {
  if (!item.prev || item.prev.kid !== key.kid) return false;
  const given = fromBase64(item.prev.mac);
  return !!given && sameBytes(given, mac(key.endorseKey, endorsed(item)));
}

export type KeyStanding =
  /** No key item in storage.sync: put ours back. */
  | 'absent'
  /** The same data key: in sync. */
  | 'same'
  /** A rotation endorsed by our key: ask for the new passphrase. */
  | 'rotated'
  /** Below ours (a rollback, a lost race): put ours back. */
  | 'stale'
  /** Above ours and not endorsed by our key: ask, never adopt or overwrite on our own. */
  | 'unverified';

export function standing(remote: KeyItem | null, mine: KeyItem, key: SyncKey): KeyStanding {
  if (!remote) return 'absent';
  if (remote.kid === mine.kid) return 'same';
  const order = compareKeyItems(remote, mine);
  if (order < 0) return 'stale';
  return isEndorsedBy(remote, key) ? 'rotated' : 'unverified';
}

/**
 * Unwraps the data key with the passphrase and reads the chain. OttoError('wrongPassphrase')
 * when the slot does not open (a wrong passphrase and a damaged slot
 * look the same to AES-GCM), 'syncItemAuth' when what opens is inconsistent.
 */
export async function openKeyItem(item: KeyItem, passphrase: string, derive: DeriveKek = deriveKek): Promise<{ key: SyncKey; chain: ChainEntry[] }> {
  const s = item.slot;
  const salt = fromBase64(s.salt)!;
  // Checked again: an item built in memory skips readKeyItem.
  if (!kdfInLimits(s)) throw new OttoError('syncItemParse', { item: KEY_ITEM });
  const kek = await derive(passphrase, salt, { m: s.m, t: s.t, p: s.p });
  let dataKey: Bytes | null;
  try {
    dataKey = await openSplit(kek, fromBase64(s.nonce)!, fromBase64(s.key)!, fromBase64(s.tag)!, slotAad(item.kid, s));
  } finally {
    kek.fill(0);
  }
  if (!dataKey) throw new OttoError('wrongPassphrase');
  const key = syncKeyFor(dataKey);
  dataKey.fill(0);
  if (key.kid !== item.kid) throw new OttoError('syncItemAuth', { item: KEY_ITEM });
  return { key, chain: await readChain(item, key) };
}

/** The previous keys an item carries, opened with its own key (the one the device holds). */
export async function readChain(item: KeyItem, key: SyncKey): Promise<ChainEntry[]> {
  const { chain } = item;
  if (!chain) return [];
  const fail = () => new OttoError('syncItemAuth', { item: KEY_ITEM });
  const plain = await open(key.recordKey, fromBase64(chain.nonce)!, fromBase64(chain.data)!, chainAad(key.kid));
  if (!plain) throw fail();
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(plain) ?? '');
  } catch {
    throw fail();
  } finally {
    plain.fill(0);
  }
  if (!Array.isArray(doc) || doc.length > CHAIN_LENGTH) throw fail();
  return doc.map((e: unknown) => {
    const entry = e as Record<string, unknown>;
    const raw = typeof entry?.key === 'string' ? fromBase64(entry.key) : null;
    if (!raw || raw.length !== KEY_BYTES || typeof entry.epoch !== 'number' || !Number.isSafeInteger(entry.epoch)) throw fail();
    const derived = syncKeyFor(raw);
    if (derived.kid !== entry.kid) throw fail();
    return { epoch: entry.epoch, kid: derived.kid, key: raw };
  });
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const exact = (x: Record<string, unknown>, keys: readonly string[]) => Object.keys(x).length === keys.length && keys.every((k) => Object.hasOwn(x, k));

/** Canonical base64 of `min`..`max` bytes. */
function b64(x: unknown, min: number, max = min): x is string {
  if (typeof x !== 'string') return false;
  const bytes = fromCanonicalBase64(x);
  return !!bytes && bytes.length >= min && bytes.length <= max;
}

/** Strict reading of a key item's shape and limits (no decryption). Throws KeyItemError. */
export function readKeyItem(x: unknown): KeyItem {
  if (!isObject(x)) throw new KeyItemError('parse');
  if (x.v !== VERSION) throw new KeyItemError(typeof x.v === 'number' && x.v > VERSION ? 'version' : 'parse');
  const keys = ['v', 'epoch', 'kid', 'slot', ...(['chain', 'prev'] as const).filter((k) => k in x)];
  if (!exact(x, keys)) throw new KeyItemError('parse');
  if (typeof x.epoch !== 'number' || !Number.isSafeInteger(x.epoch) || x.epoch < 1 || !b64(x.kid, KID_BYTES)) throw new KeyItemError('parse');
  const s = x.slot;
  if (!isObject(s) || !exact(s, ['kdf', 'm', 't', 'p', 'salt', 'nonce', 'key', 'tag']) || s.kdf !== 'argon2id') throw new KeyItemError('parse');
  const params = { m: s.m, t: s.t, p: s.p } as KdfParams;
  if (!kdfInLimits(params)) throw new KeyItemError('parse');
  if (!b64(s.salt, SALT_MIN, SALT_MAX) || !b64(s.nonce, NONCE_BYTES) || !b64(s.key, KEY_BYTES) || !b64(s.tag, TAG_BYTES)) throw new KeyItemError('parse');
  const item: KeyItem = {
    v: 1, epoch: x.epoch, kid: x.kid as string,
    slot: { kdf: 'argon2id', ...params, salt: s.salt as string, nonce: s.nonce as string, key: s.key as string, tag: s.tag as string },
  };
  if ('chain' in x) {
    const c = x.chain;
    // The chain holds at most 3 keys: its ciphertext is small.
    if (!isObject(c) || !exact(c, ['nonce', 'data']) || !b64(c.nonce, NONCE_BYTES) || !b64(c.data, TAG_BYTES + 2, 1024)) throw new KeyItemError('parse');
    item.chain = { nonce: c.nonce as string, data: c.data as string };
  }
  if ('prev' in x) {
    const p = x.prev;
    if (!isObject(p) || !exact(p, ['kid', 'mac']) || !b64(p.kid, KID_BYTES) || !b64(p.mac, MAC_BYTES)) throw new KeyItemError('parse');
    item.prev = { kid: p.kid as string, mac: p.mac as string };
  }
  return item;
}
