/** `t(key, ...subs)`: the popup's strings from public/_locales through the extension's i18n. */
import browser from 'webextension-polyfill';

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
