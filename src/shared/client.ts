/** Typed request helper for extension pages (popup, capture). */
import browser from 'webextension-polyfill';
import { OttoError } from '../core/errors';
import type { PageRequest, PageResponses, Reply } from './messages';

export async function request<R extends PageRequest>(req: R): Promise<PageResponses[R['type']]> {
  const reply = (await browser.runtime.sendMessage(req)) as Reply<PageResponses[R['type']]> | undefined;
  if (!reply) throw new OttoError('noAnswer');
  if (!reply.ok) throw OttoError.fromInfo(reply.error);
  return reply.value;
}
