import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { SessionIssuer } from '../server/session-issuer';
import {
  startExampleServer,
  type ExampleServer,
} from '../server/start-example-server';
import { buildPage } from './build-page';
import { launchChromium } from './chromium';
import { startTestGateway, type TestGateway } from './start-test-gateway';

/** The example running for a test file: gateway on origin B, app on A, a stranger app on C. */
export interface ExampleHarness {
  gateway: TestGateway;
  /** The example's backend on an origin the gateway's `cors.origins` lists. */
  app: ExampleServer;
  /** The same backend on an origin the gateway does not list. */
  stranger: ExampleServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Options of {@link startExample}. */
export interface StartExampleOptions {
  /** The gateway's config, given the origins it should allow. */
  gatewayYaml: (allowedOrigins: string[]) => string;
  /** Credits of the API key the backend holds. */
  credits: number;
  /** How the backend signs users in, once the gateway runs. */
  issuer: (gateway: TestGateway) => SessionIssuer;
  /** The gateway's clock for tokens; default `Date.now`. */
  now?: () => number;
}

/**
 * Builds the page, starts the two backends, then the gateway (whose config
 * names the allowed backend's origin) and Chromium.
 */
export async function startExample(
  options: StartExampleOptions,
): Promise<ExampleHarness> {
  const page = await buildPage();
  let issue: SessionIssuer = () => Promise.reject(new Error('not started'));
  const backend = {
    issueSession: (subject: string) => issue(subject),
    staticDirectory: page.directory,
  };
  const app = await startExampleServer(backend);
  const stranger = await startExampleServer(backend);
  const gateway = await startTestGateway({
    yaml: options.gatewayYaml([app.url]),
    credits: options.credits,
    now: options.now,
  });
  issue = options.issuer(gateway);
  const browser = await launchChromium();
  return {
    gateway,
    app,
    stranger,
    browser,
    close: async () => {
      await browser.close();
      await Promise.all([app.close(), stranger.close(), gateway.close()]);
      await page.remove();
    },
  };
}

/**
 * Opens a page at `origin` and signs in as `subject`; resolves once signed
 * in. Each page has a browser context of its own unless `context` is given
 * (tabs of one context share the saved session).
 */
export async function openSignedIn(options: {
  browser: Browser;
  origin: string;
  subject: string;
  context?: BrowserContext;
}): Promise<Page> {
  const page = await (options.context ?? options.browser).newPage();
  await page.goto(options.origin);
  await page.getByLabel('User name').fill(options.subject);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
  return page;
}

/** Opens another tab of `context` at `origin`, signed in by the session an earlier tab saved. */
export async function openSignedInTab(options: {
  context: BrowserContext;
  origin: string;
}): Promise<Page> {
  const page = await options.context.newPage();
  await page.goto(options.origin);
  await page.getByTestId('signed-in').waitFor();
  return page;
}
