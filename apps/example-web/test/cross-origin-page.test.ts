import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSessionIssuer } from '../server/token-session-issuer';
import {
  openSignedIn,
  startExample,
  type ExampleHarness,
} from './example-harness';
import { gatewayYaml, IMAGE_PRICE, TEXT_PRICE } from './gateway-config';
import { holdImages } from './held-local-provider';
import {
  decodedImageWidth,
  followJob,
  generateImage,
  shownError,
  streamText,
} from './page-actions';

describe(
  'the example page on origin A calling the gateway on origin B',
  {
    timeout: 30_000,
  },
  () => {
    let harness: ExampleHarness;

    beforeAll(async () => {
      harness = await startExample({
        gatewayYaml,
        credits: 1_000_000,
        issuer: (gateway) =>
          tokenSessionIssuer({
            gatewayUrl: gateway.url,
            apiKey: gateway.apiKey,
          }),
      });
    }, 60_000);
    afterAll(() => harness?.close());

    const signIn = (subject: string, origin = harness.app.url) =>
      openSignedIn({ browser: harness.browser, origin, subject });

    it('should show an image generated with the token', async () => {
      const page = await signIn('ada');
      const panel = await generateImage(page);
      expect(await shownError(panel, 'image-error')).toBeNull();
      expect(await decodedImageWidth(page)).toBeGreaterThan(0);
      await page.close();
    });

    it('should render a text answer delta by delta before its end', async () => {
      const page = await signIn('grace');
      const prompt = 'tell me a story about a lighthouse keeper and a storm';
      const panel = await streamText(page);
      expect(await panel.getAttribute('data-status')).toBe('done');
      const deltas = await panel.getByTestId('text-delta').allTextContents();
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(`echo: ${prompt}`);
      await page.close();
    });

    it('should follow a submitted job through jobs.events while it runs, to succeeded', async () => {
      const page = await signIn('alan');
      const held = holdImages();
      const events = page.getByTestId('job-events').locator('li');
      const followed = followJob(page);
      await events.filter({ hasText: 'running' }).waitFor();
      held.release();
      const panel = await followed;
      expect(await shownError(panel, 'job-error')).toBeNull();
      expect(await panel.getAttribute('data-job-status')).toBe('succeeded');
      expect((await events.allTextContents()).slice(-2)).toEqual([
        'running',
        'succeeded',
      ]);
      await page.close();
    });

    it("should show the subject's usage: what the gateway charged its calls", async () => {
      const page = await signIn('edsger');
      await generateImage(page);
      await streamText(page);
      // Two calls made, so the usage read after the second is the one to check.
      const usage = page.locator(
        '[data-testid="usage-panel"][data-read-after="2"]',
      );
      await usage.waitFor();
      const { store, keyId } = harness.gateway;
      const records = await store.generations.list({
        keyId,
        subject: 'edsger',
        limit: 10,
      });
      const charged = records.reduce(
        (total, record) => total + record.costMicroCredits,
        0,
      );
      expect(charged).toBe(IMAGE_PRICE + TEXT_PRICE);
      expect(await usage.getByTestId('usage-spent').textContent()).toBe(
        String(charged),
      );
      await page.close();
    });

    it('should leave a page on an origin cors.origins does not list unable to read any answer', async () => {
      const { store, keyId } = harness.gateway;
      const page = await signIn('mallory', harness.stranger.url);
      const panel = await generateImage(page);
      expect(await shownError(panel, 'image-error')).toEqual({
        code: 'unreachable',
        trpcCode: null,
        denial: null,
      });
      // The preflight was refused, so the call itself never reached the gateway.
      expect(
        await store.generations.list({ keyId, subject: 'mallory', limit: 10 }),
      ).toEqual([]);
      await page.close();
    });
  },
);
