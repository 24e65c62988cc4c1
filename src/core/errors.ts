/**
 * Otto's one error type, used by every layer (core, background, popup): a `code` and
 * its `params`, never words. Only the popup words an error, through _locales
 * (`error_<code>`), in the user's language. Params never hold secret material
 * (seeds, passphrases, keys, codes). `cause` carries the more specific error a
 * general one wraps ("not a valid export: the data is truncated").
 */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** An error as it crosses extension messages: plain JSON. */
export interface ErrorInfo {
  code: ErrorCode;
  params?: ErrorParams;
  cause?: ErrorInfo;
}

export class OttoError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  override readonly cause: OttoError | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, cause?: OttoError) {
    // The message is for logs and test output only; users see the popup's words.
    super([code, Object.keys(params).length ? JSON.stringify(params) : '', cause ? `← ${cause.message}` : ''].filter(Boolean).join(' '));
    this.name = 'OttoError';
    this.code = code;
    this.params = params;
    this.cause = cause;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code };
    if (Object.keys(this.params).length) info.params = this.params;
    if (this.cause) info.cause = this.cause.toInfo();
    return info;
  }

  /** Back from the JSON form; an unknown code (from a newer Otto, say) becomes `generic`. */
  static fromInfo(info: ErrorInfo): OttoError {
    const code = isErrorCode(info.code) ? info.code : 'generic';
    return new OttoError(code, info.params ?? {}, info.cause ? OttoError.fromInfo(info.cause) : undefined);
  }
}

/** An entry left out of an import or a scan, and why: its position and name, never its secret. */
export interface Skipped {
  kind: 'entry' | 'line' | 'row';
  /** 1-based. */
  position: number;
  /** Issuer and account name as the file gives them (may be empty). */
  name: string;
  reason: ErrorInfo;
}

export function isOttoError(e: unknown, code?: ErrorCode): e is OttoError {
  return e instanceof OttoError && (code === undefined || e.code === code);
}

/**
 * Every code Otto can raise. A test checks that each has an `error_<code>` message in
 * every locale: add the code here and its words there in the same change.
 */
export const ERROR_CODES = [
  'generic',
  'noAnswer',
  'malformedRequest',
  'forbidden',
  'locked',
  'accountGone',
  'notHotp',
  'passphraseTooShort',
  'wrongPassphrase',
  'vaultExists',
  'vaultMissing',
  'vaultNotOtto',
  'vaultVersion',
  'vaultDamaged',
  'vaultTampered',
  'vaultNoSlot',
  'vaultReadBack',
  'reauth',
  'kdfTooCostly',
  'settingAutoLock',
  'settingClipboard',
  'settingAutofill',
  'settingOffset',
  'noFields',
  'tabUnreachable',
  'pageChanged',
  'secretPadding',
  'secretChar',
  'secretCharLookalike',
  'secretLength',
  'secretMissing',
  'secretEmpty',
  'secretTooLong',
  'typeUnsupported',
  'typeNotInOtto',
  'algorithmUnsupported',
  'steamDigits',
  'digitsRange',
  'periodRange',
  'counterRange',
  'timeRange',
  'issuerTooLong',
  'labelTooLong',
  'tooManySites',
  'nameInvalidChar',
  'otpauthInvalid',
  'otpauthPercent',
  'otpauthParam',
  'otpauthNoSecret',
  'otpauthHotpCounter',
  'migrationPrefix',
  'migrationNoData',
  'migrationBase64',
  'migrationUtf8',
  'migrationInvalid',
  'migrationEmpty',
  'migrationUnknownParams',
  'migrationCounterRange',
  'dataTruncated',
  'dataMalformed',
  'siteEmpty',
  'siteNotHost',
  'sitePort',
  'sitePublicSuffix',
  'siteScheme',
  'siteSharedTenant',
  'siteUserinfo',
  'siteWildcardIp',
  'siteWildcardTld',
  'importEmpty',
  'importUnknown',
  'importUnknownJson',
  'importImage',
  'importArchive',
  'importPdf',
  'importSqlite',
  'importBadJson',
  'importJson',
  'importFieldText',
  'importFieldNumber',
  'importFieldObject',
  'importFieldList',
  'importFieldBase64',
  'importFieldHex',
  'importFieldMissing',
  'importNotAccount',
  'importNoSecret',
  'importNotDecrypted',
  'importNotOtpLink',
  'importKdfRange',
  'passwordRequired',
  'wrongPassword',
  'backupDamaged',
  'backupNoAccounts',
  'notOttoBackup',
  'aegisNoPasswordSlot',
  'twofasFormat',
  'authExtOld',
  'authExtHash',
  'authExtNoKey',
  'enteEncrypted',
  'bitwardenEncrypted',
  'protonNoUri',
  'freeotpPlusSecret',
  'freeotp2Unreadable',
  'freeotp2NoMasterKey',
  'freeotp2Cipher',
  'freeotp2NoToken',
  'stratumType',
  'stratumAlgorithm',
  'qrBroken',
  'qrNotOtp',
  // Sync (docs/sync-format.md): the warnings name the storage.sync item that was ignored.
  'syncItemParse',
  'syncItemVersion',
  'syncItemAuth',
  'syncItemKey',
  'syncMetaInvalid',
  'syncNothingToJoin',
  'syncQuota',
  'syncRate',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && KNOWN.has(x);
}
