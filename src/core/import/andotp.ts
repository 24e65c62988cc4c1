/**
 * andOTP: a plain JSON list, or an encrypted binary with no magic bytes.
 * New format: [int32 BE iterations][salt 12][nonce 12][ct‖tag], key
 * PBKDF2-HMAC-SHA1(iterations). Old format: [nonce 12][ct‖tag], key SHA-256(password).
 * Both AES-256-GCM, so a wrong password fails authentication.
 */
import { type Json, decodeUtf8, encodeUtf8, isRecord, parseJson } from './bytes';
import { aesGcmOpen, pbkdf2, sha256 } from './crypto';
import { Entries, algorithm, base32Secret, describeEntry, draft, eachEntry, int, list, otpType, text } from './entries';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = 'andOTP';
const SALT = 12;
const NONCE = 12;
const TAG = 16;
/** andOTP picks 140 000–160 000; the bound keeps a damaged header from costing minutes. */
const MAX_ITERATIONS = 1_000_000;

export function isAndOtpJson(json: unknown): json is unknown[] {
  return Array.isArray(json) && json.length > 0 && isRecord(json[0]) && 'secret' in json[0] && 'type' in json[0];
}

/** Smallest file either encrypted layout can produce. */
export const ANDOTP_MIN_BYTES = NONCE + TAG + 1;

export function readAndOtpJson(json: unknown[]): ImportResult {
  return result({ app: APP }, readEntries(json));
}

export async function readAndOtpEncrypted(bytes: Uint8Array, password?: string): Promise<ImportResult> {
  const pw = encodeUtf8(requirePassword(password, APP));
  let plain: Uint8Array | null = null;
  const iterations = bytes.length >= 4 + SALT + NONCE + TAG ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0) : 0;
  if (iterations >= 1 && iterations <= MAX_ITERATIONS) {
    const salt = bytes.subarray(4, 4 + SALT);
    const key = await pbkdf2('SHA-1', pw, salt, iterations, 32);
    plain = await aesGcmOpen(key, bytes.subarray(4 + SALT, 4 + SALT + NONCE), bytes.subarray(4 + SALT + NONCE));
  }
  if (!plain) plain = await aesGcmOpen(await sha256(pw), bytes.subarray(0, NONCE), bytes.subarray(NONCE));
  if (!plain) throw wrongPassword(APP);
  return result({ app: APP, variant: 'encrypted' }, readEntries(list(parseJson(decodeUtf8(plain) ?? '', APP), 'entries')));
}

function readEntries(items: unknown[]): Entries {
  const entries = new Entries();
  eachEntry(entries, items, (e: Json, i) => {
    entries.add(describeEntry('entry', i, e.issuer, e.label), () => {
      let issuer = text(e, 'issuer');
      let label = text(e, 'label');
      // Old andOTP had no issuer field and wrote "Issuer - Name" into the label.
      if (!('issuer' in e)) {
        const dash = label.indexOf(' - ');
        if (dash >= 0) [issuer, label] = [label.slice(0, dash), label.slice(dash + 3)];
      }
      return draft({
        type: otpType(e.type),
        issuer,
        label,
        secret: base32Secret(e.secret),
        algorithm: algorithm(e.algorithm),
        digits: int(e, 'digits', 6),
        period: int(e, 'period', 30),
        counter: int(e, 'counter', 0),
      });
    });
  });
  return entries;
}
