/** A vault written by the first release (bindings as bare host patterns) opens with https bindings, and is saved so. */
import { describe, expect, it } from 'vitest';
import type { Account } from '../src/core/account';
import { allowedSites } from '../src/core/site-policy';
import { isBound } from '../src/core/sites';
import { openVault, openWithKey, sealVault, sealWithKey, unlockDataKey, type KdfParams } from '../src/core/vault';

const FAST: KdfParams = { m: 64, t: 1, p: 1 };
const PASS = 'first release passphrase';

function account(id: string, sites: string[]): Account {
  return {
    type: 'totp', issuer: id, label: 'alice', secret: new Uint8Array(20).fill(7), algorithm: 'SHA1', digits: 6, period: 30,
    counter: 0, sites, id, created: 1, updated: 2, pinned: false, autoSubmit: false,
  };
}

describe('opening a first-release vault', () => {
  const old = [
    account('gh', ['github.com']),
    account('aws', ['signin.aws.amazon.com', '*.signin.aws.amazon.com', '*.awsapps.com', '*.signin.aws']),
    account('pages', ['*.github.io', 'alice.github.io', 'Alice.GitHub.io']),
    account('odd', ['*.127.0.0.1', 'https://github.com']),
    account('none', []),
    // The release's Okta default; okta.com is not a public suffix, but each subdomain is another customer's.
    account('okta', ['*.okta.com']),
  ];

  it('reads its sites with the https meaning (any reader, without the public-suffix list), keeps everything else', async () => {
    const sealed = await sealVault({ version: 1, accounts: old }, PASS, FAST);
    const opened = await openVault(sealed, PASS);
    expect(opened.accounts.map((a) => a.sites)).toEqual([
      ['https://github.com'],
      ['https://signin.aws.amazon.com', 'https://*.signin.aws.amazon.com', 'https://*.awsapps.com', 'https://*.signin.aws'],
      ['https://*.github.io', 'https://alice.github.io'],
      // `*.127.0.0.1` never matched a page (no such host name): dropped; today's form kept.
      ['https://github.com'],
      [],
      ['https://*.okta.com'],
    ]);
    // Nothing else changes: same ids, secrets, order.
    expect(opened.accounts.map(({ sites: _s, ...rest }) => rest)).toEqual(old.map(({ sites: _s, ...rest }) => rest));
    // The meaning: https on the default port only.
    const gh = opened.accounts[0]!.sites;
    expect(isBound(gh, 'https://github.com')).toBe(true);
    expect(isBound(gh, 'http://github.com')).toBe(false);
    expect(isBound(gh, 'https://github.com:8443')).toBe(false);

    // The next save (with the unlocked key, as the background saves) writes the new form, which reads back unchanged.
    const key = await unlockDataKey(sealed, PASS);
    const saved = await sealWithKey(opened, key, sealed);
    expect(await openWithKey(saved, key)).toEqual(opened);
  });

  it('what the background keeps (and a restore keeps): no public-suffix or shared-tenant wildcard', async () => {
    const opened = await openVault(await sealVault({ version: 1, accounts: old }, PASS, FAST), PASS);
    expect(opened.accounts.map((a) => allowedSites(a.sites))).toEqual([
      ['https://github.com'],
      ['https://signin.aws.amazon.com', 'https://*.signin.aws.amazon.com', 'https://*.signin.aws'],
      ['https://alice.github.io'],
      ['https://github.com'],
      [],
      // Bound to nothing now: it fills nowhere by itself until the user binds their own tenant.
      [],
    ]);
    expect(isBound(allowedSites(opened.accounts[2]!.sites), 'https://attacker.github.io')).toBe(false);
    expect(isBound(allowedSites(opened.accounts[5]!.sites), 'https://attacker.okta.com')).toBe(false);
  });
});
