/** SHA-256 as hex: lets the popup name a copied code to the background without sending it. */
import { toHex, utf8 } from '../core/bytes';

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}
