/**
 * The popup's workers are entries of the extension's own build (vite.config.ts, WORKERS),
 * so they share chunks with the background and the popup instead of carrying their own
 * copies of jsQR, tldts and hash-wasm. Their files have fixed names, started by path.
 */
export type WorkerName = 'import-worker' | 'image-qr-worker';

export function startWorker(name: WorkerName): Worker {
  return new Worker(`/assets/${name}.js`, { type: 'module' });
}
