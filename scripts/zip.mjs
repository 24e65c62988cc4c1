// Packs the built extension into a ZIP for the store: `npm run zip`.
//   node scripts/zip.mjs                      → otto-<version>.zip of dist/
//   node scripts/zip.mjs --dist dir --out f   → any build (e.g. a Firefox dist) to any file
// Deterministic: files sorted by path, fixed timestamps, no source maps or test files.
// Hand-written ZIP writer (deflate via node:zlib, CRC-32), no dependency.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Excluded from the package: source maps, tests, OS litter. */
const EXCLUDE = [/\.map$/i, /(^|\/)(test|tests|__tests__)\//i, /\.(test|spec)\.[cm]?[jt]sx?$/i, /(^|\/)\.DS_Store$/, /(^|\/)Thumbs\.db$/i];

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

// 1980-01-01 00:00:00 in DOS format: the ZIP epoch, so every build zips to the same bytes.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Builds a ZIP archive (deflate, or store when deflate does not help) of `files` under `dir`. */
export function buildZip(dir, files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const name of files) {
    const data = readFileSync(join(dir, name));
    const crc = crc32(data);
    const deflated = deflateRawSync(data, { level: 9 });
    const useDeflate = deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const method = useDeflate ? 8 : 0;
    const nameBuf = Buffer.from(name, 'utf8');
    // The local and central headers share this run of fields, at different offsets.
    const writeEntryFields = (buf, at) => {
      buf.writeUInt16LE(method, at);
      buf.writeUInt16LE(DOS_TIME, at + 2);
      buf.writeUInt16LE(DOS_DATE, at + 4);
      buf.writeUInt32LE(crc, at + 6);
      buf.writeUInt32LE(body.length, at + 10);
      buf.writeUInt32LE(data.length, at + 14);
      buf.writeUInt16LE(nameBuf.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    writeEntryFields(local, 8);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    writeEntryFields(central, 10);
    // extra, comment, disk start, internal attrs: 0
    central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // external attrs: regular file rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Reads the archive back (central directory → local entries → inflate + CRC check). */
export async function verifyZip(buf) {
  const { inflateRawSync } = await import('node:zlib');
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('zip: no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const xlen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const lo = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    const start = lo + 30 + buf.readUInt16LE(lo + 26) + buf.readUInt16LE(lo + 28);
    const body = buf.subarray(start, start + csize);
    const data = method === 8 ? inflateRawSync(body) : body;
    if (data.length !== usize || crc32(data) !== crc) throw new Error(`zip: ${name} does not read back intact`);
    names.push(name);
    p += 46 + nlen + xlen + clen;
  }
  return names;
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

/** Writes the zip; returns { out, bytes, files }. */
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
  const zip = buildZip(dist, files);
  const names = await verifyZip(zip);
  if (names.length !== files.length) throw new Error('zip: entry count mismatch on read-back');
  writeFileSync(out, zip);
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
