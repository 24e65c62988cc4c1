// Local (block-based) thresholds, the scheme jsQR uses, so whatever jsQR can see at full
// resolution the locator can see too. Only every ROW_STEP-th row is converted to gray: the
// row scan never looks at the others, and block statistics do not need them either.

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface Binarized {
  image: RgbaImage;
  /** Gray of rows ROW_STEP/2, ROW_STEP/2 + ROW_STEP, …; row r of this buffer is frame row r·ROW_STEP + 1. */
  rows: Uint8Array;
  /** One per BLOCK×BLOCK block: a pixel is dark iff its gray <= the block's threshold. */
  thresholds: Uint8Array;
  blocksX: number;
}

export const BLOCK = 8;
export const ROW_STEP = 2;
const MIN_DYNAMIC_RANGE = 24;

/** Integer Rec. 601 luma of pixel i (a pixel index, not a byte index). */
export function luma(data: Uint8ClampedArray, i: number): number {
  const j = i << 2;
  return (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
}

export function isDark(b: Binarized, x: number, y: number): boolean {
  return luma(b.image.data, y * b.image.width + x) <= b.thresholds[(y >> 3) * b.blocksX + (x >> 3)]!;
}

export function binarize(image: RgbaImage): Binarized {
  const { data, width, height } = image;
  const bx = Math.ceil(width / BLOCK);
  const by = Math.ceil(height / BLOCK);
  const scanned = Math.ceil((height - 1) / ROW_STEP);
  const rows = new Uint8Array(scanned * width);
  const blackPoints = new Float32Array(bx * by);
  const sums = new Uint32Array(bx);
  const mins = new Uint8Array(bx);
  const maxs = new Uint8Array(bx);
  for (let y = 0; y < by; y++) {
    sums.fill(0);
    mins.fill(255);
    maxs.fill(0);
    let count = 0;
    for (let yy = y * BLOCK + 1; yy < Math.min((y + 1) * BLOCK, height); yy += ROW_STEP) {
      count++;
      const out = ((yy - 1) / ROW_STEP) * width;
      for (let b = 0, x = 0; b < bx; b++) {
        let sum = 0;
        let min = 255;
        let max = 0;
        for (const end = Math.min(x + BLOCK, width); x < end; x++) {
          const j = (yy * width + x) << 2;
          const v = (data[j]! * 77 + data[j + 1]! * 150 + data[j + 2]! * 29) >> 8;
          rows[out + x] = v;
          sum += v;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        sums[b]! += sum;
        if (min < mins[b]!) mins[b] = min;
        if (max > maxs[b]!) maxs[b] = max;
      }
    }
    for (let x = 0; x < bx; x++) {
      const i = y * bx + x;
      if (count === 0) {
        blackPoints[i] = y > 0 ? blackPoints[i - bx]! : 0;
        continue;
      }
      const min = mins[x]!;
      let average = sums[x]! / (count * (Math.min((x + 1) * BLOCK, width) - x * BLOCK));
      if (maxs[x]! - min <= MIN_DYNAMIC_RANGE) {
        // Flat block: assume background, unless the neighbours say it sits inside something darker.
        average = min / 2;
        if (x > 0 && y > 0) {
          const neighbours = (blackPoints[i - bx]! + 2 * blackPoints[i - 1]! + blackPoints[i - bx - 1]!) / 4;
          if (min < neighbours) average = neighbours;
        }
      }
      blackPoints[i] = average;
    }
  }
  return { image, rows, thresholds: smooth(blackPoints, bx, by), blocksX: bx };
}

/** Mean over each block's 5×5 neighbourhood (window clamped inside the grid), via a summed-area table. */
function smooth(points: Float32Array, bx: number, by: number): Uint8Array {
  const sat = new Float64Array((bx + 1) * (by + 1));
  for (let y = 0; y < by; y++) {
    let rowSum = 0;
    for (let x = 0; x < bx; x++) {
      rowSum += points[y * bx + x]!;
      sat[(y + 1) * (bx + 1) + x + 1] = sat[y * (bx + 1) + x + 1]! + rowSum;
    }
  }
  const out = new Uint8Array(bx * by);
  for (let y = 0; y < by; y++) {
    const cy = Math.min(Math.max(y, 2), Math.max(by - 3, 2));
    const y0 = Math.max(cy - 2, 0);
    const y1 = Math.min(cy + 3, by);
    for (let x = 0; x < bx; x++) {
      const cx = Math.min(Math.max(x, 2), Math.max(bx - 3, 2));
      const x0 = Math.max(cx - 2, 0);
      const x1 = Math.min(cx + 3, bx);
      const w = bx + 1;
      const sum = sat[y1 * w + x1]! - sat[y0 * w + x1]! - sat[y1 * w + x0]! + sat[y0 * w + x0]!;
      out[y * bx + x] = sum / ((x1 - x0) * (y1 - y0));
    }
  }
  return out;
}
