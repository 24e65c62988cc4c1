/** The pure parts behind issue 14: avatars, the backup reminder, reordering, late copies, readable pages, pictures. */
import { describe, expect, it } from 'vitest';
import { AVATAR_COLORS, avatarOf } from '../../src/popup/avatar';
import { moveBeside, rankOf } from '../../src/popup/filter';
import { pageReadable } from '../../src/popup/format';
import { fitWithin, isImage, MAX_PIXELS, otpLines } from '../../src/popup/image-fit';
import { backupDue, snoozeFrom, STALE_AFTER_DAYS } from '../../src/popup/reminder';
import { copyStepOffset } from '../../src/popup/ticker';

const DAY = 86_400_000;

function contrastWithWhite(hex: string): number {
  const lum = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 1.05 / (0.2126 * lum[0]! + 0.7152 * lum[1]! + 0.0722 * lum[2]! + 0.05);
}

describe('avatars (item 19)', () => {
  it('the first letter or digit, upper-cased, whole outside the BMP', () => {
    expect(avatarOf('github').letter).toBe('G');
    expect(avatarOf('  (old) Bank').letter).toBe('O');
    expect(avatarOf('1Password').letter).toBe('1');
    expect(avatarOf('بنك').letter).toBe('ب');
    expect(avatarOf('𝔊ood').letter).toBe('𝔊');
    expect(avatarOf('—').letter).toBe('#');
  });

  it('a colour from the name alone: the same name always, case and spaces aside; names spread over the palette', () => {
    expect(avatarOf('GitHub').color).toBe(avatarOf(' github ').color);
    const names = ['GitHub', 'GitLab', 'Google', 'AWS', 'Okta', 'Slack', 'Microsoft', 'Dropbox', 'Atlassian', 'Cloudflare', 'Stripe', 'Heroku'];
    expect(new Set(names.map((n) => avatarOf(n).color)).size).toBeGreaterThanOrEqual(6);
  });

  it('white letters are readable on every colour (≥ 5.3:1, above the 4.5:1 of WCAG AA)', () => {
    for (const c of AVATAR_COLORS) expect(contrastWithWhite(c), c).toBeGreaterThanOrEqual(5.3);
  });
});

describe('backup reminder (item 6)', () => {
  const now = 1_800_000_000_000;
  const acc = (created: number) => ({ created });

  it('nothing to back up: no reminder', () => {
    expect(backupDue([], null, now)).toBeNull();
  });

  it('accounts and no backup yet', () => {
    expect(backupDue([acc(now - 5)], null, now)).toEqual({ why: 'never' });
  });

  it('accounts newer than the newest in the last backup are counted', () => {
    const backup = { at: now - DAY, newest: now - 2 * DAY, count: 3 };
    expect(backupDue([acc(now - 3 * DAY), acc(now - 2 * DAY)], backup, now)).toBeNull();
    expect(backupDue([acc(now - 3 * DAY), acc(now - 10), acc(now - 5)], backup, now)).toEqual({ why: 'new', count: 2 });
  });

  it(`a backup older than ${STALE_AFTER_DAYS} days is due again`, () => {
    const old = { at: now - 31 * DAY, newest: now - 40 * DAY, count: 1 };
    expect(backupDue([acc(now - 40 * DAY)], old, now)).toEqual({ why: 'old', days: 31 });
    expect(backupDue([acc(now - 40 * DAY)], { ...old, at: now - 29 * DAY }, now)).toBeNull();
  });

  it('"Later" hides it for a week, unless an account is added meanwhile', () => {
    const accounts = [acc(now - 10)];
    const snooze = snoozeFrom(accounts, now);
    expect(backupDue(accounts, null, now + 6 * DAY, snooze)).toBeNull();
    expect(backupDue(accounts, null, now + 8 * DAY, snooze)).toEqual({ why: 'never' });
    expect(backupDue([...accounts, acc(now + DAY)], null, now + 2 * DAY, snooze)).toEqual({ why: 'never' });
  });
});

describe('reorder from the list (item 16)', () => {
  it('places an id just before or after another', () => {
    expect(moveBeside(['a', 'b', 'c', 'd'], 'd', 'b', false)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveBeside(['a', 'b', 'c', 'd'], 'a', 'c', true)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveBeside(['a', 'b'], 'a', 'a', true)).toEqual(['a', 'b']);
    expect(moveBeside(['a', 'b'], 'x', 'a', true)).toEqual(['a', 'b']);
  });

  it('ranks bound-and-pinned, bound, pinned, the rest', () => {
    const bound = { sites: ['https://github.com'], pinned: false };
    expect([{ ...bound, pinned: true }, bound, { sites: [], pinned: true }, { sites: [], pinned: false }].map((a) => rankOf(a, 'https://github.com'))).toEqual([0, 1, 2, 3]);
  });
});

describe('a copy in the last seconds gives the next code (item 2)', () => {
  it('within 3 s of the end of a 30-s step, and never for short periods', () => {
    expect(copyStepOffset(26_999, 30)).toBe(0);
    expect(copyStepOffset(27_000, 30)).toBe(1);
    expect(copyStepOffset(29_999, 30)).toBe(1);
    expect(copyStepOffset(30_000, 30)).toBe(0);
    expect(copyStepOffset(4_500, 5)).toBe(0);
  });
});

describe('pages Otto can read (item 9)', () => {
  it.each([
    ['https://github.com/login', true],
    ['http://127.0.0.1:8765/enroll', true],
    ['file:///home/me/qr.html', true],
    [undefined, true],
    ['chrome://newtab/', false],
    ['chrome://settings/', false],
    ['about:blank', false],
    ['edge://extensions', false],
    ['chrome-extension://abcdef/popup.html', false],
    ['moz-extension://abcdef/popup.html', false],
    ['view-source:https://github.com', false],
    ['https://chromewebstore.google.com/detail/x', false],
    ['https://chrome.google.com/webstore/detail/x', false],
    ['https://chrome.google.com/other', true],
    ['https://addons.mozilla.org/en-US/firefox/', false],
    ['https://microsoftedge.microsoft.com/addons', false],
  ])('%s → %s', (url, readable) => expect(pageReadable(url)).toBe(readable));
});

describe('pictures of QR codes (item 17)', () => {
  it('recognises PNG, JPEG, GIF and WebP by content', () => {
    expect(isImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe(true);
    expect(isImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(isImage(new TextEncoder().encode('GIF89a'))).toBe(true);
    expect(isImage(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WEBPVP8 '))).toBe(true);
    expect(isImage(new TextEncoder().encode('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBe(false);
    expect(isImage(new TextEncoder().encode('{"version":1}'))).toBe(false);
    expect(isImage(new Uint8Array())).toBe(false);
  });

  it('decodes huge pictures scaled down to a bounded pixel count, keeping their shape', () => {
    expect(fitWithin(1920, 1080)).toEqual({ width: 1920, height: 1080 });
    const big = fitWithin(20_000, 10_000);
    expect(big.width * big.height).toBeLessThanOrEqual(MAX_PIXELS);
    expect(big.width / big.height).toBeCloseTo(2, 2);
    expect(fitWithin(0, 0)).toEqual({ width: 1, height: 1 });
  });

  it('keeps the authenticator links and names what else the picture held', () => {
    expect(otpLines(['otpauth://totp/A?secret=X', 'https://example.com', ' OTPAUTH-MIGRATION://offline?data=x'])).toEqual({
      lines: ['otpauth://totp/A?secret=X', ' OTPAUTH-MIGRATION://offline?data=x'],
      other: ['https://example.com'],
    });
  });
});
