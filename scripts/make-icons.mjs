// Draws Otto's toolbar icons (public/icons/icon-N.png): a countdown ring, the "O" of
// Otto, on a rounded violet square. Run once after changing the design.
import { writeFileSync, mkdirSync } from 'node:fs';
import { PNG } from 'pngjs';

const VIOLET = [91, 91, 214];
const SS = 4; // supersampling for smooth edges

function coverage(size, x, y) {
  const r = size * 0.22; // corner radius
  const inRoundRect = (px, py) => {
    const cx = Math.min(Math.max(px, r), size - r);
    const cy = Math.min(Math.max(py, r), size - r);
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  };
  let bg = 0;
  let ring = 0;
  for (let i = 0; i < SS; i++) {
    for (let j = 0; j < SS; j++) {
      const px = x + (i + 0.5) / SS;
      const py = y + (j + 0.5) / SS;
      if (!inRoundRect(px, py)) continue;
      bg++;
      const dx = px - size / 2;
      const dy = py - size / 2;
      const d = Math.hypot(dx, dy);
      const angle = (Math.atan2(dx, -dy) + 2 * Math.PI) % (2 * Math.PI); // 0 at 12 o'clock, clockwise
      const onRing = d >= size * 0.22 && d <= size * 0.34 && angle <= Math.PI * 1.6;
      const dot = Math.hypot(dx, dy + size * 0.28) <= size * 0.075; // the leading tip of the countdown
      if (onRing || dot) ring++;
    }
  }
  return [bg / (SS * SS), ring / (SS * SS)];
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [bg, ring] = coverage(size, x, y);
      const k = (y * size + x) * 4;
      const mix = bg ? ring / bg : 0;
      for (let c = 0; c < 3; c++) png.data[k + c] = Math.round(VIOLET[c] * (1 - mix) + 255 * mix);
      png.data[k + 3] = Math.round(255 * bg);
    }
  }
  writeFileSync(`public/icons/icon-${size}.png`, PNG.sync.write(png));
}
