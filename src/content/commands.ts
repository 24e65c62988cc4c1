/**
 * The content script's gate for commands from the background: exactly these shapes, or
 * the message is ignored. Only Otto's own background can reach this listener, but a
 * command is still checked before it is acted on (a stale background of an older
 * version, a bug) rather than trusted for whatever it carries.
 */
import type { ContentCommand } from '../shared/messages';

/** Invitation tokens are short base64url strings (the background checks their exact form when claimed). */
const TOKEN = /^[\w-]{1,64}$/;

export function parseCommand(message: unknown): ContentCommand | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const m = message as Record<string, unknown>;
  const keys = Object.keys(m).length;
  switch (m.type) {
    case 'detect':
    case 'requestFill':
    case 'rescan':
    case 'rearm':
      return keys === 1 ? { type: m.type } : null;
    case 'invite':
      return keys === 2 && typeof m.token === 'string' && TOKEN.test(m.token) ? { type: 'invite', token: m.token } : null;
    default:
      return null;
  }
}
