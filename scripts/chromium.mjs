// Debian's Chromium as the tests and scripts launch it (headless, as root, on a
// machine with no network but loopback: without the background-networking
// flags it keeps trying to reach Google's hosts). One list for
// test/helpers/browser.ts and scripts/screenshot.mjs.
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
