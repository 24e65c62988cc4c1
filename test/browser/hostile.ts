/** A backup file built to freeze whoever opens it: the most key slots, each at the most work the release accepted. */
import { toBase64 } from '../../src/core/bytes';

const rnd = (n: number) => toBase64(crypto.getRandomValues(new Uint8Array(n)));

export function hostileBackup(slots = 8, m = 262_144, t = 16): Record<string, unknown> {
  return {
    format: 'otto-vault',
    version: 1,
    slots: Array.from({ length: slots }, () => ({
      type: 'passphrase', kdf: 'argon2id', m, t, p: 1, salt: rnd(16), nonce: rnd(12), key: rnd(32), tag: rnd(16),
    })),
    nonce: rnd(12),
    tag: rnd(16),
    data: rnd(256),
  };
}
