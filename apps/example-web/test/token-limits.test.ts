import { createSwitchyardClient } from '@switchyard/sdk';
import { createTokenMinter } from '@switchyard/sdk/server';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  tokenSessionIssuer,
  type TokenPolicy,
} from '../server/token-session-issuer';
import {
  openSignedIn,
  openSignedInTab,
  startExample,
  type ExampleHarness,
} from './example-harness';
import { gatewayYaml, IMAGE_PRICE } from './gateway-config';
import { generateImage, shownError } from './page-actions';

const SHORT_TTL_SECONDS = 60;
const SHARED_CAP_IMAGES = 4;

/** Each test's subject starts with the name of the token policy it gets. */
const POLICIES: Record<string, TokenPolicy> = {
  brief: { ttlSeconds: SHORT_TTL_SECONDS },
  capped: { maxCredits: IMAGE_PRICE },
  textonly: { routes: ['text'] },
  shared: { maxCredits: SHARED_CAP_IMAGES * IMAGE_PRICE },
};

describe('tokens as the page sees them', { timeout: 30_000 }, () => {
  let harness: ExampleHarness;
  // The gateway's clock runs with real time, plus what a test skips ahead.
  let skippedMs = 0;

  beforeAll(async () => {
    harness = await startExample({
      gatewayYaml,
      credits: 1_000_000,
      now: () => Date.now() + skippedMs,
      issuer: (gateway) =>
        tokenSessionIssuer({
          gatewayUrl: gateway.url,
          apiKey: gateway.apiKey,
          policy: (subject) => POLICIES[subject.split('-')[0] ?? ''] ?? {},
        }),
    });
  }, 60_000);
  afterAll(() => harness?.close());

  const signIn = (subject: string) =>
    openSignedIn({
      browser: harness.browser,
      origin: harness.app.url,
      subject,
    });
  const imageOutcome = async (page: Page) =>
    shownError(await generateImage(page), 'image-error');

  it('should refuse a token past its expiry, by the gateway clock', async () => {
    const page = await signIn('brief-ada');
    expect(await imageOutcome(page)).toBeNull();
    skippedMs += (SHORT_TTL_SECONDS + 1) * 1_000;
    expect(await imageOutcome(page)).toEqual({
      code: 'auth',
      trpcCode: 'UNAUTHORIZED',
      denial: 'token_expired',
    });
    await page.close();
  });

  it('should refuse a call past the token credit cap', async () => {
    const page = await signIn('capped-ada');
    expect(await imageOutcome(page)).toBeNull();
    expect(await imageOutcome(page)).toEqual({
      code: 'quota_exceeded',
      trpcCode: 'PAYMENT_REQUIRED',
      denial: null,
    });
    await page.close();
  });

  it('should refuse a route the token does not allow', async () => {
    const page = await signIn('textonly-ada');
    expect(await imageOutcome(page)).toEqual({
      code: 'auth',
      trpcCode: 'FORBIDDEN',
      denial: 'token_not_allowed',
    });
    await page.close();
  });

  it('should refuse the token of a subject the app revoked', async () => {
    const page = await signIn('revoked-ada');
    expect(await imageOutcome(page)).toBeNull();
    // What the app's backend does to sign a user out everywhere.
    const backend = createTokenMinter({
      url: harness.gateway.url,
      apiKey: harness.gateway.apiKey,
    });
    await backend.revoke({ subject: 'revoked-ada' });
    expect(await imageOutcome(page)).toEqual({
      code: 'auth',
      trpcCode: 'UNAUTHORIZED',
      denial: 'token_revoked',
    });
    await page.close();
  });

  it("should keep a subject's usage exact, within its cap, under parallel calls from several tabs", async () => {
    const subject = 'shared-ada';
    const context = await harness.browser.newContext();
    const origin = harness.app.url;
    const first = await openSignedIn({ ...harnessBrowser(), context, subject });
    const tabs = [
      first,
      await openSignedInTab({ context, origin }),
      await openSignedInTab({ context, origin }),
    ];
    // Two rounds of one image per tab at once: 6 calls for a cap of 4 images.
    const outcomes = [];
    for (let round = 0; round < 2; round += 1) {
      outcomes.push(...(await Promise.all(tabs.map(imageOutcome))));
    }
    const served = outcomes.filter((outcome) => outcome === null).length;
    expect(served).toBe(SHARED_CAP_IMAGES);
    expect(outcomes.filter((outcome) => outcome !== null)).toEqual(
      Array.from({ length: 6 - SHARED_CAP_IMAGES }, () => ({
        code: 'quota_exceeded',
        trpcCode: 'PAYMENT_REQUIRED',
        denial: null,
      })),
    );
    const token = await first.evaluate(
      () =>
        (
          JSON.parse(
            localStorage.getItem('switchyard-example-session') ?? '{}',
          ) as { token?: string }
        ).token,
    );
    const asTab = createSwitchyardClient({
      url: harness.gateway.url,
      apiKey: token,
    });
    const { token: reported } = await asTab.usage.balance.query();
    const history = await asTab.usage.history.query({ limit: 100 });
    const charged = history.items.reduce(
      (total, item) => total + item.costMicroCredits,
      0,
    );
    expect(reported?.spent).toBe(SHARED_CAP_IMAGES * IMAGE_PRICE);
    expect(charged).toBe(reported?.spent);
    expect(history.items.every((item) => item.subject === subject)).toBe(true);
    await context.close();
  });

  function harnessBrowser() {
    return { browser: harness.browser, origin: harness.app.url };
  }
});
