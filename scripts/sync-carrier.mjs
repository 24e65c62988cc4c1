// The browser's sync service, played by tests and benches: it carries `storage.sync`
// between browser profiles the way Chrome Sync or Firefox Sync does. A change written on
// one profile is committed to a server copy (one value per key; the last commit wins) and
// written into every other online profile's `storage.sync`, where it fires
// `storage.onChanged` in Otto's background like a real delivery. An offline profile keeps
// its own writes and receives everything it missed in one batch when it comes back.
// Items are carried as opaque JSON; nothing is interpreted.

/** A Chromium profile, through one of Otto's extension pages (playwright Page, chrome.storage.sync). */
export function chromiumEndpoint(name, page) {
  return {
    name,
    read: () => page.evaluate(() => chrome.storage.sync.get(null)),
    async write(set, remove) {
      await page.evaluate(
        async ({ set, remove }) => {
          if (remove.length) await chrome.storage.sync.remove(remove);
          if (Object.keys(set).length) await chrome.storage.sync.set(set);
        },
        { set, remove },
      );
    },
    async watch(notify) {
      await page.exposeFunction('__ottoSyncChanged', notify);
      await page.evaluate(() =>
        chrome.storage.onChanged.addListener((_changes, area) => {
          if (area === 'sync') void globalThis.__ottoSyncChanged();
        }),
      );
    },
  };
}

/** A Firefox profile, through one of Otto's moz-extension:// pages (puppeteer Page, browser.storage.sync); polled. */
export function firefoxEndpoint(name, page) {
  return {
    name,
    read: () => page.evaluate(() => globalThis.browser.storage.sync.get(null)),
    async write(set, remove) {
      await page.evaluate(
        async (set, remove) => {
          if (remove.length) await globalThis.browser.storage.sync.remove(remove);
          if (Object.keys(set).length) await globalThis.browser.storage.sync.set(set);
        },
        set,
        remove,
      );
    },
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class SyncCarrier {
  /** @param endpoints profiles to carry between; @param pollMs how often profiles without `watch` are read */
  constructor(endpoints, pollMs = 200) {
    this.endpoints = endpoints;
    this.pollMs = pollMs;
    this.server = new Map();
    /** What each profile held when the carrier last read or wrote it. */
    this.seen = new Map(endpoints.map((e) => [e.name, new Map()]));
    this.offline = new Set();
    this.timer = null;
    this.running = null;
    this.again = false;
    /** Items delivered to profiles so far. */
    this.delivered = 0;
  }

  async start() {
    for (const e of this.endpoints) await e.watch?.(() => void this.cycle());
    this.timer = setInterval(() => void this.cycle(), this.pollMs);
    await this.cycle();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  setOffline(name, offline) {
    if (offline) this.offline.add(name);
    else this.offline.delete(name);
  }

  /** One full cycle: read every online profile, commit its changes, deliver. Coalesces calls. */
  cycle() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.once();
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Runs cycles until two in a row carry nothing. */
  async settle() {
    for (;;) {
      const before = this.delivered;
      await this.cycle();
      await this.cycle();
      if (this.delivered === before) return;
    }
  }

  serverItems() {
    return Object.fromEntries(this.server);
  }

  /**
   * Writes a delivery, removals first (a bucket rewritten under new keys must not count
   * twice). The profile's quota applies to these writes: when two profiles wrote near the
   * quota at once, their union may not fit yet; what fits is written one item at a time and
   * the rest is left for a later cycle, after the profiles' own removals.
   */
  async deliver(e, set, remove) {
    try {
      await e.write(set, remove);
      return Object.keys(set);
    } catch (err) {
      if (!/quota/i.test(String(err))) throw err;
      const written = [];
      for (const [key, value] of Object.entries(set)) {
        try {
          await e.write({ [key]: value }, []);
          written.push(key);
        } catch (one) {
          if (!/quota/i.test(String(one))) throw one;
        }
      }
      return written;
    }
  }

  async once() {
    const online = this.endpoints.filter((e) => !this.offline.has(e.name));
    for (const e of online) {
      const now = await e.read();
      const seen = this.seen.get(e.name);
      for (const key of new Set([...Object.keys(now), ...seen.keys()])) {
        if (same(now[key], seen.get(key))) continue;
        if (key in now) this.server.set(key, now[key]);
        else this.server.delete(key);
      }
      this.seen.set(e.name, new Map(Object.entries(now)));
    }
    for (const e of online) {
      const seen = this.seen.get(e.name);
      const set = {};
      const remove = [];
      for (const [key, value] of this.server) if (!same(seen.get(key), value)) set[key] = value;
      for (const key of seen.keys()) if (!this.server.has(key)) remove.push(key);
      if (Object.keys(set).length === 0 && remove.length === 0) continue;
      const written = await this.deliver(e, set, remove);
      for (const key of remove) seen.delete(key);
      for (const key of written) seen.set(key, set[key]);
      this.delivered += written.length + remove.length;
    }
  }
}
