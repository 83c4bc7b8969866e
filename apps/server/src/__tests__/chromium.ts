import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); browsers are never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags STACK.md names for Chromium on the development and CI machines. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
  });
}
