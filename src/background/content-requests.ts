/**
 * The background's gate for content-script requests: every request is checked for shape,
 * types and ranges before any handler sees it, and anything else is refused. Like uBlock
 * Origin, privilege is decided per channel (a content script can only ever ask about its
 * own frame, identified by the browser's sender record), and a message body is never
 * trusted for more than the few numbers and the token below.
 */
import type { ContentRequest } from '../shared/messages';

/** A one-time invitation token (fill.ts): 128 random bits, base64url. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** More code fields than any sign-in form has: a larger count is not a real report. */
export const MAX_FIELDS = 64;
/** Region rectangles are CSS pixels of one viewport. */
const MAX_CSS_PX = 100_000;

type Check = (v: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_FIELDS;
const token: Check = (v) => typeof v === 'string' && TOKEN_PATTERN.test(v);
const px: Check = (v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_CSS_PX;
const size: Check = (v) => px(v) && (v as number) >= 0;
const region: Check = (v) =>
  v === null ||
  (isObject(v) &&
    exactKeys(v, { x: px, y: px, width: size, height: size, scale: (s) => typeof s === 'number' && s >= 0.25 && s <= 16 }));

function exactKeys(v: Record<string, unknown>, fields: Record<string, Check>): boolean {
  const keys = Object.keys(v);
  return keys.length === Object.keys(fields).length && keys.every((k) => Object.hasOwn(fields, k) && fields[k]!(v[k]));
}

const SHAPES: { [K in ContentRequest['type']]: Record<string, Check> } = {
  fieldsFound: { count },
  userFill: { count },
  claim: { token },
  regionSelected: { region },
};

/** The request, if it is exactly one of the content requests; null otherwise. */
export function parseContentRequest(message: unknown): ContentRequest | null {
  if (!isObject(message) || typeof message.type !== 'string' || !Object.hasOwn(SHAPES, message.type)) return null;
  const { type, ...rest } = message;
  return exactKeys(rest, SHAPES[type as ContentRequest['type']]) ? (message as ContentRequest) : null;
}
