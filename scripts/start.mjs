// `npm start`: build the extension, serve the Demo Cloud console on loopback and
// open a Chromium with Otto loaded in a throwaway profile. Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_PORT, startDemoServer } from '../demo/server.mjs';
import { findBrowser, isBrandedChrome } from './find-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const profile = path.join(root, '.otto-profile'); // gitignored; keeps the user's own profile untouched
const PORT_ATTEMPTS = 20;

const usage = () => {
  console.error('usage: npm start -- [--port N] [--no-browser]');
  process.exit(2);
};
/** @type {{ 'no-browser'?: boolean, port?: string }} */
let values = {};
try {
  ({ values } = parseArgs({
    options: {
      'no-browser': { type: 'boolean', default: false },
      port: { type: 'string', default: String(DEFAULT_PORT) },
    },
  }));
} catch {
  usage();
}
const firstPort = Number(values.port);
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort > 65535) usage();

// Windows ships npm as npm.cmd, which only a shell resolves.
const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) {
  console.error('\nThe build failed; fix the errors above and run npm start again.');
  process.exit(build.status ?? 1);
}
if (!existsSync(path.join(dist, 'manifest.json'))) {
  console.error(`The build produced no ${path.join(dist, 'manifest.json')}.`);
  process.exit(1);
}

const demo = await listenFrom(firstPort);
const enrollUrl = `${demo.url}/enroll`;
console.log(`\nDemo Cloud console: ${demo.url}/  (demo user alice, password otto-demo)`);

const manualSteps = `To load Otto by hand:
  1. Open chrome://extensions
  2. Turn on "Developer mode" (top right)
  3. Click "Load unpacked" and choose ${dist}
  4. Open ${enrollUrl}`;

/** @type {import('node:child_process').ChildProcess | undefined} */
let browser;
const executable = values['no-browser'] ? null : findBrowser();
if (!values['no-browser'] && process.env.CHROME_PATH && executable !== process.env.CHROME_PATH) {
  console.warn(`CHROME_PATH=${process.env.CHROME_PATH} does not exist; ignoring it.`);
}

if (values['no-browser']) {
  console.log(`\n${manualSteps}`);
} else if (!executable) {
  console.log(`\nNo Chromium or Chrome found (set CHROME_PATH to choose one).\n${manualSteps}`);
} else {
  if (isBrandedChrome(executable)) {
    console.log(`\n${executable} is Google Chrome, which (from version 137) ignores --load-extension.\n${manualSteps}`);
  }
  const args = [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-first-run',
    '--no-default-browser-check',
  ];
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  console.log(`\nStarting ${executable}`);
  browser = spawn(executable, [...args, enrollUrl], { stdio: 'ignore' });
  browser.on('error', (error) => console.error(`Could not start the browser: ${error.message}\n${manualSteps}`));
  browser.on('exit', (code) => {
    browser = undefined;
    // A quick non-zero exit usually means no display or a profile already in use.
    if (code) console.log(`The browser exited with code ${code}.\n${manualSteps}`);
    console.log(`The demo is still at ${demo.url}/  (Ctrl+C to stop)`);
  });
}
console.log('Press Ctrl+C to stop.');

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, async () => {
    browser?.removeAllListeners('exit');
    browser?.kill();
    await demo.close();
    process.exit(0);
  });
}

/**
 * The requested port, or the next free one, so a second `npm start` still works.
 * @param {number} port
 */
async function listenFrom(port) {
  for (let candidate = port; candidate < port + PORT_ATTEMPTS && candidate <= 65535; candidate++) {
    try {
      return await startDemoServer({ port: candidate });
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`No free port in ${port}-${port + PORT_ATTEMPTS - 1}.`);
}
