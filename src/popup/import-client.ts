/** Runs one import read in a fresh worker (src/popup/import-worker.ts); `cancel` ends it at once. */
import { startWorker } from './workers';
import type { ImportResult } from '../core/import/result';
import { OttoError } from '../core/errors';
import type { ImportJob, ImportReply } from './import-protocol';

export interface ImportRun {
  result: Promise<ImportResult>;
  cancel(): void;
}

export function readInWorker(job: ImportJob): ImportRun {
  const worker = startWorker('import-worker');
  let settle: ((r: ImportReply | null) => void) | undefined;
  const reply = new Promise<ImportReply | null>((resolve) => (settle = resolve));
  worker.addEventListener('message', (e: MessageEvent<ImportReply>) => settle?.(e.data));
  worker.addEventListener('error', () => settle?.({ ok: false, error: { code: 'generic' } }));
  worker.postMessage(job);
  const result = reply.then((r) => {
    worker.terminate();
    if (!r) throw new DOMException('Import cancelled.', 'AbortError');
    if (!r.ok) throw OttoError.fromInfo(r.error);
    return r.result;
  });
  return { result, cancel: () => settle?.(null) };
}
