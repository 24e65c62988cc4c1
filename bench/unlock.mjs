// Unlock: Argon2id derive + vault open with the default parameters, in the extension's
// service worker in headless Chromium, with 100 accounts; and the sealed vault's size.
// Run alone: node bench/unlock.mjs   (after npm run build)
import { performance } from 'node:perf_hooks';
import { accountWire, call, isMain, launch, median, printTable } from './lib.mjs';

export async function runUnlockBench({ runs = 5, accounts = 100, log = () => {} } = {}) {
  const passphrase = 'bench unlock passphrase 1';
  const b = await launch();
  const times = [];
  let sealedBytes;
  try {
    await call(b.popup, { type: 'setup', passphrase });
    await call(b.popup, { type: 'saveAccounts', accounts: Array.from({ length: accounts }, (_, i) => accountWire(i, [`https://site${i}.example.com`])) });
    const { vault } = await b.worker.evaluate(() => chrome.storage.local.get('vault'));
    sealedBytes = JSON.stringify(vault).length;
    for (let i = 0; i < runs + 1; i++) {
      await call(b.popup, { type: 'lock' });
      const t0 = performance.now();
      await call(b.popup, { type: 'unlock', passphrase });
      const ms = performance.now() - t0;
      if (i > 0) times.push(ms); // first unlock warms the worker's code paths
    }
    const listed = await call(b.popup, { type: 'accounts' });
    if (listed.length !== accounts) throw new Error(`expected ${accounts} accounts after unlock, got ${listed.length}`);
  } finally {
    await b.close();
  }
  log(`unlock: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
  return [
    {
      section: 'unlock',
      metric: `unlock round trip, ${accounts} accounts (Argon2id m=19456 KiB t=2 p=1 + open)`,
      value: `${median(times).toFixed(0)} ms`,
      note: `median of ${times.length} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); sendMessage from an extension page`,
    },
    { section: 'unlock', metric: `sealed vault size, ${accounts} accounts`, value: `${sealedBytes} B (${(sealedBytes / 1024).toFixed(1)} KB)`, note: 'JSON length of storage.local `vault`' },
  ];
}

if (isMain(import.meta.url)) {
  printTable(await runUnlockBench({ log: console.error }));
}
