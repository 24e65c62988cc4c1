/** Test helpers for Otto's one error type: assert the code, never the words (the popup owns those). */
import { OttoError } from '../src/core/errors';

/** The code of an OttoError, or what else was thrown (so a failing assertion says what it got). */
export function codeOf(e: unknown): string {
  if (e instanceof OttoError) return e.code;
  return e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
}

/** Every way a vault or backup can be refused as damaged, not ours, or from a newer Otto. */
export const VAULT_REFUSED = ['vaultDamaged', 'vaultTampered', 'vaultNotOtto', 'vaultVersion', 'vaultNoSlot'];
