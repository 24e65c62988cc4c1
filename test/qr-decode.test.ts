import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { decodeQrCodes } from '../src/capture/decode';
import {
  migrationUri,
  otpauthUri,
  readPng,
  renderFrame,
  rng,
  urlPayload,
  type Background,
  type CodeSpec,
  type EcLevel,
  type FrameSpec,
} from './qr-images';

const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };
const ECS: EcLevel[] = ['L', 'M', 'Q', 'H'];
const BACKGROUNDS: Background[] = ['white', 'noisy', 'dark'];
const payloads = rng(42);
const PAYLOADS = [otpauthUri, urlPayload, migrationUri];

let n = 0;
/** A code with the next payload kind, EC level and encoder in rotation. */
function code(moduleSize: number, extra: Partial<CodeSpec> = {}): CodeSpec {
  n++;
  return {
    payload: PAYLOADS[n % 3]!(payloads),
    encoder: n % 2 ? 'qrencode' : 'qrcode-generator',
    ec: ECS[n % 4]!,
    moduleSize,
    ...extra,
  };
}

type Case = [name: string, spec: FrameSpec];
const cases: Case[] = [];
const frame = (name: string, spec: Omit<FrameSpec, 'seed'>): void => {
  cases.push([name, { ...spec, seed: cases.length + 1 }]);
};

for (let m = 2; m <= 10; m++) {
  const background = BACKGROUNDS[m % 3]!;
  frame(`one code, ${m}px modules, ${background}`, { ...HD, background, codes: [code(m)] });
}
for (const m of [3, 5, 8]) frame(`inverted on dark, ${m}px`, { ...HD, background: 'dark', codes: [code(m, { inverted: true })] });
for (const [m, angle] of [[3, 5], [4, -5], [6, 3], [9, -4]] as const) {
  frame(`rotated ${angle}°, ${m}px`, { ...HD, background: m % 2 ? 'noisy' : 'white', codes: [code(m, { angle })] });
}
for (const m of [4, 5, 7]) frame(`blurred, ${m}px`, { ...HD, background: 'noisy', blur: true, codes: [code(m)] });
frame('rotated and blurred, 4px', { ...HD, background: 'white', blur: true, codes: [code(4, { angle: 4 })] });
frame('rotated inverted, 6px', { ...HD, background: 'dark', codes: [code(6, { angle: -3, inverted: true })] });
frame('two codes', { ...HD, background: 'white', codes: [code(4), code(6)] });
frame('three codes, mixed sizes', { ...HD, background: 'noisy', codes: [code(2), code(3), code(5)] });
frame('four codes, mixed polarity', {
  ...HD,
  background: 'dark',
  codes: [code(3), code(4, { inverted: true }), code(5, { angle: 2 }), code(3, { inverted: true })],
});
frame('four codes, same size', { ...HD, background: 'white', codes: [code(4), code(4), code(4), code(4)] });
for (const background of BACKGROUNDS) frame(`no code, ${background}`, { ...HD, background, codes: [] });
frame('4K, three codes', { ...UHD, background: 'noisy', codes: [code(2), code(6), code(10)] });
frame('4K, inverted on dark', { ...UHD, background: 'dark', codes: [code(4, { inverted: true })] });

// Correctness, not speed (bench/qr.mjs times it): 4K frames take seconds on a loaded 2-core machine.
describe('decodeQrCodes on synthetic captures', { timeout: 60_000 }, () => {
  it.each(cases)('%s', (_, spec) => {
    const f = renderFrame(spec);
    // Exact list: every payload, nothing invented, in reading order.
    expect(decodeQrCodes(f)).toEqual(f.expected);
  });

  it('reports each payload once even when it is shown twice', () => {
    const twin = code(4);
    const f = renderFrame({ ...HD, background: 'white', seed: 7, codes: [twin, { ...twin, moduleSize: 6 }] });
    expect(decodeQrCodes(f)).toEqual([twin.payload]);
  });

  it('finds everything full-frame jsQR finds', () => {
    for (const [, spec] of cases.filter((_, i) => i % 6 === 0)) {
      const f = renderFrame(spec);
      const baseline = jsQR(f.data, f.width, f.height);
      if (baseline) expect(decodeQrCodes(f)).toContain(baseline.data);
    }
  }, 60_000);

  it('leaves the input untouched', () => {
    const f = renderFrame(cases[0]![1]);
    const before = f.data.slice();
    decodeQrCodes(f);
    // Buffer comparison: a deep equal over 8 M elements takes a minute.
    expect(Buffer.from(f.data.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('decodes arbitrary ASCII payloads anywhere in a frame', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 32, max: 126 }), { minLength: 1, maxLength: 120 }).map((cs) => String.fromCharCode(...cs)),
        fc.integer({ min: 2, max: 8 }),
        fc.constantFrom<Background>('white', 'noisy', 'dark'),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (payload, moduleSize, background, inverted, seed) => {
          const f = renderFrame({
            width: 1280,
            height: 720,
            background,
            seed,
            codes: [{ payload, encoder: 'qrcode-generator', ec: 'M', moduleSize, inverted }],
          });
          expect(decodeQrCodes(f)).toEqual([payload]);
        },
      ),
      { numRuns: 12, seed: 1 },
    );
  });
});

describe('decodeQrCodes on test images (test/data/qr, made by scripts/test-data/qr.mjs)', () => {
  const dir = path.resolve(__dirname, 'data/qr');
  const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<string, { texts: string[] }>;

  it('reads the Google Authenticator export from a phone screenshot', () => {
    const png = readPng(readFileSync(path.join(dir, 'google-export-screenshot.png')));
    const [uri] = expected['google-export-screenshot.png']!.texts;
    expect(uri!.startsWith('otpauth-migration://offline?data=')).toBe(true);
    expect(decodeQrCodes(png)).toEqual([uri]);
  });

  it('reads a non-OTP code, as full-frame jsQR does', () => {
    const png = readPng(readFileSync(path.join(dir, 'not-otp.png')));
    const baseline = jsQR(png.data, png.width, png.height);
    expect(baseline?.data).toBe(expected['not-otp.png']!.texts[0]);
    expect(decodeQrCodes(png)).toEqual([baseline!.data]);
  });
});
