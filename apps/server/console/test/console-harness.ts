import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildConsole } from './build-console';
import { launchChromium } from '../../src/__tests__/chromium';
import { startConsoleGateway, type ConsoleGateway } from './console-gateway';

/** Where the tests' screenshots go (gitignored; CI keeps the folder as artifacts). */
export const SCREENSHOT_DIR = fileURLToPath(
  new URL('../../test-artifacts/console/', import.meta.url),
);

/** The console running for a test file: its build, a gateway serving it, Chromium. */
export interface ConsoleHarness {
  gateway: ConsoleGateway;
  browser: Browser;
  close(): Promise<void>;
}

/** Builds the console, starts a gateway serving it and launches Chromium. */
export async function startConsoleHarness(options: {
  credits: number;
}): Promise<ConsoleHarness> {
  const build = await buildConsole();
  const gateway = await startConsoleGateway({
    consoleDir: build.directory,
    credits: options.credits,
  });
  const browser = await launchChromium();
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    gateway,
    browser,
    close: async () => {
      await browser.close();
      await gateway.close();
      await build.remove();
    },
  };
}

/**
 * Opens the console in a fresh browser context and signs in with `apiKey`;
 * resolves once the console shows who is signed in.
 */
export async function openSignedIn(options: {
  harness: ConsoleHarness;
  apiKey: string;
  path?: string;
}): Promise<Page> {
  const page = await openConsole(options.harness, options.path);
  await signIn(page, options.apiKey);
  await page.getByTestId('identity').waitFor();
  return page;
}

/** Opens the console (signed out) in a fresh browser context, collecting page errors. */
export async function openConsole(
  harness: ConsoleHarness,
  path = '/',
): Promise<Page> {
  const context = await harness.browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // A refused call also logs an error (its 401); only CSP violations count.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  pageProblems.set(page, problems);
  await page.goto(new URL(path, harness.gateway.url).href);
  return page;
}

const pageProblems = new WeakMap<Page, string[]>();

/** Uncaught script errors and Content Security Policy violations the page reported so far. */
export function problemsOf(page: Page): string[] {
  return pageProblems.get(page) ?? [];
}

/** Types `apiKey` into the sign-in form and submits it. */
export async function signIn(page: Page, apiKey: string): Promise<void> {
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOT_DIR}. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: `${SCREENSHOT_DIR}${name}.png`,
    fullPage: true,
  });
}

/** Closes the page and its browser context. */
export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}
