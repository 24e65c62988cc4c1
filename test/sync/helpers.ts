/** Shared builders for the sync tests: accounts, keys, devices and a simulated sync service. */
import fc from 'fast-check';
import type { Account } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { syncKeyFor, type SyncKey } from '../../src/core/sync/crypto';
import type { Device } from '../../src/core/sync/engine';
import { firstKeyItem } from '../../src/core/sync/lifecycle';
import { emptyMeta } from '../../src/core/sync/meta';
import type { KdfParams } from '../../src/core/vault';

/** Small Argon2id cost: the tests run many key items. */
export const FAST_KDF: KdfParams = { m: 64, t: 1, p: 1 };
export const PASS = 'correct horse battery staple';
export const NOW = 1_750_000_000_000;

export function account(i: number, over: Partial<Account> = {}): Account {
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
    created: NOW - 1_000_000 + i,
    updated: NOW - 1_000_000 + i,
    pinned: false,
    autoSubmit: false,
    ...over,
  };
}

/** A realistic account: random 20-byte secret, UUID id, issuer and e-mail label, one site. */
export function realisticAccount(i: number): Account {
  const issuers = ['GitHub', 'Amazon Web Services', 'Google', 'Microsoft', 'GitLab', 'Okta', 'Cloudflare', 'DigitalOcean'];
  const issuer = issuers[i % issuers.length]!;
  const host = `${issuer.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  return account(i, {
    id: crypto.randomUUID(),
    issuer,
    label: `person${i}@company-${i % 7}.example`,
    secret: crypto.getRandomValues(new Uint8Array(20)),
    sites: [`https://${host}`],
  });
}

export function randomKey(): SyncKey {
  return syncKeyFor(crypto.getRandomValues(new Uint8Array(32)));
}

export async function newDevice(key: SyncKey, accounts: Account[] = []): Promise<Device> {
  return { accounts, meta: { ...emptyMeta(), key: await firstKeyItem(key, PASS, FAST_KDF) }, key };
}

/** Canonical form of a device's accounts (order ignored: it is per device). */
export function vaultOf(accounts: readonly Account[]): string {
  return JSON.stringify(canonicalVault(accounts), null, 1);
}

function canonicalVault(accounts: readonly Account[]): unknown {
  return [...accounts].sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => Object.fromEntries(Object.entries({ ...a, secret: encodeBase32(a.secret) }).sort(([x], [y]) => (x < y ? -1 : 1))));
}

const text = fc.string({ maxLength: 12 });

/** Any valid account with an id from a small pool, so that edits collide. */
export const arbAccount = (ids: readonly string[]): fc.Arbitrary<Account> =>
  fc.record({
    type: fc.constantFrom('totp' as const, 'hotp' as const),
    issuer: text,
    label: text,
    secret: fc.uint8Array({ minLength: 1, maxLength: 32 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 8 }),
    period: fc.constantFrom(30, 60),
    counter: fc.nat({ max: 50 }),
    sites: fc.subarray(['https://a.example', 'https://b.example']),
    id: fc.constantFrom(...ids),
    created: fc.integer({ min: NOW - 10_000_000, max: NOW }),
    updated: fc.integer({ min: NOW - 10_000_000, max: NOW }),
    pinned: fc.boolean(),
    autoSubmit: fc.boolean(),
  });

/**
 * The browser's sync service, as a test double that behaves like the real one where it
 * matters: every write is committed in one global order, each item converges to its
 * last committed value, and other replicas receive the writes later, in any order
 * (a stale delivery never overwrites a newer value).
 */
export class SyncService {
  private seq = 0;
  readonly replicas = new Map<string, Map<string, { seq: number; value: unknown }>>();
  readonly pending = new Map<string, Array<{ seq: number; key: string; value: unknown }>>();

  add(name: string): void {
    this.replicas.set(name, new Map());
    this.pending.set(name, []);
  }

  items(name: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.replicas.get(name)!) if (v.value !== undefined) out[k] = structuredClone(v.value);
    return out;
  }

  write(from: string, set: Record<string, unknown>, remove: readonly string[] = []): void {
    const changes = [...Object.entries(set), ...remove.map((k) => [k, undefined] as const)];
    for (const [key, value] of changes) {
      const w = { seq: ++this.seq, key, value: structuredClone(value) };
      this.apply(from, w);
      for (const [name, queue] of this.pending) if (name !== from) queue.push(w);
    }
  }

  /** Delivers the `index`-th pending write to `to` (modulo the queue); false when none. */
  deliver(to: string, index: number): boolean {
    const queue = this.pending.get(to)!;
    if (queue.length === 0) return false;
    const [w] = queue.splice(index % queue.length, 1);
    this.apply(to, w!);
    return true;
  }

  deliverAll(): void {
    for (const name of this.pending.keys()) while (this.deliver(name, 0));
  }

  private apply(to: string, w: { seq: number; key: string; value: unknown }): void {
    const replica = this.replicas.get(to)!;
    const have = replica.get(w.key);
    if (!have || have.seq < w.seq) replica.set(w.key, { seq: w.seq, value: w.value });
  }
}
