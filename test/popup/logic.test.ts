import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Account, makeDraft, newAccount } from '../../src/core/account';
import { decodeBase32 } from '../../src/core/base32';
import { ClipboardClearer, shouldClearClipboard } from '../../src/popup/clipboard';
import { filterAccounts, matchesQuery, moveId, orderAccounts } from '../../src/popup/filter';
import { groupCode, hostOf, skewToFix } from '../../src/popup/format';
import { candidateFor } from '../../src/popup/merge';
import { passphraseProblem } from '../../src/popup/passphrase';
import { elapsedMs, phaseAt, Ticker } from '../../src/popup/ticker';
import { UndoSlot } from '../../src/popup/undo';

const SECRET = decodeBase32('JBSWY3DPEHPK3PXP');
let n = 0;
function account(fields: Partial<Account> = {}): Account {
  const a = newAccount(makeDraft({ secret: new Uint8Array([++n, 1, 2, 3, 4]), issuer: 'X', label: 'x' }), 1000, `id${n}`);
  return { ...a, ...fields };
}

afterEach(() => vi.useRealTimers());

describe('groupCode', () => {
  it.each([
    ['123456', '123 456'],
    ['12345678', '1234 5678'],
    ['123456789', '123 456 789'],
    ['1234567', '123 4567'],
    ['1234567890', '12345 67890'],
    ['2BCDF', '2BCDF'],
  ])('%s → %s', (code, grouped) => expect(groupCode(code)).toBe(grouped));
});

describe('ordering and filtering', () => {
  const gh = account({ issuer: 'GitHub', label: 'alice', sites: ['https://github.com'] });
  const aws = account({ issuer: 'AWS', label: 'root', sites: ['https://*.signin.aws.amazon.com'] });
  const pinned = account({ issuer: 'Pinned', label: 'p', pinned: true });
  const plain = account({ issuer: 'Plain', label: 'q' });

  it('puts accounts bound to the tab first, then pinned, then manual order', () => {
    expect(orderAccounts([plain, gh, pinned, aws], 'https://eu-west-1.signin.aws.amazon.com').map((a) => a.issuer)).toEqual([
      'AWS',
      'Pinned',
      'Plain',
      'GitHub',
    ]);
    expect(orderAccounts([plain, gh, pinned, aws], '').map((a) => a.issuer)).toEqual(['Pinned', 'Plain', 'GitHub', 'AWS']);
  });

  it('ranks a bound and pinned account before a bound one', () => {
    const gh2 = account({ issuer: 'GitHub', label: 'work', sites: ['https://github.com'], pinned: true });
    expect(orderAccounts([gh, gh2, plain], 'https://github.com').map((a) => a.label)).toEqual(['work', 'alice', 'q']);
  });

  it('does not treat a look-alike host as bound', () => {
    expect(orderAccounts([plain, gh], 'https://github.com.evil.test')[0]).toBe(plain);
  });

  it('does not treat the http page or another port of a bound host as bound', () => {
    expect(orderAccounts([plain, gh], 'http://github.com')[0]).toBe(plain);
    expect(orderAccounts([plain, gh], 'https://github.com:8443')[0]).toBe(plain);
  });

  it('matches issuer, label and sites case-insensitively, every term', () => {
    expect(matchesQuery(gh, 'GITH')).toBe(true);
    expect(matchesQuery(gh, 'alice')).toBe(true);
    expect(matchesQuery(aws, 'amazon.com')).toBe(true);
    expect(matchesQuery(gh, 'git alice')).toBe(true);
    expect(matchesQuery(gh, 'git bob')).toBe(false);
    expect(filterAccounts([gh, aws, plain], '  ')).toEqual([gh, aws, plain]);
    expect(filterAccounts([gh, aws, plain], 'root')).toEqual([aws]);
  });

  it('moves an id within the manual order, clamped at the ends', () => {
    expect(moveId(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveId(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveId(['a', 'b', 'c'], 'a', 1)).toEqual(['b', 'a', 'c']);
    expect(moveId(['a', 'b'], 'z', 1)).toEqual(['a', 'b']);
  });
});

describe('countdown and next code', () => {
  it('opens the next-code window in the last 5 seconds of a step only', () => {
    expect(phaseAt(0, 30)).toEqual({ step: 0, showNext: false });
    expect(phaseAt(24_999, 30)).toEqual({ step: 0, showNext: false });
    expect(phaseAt(25_000, 30)).toEqual({ step: 0, showNext: true });
    expect(phaseAt(29_999, 30)).toEqual({ step: 0, showNext: true });
    expect(phaseAt(30_000, 30)).toEqual({ step: 1, showNext: false });
    expect(phaseAt(55_000, 60).showNext).toBe(true);
    // A 5-second period would always show two codes: never for such short steps.
    expect(phaseAt(1000, 5).showNext).toBe(false);
  });

  it('gives the elapsed time in the step for syncing the CSS countdown', () => {
    expect(elapsedMs(61_250, 30)).toBe(1250);
    expect(elapsedMs(59_999, 60)).toBe(59_999);
  });

  it('notifies a period’s subscribers only when their phase changes, honouring the offset', () => {
    vi.useFakeTimers({ now: 0 });
    const ticker = new Ticker(() => Date.now());
    const on30 = vi.fn();
    const on60 = vi.fn();
    ticker.subscribe(30, on30);
    ticker.subscribe(60, on60);
    vi.advanceTimersByTime(24_000);
    expect(on30).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_100); // 25.1 s: next-code window of the 30 s period
    expect(on30).toHaveBeenCalledTimes(1);
    expect(ticker.phase(30)).toEqual({ step: 0, showNext: true });
    vi.advanceTimersByTime(5_000); // 30.1 s: new step
    expect(on30).toHaveBeenCalledTimes(2);
    expect(on60).not.toHaveBeenCalled();
    ticker.setOffset(30_000); // code time jumps to 60.1 s: everyone hears about it
    expect(on60).toHaveBeenCalledTimes(1);
    expect(ticker.phase(60).step).toBe(1);
  });

  it('stops its timer when the last row unsubscribes', () => {
    vi.useFakeTimers({ now: 0 });
    const ticker = new Ticker(() => Date.now());
    const off = ticker.subscribe(30, () => undefined);
    expect(vi.getTimerCount()).toBe(1);
    off();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('clipboard clearing', () => {
  it('clears only when the clipboard still holds our code', () => {
    expect(shouldClearClipboard({ current: '123456', code: '123456', lostFocus: true, copiedSince: true })).toBe(true);
    expect(shouldClearClipboard({ current: 'something else', code: '123456', lostFocus: false, copiedSince: false })).toBe(false);
  });

  it('when the clipboard cannot be read, clears only if nothing else can have written it', () => {
    expect(shouldClearClipboard({ current: null, code: '1', lostFocus: false, copiedSince: false })).toBe(true);
    expect(shouldClearClipboard({ current: null, code: '1', lostFocus: true, copiedSince: false })).toBe(false);
    expect(shouldClearClipboard({ current: null, code: '1', lostFocus: false, copiedSince: true })).toBe(false);
  });

  function fakeClipboard(readable = true) {
    let text = '';
    return {
      get text() {
        return text;
      },
      set text(v: string) {
        text = v;
      },
      io: {
        write: async (v: string) => void (text = v),
        read: async () => {
          if (!readable) throw new Error('denied');
          return text;
        },
      },
    };
  }

  it('clears the code after the delay', async () => {
    vi.useFakeTimers();
    const cb = fakeClipboard();
    const c = new ClipboardClearer(cb.io);
    await c.copy('123456', 30);
    expect(cb.text).toBe('123456');
    await vi.advanceTimersByTimeAsync(29_000);
    expect(cb.text).toBe('123456');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cb.text).toBe('');
  });

  it('leaves what the user copied afterwards', async () => {
    vi.useFakeTimers();
    const cb = fakeClipboard();
    const c = new ClipboardClearer(cb.io);
    await c.copy('123456', 30);
    cb.text = 'my notes';
    await vi.advanceTimersByTimeAsync(30_000);
    expect(cb.text).toBe('my notes');
  });

  it('does not clear an unreadable clipboard after the popup lost focus, and never when disabled', async () => {
    vi.useFakeTimers();
    const cb = fakeClipboard(false);
    const c = new ClipboardClearer(cb.io);
    await c.copy('123456', 30);
    c.noteBlur();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(cb.text).toBe('123456');
    await c.copy('654321', 0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('Lock clears a pending code at once, but only if the clipboard still holds it', async () => {
    vi.useFakeTimers();
    const cb = fakeClipboard();
    const c = new ClipboardClearer(cb.io);
    await c.copy('123456', 60);
    await c.clearNow();
    expect(cb.text).toBe('');
    expect(vi.getTimerCount()).toBe(0);
    await c.copy('654321', 60);
    cb.text = 'my notes';
    await c.clearNow();
    expect(cb.text).toBe('my notes');
    await c.copy('777777', 0); // never cleared by choice: Lock leaves it too
    await c.clearNow();
    expect(cb.text).toBe('777777');
  });

  it('a newer copy replaces the pending clear of the older one', async () => {
    vi.useFakeTimers();
    const cb = fakeClipboard();
    const c = new ClipboardClearer(cb.io);
    await c.copy('111111', 30);
    await vi.advanceTimersByTimeAsync(20_000);
    await c.copy('222222', 30);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(cb.text).toBe('222222');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(cb.text).toBe('');
  });
});

describe('undo slot', () => {
  it('offers an item for 10 seconds, once', () => {
    vi.useFakeTimers();
    const seen: Array<string | null> = [];
    const slot = new UndoSlot<string>((v) => seen.push(v));
    slot.offer('gh');
    vi.advanceTimersByTime(9_900);
    expect(slot.take()).toBe('gh');
    expect(slot.take()).toBeNull();
    slot.offer('aws');
    vi.advanceTimersByTime(10_000);
    expect(slot.current).toBeNull();
    expect(slot.take()).toBeNull();
    expect(seen).toEqual(['gh', null, null, 'aws', null, null]);
  });

  it('a new offer replaces the previous one', () => {
    vi.useFakeTimers();
    const slot = new UndoSlot<string>();
    slot.offer('a');
    vi.advanceTimersByTime(8_000);
    slot.offer('b');
    vi.advanceTimersByTime(8_000);
    expect(slot.take()).toBe('b');
  });

  it('stops the clock while paused (hovered or focused) and goes on with the time that was left', () => {
    vi.useFakeTimers();
    const slot = new UndoSlot<string>();
    slot.offer('a');
    vi.advanceTimersByTime(6_000);
    slot.pause();
    vi.advanceTimersByTime(60_000);
    expect(slot.current).toBe('a');
    slot.pause(); // a second pause (hover, then focus) changes nothing
    slot.resume();
    vi.advanceTimersByTime(3_900);
    expect(slot.current).toBe('a');
    vi.advanceTimersByTime(200);
    expect(slot.current).toBeNull();
    slot.resume(); // nothing offered: no effect
    expect(slot.current).toBeNull();
  });
});

describe('clock skew warning', () => {
  it('warns past 10 s of uncorrected skew and says which way', () => {
    expect(skewToFix(null, 0)).toBeNull();
    expect(skewToFix(9_000, 0)).toBeNull();
    expect(skewToFix(42_300, 0)).toEqual({ seconds: 42, behind: true });
    expect(skewToFix(-15_000, 0)).toEqual({ seconds: 15, behind: false });
    expect(skewToFix(42_300, 42_000)).toBeNull();
  });

  it('takes hosts only from web pages', () => {
    expect(hostOf('https://Console.AWS.amazon.com/x')).toBe('console.aws.amazon.com');
    expect(hostOf('chrome://extensions')).toBe('');
    expect(hostOf(undefined)).toBe('');
  });
});

describe('passphrase rules', () => {
  it('needs 8 characters and a matching confirmation', () => {
    expect(passphraseProblem('short', 'short')).toBe('short');
    expect(passphraseProblem('long enough', 'long enougH')).toBe('mismatch');
    expect(passphraseProblem('long enough', 'long enough')).toBeNull();
  });
});

describe('scanned or imported duplicates', () => {
  const existing = newAccount(makeDraft({ secret: SECRET, issuer: 'GitHub', label: 'alice', sites: ['https://github.com'] }), 1, 'old');
  const vault = [{ ...existing, pinned: true, autoSubmit: true }];

  it('turns a duplicate into an update of the existing account', () => {
    const incoming = newAccount(makeDraft({ secret: SECRET, issuer: 'GitHub', label: 'alice@new', sites: ['https://gist.github.com'] }), 2, 'new');
    const c = candidateFor(incoming, vault);
    expect(c.existing?.id).toBe('old');
    expect(c.account).toMatchObject({ id: 'old', label: 'alice@new', pinned: true, autoSubmit: true, created: 1 });
    expect(c.account.sites).toEqual(['https://github.com', 'https://gist.github.com']);
  });

  it('restores every field of a backup, keeping only the existing id', () => {
    const restored = { ...newAccount(makeDraft({ secret: SECRET, sites: ['https://x.test'] }), 5, 'backup'), pinned: false, autoSubmit: false };
    const c = candidateFor(restored, vault, true);
    expect(c.account).toEqual({ ...restored, id: 'old' });
  });

  it('leaves a new secret alone', () => {
    const other = account();
    expect(candidateFor(other, vault)).toEqual({ account: other });
  });
});
