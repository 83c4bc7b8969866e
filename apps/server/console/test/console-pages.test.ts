import { createSwitchyardClient, type SwitchyardClient } from '@switchyard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closePage,
  openSignedIn,
  problemsOf,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from './console-harness';
import { IMAGE_PRICE, TEXT_PRICE } from './console-gateway';
import { holdMedia } from './gated-local-provider';

describe('the console pages in Chromium', { timeout: 60_000 }, () => {
  let harness: ConsoleHarness;
  let user: SwitchyardClient;

  beforeAll(async () => {
    harness = await startConsoleHarness({ credits: 1_000_000 });
    user = createSwitchyardClient({
      url: harness.gateway.url,
      apiKey: harness.gateway.user.key,
    });
  }, 120_000);
  afterAll(() => harness?.close());

  const signedIn = (apiKey: string, path?: string) =>
    openSignedIn({ harness, apiKey, path });

  it('should show live breaker states: a target whose calls fail turns open without a reload', async () => {
    const page = await signedIn(harness.gateway.user.key, '/health');
    const row = page.getByRole('row').filter({ hasText: 'broken:procedural' });
    const breaker = row.locator('[data-column="breaker"]');
    await row.waitFor();
    expect(await breaker.textContent()).toBe('closed');
    for (let call = 0; call < 2; call += 1) {
      await expect(
        user.generate.mutate({
          type: 'image',
          prompt: 'x',
          route: 'broken-images',
        }),
      ).rejects.toThrow();
    }
    await page
      .locator('tr[data-target="broken:procedural"] [data-column="breaker"]', {
        hasText: 'open',
      })
      .waitFor();
    expect(await row.locator('[data-column="state"]').textContent()).toBe(
      'down',
    );
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'health');
    await closePage(page);
  });

  it("should show the key's balance and chart its calls", async () => {
    await user.generate.mutate({ type: 'image', prompt: 'a fox' });
    await user.generate.mutate({ type: 'text', prompt: 'hello there' });
    const balance = await user.usage.balance.query();
    const page = await signedIn(harness.gateway.user.key, '/usage');
    const shown = page.getByTestId('balance');
    await shown.waitFor();
    expect(Number(await shown.getAttribute('data-micro-credits'))).toBe(
      balance.balance,
    );
    const chart = page.getByRole('img', {
      name: /^Credits spent by the last \d+ calls/,
    });
    const costs = await chart
      .locator('rect.bar')
      .evaluateAll((bars) =>
        bars.map((bar) => Number(bar.getAttribute('data-cost'))),
      );
    const { items } = await user.usage.history.query({ limit: 50 });
    expect(costs).toEqual(items.map((item) => item.costMicroCredits).reverse());
    expect(costs.slice(-2)).toEqual([IMAGE_PRICE, TEXT_PRICE]);
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'usage');
    await closePage(page);
  });

  it('should show a generation with its attempts', async () => {
    const result = await user.generate.mutate({
      type: 'image',
      prompt: 'a heron',
    });
    const page = await signedIn(harness.gateway.user.key, '/generations');
    await page
      .getByRole('button', { name: `Show generation ${result.id}` })
      .click();
    const detail = page.getByRole('region', {
      name: `Generation ${result.id}`,
    });
    const attempts = detail
      .getByRole('figure', { name: 'Attempts' })
      .getByRole('listitem');
    await attempts.first().waitFor();
    expect(await attempts.allTextContents()).toEqual([
      expect.stringMatching(/^flaky:procedural error \(server_error\)/),
      expect.stringMatching(
        /^fallback from flaky:procedural → local:procedural success/,
      ),
    ]);
    const image = detail.getByRole('img', { name: 'Generated image 1' });
    expect(
      await image.evaluate((element) =>
        (element as HTMLImageElement)
          .decode()
          .then(() => (element as HTMLImageElement).naturalWidth),
      ),
    ).toBeGreaterThan(0);
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'generations');
    await closePage(page);
  });

  it('should follow a listed job live to its end', async () => {
    const held = holdMedia();
    try {
      const job = await user.jobs.submit.mutate({
        type: 'music',
        prompt: 'a calm loop',
        durationMs: 1_000,
      });
      const page = await signedIn(harness.gateway.user.key, '/jobs');
      await page.getByRole('button', { name: `Follow job ${job.id}` }).click();
      const events = page.getByRole('list', {
        name: `Events of job ${job.id}`,
      });
      await events
        .getByRole('listitem')
        .filter({ hasText: /^running/ })
        .waitFor();
      held.release();
      await page.locator('[data-job-status="succeeded"]').waitFor();
      await page.getByLabel('Generated music').waitFor();
      expect(problemsOf(page)).toEqual([]);
      await screenshot(page, 'jobs');
      await closePage(page);
    } finally {
      held.release();
    }
  });
});
