/**
 * What a scanned QR code holds, for the user: OTP accounts, or a plain statement of
 * what else it was. Summaries never contain the secret.
 */
import type { AccountDraft } from './account';
import { LegacyError } from './errors';
import { parseMigrationBatch, parseOtpauthUri } from './otpauth';

export interface QrReading {
  summary: string;
  accounts: AccountDraft[];
  error?: string;
}

function describe(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  if (/^https?:\/\//i.test(text)) return `a web link (${short})`;
  if (/^WIFI:/i.test(text)) return 'Wi-Fi network settings';
  if (/^(BEGIN:VCARD|MECARD:)/i.test(text)) return 'a contact card';
  if (/^(mailto|tel|sms|geo):/i.test(text)) return `a ${text.split(':')[0]!.toLowerCase()} link`;
  return `the text “${short}”`;
}

export function readQrPayload(text: string): QrReading {
  const lower = text.slice(0, 24).toLowerCase();
  try {
    if (lower.startsWith('otpauth-migration:')) {
      const batch = parseMigrationBatch(text);
      const part = batch.batchSize > 1 ? ` (part ${batch.batchIndex + 1} of ${batch.batchSize})` : '';
      return { summary: `Google Authenticator export: ${batch.accounts.length} account(s)${part}`, accounts: batch.accounts };
    }
    if (lower.startsWith('otpauth:')) {
      const draft = parseOtpauthUri(text);
      return { summary: [draft.issuer, draft.label].filter(Boolean).join(' — ') || 'Authenticator account', accounts: [draft] };
    }
  } catch (e) {
    const reason = e instanceof LegacyError ? e.message : 'It could not be read.';
    return { summary: 'Authenticator code that could not be read', accounts: [], error: `This QR code looks like an authenticator code but is broken: ${reason} Nothing was added.` };
  }
  return { summary: describe(text), accounts: [], error: `This QR code holds ${describe(text)}, not an authenticator code. Nothing was added.` };
}
