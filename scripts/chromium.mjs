// Debian's Chromium and the flags every real-browser test and bench launches it with:
// --headless=new (the old headless mode cannot load extensions), no network chatter on
// this offline machine, and DevTools' extension commands (pressing the toolbar button).
export const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags for `launchPersistentContext`; with `dist`, the unpacked extension there is loaded. */
export function chromiumArgs(dist) {
  return [
    '--headless=new',
    ...(dist ? [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-extension-debugging',
  ];
}
