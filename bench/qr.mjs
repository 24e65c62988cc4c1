// QR decoding bench: decodeQrCodes vs plain full-frame jsQR on the synthetic corpus.
// Node 20 cannot import TypeScript, so the decoder and the corpus generator are bundled
// with rolldown (vite's bundler) first. Run: node bench/qr.mjs
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { rolldown } from 'rolldown';
import jsQR from 'jsqr';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODULE_SIZES = [2, 3, 4, 5, 6, 7, 8, 9, 10];
const ECS = ['L', 'M', 'Q', 'H'];
const BACKGROUNDS = ['white', 'noisy', 'dark'];

async function loadModules() {
  // Inside node_modules so the bundle's bare imports (jsqr, pngjs…) still resolve.
  const outDir = join(root, 'node_modules/.cache/otto-bench');
  mkdirSync(outDir, { recursive: true });
  const bundle = await rolldown({
    input: { decode: join(root, 'src/capture/decode.ts'), images: join(root, 'test/qr-images.ts') },
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
  });
  await bundle.write({ dir: outDir, format: 'es', entryFileNames: '[name].mjs' });
  await bundle.close();
  const load = (name) => import(pathToFileURL(join(outDir, `${name}.mjs`)).href + `?t=${Date.now()}`);
  return { decode: await load('decode'), images: await load('images') };
}

/** One frame per module size; payload kinds, encoders, EC levels and backgrounds rotate. */
function scenarios(img) {
  // Big modules with long payloads or high EC would not fit three to a 1080p frame.
  const code = (r, m, i, crowded, extra) => ({
    payload: [img.otpauthUri, img.urlPayload, img.migrationUri][i % (crowded && m > 5 ? 2 : 3)](r),
    encoder: i % 2 ? 'qrcode-generator' : 'qrencode',
    ec: ECS[(m + i) % (crowded && m > 7 ? 2 : 4)],
    moduleSize: m,
    ...extra,
  });
  const frame = (name, width, height, count, extra = {}, background) =>
    MODULE_SIZES.map((m, i) => {
      const seed = 1000 * (name.length + count) + m;
      const r = img.rng(seed);
      const codes = Array.from({ length: count }, (_, k) => code(r, m, k + i, count > 1 && width < 3000, extra));
      return { m, spec: { width, height, background: background ?? BACKGROUNDS[i % 3], codes, seed } };
    });
  return [
    ['1080p one code', frame('1080p one code', 1920, 1080, 1)],
    ['1080p three codes', frame('1080p three codes', 1920, 1080, 3)],
    ['1080p dark inverted', frame('1080p dark inverted', 1920, 1080, 1, { inverted: true }, 'dark')],
    ['1080p no code', frame('1080p no code', 1920, 1080, 0)],
    ['4K one code', frame('4K one code', 3840, 2160, 1)],
    ['4K three codes', frame('4K three codes', 3840, 2160, 3)],
  ];
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return [performance.now() - t0, result];
}

/**
 * Returns one row per scenario (median over its frames × repeats) plus per-module-size rows.
 * Detection counts are payloads found out of payloads placed.
 */
export async function runQrBench({ repeats = 1 } = {}) {
  const { decode, images } = await loadModules();
  const all = scenarios(images);
  // Warm both decoders' JIT on one frame of each kind so the first scenario is not penalised.
  for (const [, frames] of all) {
    const f = images.renderFrame(frames[frames.length - 1].spec);
    decode.decodeQrCodes(f);
    jsQR(f.data, f.width, f.height);
  }
  const rows = [];
  const bySize = new Map(MODULE_SIZES.map((m) => [m, { ours: [], oursFound: 0, jsqrFound: 0, expected: 0 }]));
  for (const [name, frames] of all) {
    const ours = [];
    const base = [];
    let oursFound = 0;
    let jsqrFound = 0;
    let falseHits = 0;
    let expected = 0;
    for (const { m, spec } of frames) {
      const f = images.renderFrame(spec);
      const want = new Set(f.expected);
      expected += want.size;
      for (let k = 0; k < repeats; k++) {
        const [tOurs, got] = time(() => decode.decodeQrCodes(f));
        const [tBase, code] = time(() => jsQR(f.data, f.width, f.height));
        ours.push(tOurs);
        base.push(tBase);
        if (k > 0) continue;
        const hits = got.filter((p) => want.has(p)).length;
        oursFound += hits;
        falseHits += got.length - hits;
        jsqrFound += code && want.has(code.data) ? 1 : 0;
        const s = bySize.get(m);
        s.ours.push(tOurs);
        s.oursFound += hits;
        s.jsqrFound += code && want.has(code.data) ? 1 : 0;
        s.expected += want.size;
      }
    }
    const oursMs = median(ours);
    const jsqrMs = median(base);
    rows.push({ bench: 'qr', scenario: name, runs: ours.length, oursMs, jsqrMs, speedup: jsqrMs / oursMs, oursFound, jsqrFound, expected, falseHits });
  }
  for (const [m, s] of bySize) {
    rows.push({ bench: 'qr', scenario: `module ${m}px (all scenarios)`, runs: s.ours.length, oursMs: median(s.ours), oursFound: s.oursFound, jsqrFound: s.jsqrFound, expected: s.expected });
  }
  return rows;
}

function printTable(rows) {
  const fmt = (v) => (v === undefined ? '' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v));
  const cols = ['scenario', 'runs', 'oursMs', 'jsqrMs', 'speedup', 'oursFound', 'jsqrFound', 'expected', 'falseHits'];
  const cells = [cols, ...rows.map((r) => cols.map((c) => fmt(r[c])))];
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  for (const r of cells) process.stdout.write(r.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ') + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printTable(await runQrBench({ repeats: Number(process.env.QR_BENCH_REPEATS ?? 1) }));
}
