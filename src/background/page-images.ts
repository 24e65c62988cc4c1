/**
 * Reads candidate images out of every frame of a tab as data URLs, injected on demand
 * (activeTab) so nothing of this runs on pages the user never scans.
 */
import browser from 'webextension-polyfill';

/** Runs in the page: must be self-contained (it is serialized by scripting.executeScript). */
async function grabImages(): Promise<string[]> {
  const MIN = 40;
  const MAX_ITEMS = 24;
  const out: string[] = [];
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  const draw = (source: CanvasImageSource, w: number, h: number) => {
    if (!ctx || w < MIN || h < MIN) return;
    canvas.width = w;
    canvas.height = h;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(source, 0, 0, w, h);
    try {
      out.push(canvas.toDataURL('image/png'));
    } catch {
      // Cross-origin pixels are unreadable here; the tab capture covers what is visible.
    }
  };
  const loadImage = (src: string) =>
    new Promise<HTMLImageElement | null>((resolve) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = () => resolve(null);
      img.src = src;
    });
  const tasks: Array<Promise<void>> = [];
  for (const img of Array.from(document.images).slice(0, MAX_ITEMS)) {
    if (img.complete && img.naturalWidth) draw(img, img.naturalWidth, img.naturalHeight);
  }
  for (const c of Array.from(document.querySelectorAll('canvas')).slice(0, MAX_ITEMS)) {
    try {
      if (c.width >= MIN && c.height >= MIN) out.push(c.toDataURL('image/png'));
    } catch {
      // Tainted canvas.
    }
  }
  for (const svg of Array.from(document.querySelectorAll('svg')).slice(0, MAX_ITEMS)) {
    const box = svg.getBoundingClientRect();
    if (box.width < MIN || box.height < MIN) continue;
    const scale = Math.max(1, Math.ceil(400 / Math.min(box.width, box.height)));
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('width', String(box.width * scale));
    copy.setAttribute('height', String(box.height * scale));
    const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
    tasks.push(
      loadImage(src).then((img) => {
        if (img) draw(img, box.width * scale, box.height * scale);
      }),
    );
  }
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *')).slice(0, 5000)) {
    const bg = getComputedStyle(el).backgroundImage;
    const m = /^url\("(.+)"\)$/.exec(bg);
    if (!m || out.length > MAX_ITEMS) continue;
    tasks.push(
      loadImage(m[1]!).then((img) => {
        if (img) draw(img, img.naturalWidth, img.naturalHeight);
      }),
    );
  }
  await Promise.all(tasks);
  return out;
}

export async function collectPageImages(tabId: number): Promise<string[]> {
  try {
    const results = await browser.scripting.executeScript({ target: { tabId, allFrames: true }, func: grabImages });
    return results.flatMap((r) => (Array.isArray(r.result) ? (r.result as string[]) : []));
  } catch {
    // No access to this tab (browser pages, or activeTab not granted): the tab capture remains.
    return [];
  }
}
