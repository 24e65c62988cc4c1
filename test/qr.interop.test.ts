/** QR decoding of real screenshots from the real-export corpus (../shared/interop; see test/interop.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { decodeQrCodes } from '../src/capture/decode';
import { INTEROP, interopPresent } from './interop';
import { readPng } from './qr-images';

describe.runIf(interopPresent)('decodeQrCodes on real screenshots', () => {
  const dir = path.join(INTEROP, 'google_migration');

  it('reads the Google Authenticator export', () => {
    const png = readPng(readFileSync(path.join(dir, 'example_export.png')));
    const expected = readFileSync(path.join(dir, 'example_export_png_decoded.txt'), 'utf8').trim();
    expect(expected.startsWith('otpauth-migration://offline?data=')).toBe(true);
    expect(decodeQrCodes(png)).toEqual([expected]);
  });

  it('reads a non-OTP code the way full-frame jsQR does', () => {
    const png = readPng(readFileSync(path.join(dir, 'qr_but_without_otp.png')));
    const baseline = jsQR(png.data, png.width, png.height);
    expect(baseline).not.toBeNull();
    expect(decodeQrCodes(png)).toEqual([baseline!.data]);
  });
});
