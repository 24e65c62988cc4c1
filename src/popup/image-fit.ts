/**
 * Import from a picture: the QR codes in a PNG/JPEG/WebP screenshot, read with Otto's own decoder (src/capture).
 * The pure parts; the decoding runs in image-qr.worker.ts.
 */

/** Decoding cost grows with the pixels: a bigger image is scaled down to this many first (a 4K screenshot is 8.3 M). */
export const MAX_PIXELS = 8_500_000;

/** The size an image is decoded at: its own, or scaled down to MAX_PIXELS keeping its shape. */
export function fitWithin(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, Math.sqrt(MAX_PIXELS / Math.max(1, width * height)));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

const MAGIC: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
];

/** Recognised by content, like every import: a picture named backup.json is still a picture. */
export function isImage(bytes: Uint8Array): boolean {
  if (MAGIC.some((m) => m.every((b, i) => bytes[i] === b))) return true;
  // WebP: "RIFF" size "WEBP".
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  return bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP';
}

/** The lines of the decoded codes an authenticator can use; the rest is named so the user knows what the image held. */
export function otpLines(texts: readonly string[]): { lines: string[]; other: string[] } {
  const lines = texts.filter((x) => /^(otpauth|otpauth-migration):\/\//i.test(x.trim()));
  return { lines, other: texts.filter((x) => !lines.includes(x)) };
}
