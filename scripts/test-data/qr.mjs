// QR-code test images: a phone screenshot of Google Authenticator's "Transfer accounts"
// screen (status bar, title, text lines, the QR code of an export URI, a button) and a
// QR code that holds no account. Drawn with qrcode-generator and pngjs, not with Otto's
// scanner code, and deterministic (fixed layout, no randomness).
import { PNG } from 'pngjs';
import qrcode from 'qrcode-generator';

function canvas(width, height, gray) {
  const px = new Uint8Array(width * height).fill(gray);
  const rect = (x, y, w, h, g) => {
    for (let j = Math.max(0, y); j < Math.min(height, y + h); j++) px.fill(g, j * width + Math.max(0, x), j * width + Math.min(width, x + w));
  };
  const png = () => {
    const image = new PNG({ width, height, colorType: 0, inputColorType: 0, bitDepth: 8 });
    image.data = Buffer.from(px);
    return PNG.sync.write(image, { colorType: 0, inputColorType: 0 });
  };
  return { rect, png };
}

function drawQr(c, text, x, y, moduleSize, ec = 'M') {
  const qr = qrcode(0, ec);
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  c.rect(x - 4 * moduleSize, y - 4 * moduleSize, (n + 8) * moduleSize, (n + 8) * moduleSize, 255);
  for (let r = 0; r < n; r++) for (let col = 0; col < n; col++) if (qr.isDark(r, col)) c.rect(x + col * moduleSize, y + r * moduleSize, moduleSize, moduleSize, 32);
  return n * moduleSize;
}

/** Grey bars where a screenshot has words. */
function textLine(c, x, y, widths, height, gray) {
  let at = x;
  for (const w of widths) {
    c.rect(at, y, w, height, gray);
    at += w + Math.round(height * 0.6);
  }
}

export function googleExportScreenshot(uri) {
  const width = 720;
  const height = 1480;
  const c = canvas(width, height, 250);
  c.rect(0, 0, width, 48, 236); // status bar
  textLine(c, 24, 16, [54], 16, 120);
  textLine(c, 590, 16, [28, 28, 40], 16, 120);
  textLine(c, 40, 110, [150, 120], 34, 40); // "Export accounts"
  textLine(c, 40, 180, [90, 120, 60, 140, 100], 18, 110);
  textLine(c, 40, 212, [130, 70, 160, 90], 18, 110);
  const size = drawQr(c, uri, 150, 320, 6);
  textLine(c, 40, 360 + size, [80, 60, 140, 120, 90], 18, 110);
  c.rect(480, 1320, 200, 64, 26); // "Next" button
  textLine(c, 545, 1342, [70], 20, 245);
  return c.png();
}

export function plainQr(text) {
  const c = canvas(400, 400, 255);
  drawQr(c, text, 60, 60, 8, 'H');
  return c.png();
}
