/**
 * Otto's one error type, used by every layer (core, background, popup): a `code` and
 * its `params`, never words. Only the popup words an error, through _locales
 * (`error_<code>`), in the user's language. Params never hold secret material
 * (seeds, passphrases, keys, codes); `message` is the code and params, for logs and tests.
 */
export type ErrorParams = Readonly<Record<string, string | number>>;

export class OttoError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(Object.keys(params).length ? `${code} ${JSON.stringify(params)}` : code);
    this.name = 'OttoError';
    this.code = code;
    this.params = params;
  }
}

export function isOttoError(e: unknown, code?: ErrorCode): e is OttoError {
  return e instanceof OttoError && (code === undefined || e.code === code);
}

/**
 * Every code Otto can raise. A test checks that each has an `error_<code>` message in
 * every locale; add the code here and its words there in the same change.
 */
export const ERROR_CODES = [
  // Catch-all for failures Otto cannot explain better (never the text of an unknown error).
  'generic',
  'accountGone',
  'malformedRequest',
  'noFields',
  'pageChanged',
  'tabUnreachable',
  // Sync (docs/sync-format.md): the warnings name the storage.sync item that was ignored.
  'syncItemParse',
  'syncItemVersion',
  'syncItemAuth',
  'syncItemKey',
  'syncMetaInvalid',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

// ---------------------------------------------------------------------------
// Legacy message-carrying errors, being converted to OttoError codes.

/** @deprecated Old-style error carrying English text; being replaced by OttoError codes. */
export class LegacyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad OTP input: base32, otpauth URIs, migration payloads, account fields. */
export class OtpError extends LegacyError {}

/** The passphrase (or a backup's password) does not open the data. */
export class WrongPassphraseError extends LegacyError {
  constructor(message = 'Wrong passphrase.') {
    super(message);
  }
}

/** A vault or backup that was truncated, tampered with or is not ours. */
export class VaultCorruptError extends LegacyError {}

/** An import file that cannot be read as any supported format, or is broken. */
export class ImportError extends LegacyError {}
