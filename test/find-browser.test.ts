import { describe, expect, it } from 'vitest';
import { findBrowser, isBrandedChrome } from '../scripts/find-browser.mjs';

const installed = (...files: string[]) => (file: string) => files.includes(file);

describe('findBrowser', () => {
  it('prefers CHROME_PATH when it exists', () => {
    const env = { CHROME_PATH: '/opt/custom/chrome' };
    expect(findBrowser(env, 'linux', installed('/opt/custom/chrome', '/usr/bin/chromium'))).toBe('/opt/custom/chrome');
  });

  it('falls back to the usual paths when CHROME_PATH does not exist', () => {
    const env = { CHROME_PATH: '/nowhere/chrome' };
    expect(findBrowser(env, 'linux', installed('/usr/bin/google-chrome-stable'))).toBe('/usr/bin/google-chrome-stable');
  });

  it('prefers Chromium over Google Chrome on Linux and finds the snap', () => {
    expect(findBrowser({}, 'linux', installed('/usr/bin/google-chrome', '/usr/bin/chromium'))).toBe('/usr/bin/chromium');
    expect(findBrowser({}, 'linux', installed('/usr/bin/google-chrome', '/snap/bin/chromium'))).toBe('/snap/bin/chromium');
    expect(findBrowser({}, 'linux', installed('/usr/bin/chromium-browser'))).toBe('/usr/bin/chromium-browser');
  });

  it('finds the macOS app bundles', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const chromium = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findBrowser({}, 'darwin', installed(chrome))).toBe(chrome);
    expect(findBrowser({}, 'darwin', installed(chrome, chromium))).toBe(chromium);
    // Linux paths mean nothing on a Mac.
    expect(findBrowser({}, 'darwin', installed('/usr/bin/chromium'))).toBeNull();
  });

  it('builds Windows paths from the environment, whatever the variable case', () => {
    const env = { PROGRAMFILES: 'C:\\Program Files', LocalAppData: 'C:\\Users\\al\\AppData\\Local' };
    const system = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';
    const perUser = 'C:\\Users\\al\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser(env, 'win32', installed(system))).toBe(system);
    expect(findBrowser(env, 'win32', installed(system, perUser))).toBe(perUser);
    expect(findBrowser({ 'ProgramFiles(x86)': 'C:\\Program Files (x86)' }, 'win32', installed(
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    ))).toBe('C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('returns null when nothing is installed', () => {
    expect(findBrowser({}, 'linux', installed())).toBeNull();
    expect(findBrowser({ CHROME_PATH: '' }, 'win32', installed())).toBeNull();
  });
});

describe('isBrandedChrome', () => {
  it.each([
    ['/usr/bin/google-chrome-stable', true],
    ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', true],
    ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', true],
    ['/usr/bin/chromium', false],
    ['/snap/bin/chromium', false],
    ['C:\\Users\\al\\AppData\\Local\\Chromium\\Application\\chrome.exe', false],
    ['/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', false],
  ])('%s → %s', (file, branded) => {
    expect(isBrandedChrome(file)).toBe(branded);
  });
});
