// Finds every QR code in a screen capture. Full-frame jsQR costs ~300 ms on 1080p and stops at
// the first code, so we locate finder patterns ourselves and hand jsQR only tight crops.
import jsQR from 'jsqr';
import { ROW_STEP, binarize, luma, type RgbaImage } from './binarize';
import { findFinders, groupFinders, type Finder } from './locate';

export type { RgbaImage };

/** Full-frame jsQR (both polarities) is only a cheap safety net on images this small. */
const FULL_FRAME_MAX_PIXELS = 600_000;
/** Quiet zone kept around a crop, in modules, beyond the finder's outer edge. */
const MARGIN = 4;
/** Crops are box-downscaled until modules are about this many pixels: jsQR time ∝ area. */
const TARGET_MODULE = 4;
/** Pair searches use big crops; beyond a few the frame is noise, not missed codes. */
const PAIR_ATTEMPTS = 4;

interface Found {
  text: string;
  /** Bounding box in frame pixels. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function decodeQrCodes(image: RgbaImage): string[] {
  const finders = findFinders(binarize(image));
  const found: Found[] = [];
  const used = new Set<Finder>();
  const consume = (hit: Found): void => {
    found.push(hit);
    for (const f of finders) if (f.x >= hit.x0 && f.x <= hit.x1 && f.y >= hit.y0 && f.y <= hit.y1) used.add(f);
  };

  for (const t of groupFinders(finders)) {
    if (used.has(t.corner) || used.has(t.a) || used.has(t.b)) continue;
    // The fourth corner completes the parallelogram; pad by half a finder plus the quiet zone.
    const xs = [t.corner.x, t.a.x, t.b.x, t.a.x + t.b.x - t.corner.x];
    const ys = [t.corner.y, t.a.y, t.b.y, t.a.y + t.b.y - t.corner.y];
    const pad = (3.5 + MARGIN) * t.moduleSize;
    const box = { x0: Math.min(...xs) - pad, y0: Math.min(...ys) - pad, x1: Math.max(...xs) + pad, y1: Math.max(...ys) + pad };
    const hit = decodeRegion(image, box, t.moduleSize, t.corner.inverted);
    if (hit) consume(hit);
  }

  // Two finders of a code whose third was missed: search a square that holds any completion.
  let attempts = PAIR_ATTEMPTS;
  for (const [p, q] of pairs(finders.filter((f) => !used.has(f) && wellSupported(f)))) {
    if (attempts-- === 0) break;
    if (used.has(p) || used.has(q)) continue;
    const m = (p.moduleSize + q.moduleSize) / 2;
    const r = 1.12 * Math.hypot(p.x - q.x, p.y - q.y) + (3.5 + MARGIN) * m;
    const cx = (p.x + q.x) / 2;
    const cy = (p.y + q.y) / 2;
    const hit = decodeRegion(image, { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r }, m, p.inverted);
    if (hit) consume(hit);
  }

  if (found.length === 0 && image.width * image.height <= FULL_FRAME_MAX_PIXELS) {
    const code = jsQR(image.data, image.width, image.height);
    if (code) found.push(boxOf(code.data, code.location, 0, 0, 1));
  }
  return readingOrder(found);
}

/**
 * A real finder is crossed by about 3·moduleSize / ROW_STEP scan rows; texture that happens
 * to look like one is hit once or twice.
 */
function wellSupported(f: Finder): boolean {
  return f.hits >= Math.max(2, (0.4 * 3 * f.moduleSize) / ROW_STEP);
}

/** Same-polarity pairs at a plausible finder distance, best supported first. */
function pairs(fs: Finder[]): [Finder, Finder][] {
  const out: [Finder, Finder][] = [];
  for (let i = 0; i < fs.length; i++) {
    for (let j = i + 1; j < fs.length; j++) {
      const p = fs[i]!;
      const q = fs[j]!;
      const m = (p.moduleSize + q.moduleSize) / 2;
      const d = Math.hypot(p.x - q.x, p.y - q.y) / m;
      if (p.inverted !== q.inverted || d < 13 || d > 250) continue;
      if (Math.max(p.moduleSize, q.moduleSize) > 1.6 * Math.min(p.moduleSize, q.moduleSize)) continue;
      out.push([p, q]);
    }
  }
  const support = ([p, q]: [Finder, Finder]): number => p.hits / p.moduleSize + q.hits / q.moduleSize;
  return out.sort((a, b) => support(b) - support(a));
}

function decodeRegion(image: RgbaImage, box: Box, moduleSize: number, inverted: boolean): Found | undefined {
  const x0 = Math.max(0, Math.floor(box.x0));
  const y0 = Math.max(0, Math.floor(box.y0));
  const x1 = Math.min(image.width, Math.ceil(box.x1));
  const y1 = Math.min(image.height, Math.ceil(box.y1));
  if (x1 - x0 < 21 || y1 - y0 < 21) return undefined;
  const scale = Math.max(1, Math.floor(moduleSize / TARGET_MODULE));
  // A failed downscaled attempt may have been too coarse for a blurred code: retry at full size.
  for (const k of scale > 1 ? [scale, 1] : [1]) {
    const crop = cropRgba(image, x0, y0, x1, y1, k, inverted);
    const code = jsQR(crop.data, crop.width, crop.height, { inversionAttempts: 'dontInvert' });
    if (code) return boxOf(code.data, code.location, x0, y0, k);
  }
  return undefined;
}

type Location = NonNullable<ReturnType<typeof jsQR>>['location'];

function boxOf(text: string, loc: Location, ox: number, oy: number, k: number): Found {
  const pts = [loc.topLeftCorner, loc.topRightCorner, loc.bottomLeftCorner, loc.bottomRightCorner];
  const xs = pts.map((p) => ox + p.x * k);
  const ys = pts.map((p) => oy + p.y * k);
  return { text, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/** Crop [x0,x1)×[y0,y1) as RGBA, box-averaged by k, optionally inverted so jsQR sees dark-on-light. */
function cropRgba(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, k: number, invert: boolean): RgbaImage {
  const width = Math.floor((x1 - x0) / k);
  const height = Math.floor((y1 - y0) / k);
  const data = new Uint8ClampedArray(width * height * 4);
  const area = k * k;
  const flip = invert ? 255 : 0;
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      let sum = 0;
      for (let yy = 0; yy < k; yy++) {
        const row = (y0 + y * k + yy) * image.width + x0 + x * k;
        for (let xx = 0; xx < k; xx++) sum += luma(image.data, row + xx);
      }
      const v = Math.abs(flip - Math.round(sum / area));
      data[o] = data[o + 1] = data[o + 2] = v;
      data[o + 3] = 255;
    }
  }
  return { data, width, height };
}

/** Distinct payloads, top-to-bottom; codes whose vertical extents overlap form a row, read left-to-right. */
function readingOrder(found: Found[]): string[] {
  const byTop = [...found].sort((p, q) => p.y0 - q.y0);
  const rows: Found[][] = [];
  for (const f of byTop) {
    const row = rows[rows.length - 1];
    if (row && f.y0 < Math.min(...row.map((r) => r.y1))) row.push(f);
    else rows.push([f]);
  }
  const texts = rows.flatMap((row) => row.sort((p, q) => p.x0 - q.x0).map((f) => f.text));
  return [...new Set(texts)];
}
