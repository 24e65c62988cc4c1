/**
 * FreeOTP+ JSON export: `tokens[]` with the secret as a signed Java byte array,
 * shown in `tokenOrder` ("issuer:label" ids). Counters are kept as stored: FreeOTP+
 * saves the last counter used, which is what Aegis imports too.
 */
import { OttoError } from '../errors';
import { type Json, isRecord } from './bytes';
import { Entries, algorithm, describeEntry, draft, int, list, otpType, text } from './entries';
import { type ImportResult, result } from './result';

export function isFreeOtpPlus(json: unknown): json is Json {
  return isRecord(json) && Array.isArray(json.tokens);
}

function javaBytes(v: unknown): Uint8Array {
  if (!Array.isArray(v) || v.length === 0) throw new OttoError('freeotpPlusSecret');
  return Uint8Array.from(v, (b) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) throw new OttoError('freeotpPlusSecret');
    return b & 0xff;
  });
}

function tokenId(t: Json): string {
  const issuer = typeof t.issuerInt === 'string' ? t.issuerInt : '';
  const label = typeof t.label === 'string' ? t.label : '';
  return issuer ? `${issuer}:${label}` : label;
}

export function readFreeOtpPlus(json: Json): ImportResult {
  const tokens = list(json.tokens, 'tokens').map((t, i) => ({ t, i }));
  const order = Array.isArray(json.tokenOrder) ? json.tokenOrder : [];
  const rank = (t: unknown): number => {
    const at = isRecord(t) ? order.indexOf(tokenId(t)) : -1;
    return at < 0 ? order.length : at;
  };
  // The user's on-screen order; tokens the order list does not name keep their file order, last.
  tokens.sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i);

  const entries = new Entries();
  for (const { t, i } of tokens) {
    if (!isRecord(t)) {
      entries.skip({ kind: 'entry', position: i + 1, name: '' }, new OttoError('importNotAccount'));
      continue;
    }
    entries.add(describeEntry('entry', i + 1, t.issuerExt, t.label), () =>
      draft({
        type: otpType(t.type),
        issuer: text(t, 'issuerExt') || text(t, 'issuerInt'),
        label: text(t, 'label'),
        secret: javaBytes(t.secret),
        algorithm: algorithm(t.algo),
        digits: int(t, 'digits', 6),
        period: int(t, 'period', 30),
        counter: int(t, 'counter', 0),
      }),
    );
  }
  return result({ app: 'FreeOTP+' }, entries);
}
