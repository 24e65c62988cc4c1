/**
 * 2FAS `.2fas` backups, schema 1–4. Encrypted files carry
 * `servicesEncrypted = b64(ct‖tag):b64(salt):b64(iv)`, key PBKDF2-HMAC-SHA256(10 000)
 * and AES-256-GCM; the plaintext is the `services` list. Schema 1 has no OTP
 * parameters (TOTP SHA1/6/30); schema 2 has no `tokenType` (everything is TOTP).
 */
import { OttoError } from '../errors';
import { type Json, decodeUtf8, encodeUtf8, fromBase64, isRecord, parseJson } from './bytes';
import { aesGcmOpen, pbkdf2 } from './crypto';
import { Entries, algorithm, base32Secret, describeEntry, draft, eachEntry, int, list, otpType, record, text } from './entries';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = '2FAS';

export function isTwoFas(json: unknown): json is Json {
  return isRecord(json) && typeof json.schemaVersion === 'number' && (Array.isArray(json.services) || typeof json.servicesEncrypted === 'string');
}

export async function readTwoFas(json: Json, password?: string): Promise<ImportResult> {
  if (typeof json.servicesEncrypted !== 'string' || json.servicesEncrypted === '') {
    return result({ app: APP }, readServices(list(json.services, 'services')));
  }
  const pw = requirePassword(password, APP);
  const parts = json.servicesEncrypted.split(':');
  if (parts.length !== 3) throw new OttoError('twofasFormat');
  const [sealed, salt, iv] = parts.map((p, i) => fromBase64(p, ['servicesEncrypted (data)', 'servicesEncrypted (salt)', 'servicesEncrypted (iv)'][i]!));
  const key = await pbkdf2('SHA-256', encodeUtf8(pw), salt!, 10_000, 32);
  const plain = await aesGcmOpen(key, iv!, sealed!);
  if (!plain) throw wrongPassword(APP);
  return result({ app: APP, variant: 'encrypted' }, readServices(list(parseJson(decodeUtf8(plain) ?? '', APP), 'services')));
}

function readServices(services: unknown[]): Entries {
  const entries = new Entries();
  eachEntry(entries, services, (s, i) => {
    const otp = isRecord(s.otp) ? s.otp : {};
    entries.add(describeEntry('entry', i, s.name ?? otp.issuer, otp.account), () => {
      const o = record(s, 'otp');
      return draft({
        type: o.tokenType === undefined || o.tokenType === null ? 'totp' : otpType(o.tokenType),
        issuer: text(s, 'name') || text(o, 'issuer'),
        label: text(o, 'account'),
        secret: base32Secret(s.secret),
        algorithm: algorithm(o.algorithm),
        digits: int(o, 'digits', 6),
        period: int(o, 'period', 30),
        counter: int(o, 'counter', 0),
      });
    });
  });
  return entries;
}
