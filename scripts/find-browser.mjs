// Locates a Chromium-family browser for `npm start`. Pure apart from `exists`,
// so every platform's search order can be unit-tested on any machine.
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Environment lookup that ignores case, as Windows does for variable names.
 * @param {Record<string, string | undefined>} env
 * @param {string} name
 */
function envVar(env, name) {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? env[key] : undefined;
}

/**
 * Candidate executables in preference order. Chromium comes before Google Chrome
 * because branded Chrome 137+ ignores --load-extension.
 * @param {Record<string, string | undefined>} env
 * @param {NodeJS.Platform} platform
 * @returns {string[]}
 */
export function browserCandidates(env, platform) {
  if (platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (platform === 'win32') {
    const roots = ['LOCALAPPDATA', 'ProgramFiles', 'ProgramFiles(x86)']
      .map((name) => envVar(env, name))
      .filter((root) => root !== undefined && root !== '');
    const apps = [path.win32.join('Chromium', 'Application', 'chrome.exe'), path.win32.join('Google', 'Chrome', 'Application', 'chrome.exe')];
    return apps.flatMap((app) => roots.map((root) => path.win32.join(/** @type {string} */ (root), app)));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/**
 * `CHROME_PATH` wins when it points at a file; otherwise the first installed candidate.
 * @param {Record<string, string | undefined>} [env]
 * @param {NodeJS.Platform} [platform]
 * @param {(file: string) => boolean} [exists]
 * @returns {string | null}
 */
export function findBrowser(env = process.env, platform = process.platform, exists = existsSync) {
  const override = envVar(env, 'CHROME_PATH');
  if (override && exists(override)) return override;
  return browserCandidates(env, platform).find((file) => exists(file)) ?? null;
}

/**
 * Google-branded Chrome (not Chromium, not Chrome for Testing) no longer honours
 * --load-extension, so the user must load dist/ by hand.
 * @param {string} file
 */
export function isBrandedChrome(file) {
  const name = file.toLowerCase();
  return /google[ -]?chrome|chrome\.exe$/.test(name) && !/chromium|for testing/.test(name);
}
