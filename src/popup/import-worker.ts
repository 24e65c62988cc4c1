/**
 * Reads an import file off the popup's main thread: parsing and key derivation (Argon2id,
 * scrypt, PBKDF2) of src/core/import run here, so even the costliest file a format allows
 * leaves the popup responsive, and Cancel simply ends this worker.
 */
import { importBackup } from '../core/import';
import { type ImportJob, type ImportReply, describeError } from './import-protocol';

addEventListener('message', (e: MessageEvent<ImportJob>) => {
  const { source, password } = e.data;
  importBackup(source, password).then(
    (result) => postMessage({ ok: true, result } satisfies ImportReply),
    (error: unknown) => postMessage({ ok: false, error: describeError(error) } satisfies ImportReply),
  );
});
