/** The popup ⇄ import worker messages. Errors cross as ErrorInfo (structured clone drops classes). */
import { type ErrorInfo, OttoError } from '../core/errors';
import type { ImportResult } from '../core/import/result';

export interface ImportJob {
  source: { name: string; bytes: Uint8Array };
  password?: string;
}

export type ImportReply = { ok: true; result: ImportResult } | { ok: false; error: ErrorInfo };

/** An unknown error's text may hold anything: only Otto's own errors cross, others become `generic`. */
export function describeError(e: unknown): ErrorInfo {
  return e instanceof OttoError ? e.toInfo() : { code: 'generic' };
}
