/** Reads what Otto has stored, from its service worker: the extension origin's IndexedDB (or, before it, storage.local). */
import type { SealedVault } from '../../src/core/vault';
import { currentWorker, type Otto } from './harness';

/** The current sealed vault as stored. */
export async function storedVault(otto: Otto): Promise<SealedVault> {
  const worker = await currentWorker(otto);
  const found = await worker.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (dbs.some((d) => d.name === 'otto')) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('otto');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const value = await new Promise<unknown>((resolve, reject) => {
        const req = db.transaction('kv').objectStore('kv').get('vault');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      db.close();
      return value;
    }
    return (await chrome.storage.local.get('vault')).vault;
  });
  if (!found) throw new Error('No stored vault.');
  return found as SealedVault;
}
