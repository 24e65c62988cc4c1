// RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30 s) written independently of src/core,
// so the demo server is a second opinion on the codes Otto produces.
import { createHmac, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const STEP_SECONDS = 30;

/** @param {Uint8Array} bytes */
export function base32Encode(bytes) {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * Lenient like authenticator apps: case, spaces, dashes and padding are ignored.
 * @param {string} text
 * @returns {Buffer | null} null when the text is not base32
 */
export function base32Decode(text) {
  const clean = text.toUpperCase().replace(/[\s-]+/g, '').replace(/=+$/, '');
  const out = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** 20 random bytes, the size AWS and RFC 4226 recommend for SHA-1. */
export function randomSecret() {
  return base32Encode(randomBytes(20));
}

/** @param {number} ms Unix time in milliseconds */
export function timeStep(ms) {
  return Math.floor(ms / 1000 / STEP_SECONDS);
}

/**
 * @param {Buffer} key
 * @param {number} step
 */
export function codeAt(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/**
 * Time steps in [from, to] whose code equals `code`, oldest first.
 * @param {Buffer} key
 * @param {string} code
 * @param {number} from
 * @param {number} to
 */
export function matchingSteps(key, code, from, to) {
  const steps = [];
  for (let step = from; step <= to; step++) if (codeAt(key, step) === code) steps.push(step);
  return steps;
}

/**
 * AWS-style pairing check: the first step t in [from, to] with code1 = code(t)
 * and code2 = code(t + 1), or null.
 * @param {Buffer} key
 * @param {string} code1
 * @param {string} code2
 * @param {number} from
 * @param {number} to
 */
export function consecutiveStep(key, code1, code2, from, to) {
  for (const step of matchingSteps(key, code1, from, to)) {
    if (codeAt(key, step + 1) === code2) return step;
  }
  return null;
}
