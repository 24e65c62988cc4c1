// Ente Auth plain-text export: one otpauth:// URI per line (Ente's Code.rawData), with
// Ente's own `codeDisplay` parameter (URL-encoded JSON of display flags) appended;
// Steam accounts as otpauth://steam/.
import { ACCOUNTS, expected, otpauthUri } from '../lib.mjs';

const DISPLAY = encodeURIComponent(JSON.stringify({ pinned: false, trashed: false, lastUsedAt: 0, tapCount: 0, tags: [] }));

export function make() {
  const lines = ACCOUNTS.map((a) => `${otpauthUri(a)}&codeDisplay=${DISPLAY}`);
  return [{ file: 'ente-auth.txt', bytes: Buffer.from(lines.join('\n')), expected: ACCOUNTS.map((a) => expected(a)), note: 'Ente Auth plain export with codeDisplay' }];
}
