/**
 * What a scanned QR code holds, for the user: OTP accounts, or a plain statement of
 * what else it was. The description never contains a secret: OTP payloads are
 * described by account name and count only, and only non-OTP text is quoted.
 */
import type { AccountDraft } from './account';
import { type ErrorInfo, OttoError } from './errors';
import { parseMigrationBatch, parseOtpauthUri } from './otpauth';

/** What the code holds; the popup words it (`qr_<kind>` messages). */
export type QrContent =
  /** Issuer and account name as the code gives them (may be empty). */
  | { kind: 'otpauth'; name: string }
  /** `part` is 1-based, of `parts` codes in a multi-code export. */
  | { kind: 'migration'; count: number; part: number; parts: number }
  | { kind: 'broken' }
  | { kind: 'link'; text: string }
  | { kind: 'wifi' }
  | { kind: 'contact' }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'text'; text: string };

export interface QrReading {
  content: QrContent;
  accounts: AccountDraft[];
  /** Why nothing could be added, when `accounts` is empty. */
  error?: ErrorInfo;
}

const SHOWN = 60;

function describe(text: string): QrContent {
  const short = text.length > SHOWN ? `${text.slice(0, SHOWN - 3)}…` : text;
  if (/^https?:\/\//i.test(text)) return { kind: 'link', text: short };
  if (/^WIFI:/i.test(text)) return { kind: 'wifi' };
  if (/^(BEGIN:VCARD|MECARD:)/i.test(text)) return { kind: 'contact' };
  if (/^(mailto|tel|sms|geo):/i.test(text)) return { kind: 'scheme', scheme: text.split(':')[0]!.toLowerCase() };
  return { kind: 'text', text: short };
}

export function readQrPayload(text: string): QrReading {
  const lower = text.slice(0, 24).toLowerCase();
  try {
    if (lower.startsWith('otpauth-migration:')) {
      const batch = parseMigrationBatch(text);
      const content: QrContent = { kind: 'migration', count: batch.accounts.length, part: batch.batchIndex + 1, parts: batch.batchSize };
      return { content, accounts: batch.accounts };
    }
    if (lower.startsWith('otpauth:')) {
      const draft = parseOtpauthUri(text);
      return { content: { kind: 'otpauth', name: [draft.issuer, draft.label].filter(Boolean).join(': ') }, accounts: [draft] };
    }
  } catch (e) {
    if (!(e instanceof OttoError)) throw e;
    return { content: { kind: 'broken' }, accounts: [], error: new OttoError('qrBroken', {}, e).toInfo() };
  }
  return { content: describe(text), accounts: [], error: { code: 'qrNotOtp' } };
}
