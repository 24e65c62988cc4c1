/**
 * HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes.
 *
 * - `hotp(secret, counter, { algorithm = 'SHA1', digits = 6 })`: counter is any
 *   safe integer ≥ 0 (written as a full 8-byte big-endian value, so counters past
 *   2^32 work); digits 6 to 10.
 * - `totp(secret, timeMs, { algorithm, digits, period = 30 })`: period is any
 *   whole number of seconds ≥ 1; time is epoch milliseconds (≥ 0).
 * - `steamCode(secret, timeMs)`: 5 characters from STEAM_ALPHABET, 30 s steps, HMAC-SHA1.
 * - `timeStep`, `msRemaining`, `secondsRemaining`: the step a time falls in and
 *   how long until the next one.
 * - `codeFor(account, timeMs, stepOffset = 0)`: the code an account shows;
 *   `stepOffset` moves TOTP/Steam by whole steps and HOTP by counter values.
 * Invalid digits, period, counter or time throw an OttoError.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { AccountDraft, Algorithm } from './account';
import { OttoError } from './errors';

export const STEAM_ALPHABET = '23456789BCDFGHJKMNPQRTVWXY';
const STEAM_PERIOD = 30;
const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

export interface HotpOptions {
  algorithm?: Algorithm;
  digits?: number;
}

export interface TotpOptions extends HotpOptions {
  period?: number;
}

/** RFC 4226 dynamic truncation: a 31-bit number picked from the HMAC of the counter. */
function truncated(secret: Uint8Array, counter: number, algorithm: Algorithm): number {
  if (!Number.isSafeInteger(counter) || counter < 0) {
    throw new OttoError('counterRange', { value: String(counter).slice(0, 24), max: Number.MAX_SAFE_INTEGER });
  }
  const hash = HASHES[algorithm];
  if (!hash) throw new OttoError('algorithmUnsupported', { algorithm: String(algorithm).slice(0, 24) });
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  // Split arithmetically: bit operators would cut the counter to 32 bits.
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter % 2 ** 32);
  const mac = hmac(hash, secret, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  return ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
}

function checkPeriod(period: number): void {
  if (!Number.isSafeInteger(period) || period < 1) {
    throw new OttoError('periodRange', { value: String(period).slice(0, 24), max: Number.MAX_SAFE_INTEGER });
  }
}

export function hotp(secret: Uint8Array, counter: number, opts: HotpOptions = {}): string {
  const digits = opts.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) {
    throw new OttoError('digitsRange', { value: String(digits).slice(0, 24) });
  }
  // For 10 digits the modulus exceeds 2^31, so the value is simply zero-padded.
  return String(truncated(secret, counter, opts.algorithm ?? 'SHA1') % 10 ** digits).padStart(digits, '0');
}

export function timeStep(timeMs: number, period = 30): number {
  checkPeriod(period);
  if (!Number.isFinite(timeMs) || timeMs < 0) throw new OttoError('timeRange');
  return Math.floor(timeMs / (period * 1000));
}

export function msRemaining(timeMs: number, period = 30): number {
  return (timeStep(timeMs, period) + 1) * period * 1000 - timeMs;
}

export function secondsRemaining(timeMs: number, period = 30): number {
  return Math.ceil(msRemaining(timeMs, period) / 1000);
}

export function totp(secret: Uint8Array, timeMs: number, opts: TotpOptions = {}): string {
  return hotp(secret, timeStep(timeMs, opts.period ?? 30), opts);
}

function steamAtStep(secret: Uint8Array, step: number): string {
  let value = truncated(secret, step, 'SHA1');
  let code = '';
  for (let i = 0; i < 5; i++) {
    code += STEAM_ALPHABET[value % STEAM_ALPHABET.length];
    value = Math.floor(value / STEAM_ALPHABET.length);
  }
  return code;
}

export function steamCode(secret: Uint8Array, timeMs: number): string {
  return steamAtStep(secret, timeStep(timeMs, STEAM_PERIOD));
}

export function codeFor(
  account: Pick<AccountDraft, 'type' | 'secret' | 'algorithm' | 'digits' | 'period' | 'counter'>,
  timeMs: number,
  stepOffset = 0,
): string {
  const opts = { algorithm: account.algorithm, digits: account.digits };
  switch (account.type) {
    case 'hotp':
      return hotp(account.secret, account.counter + stepOffset, opts);
    case 'steam':
      return steamAtStep(account.secret, timeStep(timeMs, STEAM_PERIOD) + stepOffset);
    case 'totp':
      return hotp(account.secret, timeStep(timeMs, account.period) + stepOffset, opts);
    default:
      throw new OttoError('typeUnsupported', { type: String(account.type).slice(0, 24) });
  }
}
