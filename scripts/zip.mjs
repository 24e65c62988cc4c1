// Packs the built extension into a ZIP for the stores: `npm run zip`, `npm run zip:firefox`.
//   node scripts/zip.mjs                      → otto-<version>.zip of dist/
//   node scripts/zip.mjs --dist dir --out f   → any build (e.g. dist-firefox/) to any file
// The archive is written by yazl (a maintained ZIP writer, also behind vsce's packages).
// Deterministic: files sorted by path, one fixed timestamp and mode, no extra timestamp
// field, so the same build always zips to the same bytes. No source maps or test files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The size bar for a store package (Chrome and Firefox). */
export const MAX_PACKAGE_BYTES = 300 * 1024;

/** Excluded from the package: source maps, tests, OS litter. */
const EXCLUDE = [/\.map$/i, /(^|\/)(test|tests|__tests__)\//i, /\.(test|spec)\.[cm]?[jt]sx?$/i, /(^|\/)\.DS_Store$/, /(^|\/)Thumbs\.db$/i];
/** Already compressed: stored as they are. */
const STORED = /\.(png|jpe?g|gif|webp|woff2?|wasm\.gz)$/i;

export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => !EXCLUDE.some((re) => re.test(f))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// 1980-01-01 00:00, the DOS epoch (local time, as DOS timestamps are): the same in every time zone.
const MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** The ZIP archive of `files` (paths relative to `dir`) as one Buffer. */
export function buildZip(dir, files) {
  const zip = new yazl.ZipFile();
  for (const name of files) {
    const compress = !STORED.test(name);
    zip.addBuffer(readFileSync(join(dir, name)), name, {
      mtime: MTIME,
      mode: 0o100644,
      compress,
      ...(compress ? { compressionLevel: 9 } : {}),
      forceDosTimestamp: true,
    });
  }
  zip.end();
  return new Promise((resolveZip, reject) => {
    const chunks = [];
    zip.outputStream.on('data', (c) => chunks.push(c));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolveZip(Buffer.concat(chunks)));
  });
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.startsWith('--') && a.includes('=') ? a.split(/=(.*)/s) : [a, undefined];
    if (k === '--dist' || k === '--out') opts[k.slice(2)] = inline ?? argv[++i];
    else throw new Error(`Unknown argument ${a} (use --dist <dir> --out <file>).`);
    if (!opts[k.slice(2)]) throw new Error(`${k} needs a value.`);
  }
  return opts;
}

/** Writes the zip; returns { out, bytes, files }. Refuses a package over the size bar. */
export async function makeZip({ dist = join(root, 'dist'), out } = {}) {
  dist = resolve(dist);
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} has no manifest.json: run \`npm run build\` first.`);
  if (!out) {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    out = join(root, `otto-${version}.zip`);
  }
  out = resolve(out);
  if (out.startsWith(dist + sep)) throw new Error('--out must not be inside the dist directory.');
  const files = listFiles(dist);
  const zip = await buildZip(dist, files);
  if (zip.length >= MAX_PACKAGE_BYTES) throw new Error(`the package is ${zip.length} bytes, over the ${MAX_PACKAGE_BYTES}-byte bar.`);
  await writeFile(out, zip);
  return { out, bytes: zip.length, files: files.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { out, bytes, files } = await makeZip(parseArgs(process.argv.slice(2)));
    console.log(`${relative(process.cwd(), out) || out}: ${bytes} bytes (${(bytes / 1024).toFixed(1)} KB), ${files} files`);
  } catch (e) {
    console.error(`zip: ${e.message}`);
    process.exit(1);
  }
}
