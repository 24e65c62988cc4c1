/** The popup ⇄ import worker messages, and the errors that cross between them (structured clone drops classes). */
import { ImportError, LegacyError, OttoError, VaultCorruptError, WrongPassphraseError, type ErrorCode, type ErrorParams } from '../core/errors';
import { PasswordRequiredError, type ImportResult } from '../core/import/result';

export interface ImportJob {
  source: { name: string; bytes: Uint8Array };
  password?: string;
}

export type SentError =
  | { kind: 'password'; format: string }
  | { kind: 'otto'; code: ErrorCode; params: ErrorParams }
  | { kind: 'legacy'; name: 'WrongPassphraseError' | 'VaultCorruptError' | 'ImportError' | 'LegacyError'; message: string }
  | { kind: 'unknown' };

export type ImportReply = { ok: true; result: ImportResult } | { ok: false; error: SentError };

const LEGACY = { WrongPassphraseError, VaultCorruptError, ImportError, LegacyError } as const;

export function describeError(e: unknown): SentError {
  if (e instanceof PasswordRequiredError) return { kind: 'password', format: e.format };
  if (e instanceof OttoError) return { kind: 'otto', code: e.code, params: e.params };
  for (const name of ['WrongPassphraseError', 'VaultCorruptError', 'ImportError'] as const) {
    if (e instanceof LEGACY[name]) return { kind: 'legacy', name, message: e.message };
  }
  if (e instanceof LegacyError) return { kind: 'legacy', name: 'LegacyError', message: e.message };
  // An unknown error's text may hold anything: it does not cross.
  return { kind: 'unknown' };
}

export function rebuildError(e: SentError): Error {
  switch (e.kind) {
    case 'password':
      return new PasswordRequiredError(e.format);
    case 'otto':
      return new OttoError(e.code, e.params);
    case 'legacy':
      return new LEGACY[e.name](e.message);
    case 'unknown':
      return new OttoError('generic');
  }
}
