import { createSwitchyardClient } from '@switchyard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closePage,
  openConsole,
  openSignedIn,
  problemsOf,
  screenshot,
  signIn,
  startConsoleHarness,
  type ConsoleHarness,
} from './console-harness';
import { IMAGE_PRICE, TEXT_PRICE } from './console-gateway';
import { gateTextStreams, holdMedia } from './gated-local-provider';

describe('the console playground in Chromium', { timeout: 60_000 }, () => {
  let harness: ConsoleHarness;

  beforeAll(async () => {
    harness = await startConsoleHarness({ credits: 1_000_000 });
  }, 120_000);
  afterAll(() => harness?.close());

  it('should refuse a bad key with a visible message, then sign in with a good one', async () => {
    const page = await openConsole(harness);
    // This gateway requires a key: going on without one is refused too.
    await page.getByRole('button', { name: 'Continue without a key' }).click();
    const keyNeeded = page
      .getByRole('alert')
      .filter({ hasText: 'This gateway needs an API key' });
    await keyNeeded.waitFor();
    expect(await keyNeeded.getAttribute('data-code')).toBe('auth');
    await signIn(page, 'sy_not-a-real-key');
    const refusal = page
      .getByRole('alert')
      .filter({ hasText: 'Unknown or revoked API key' });
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('auth');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await screenshot(page, 'sign-in-refused');
    await signIn(page, harness.gateway.user.key);
    await page.getByRole('navigation', { name: 'Console' }).waitFor();
    expect(page.url()).toBe(`${harness.gateway.url}/playground`);
    expect(page.url()).not.toContain(harness.gateway.user.key);
    expect(await page.getByTestId('identity').textContent()).toContain('ada');
    // A reload keeps the tab signed in; signing out forgets the key.
    await page.reload();
    await page.getByTestId('identity').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problemsOf(page)).toEqual([]);
    await closePage(page);
  });

  it('should generate an image, show it, and draw its attempts with the fallback and the cost', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.user.key,
    });
    await page.getByLabel('Type').selectOption('image');
    await page.getByRole('button', { name: 'Generate' }).click();
    const image = page.getByRole('img', { name: 'Generated image 1' });
    await image.waitFor();
    const width = await image.evaluate(async (element) => {
      const shown = element as HTMLImageElement;
      await shown.decode();
      return shown.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    const attempts = page
      .getByRole('figure', { name: 'Attempts' })
      .getByRole('listitem');
    expect(await attempts.allTextContents()).toEqual([
      expect.stringMatching(
        /^flaky:procedural error \(server_error\) · .* · 0 µcr$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^fallback from flaky:procedural → local:procedural success · .* · ${IMAGE_PRICE.toLocaleString('en-US')} µcr$`,
        ),
      ),
    ]);
    await expect.poll(() => page.getByText('fallback used').count()).toBe(1);
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'playground-image');
    await closePage(page);
  });

  it('should show a streamed answer growing as its parts come, then its cost', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.user.key,
    });
    const gate = gateTextStreams();
    try {
      await page.getByLabel('Type').selectOption('text');
      await page.getByLabel('Prompt').fill('one two three');
      await page.getByRole('button', { name: 'Generate' }).click();
      const answer = page.getByRole('status', { name: 'Streamed answer' });
      // The first part is let through; each later one waits for the test.
      await page
        .locator('output[data-status="running"]', { hasText: 'echo:' })
        .waitFor();
      const first = await answer.textContent();
      expect(first).toBe('echo:');
      gate.step();
      await page
        .locator('output[data-status="running"]', { hasText: 'echo: one' })
        .waitFor();
      const second = await answer.textContent();
      expect(second).toBe('echo: one');
      await screenshot(page, 'playground-stream-partial');
      gate.release();
      await page.locator('output[data-status="done"]').waitFor();
      expect(await answer.textContent()).toBe('echo: one two three');
    } finally {
      gate.release();
    }
    const attempts = page
      .getByRole('figure', { name: 'Attempts' })
      .getByRole('listitem');
    expect(await attempts.allTextContents()).toEqual([
      expect.stringMatching(
        new RegExp(`^local:echo success · .* · ${TEXT_PRICE} µcr$`),
      ),
    ]);
    await screenshot(page, 'playground-stream-done');
    await closePage(page);
  });

  it('should play generated speech in an audio player', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.user.key,
    });
    await page.getByLabel('Type').selectOption('speech');
    await page.getByLabel('Text to speak').fill('Hello from the console.');
    await page.getByRole('button', { name: 'Generate' }).click();
    const player = page.getByLabel('Generated speech');
    await player.waitFor();
    const duration = await player.evaluate(async (element) => {
      const audio = element as HTMLAudioElement;
      if (audio.readyState < HTMLMediaElement.HAVE_METADATA) {
        await new Promise((resolve, reject) => {
          audio.addEventListener('loadedmetadata', resolve, { once: true });
          audio.addEventListener(
            'error',
            () => reject(new Error('the audio did not load')),
            { once: true },
          );
        });
      }
      return audio.duration;
    });
    expect(duration).toBeGreaterThan(0);
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'playground-speech');
    await closePage(page);
  });

  it('should follow a video job through its live events to its result', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.user.key,
    });
    const held = holdMedia();
    try {
      await page.getByLabel('Type').selectOption('video');
      await page.getByRole('button', { name: 'Generate' }).click();
      const events = page.getByRole('list', { name: /^Events of job / });
      await events
        .getByRole('listitem')
        .filter({ hasText: /^running/ })
        .waitFor();
      expect(await page.locator('[data-job-status="running"]').count()).toBe(1);
      await screenshot(page, 'playground-job-running');
      held.release();
      await page.locator('[data-job-status="succeeded"]').waitFor();
    } finally {
      held.release();
    }
    const types = await page
      .getByRole('list', { name: /^Events of job / })
      .getByRole('listitem')
      .evaluateAll((items) =>
        items.map((item) => item.getAttribute('data-type')),
      );
    expect(types.at(-1)).toBe('succeeded');
    expect(types).toContain('running');
    const clip = page.getByRole('img', { name: 'Generated video' });
    const width = await clip.evaluate(async (element) => {
      const shown = element as HTMLImageElement;
      await shown.decode();
      return shown.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    // The job is the caller's, as the API says too.
    const client = createSwitchyardClient({
      url: harness.gateway.url,
      apiKey: harness.gateway.user.key,
    });
    const { items } = await client.jobs.list.query({ limit: 1 });
    expect(items[0]?.status).toBe('succeeded');
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'playground-job-succeeded');
    await closePage(page);
  });
});
