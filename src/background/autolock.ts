/**
 * Auto-lock: after the user's idle delay (chrome.idle + a one-minute alarm as a
 * backstop, since the worker may be asleep when the idle event fires), when the
 * system locks, and on browser restart (storage.session is memory only).
 */
import browser from 'webextension-polyfill';
import { lockEverywhere } from './lock';
import { getSettings, vaultState } from './vault-store';

const ALARM = 'autolock-check';

export async function armAutoLock(): Promise<void> {
  const { autoLockMinutes } = await getSettings();
  if (autoLockMinutes > 0) browser.idle.setDetectionInterval(Math.max(15, autoLockMinutes * 60));
  await browser.alarms.create(ALARM, { periodInMinutes: 1 });
}

async function checkIdle(): Promise<void> {
  if ((await vaultState()) !== 'unlocked') {
    await browser.alarms.clear(ALARM);
    return;
  }
  const { autoLockMinutes } = await getSettings();
  if (autoLockMinutes <= 0) return;
  const state = await browser.idle.queryState(Math.max(15, autoLockMinutes * 60));
  if (state !== 'active') await lockEverywhere();
}

/** Registers the listeners; must run synchronously at worker start (MV3 event rules). */
export function listenForIdle(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void checkIdle();
  });
  browser.idle.onStateChanged.addListener((state) => {
    if (state === 'active') return;
    void (async () => {
      const { autoLockMinutes } = await getSettings();
      // 'locked' (screen lock) always locks; 'idle' only when auto-lock is on.
      // Firefox never reports 'locked' (its idle API knows only 'active' and 'idle'):
      // there a screen lock locks Otto only through the idle delay (README, "Firefox").
      if (state === 'locked' || autoLockMinutes > 0) {
        if ((await vaultState()) === 'unlocked') await lockEverywhere();
      }
    })();
  });
}
