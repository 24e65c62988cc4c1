// Sync (issue 17): two Chromium profiles whose storage.sync the bench carries between
// them as the sync service does (scripts/sync-carrier.mjs). Bytes of storage.sync per
// account, the time of a merge round with 200 accounts, and the time from a change on
// A to the account being listed on B.
// Run alone: node bench/sync.mjs   (after npm run build)
import { performance } from 'node:perf_hooks';
import { SyncCarrier, chromiumEndpoint } from '../scripts/sync-carrier.mjs';
import { call, isMain, launch, median, printTable, randomSecret, sleep } from './lib.mjs';

const PASS = 'bench sync passphrase 1';
const QUOTA = 102_400;
const MARGIN = 2_048;

/** A realistic account: an issuer of a handful, an e-mail label, its https site. */
function account(i) {
  const issuers = ['GitHub', 'Amazon Web Services', 'Google', 'Microsoft', 'GitLab', 'Okta', 'Cloudflare', 'DigitalOcean'];
  const issuer = issuers[i % issuers.length];
  const now = Date.now();
  return {
    id: crypto.randomUUID(), type: 'totp', issuer, label: `person${i}@company-${i % 7}.example`, secret: randomSecret(),
    algorithm: 'SHA1', digits: 6, period: 30, counter: 0, sites: [`https://${issuer.toLowerCase().replace(/[^a-z]/g, '')}.com`],
    created: now, updated: now, pinned: false, autoSubmit: false,
  };
}

async function until(what, probe, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe().catch(() => null);
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function carrierPage(b) {
  const page = await b.context.newPage();
  await page.goto(b.popup.url());
  return page;
}

export async function runSyncBench({ accounts = 200, changes = 11, log = () => {} } = {}) {
  const a = await launch();
  const b = await launch();
  let carrier;
  try {
    carrier = new SyncCarrier([chromiumEndpoint('A', await carrierPage(a)), chromiumEndpoint('B', await carrierPage(b))]);
    await carrier.start();
    await call(a.popup, { type: 'setup', passphrase: PASS });
    await call(a.popup, { type: 'saveAccounts', accounts: Array.from({ length: accounts }, (_, i) => account(i)) });
    await call(a.popup, { type: 'syncEnable', passphrase: PASS });
    await until('A to write every account', async () => {
      const s = await call(a.popup, { type: 'syncStatus' });
      return s.state === 'ok' && s.unsynced === 0 && s.bytes > 0;
    });
    await carrier.settle();
    const bytes = await a.popup.evaluate(() => chrome.storage.sync.getBytesInUse(null));
    const items = Object.keys(await a.popup.evaluate(() => chrome.storage.sync.get(null))).length;
    log(`sync: ${bytes} B in ${items} items for ${accounts} accounts`);

    // Joining B: one round reads, opens and merges all 200 accounts and saves B's vault.
    const t0 = performance.now();
    await call(b.popup, { type: 'syncJoin', passphrase: PASS });
    const joinMs = performance.now() - t0;
    const joined = await call(b.popup, { type: 'syncStatus' });
    if ((await call(b.popup, { type: 'accounts' })).length !== accounts) throw new Error('B did not get every account');

    // A change on A until it is listed on B; B's round for it is the merge time with 200 accounts.
    const latency = [];
    const stages = { written: [], delivered: [] };
    const rounds = [];
    const list = await call(a.popup, { type: 'accounts' });
    // When storage.sync first changes after the save: on A (A's round wrote) and on B (the carrier delivered).
    const firstChange = (page) =>
      page.evaluate(
        () =>
          new Promise((resolve) => {
            const seen = (_c, area) => {
              if (area !== 'sync') return;
              chrome.storage.onChanged.removeListener(seen);
              resolve(Date.now());
            };
            chrome.storage.onChanged.addListener(seen);
          }),
      );
    for (let i = 0; i < changes; i++) {
      const edited = { ...list[i], label: `renamed ${i} ${Date.now()}` };
      const onA = firstChange(a.popup);
      const onB = firstChange(b.popup);
      await sleep(50); // the listeners are in place
      const started = Date.now();
      const start = performance.now();
      await call(a.popup, { type: 'saveAccounts', accounts: [edited] });
      await until('the change on B', async () => (await call(b.popup, { type: 'accounts' })).some((x) => x.id === edited.id && x.label === edited.label));
      const ms = performance.now() - start;
      if (i > 0) {
        // the first one warms the workers' code paths
        latency.push(ms);
        stages.written.push((await onA) - started);
        stages.delivered.push((await onB) - started);
      }
      rounds.push((await call(b.popup, { type: 'syncStatus' })).lastRoundMs);
      await sleep(2_100); // stay within Chrome's write limits (Otto spaces its writes anyway)
    }
    log(`sync: A→B ${latency.map((t) => t.toFixed(0)).join(' ')} ms; written on A ${stages.written.join(' ')}; on B ${stages.delivered.join(' ')}; B rounds ${rounds.join(' ')} ms`);
    const perAccount = bytes / accounts;
    return [
      {
        section: 'sync',
        metric: `storage.sync bytes, ${accounts} accounts`,
        value: `${bytes} B (${perAccount.toFixed(0)} B/account)`,
        note: `${items} items, ${((100 * bytes) / QUOTA).toFixed(0)} % of Chrome's 102,400 B; about ${Math.floor((QUOTA - MARGIN) / perAccount)} accounts fit (getBytesInUse)`,
      },
      {
        section: 'sync',
        metric: `merge round on B, ${accounts} accounts (one changed)`,
        value: `${median(rounds.slice(1))} ms`,
        note: `median of ${rounds.length - 1}; read + open 16 buckets + merge + save, in the service worker`,
      },
      {
        section: 'sync',
        metric: `join: B merges ${accounts} new accounts`,
        value: `${joined.lastRoundMs} ms round (${joinMs.toFixed(0)} ms with the passphrase)`,
        note: 'once; the passphrase costs one Argon2id run',
      },
      {
        section: 'sync',
        metric: 'change on A → listed on B',
        value: `${median(latency).toFixed(0)} ms`,
        note: `median of ${latency.length} (min ${Math.min(...latency).toFixed(0)}, max ${Math.max(...latency).toFixed(0)}); written to A's storage.sync after ${median(stages.written).toFixed(0)} ms, delivered to B's by the test carrier after ${median(stages.delivered).toFixed(0)} ms (medians); includes 2 × 250 ms debounce`,
      },
    ];
  } finally {
    await carrier?.stop();
    await a.close();
    await b.close();
  }
}

if (isMain(import.meta.url)) {
  printTable(await runSyncBench({ log: console.error }));
}
