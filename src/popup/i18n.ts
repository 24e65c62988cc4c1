/**
 * The popup's words, from public/_locales through the extension's i18n. This is the
 * only place where Otto's errors become sentences: core and background raise codes
 * with params (src/core/errors.ts), worded here in the user's language.
 */
import browser from 'webextension-polyfill';
import { type ErrorInfo, type ErrorParams, OttoError, type Skipped } from '../core/errors';
import type { ImportFormat } from '../core/import/result';
import type { QrContent } from '../core/qr-payload';

const message = (key: string, subs: string[] = []) => browser.i18n.getMessage(key, subs);

export function t(key: string, ...subs: Array<string | number>): string {
  // An empty answer means a missing key: show the key so the gap is visible, not a blank.
  return message(key, subs.map(String)) || key;
}

let plurals: Intl.PluralRules | undefined;
const pluralOf = (count: number) => (plurals ??= new Intl.PluralRules(browser.i18n.getUILanguage())).select(count);

/** `key_one`, `key_few`, … chosen by the UI language's plural rules for `count` ($1), else `key_other`. */
export function tp(key: string, count: number, ...subs: Array<string | number>): string {
  const args = [count, ...subs].map(String);
  return message(`${key}_${pluralOf(count)}`, args) || message(`${key}_other`, args) || key;
}

/** `{name}` placeholders of an error message filled from its params (ours, not Chrome's `$1`). */
function fill(text: string, params: ErrorParams): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function words(info: ErrorInfo): string {
  const params = info.params ?? {};
  const count = typeof params.count === 'number' ? params.count : undefined;
  const key = `error_${info.code}`;
  // A `count` param picks a plural form (`error_x_one`) where the locale has one.
  const text = (count !== undefined ? message(`${key}_${pluralOf(count)}`) : '') || message(key) || message('error_generic');
  const own = fill(text, params);
  return info.cause ? `${own} ${words(info.cause)}` : own;
}

/**
 * The sentence for anything a popup action threw. Errors that are not Otto's (a
 * browser API failing, say) get the generic sentence: their text is not ours to show.
 */
export function errorText(e: unknown): string {
  return words(e instanceof OttoError ? e.toInfo() : isErrorInfo(e) ? e : { code: 'generic' });
}

function isErrorInfo(x: unknown): x is ErrorInfo {
  return typeof x === 'object' && x !== null && typeof (x as ErrorInfo).code === 'string';
}

/** "Entry 3 (GitHub: alice): Unsupported algorithm “MD5”…" */
export function skippedText(s: Skipped): string {
  const where = t(`skipped_${s.kind}`, s.position);
  return `${s.name ? `${where} (${s.name})` : where}: ${errorText(s.reason)}`;
}

/** "Aegis (encrypted)", "Bitwarden (CSV)", "List of otpauth:// links". */
export function formatText(f: ImportFormat): string {
  return f.variant ? t(`format_${f.variant}`, f.app) : f.app;
}

/** What a scanned QR code holds, in a few words. */
export function qrText(c: QrContent): string {
  switch (c.kind) {
    case 'otpauth':
      return c.name || t('qr_otpauth');
    case 'migration':
      return c.parts > 1 ? tp('qr_migrationPart', c.count, c.part, c.parts) : tp('qr_migration', c.count);
    case 'link':
    case 'text':
      return t(`qr_${c.kind}`, c.text);
    case 'scheme':
      return t('qr_scheme', c.scheme);
    default:
      return t(`qr_${c.kind}`);
  }
}
