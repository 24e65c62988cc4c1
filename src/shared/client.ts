/** Typed request helper for extension pages (popup, capture). */
import browser from 'webextension-polyfill';
import type { ErrorCode, PageRequest, PageResponses, Reply } from './messages';

export class RequestError extends Error {
  constructor(message: string, readonly code?: ErrorCode) {
    super(message);
  }
}

export async function request<R extends PageRequest>(req: R): Promise<PageResponses[R['type']]> {
  const reply = (await browser.runtime.sendMessage(req)) as Reply<PageResponses[R['type']]> | undefined;
  if (!reply) throw new RequestError('Otto’s background service did not answer.');
  if (!reply.ok) throw new RequestError(reply.error, reply.code);
  return reply.value;
}
