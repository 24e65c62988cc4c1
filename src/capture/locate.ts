// Finder-pattern search (1:1:3:1:1 runs across a row, confirmed down the column and across
// again) and grouping of finder triples into candidate code regions.
import { ROW_STEP, isDark, type Binarized } from './binarize';

export interface Finder {
  x: number;
  y: number;
  moduleSize: number;
  /** True for light-on-dark finders (inverted, dark-mode codes). */
  inverted: boolean;
  /** Scan rows that hit this finder; noise rarely repeats across rows. */
  hits: number;
}

function isPattern(c0: number, c1: number, c2: number, c3: number, c4: number): boolean {
  const total = c0 + c1 + c2 + c3 + c4;
  // Under ~1.5 px per module nothing decodes reliably, and random texture matches easily.
  if (total < 10) return false;
  const m = total / 7;
  // Half a module of slack, but never under one pixel: small blurred modules round badly.
  const v = Math.max(m * 0.5, 1);
  return (
    Math.abs(m - c0) <= v &&
    Math.abs(m - c1) <= v &&
    Math.abs(3 * m - c2) <= 3 * v &&
    Math.abs(m - c3) <= v &&
    Math.abs(m - c4) <= v
  );
}

const counts = new Int32Array(5);

/** Steps from (x, y) along (dx, dy) while the colour stays `dark`, up to `limit` + 1. */
function walk(b: Binarized, x: number, y: number, dx: number, dy: number, dark: boolean, limit: number): number {
  const { width, height } = b.image;
  let n = 0;
  while (n <= limit && x >= 0 && y >= 0 && x < width && y < height && isDark(b, x, y) === dark) {
    n++;
    x += dx;
    y += dy;
  }
  return n;
}

/**
 * Measures the 5 bands through (cx, cy) along (dx, dy), where the centre band has colour
 * `dark`. Returns the offset from (cx, cy) to the middle of the centre band, or NaN.
 */
function crossCheck(b: Binarized, cx: number, cy: number, dx: number, dy: number, dark: boolean, maxRun: number, total: number): number {
  // The centre band may be up to 3 rings wide; the cap keeps flat areas cheap.
  const back = walk(b, cx, cy, -dx, -dy, dark, 3 * maxRun);
  const fwd = walk(b, cx + dx, cy + dy, dx, dy, dark, 3 * maxRun);
  const c2 = back + fwd;
  if (c2 > 3 * maxRun) return NaN;
  let x = cx - back * dx;
  let y = cy - back * dy;
  counts[1] = walk(b, x, y, -dx, -dy, !dark, maxRun);
  x -= counts[1]! * dx;
  y -= counts[1]! * dy;
  counts[0] = walk(b, x, y, -dx, -dy, dark, maxRun);
  x = cx + (fwd + 1) * dx;
  y = cy + (fwd + 1) * dy;
  counts[3] = walk(b, x, y, dx, dy, !dark, maxRun);
  x += counts[3]! * dx;
  y += counts[3]! * dy;
  counts[4] = walk(b, x, y, dx, dy, dark, maxRun);
  const c0 = counts[0]!, c1 = counts[1]!, c3 = counts[3]!, c4 = counts[4]!;
  // A ring that ran past maxRun, or into the image edge before it began, is no finder.
  if (c0 === 0 || c1 === 0 || c3 === 0 || c4 === 0 || Math.max(c0, c1, c3, c4) > maxRun) return NaN;
  const sum = c0 + c1 + c2 + c3 + c4;
  if (5 * Math.abs(sum - total) >= 2 * total || !isPattern(c0, c1, c2, c3, c4)) return NaN;
  // Centre band covers offsets [1 - back, fwd].
  return (fwd + 1 - back) / 2;
}

export function findFinders(b: Binarized): Finder[] {
  const { rows, thresholds, blocksX } = b;
  const { width } = b.image;
  const found: Finder[] = [];
  const runs = new Int32Array(5);
  for (let r = 0; r * width < rows.length; r++) {
    const y = r * ROW_STEP + 1;
    const row = r * width;
    const trow = (y >> 3) * blocksX;
    let prev = rows[row]! <= thresholds[trow]!;
    let start = 0;
    let n = 0;
    for (let x = 1; x <= width; x++) {
      // A sentinel flip past the last pixel closes the final run.
      const dark = x < width ? rows[row + x]! <= thresholds[trow + (x >> 3)]! : !prev;
      if (dark === prev) continue;
      runs[0] = runs[1]!;
      runs[1] = runs[2]!;
      runs[2] = runs[3]!;
      runs[3] = runs[4]!;
      runs[4] = x - start;
      start = x;
      prev = dark;
      // The run just closed, like the centre band two runs before it, has colour !dark.
      if (++n >= 5 && isPattern(runs[0]!, runs[1]!, runs[2]!, runs[3]!, runs[4]!)) {
        confirm(b, found, Math.floor(x - runs[4]! - runs[3]! - runs[2]! / 2), y, !dark, runs);
      }
    }
  }
  return found;
}

function confirm(b: Binarized, found: Finder[], cx: number, cy: number, dark: boolean, runs: Int32Array): void {
  const total = runs[0]! + runs[1]! + runs[2]! + runs[3]! + runs[4]!;
  const maxRun = runs[2]!;
  const vy = crossCheck(b, cx, cy, 0, 1, dark, maxRun, total);
  if (Number.isNaN(vy)) return;
  const y = Math.round(cy + vy);
  const hx = crossCheck(b, cx, y, 1, 0, dark, maxRun, total);
  if (Number.isNaN(hx)) return;
  const x = Math.round(cx + hx);
  // Diagonal check rejects the crosses and plus signs that text and icons are full of.
  if (Number.isNaN(crossCheck(b, x, y, 1, 1, dark, maxRun, total))) return;
  const moduleSize = total / 7;
  const inverted = !dark;
  for (const f of found) {
    if (f.inverted !== inverted) continue;
    if (Math.abs(f.x - x) <= f.moduleSize * 1.5 && Math.abs(f.y - y) <= f.moduleSize * 1.5 && Math.abs(f.moduleSize - moduleSize) <= Math.max(f.moduleSize, 1) * 0.5) {
      const k = f.hits;
      f.x = (f.x * k + x) / (k + 1);
      f.y = (f.y * k + y) / (k + 1);
      f.moduleSize = (f.moduleSize * k + moduleSize) / (k + 1);
      f.hits++;
      return;
    }
  }
  found.push({ x, y, moduleSize, inverted, hits: 1 });
}

/** A finder triple: `corner` holds the right angle, `a` and `b` the other two. */
export interface Triple {
  corner: Finder;
  a: Finder;
  b: Finder;
  moduleSize: number;
  /** Lower is better: how far the triple is from an ideal square code of a valid version. */
  error: number;
}

/** Beyond this many finders the frame is mostly noise; keep the best-supported ones. */
const MAX_FINDERS = 48;

export function groupFinders(finders: Finder[]): Triple[] {
  const fs = [...finders].sort((p, q) => q.hits - p.hits).slice(0, MAX_FINDERS);
  const triples: Triple[] = [];
  for (let i = 0; i < fs.length; i++) {
    for (let j = i + 1; j < fs.length; j++) {
      for (let k = j + 1; k < fs.length; k++) {
        const t = asTriple(fs[i]!, fs[j]!, fs[k]!);
        if (t) triples.push(t);
      }
    }
  }
  return triples.sort((p, q) => p.error - q.error);
}

const dist = (p: Finder, q: Finder): number => Math.hypot(p.x - q.x, p.y - q.y);

function asTriple(p: Finder, q: Finder, r: Finder): Triple | undefined {
  if (p.inverted !== q.inverted || p.inverted !== r.inverted) return undefined;
  const sizes = [p.moduleSize, q.moduleSize, r.moduleSize];
  const moduleSize = (sizes[0]! + sizes[1]! + sizes[2]!) / 3;
  if (Math.max(...sizes) > 1.6 * Math.min(...sizes)) return undefined;
  // The right angle sits opposite the longest side.
  const pq = dist(p, q);
  const qr = dist(q, r);
  const pr = dist(p, r);
  let corner: Finder, a: Finder, b: Finder, hyp: number, l1: number, l2: number;
  if (qr >= pq && qr >= pr) [corner, a, b, hyp, l1, l2] = [p, q, r, qr, pq, pr];
  else if (pr >= pq) [corner, a, b, hyp, l1, l2] = [q, p, r, pr, pq, qr];
  else [corner, a, b, hyp, l1, l2] = [r, p, q, pq, pr, qr];
  const legs = Math.abs(l1 - l2) / Math.max(l1, l2);
  const angle = Math.abs(hyp - Math.hypot(l1, l2)) / hyp;
  if (legs > 0.15 || angle > 0.1) return undefined;
  // Finder centres are (dimension - 7) modules apart; dimension = 17 + 4 × version.
  const dimension = (l1 + l2) / 2 / moduleSize + 7;
  if (dimension < 17 || dimension > 185) return undefined;
  const version = Math.min(Math.max(Math.round((dimension - 17) / 4), 1), 40);
  const off = Math.abs(dimension - (17 + 4 * version)) / 4;
  return { corner, a, b, moduleSize, error: legs + angle + 0.2 * off };
}
