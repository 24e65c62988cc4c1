/**
 * A QR code as one SVG path (qrcode-generator does the encoding); no innerHTML. The encoder
 * is loaded when a code is first shown, so it is not in the popup's first chunk (the list's
 * first paint, issue 14 item 20, waits for every byte of that chunk).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';

type Encoder = typeof import('qrcode-generator');
let loading: Promise<Encoder> | null = null;

export function QrSvg({ text, label, size = 220 }: { text: string; label: string; size?: number }) {
  const [qrcode, setQrcode] = useState<Encoder | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import('qrcode-generator').then((m) => m.default);
    loading.then((q) => live && setQrcode(() => q), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  const shape = useMemo(() => {
    if (!qrcode) return null;
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4} ${r + 4}h1v1h-1z`;
    return { path: d, count: n + 8 };
  }, [qrcode, text]);
  if (!shape) return <div class="qr" style={{ width: `${size}px`, height: `${size}px` }} />;
  return (
    <svg class="qr" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${shape.count} ${shape.count}`} shape-rendering="crispEdges">
      <rect width={shape.count} height={shape.count} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}
