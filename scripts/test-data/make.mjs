#!/usr/bin/env node
// `npm run test-data`: writes the importer test files (test/data/import/) and the QR
// images (test/data/qr/) from the encoders in scripts/test-data/formats/, one per app,
// each following that app's published format, with expected.json saying what each file
// must import as. The accounts are invented (scripts/test-data/lib.mjs); every salt,
// nonce and id comes from a fixed byte source, so running this again writes the same files.
// `--check` compares instead of writing (test/test-data.test.ts runs it).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { googleExportScreenshot, plainQr } from './qr.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const IMPORT_DIR = join(ROOT, 'test/data/import');
export const QR_DIR = join(ROOT, 'test/data/qr');
const FORMATS = ['otpauth-list', 'aegis', 'twofas', 'andotp', 'authpro', 'freeotp-plus', 'freeotp2', 'bitwarden', 'ente', 'proton', 'steam-guard', 'google', 'authenticator-ext'];

/** Every file as {dir, file, bytes}, plus the two expected.json files. */
export async function generate() {
  const files = [];
  const expected = {};
  let googleUris = [];
  for (const name of FORMATS) {
    const mod = await import(`./formats/${name}.mjs`);
    for (const f of await mod.make()) {
      if (expected[f.file]) throw new Error(`two encoders write ${f.file}`);
      files.push({ dir: IMPORT_DIR, file: f.file, bytes: f.bytes });
      expected[f.file] = { encoder: `scripts/test-data/formats/${name}.mjs`, note: f.note, password: f.password ?? null, ordered: !!f.ordered, entries: f.expected };
      if (f.uris) googleUris = f.uris;
    }
  }
  files.push({ dir: IMPORT_DIR, file: 'expected.json', bytes: Buffer.from(JSON.stringify(expected, null, 1) + '\n') });

  const notOtp = 'https://example.org/menu?table=12';
  const qr = {
    'google-export-screenshot.png': { note: 'phone screenshot of a Google Authenticator export (first QR code of google-migration.txt)', texts: [googleUris[0]] },
    'not-otp.png': { note: 'a QR code with a web address, no account', texts: [notOtp] },
  };
  files.push(
    { dir: QR_DIR, file: 'google-export-screenshot.png', bytes: googleExportScreenshot(googleUris[0]) },
    { dir: QR_DIR, file: 'not-otp.png', bytes: plainQr(notOtp) },
    { dir: QR_DIR, file: 'expected.json', bytes: Buffer.from(JSON.stringify(qr, null, 1) + '\n') },
  );
  return files;
}

/** PNGs are compared by pixels: zlib versions may deflate the same image differently. */
function same(file, a, b) {
  if (!file.endsWith('.png')) return a.equals(b);
  const [x, y] = [PNG.sync.read(a), PNG.sync.read(b)];
  return x.width === y.width && x.height === y.height && x.data.equals(y.data);
}

async function main() {
  const check = process.argv.includes('--check');
  const files = await generate();
  const problems = [];
  for (const dir of [IMPORT_DIR, QR_DIR]) {
    mkdirSync(dir, { recursive: true });
    const made = new Set(files.filter((f) => f.dir === dir).map((f) => f.file));
    for (const extra of readdirSync(dir).filter((f) => !made.has(f) && f !== 'README.md')) problems.push(`${join(dir, extra)} is not made by the scripts`);
  }
  for (const { dir, file, bytes } of files) {
    const path = join(dir, file);
    if (check) {
      let old = null;
      try {
        old = readFileSync(path);
      } catch {
        // missing: reported below
      }
      if (!old || !same(file, old, bytes)) problems.push(`${path} differs from what the scripts make`);
    } else writeFileSync(path, bytes);
  }
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`${check ? 'checked' : 'wrote'} ${files.length} files in test/data/`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
