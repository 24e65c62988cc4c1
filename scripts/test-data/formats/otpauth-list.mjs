// A plain list of otpauth:// URIs, one per line: what Aegis and WinAuth export as
// text (Key Uri Format, github.com/google/google-authenticator/wiki/Key-Uri-Format;
// Steam as `otpauth://steam/`, Aegis's extension of it).
import { ACCOUNTS, expected, otpauthUri } from '../lib.mjs';

export function make() {
  const lines = ACCOUNTS.map((a) => otpauthUri(a));
  return [{
    file: 'otpauth-list.txt',
    bytes: Buffer.from(lines.join('\n') + '\n'),
    expected: ACCOUNTS.map((a) => expected(a)),
    note: 'otpauth:// URIs, one per line (Aegis/WinAuth text export shape); otpauth://steam/ for Steam',
  }];
}
