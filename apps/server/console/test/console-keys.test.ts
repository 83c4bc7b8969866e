import { createSwitchyardClient } from '@switchyard/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closePage,
  openSignedIn,
  problemsOf,
  screenshot,
  startConsoleHarness,
  type ConsoleHarness,
} from './console-harness';

/** Roles of the controls a user operates; each must have an accessible name. */
const CONTROL_ROLES = [
  'button',
  'link',
  'textbox',
  'combobox',
  'listbox',
  'checkbox',
  'radio',
  'spinbutton',
  'slider',
  'switch',
  'tab',
  'menuitem',
];

/** The controls in an ARIA snapshot (YAML lines such as `- button "Generate"`) that have no name. */
function unnamedControls(snapshot: string): string[] {
  return snapshot
    .split('\n')
    .map((line) => line.trim().replace(/^- /, ''))
    .filter((line) => {
      const role = /^([a-z]+)/.exec(line)?.[1] ?? '';
      return CONTROL_ROLES.includes(role) && !/^[a-z]+ "[^"]+"/.test(line);
    });
}

describe('the console keys page in Chromium', { timeout: 60_000 }, () => {
  let harness: ConsoleHarness;

  beforeAll(async () => {
    harness = await startConsoleHarness({ credits: 10_000 });
  }, 120_000);
  afterAll(() => harness?.close());

  const clientOf = (apiKey: string) =>
    createSwitchyardClient({ url: harness.gateway.url, apiKey });

  it('should not show Keys to a user key', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.user.key,
    });
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Usage' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Keys' }).count()).toBe(0);
    await page.goto(`${harness.gateway.url}/keys`);
    await page.getByText('Keys are managed with an admin key.').waitFor();
    expect(await page.getByRole('table', { name: 'API keys' }).count()).toBe(0);
    await closePage(page);
  });

  it("should top up a key as an admin: the balance shown changes, and so does the key's own", async () => {
    const { user, admin } = harness.gateway;
    const before = await clientOf(user.key).usage.balance.query();
    const page = await openSignedIn({ harness, apiKey: admin.key });
    await page.getByRole('link', { name: 'Keys' }).click();
    const balance = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: user.name }) })
      .locator('[data-column="balance"]');
    await balance.waitFor();
    expect(Number(await balance.getAttribute('data-micro-credits'))).toBe(
      before.balance,
    );
    await page
      .getByLabel(`Micro-credits to add to ${user.name}`)
      .fill('250000');
    await page.getByRole('button', { name: `Top up ${user.name}` }).click();
    await page
      .locator(
        `[data-column="balance"][data-micro-credits="${before.balance + 250_000}"]`,
      )
      .waitFor();
    const after = await clientOf(user.key).usage.balance.query();
    expect(after.balance).toBe(before.balance + 250_000);
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'keys-topped-up');
    await closePage(page);
  });

  it('should create a key shown once, limit it and revoke it', async () => {
    const page = await openSignedIn({
      harness,
      apiKey: harness.gateway.admin.key,
      path: '/keys',
    });
    await page.getByLabel('Name').fill('bob');
    await page.getByLabel('Credits (micro-credits)').fill('5000');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByRole('status', { name: 'New API key' });
    await shown.waitFor();
    const key = (await shown.textContent()) ?? '';
    expect(await clientOf(key).auth.whoami.query()).toMatchObject({
      kind: 'key',
      name: 'bob',
      role: 'user',
    });
    await screenshot(page, 'keys-created');

    await page.getByRole('button', { name: 'Edit limits of bob' }).click();
    const limits = page.getByRole('form', { name: 'Limits of bob' });
    await limits.getByLabel('Calls per minute').fill('5');
    await limits.getByLabel('Routes (comma-separated)').fill('image, text');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'bob' }) });
    await row.getByText('5/min · routes image, text').waitFor();
    const listed = await clientOf(
      harness.gateway.admin.key,
    ).admin.keys.list.query();
    expect(listed.keys.find((each) => each.name === 'bob')?.limits).toEqual({
      perMinute: 5,
      routes: ['image', 'text'],
    });

    await page.getByRole('button', { name: 'Revoke bob' }).click();
    await page.getByRole('button', { name: 'Revoke bob now' }).click();
    await page.locator('tr[data-revoked="true"]', { hasText: 'bob' }).waitFor();
    await expect(clientOf(key).auth.whoami.query()).rejects.toThrow();
    expect(problemsOf(page)).toEqual([]);
    await screenshot(page, 'keys-revoked');
    await closePage(page);
  });

  it('should give every control of every page an accessible name', async () => {
    const { admin, user } = harness.gateway;
    // Something on every page: a call, a job.
    const client = clientOf(admin.key);
    await client.admin.keys.topUp.mutate({ id: admin.id, amount: 10_000 });
    const call = await client.generate.mutate({
      type: 'image',
      prompt: 'a fox',
    });
    const job = await client.jobs.submit.mutate({
      type: 'image',
      prompt: 'a hare',
    });
    const page = await openSignedIn({ harness, apiKey: admin.key });
    const pages = [
      'Playground',
      'Health',
      'Usage',
      'Jobs',
      'Generations',
      'Keys',
    ];
    for (const name of pages) {
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      if (name === 'Jobs') {
        await page
          .getByRole('button', { name: `Follow job ${job.id}` })
          .click();
      }
      if (name === 'Generations') {
        await page
          .getByRole('button', { name: `Show generation ${call.id}` })
          .click();
        await page.getByRole('figure', { name: 'Attempts' }).waitFor();
      }
      if (name === 'Keys') {
        await page
          .getByRole('button', { name: `Edit limits of ${user.name}` })
          .click();
        await page.getByRole('button', { name: `Revoke ${user.name}` }).click();
      }
      await page
        .locator('[role="status"]')
        .filter({ hasText: /^Loading/ })
        .waitFor({ state: 'detached' });
      const snapshot = await page.locator('body').ariaSnapshot();
      expect(unnamedControls(snapshot), `${name}:\n${snapshot}`).toEqual([]);
    }
    await page.getByRole('button', { name: `Keep ${user.name}` }).click();
    await closePage(page);
  });
});
