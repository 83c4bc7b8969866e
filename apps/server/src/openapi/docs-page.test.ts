import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../__tests__/chromium';
import { startTestServer, type TestServer } from '../__tests__/test-server';

describe('the /docs page', { timeout: 60_000 }, () => {
  let harness: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [harness, browser] = await Promise.all([
      startTestServer(),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('should render every operation from assets the gateway serves, asking nothing of any other host', async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const failures: string[] = [];
    // Offline, as on a machine without internet: only the gateway answers.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      requested.push(url);
      return url.startsWith(`${harness.server.url}/`)
        ? route.continue()
        : route.abort();
    });
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    const response = await page.goto(`${harness.server.url}/docs`);
    expect(response?.status()).toBe(200);
    const operations = page.locator('.opblock-summary-path');
    await operations.filter({ hasText: '/v1/messages' }).waitFor();
    const paths = await operations.allTextContents();
    for (const path of [
      '/api/generate',
      '/api/providers/health',
      '/api/jobs/submit',
      '/trpc/generateStream',
      '/v1/chat/completions',
    ]) {
      expect(paths.map((text) => text.replace(/\u200b/g, ''))).toContain(path);
    }
    expect(await page.locator('.info .title').textContent()).toContain(
      'Switchyard',
    );
    expect(requested).toContain(`${harness.server.url}/openapi.json`);
    expect(
      requested.filter((url) => !url.startsWith(`${harness.server.url}/`)),
    ).toEqual([]);
    expect(failures).toEqual([]);
    await page.close();
  });
});
