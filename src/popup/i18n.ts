/** `t(key, ...subs)`: the popup's strings from public/_locales through the extension's i18n. */
import browser from 'webextension-polyfill';

export function t(key: string, ...subs: Array<string | number>): string {
  // An empty answer means a missing key: show the key so the gap is visible, not a blank.
  return browser.i18n.getMessage(key, subs.map(String)) || key;
}
