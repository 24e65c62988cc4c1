/** The toolbar says when Otto is locked, so a page that wanted a code explains itself. */
import browser from 'webextension-polyfill';
import { vaultState } from './vault-store';

export async function showLockState(): Promise<void> {
  const locked = (await vaultState()) === 'locked';
  await browser.action.setBadgeBackgroundColor({ color: '#5b5bd6' });
  await browser.action.setBadgeText({ text: locked ? '🔒' : '' });
  await browser.action.setTitle({ title: locked ? browser.i18n.getMessage('badgeLocked') || 'Otto is locked' : 'Otto' });
}
