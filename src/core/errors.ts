/**
 * Typed errors of the core. Every message says what was wrong in words a user
 * can act on, and never quotes secret material (seeds, passphrases, keys).
 */
export class OttoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad OTP input: base32, otpauth URIs, migration payloads, account fields. */
export class OtpError extends OttoError {}

/** The passphrase (or a backup's password) does not open the data. */
export class WrongPassphraseError extends OttoError {
  constructor(message = 'Wrong passphrase.') {
    super(message);
  }
}

/** A vault or backup that was truncated, tampered with or is not ours. */
export class VaultCorruptError extends OttoError {}

/** An import file that cannot be read as any supported format, or is broken. */
export class ImportError extends OttoError {}
