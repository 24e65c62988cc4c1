/**
 * Aegis vault JSON (docs/vault.md in the Aegis repository). Plain: `db` is an object.
 * Encrypted: `db` is base64; each password slot (type 1) wraps the master key with
 * AES-GCM under scrypt(password); biometric slots (type 2) are skipped. Groups
 * (db v2 `group`, db v3 `groups`) are Aegis folders and are ignored.
 */
import { OttoError } from '../errors';
import { type Json, concat, decodeUtf8, encodeUtf8, fromBase64, fromHex, isRecord, parseJson } from './bytes';
import { aesGcmOpen, scrypt } from './crypto';
import { Entries, algorithm, base32Secret, describeEntry, draft, eachEntry, int, list, otpType, record, text } from './entries';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = 'Aegis';

export function isAegis(json: unknown): json is Json {
  return isRecord(json) && isRecord(json.header) && 'db' in json && (typeof json.db === 'string' || isRecord(json.db));
}

/** 1 GiB of scrypt memory-work for all slots together: 32 slots at Aegis's own cost (N = 2^15, r = 8, p = 1). */
const SCRYPT_TOTAL = 2 ** 30;

export async function readAegis(json: Json, password?: string): Promise<ImportResult> {
  if (isRecord(json.db)) return result({ app: APP }, readDb(json.db));
  const pw = requirePassword(password, APP);
  const header = json.header as Json;
  const slots = list(header.slots, 'header.slots').filter((s): s is Json => isRecord(s) && s.type === 1);
  if (slots.length === 0) throw new OttoError('aegisNoPasswordSlot');
  // A wrong password is tried against every slot: bound the file's total scrypt work (memory × passes).
  // (A slot that is out of range by itself is refused with its own reason, by crypto.ts.)
  const costs = slots.map((s) => 128 * Number(s.n) * Number(s.r) * Number(s.p));
  if (costs.every((c) => c <= SCRYPT_TOTAL) && costs.reduce((a, b) => a + b, 0) > SCRYPT_TOTAL) throw new OttoError('kdfTooCostly');
  const params = isRecord(header.params) ? header.params : {};
  const nonce = fromHex(params.nonce, 'header.params.nonce');
  const tag = fromHex(params.tag, 'header.params.tag');
  const db = fromBase64(json.db, 'db');

  for (const slot of slots) {
    const keyParams = isRecord(slot.key_params) ? slot.key_params : {};
    const salt = fromHex(slot.salt, 'slots[].salt');
    const n = { N: Number(slot.n), r: Number(slot.r), p: Number(slot.p) };
    const kek = await scrypt(encodeUtf8(pw), salt, n, APP);
    const sealedKey = concat(fromHex(slot.key, 'slots[].key'), fromHex(keyParams.tag, 'slots[].key_params.tag'));
    const master = await aesGcmOpen(kek, fromHex(keyParams.nonce, 'slots[].key_params.nonce'), sealedKey);
    if (!master) continue;
    const plain = await aesGcmOpen(master, nonce, concat(db, tag));
    if (!plain) throw new OttoError('backupDamaged', { app: APP });
    const inner = parseJson(decodeUtf8(plain) ?? '', APP);
    if (!isRecord(inner)) throw new OttoError('backupNoAccounts', { app: APP });
    return result({ app: APP, variant: 'encrypted' }, readDb(inner));
  }
  throw wrongPassword(APP);
}

function readDb(db: Json): Entries {
  const entries = new Entries();
  eachEntry(entries, list(db.entries, 'db.entries'), (e, i) => {
    entries.add(describeEntry('entry', i, e.issuer, e.name), () => {
      const info = record(e, 'info');
      const type = otpType(e.type);
      return draft({
        type,
        issuer: text(e, 'issuer'),
        label: text(e, 'name'),
        secret: base32Secret(info.secret),
        algorithm: algorithm(info.algo),
        digits: int(info, 'digits', 6),
        period: int(info, 'period', 30),
        counter: int(info, 'counter', 0),
      });
    });
  });
  return entries;
}
