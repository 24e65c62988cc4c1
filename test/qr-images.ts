// Deterministic synthetic screen captures with QR codes, shared by test/qr-decode.test.ts
// and bench/qr.mjs. Everything is drawn in gray and expanded to RGBA at the end.
import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import qrcode from 'qrcode-generator';

export interface Rgba {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export type EcLevel = 'L' | 'M' | 'Q' | 'H';
export type Encoder = 'qrencode' | 'qrcode-generator';
export type Background = 'white' | 'noisy' | 'dark';

export interface CodeSpec {
  payload: string;
  encoder: Encoder;
  ec: EcLevel;
  moduleSize: number;
  /** Light modules on a dark quiet zone, as dark-mode pages draw them. */
  inverted?: boolean;
  /** Degrees; bilinear, so edges get anti-aliased like a scaled screenshot. */
  angle?: number;
}

export interface FrameSpec {
  width: number;
  height: number;
  background: Background;
  codes: CodeSpec[];
  /** Box blur of radius 1 over the whole frame. */
  blur?: boolean;
  seed: number;
}

export interface Frame extends Rgba {
  /** Payloads in reading order (codes are laid out on a grid, rows never overlap). */
  expected: string[];
}

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to make the corpus reproducible. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function otpauthUri(r: Rng): string {
  let secret = '';
  for (let i = 0; i < 32; i++) secret += BASE32[int(r, 0, 31)];
  const account = String(int(r, 100000000, 999999999)) + String(int(r, 100, 999));
  return `otpauth://totp/Demo%20Cloud:alice@${account}?secret=${secret}&issuer=Demo%20Cloud`;
}

/** Same shape as a Google Authenticator export: base64 protobuf, URL-escaped. */
export function migrationUri(r: Rng): string {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let data = '';
  for (let i = 0; i < 220; i++) data += b64[int(r, 0, 63)];
  return `otpauth-migration://offline?data=${encodeURIComponent(data)}`;
}

export function urlPayload(r: Rng): string {
  return `https://example.com/enroll?token=${Math.floor(r() * 1e12).toString(36)}`;
}

interface Tile {
  gray: Uint8Array;
  width: number;
  height: number;
}

const QUIET = 4;

function encodeTile(spec: CodeSpec): Tile {
  const s = spec.moduleSize;
  let tile: Tile;
  if (spec.encoder === 'qrencode') {
    const png = PNG.sync.read(
      execFileSync('qrencode', ['-o', '-', '-s', String(s), '-m', String(QUIET), '-l', spec.ec, spec.payload]),
    );
    const gray = new Uint8Array(png.width * png.height);
    for (let i = 0; i < gray.length; i++) gray[i] = png.data[i * 4 + 1]!;
    tile = { gray, width: png.width, height: png.height };
  } else {
    const qr = qrcode(0, spec.ec);
    qr.addData(spec.payload);
    qr.make();
    const n = qr.getModuleCount();
    const size = (n + 2 * QUIET) * s;
    const gray = new Uint8Array(size * size).fill(255);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (!qr.isDark(r, c)) continue;
        for (let y = 0; y < s; y++) gray.fill(0, ((r + QUIET) * s + y) * size + (c + QUIET) * s, ((r + QUIET) * s + y) * size + (c + QUIET + 1) * s);
      }
    }
    tile = { gray, width: size, height: size };
  }
  if (spec.inverted) {
    // Dark-mode palette rather than pure black/white.
    for (let i = 0; i < tile.gray.length; i++) tile.gray[i] = tile.gray[i]! < 128 ? 232 : 28;
  }
  return tile;
}

/** Bounding size of the tile once rotated. */
function rotatedSize(t: Tile, angle: number): [number, number] {
  const a = (angle * Math.PI) / 180;
  const c = Math.abs(Math.cos(a));
  const s = Math.abs(Math.sin(a));
  return [Math.ceil(t.width * c + t.height * s), Math.ceil(t.width * s + t.height * c)];
}

/** Draws the tile rotated about its centre with its bounding box at (x0, y0); bilinear sampling. */
function drawRotated(canvas: Uint8Array, cw: number, t: Tile, angle: number, x0: number, y0: number): void {
  const [bw, bh] = rotatedSize(t, angle);
  const a = (angle * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const tcx = (t.width - 1) / 2;
  const tcy = (t.height - 1) / 2;
  const bcx = (bw - 1) / 2;
  const bcy = (bh - 1) / 2;
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const dx = x - bcx;
      const dy = y - bcy;
      const sx = cos * dx + sin * dy + tcx;
      const sy = -sin * dx + cos * dy + tcy;
      if (sx < 0 || sy < 0 || sx > t.width - 1 || sy > t.height - 1) continue;
      const ix = Math.min(Math.floor(sx), t.width - 2);
      const iy = Math.min(Math.floor(sy), t.height - 2);
      const fx = sx - ix;
      const fy = sy - iy;
      const i = iy * t.width + ix;
      const g = t.gray;
      const top = g[i]! * (1 - fx) + g[i + 1]! * fx;
      const bottom = g[i + t.width]! * (1 - fx) + g[i + t.width + 1]! * fx;
      canvas[(y0 + y) * cw + x0 + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
}

function fillRect(canvas: Uint8Array, cw: number, x: number, y: number, w: number, h: number, v: number): void {
  for (let yy = y; yy < y + h; yy++) canvas.fill(v, yy * cw + x, yy * cw + x + w);
}

/** Panels with lines of word-like rectangles: the text-ish clutter of a real screen. */
function drawFakeUi(canvas: Uint8Array, w: number, h: number, r: Rng, panel: number, ink: number): void {
  const panels = int(r, 3, 6);
  for (let p = 0; p < panels; p++) {
    const pw = int(r, Math.floor(w / 6), Math.floor(w / 3));
    const ph = int(r, Math.floor(h / 6), Math.floor(h / 3));
    const px = int(r, 0, w - pw);
    const py = int(r, 0, h - ph);
    fillRect(canvas, w, px, py, pw, ph, panel);
    const lineH = int(r, 8, 14);
    for (let ly = py + 10; ly + lineH < py + ph - 10; ly += lineH + int(r, 6, 12)) {
      for (let lx = px + 10; lx < px + pw - 60; ) {
        const word = int(r, 4, 50);
        fillRect(canvas, w, lx, ly, Math.min(word, px + pw - 10 - lx), lineH, ink);
        lx += word + int(r, 3, 8);
      }
    }
  }
}

function boxBlur(src: Uint8Array, w: number, h: number): Uint8Array {
  const tmp = new Uint8Array(src.length);
  const out = new Uint8Array(src.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const l = src[row + Math.max(x - 1, 0)]!;
      const rr = src[row + Math.min(x + 1, w - 1)]!;
      tmp[row + x] = Math.round((l + src[row + x]! + rr) / 3);
    }
  }
  for (let y = 0; y < h; y++) {
    const up = Math.max(y - 1, 0) * w;
    const down = Math.min(y + 1, h - 1) * w;
    for (let x = 0; x < w; x++) out[y * w + x] = Math.round((tmp[up + x]! + tmp[y * w + x]! + tmp[down + x]!) / 3);
  }
  return out;
}

function paintBackground(canvas: Uint8Array, w: number, h: number, bg: Background, r: Rng): void {
  if (bg === 'white') {
    canvas.fill(255);
  } else if (bg === 'dark') {
    canvas.fill(32);
    drawFakeUi(canvas, w, h, r, 48, 200);
  } else {
    for (let i = 0; i < canvas.length; i++) canvas[i] = 80 + Math.floor(r() * 140);
    drawFakeUi(canvas, w, h, r, 245, 40);
  }
}

export function renderFrame(spec: FrameSpec): Frame {
  const { width: w, height: h } = spec;
  const r = rng(spec.seed);
  const canvas = new Uint8Array(w * h);
  paintBackground(canvas, w, h, spec.background, r);

  // Grid layout with bounded jitter so the reading order is unambiguous.
  const n = spec.codes.length;
  const cols = Math.ceil(Math.sqrt(n * (w / h)));
  const rows = Math.ceil(n / cols);
  const cellW = Math.floor(w / cols);
  const cellH = Math.floor(h / rows);
  spec.codes.forEach((code, k) => {
    const tile = encodeTile(code);
    const angle = code.angle ?? 0;
    const [bw, bh] = rotatedSize(tile, angle);
    if (bw > cellW || bh > cellH) throw new Error(`code ${k} (${bw}x${bh}) does not fit a ${cellW}x${cellH} cell`);
    const jx = Math.floor((cellW - bw) / 2);
    const jy = Math.min(Math.floor((cellH - bh) / 2), Math.floor(bh / 3));
    const x0 = (k % cols) * cellW + jx + int(r, -jx, jx);
    const y0 = Math.floor(k / cols) * cellH + Math.floor((cellH - bh) / 2) + int(r, -jy, jy);
    drawRotated(canvas, w, tile, angle, x0, y0);
  });

  const gray = spec.blur ? boxBlur(canvas, w, h) : canvas;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, j = 0; i < gray.length; i++, j += 4) {
    data[j] = data[j + 1] = data[j + 2] = gray[i]!;
    data[j + 3] = 255;
  }
  return { data, width: w, height: h, expected: spec.codes.map((c) => c.payload) };
}

/** Reads a PNG file into RGBA. */
export function readPng(bytes: Buffer): Rgba {
  const png = PNG.sync.read(bytes);
  return { data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height };
}
