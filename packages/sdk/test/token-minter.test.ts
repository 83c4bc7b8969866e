import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKeysCommand } from '@switchyard/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSwitchyardClient, isSwitchyardError } from '@switchyard/sdk';
import { createTokenMinter } from '@switchyard/sdk/server';
import { startGateway } from './start-gateway';

/** The browser case through the SDK: a backend mints with its key, a client calls with the token only. */
describe('createTokenMinter', () => {
  let folder: string;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let apiKey: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'switchyard-minter-'));
    gateway = await startGateway(`
auth: { required: true }
store: { url: "sqlite:${join(folder, 'gateway.db')}" }
providers:
  local: {}
routes:
  text: { targets: ["local:echo"] }
  image: { targets: ["local:procedural"] }
`);
    const printed: string[] = [];
    const code = await runKeysCommand({
      argv: ['create', '--name', 'backend', '--credits', '10000000'],
      environment: { SWITCHYARD_CONFIG: gateway.configFile },
      output: { out: (line) => printed.push(line), error: () => undefined },
    });
    expect(code).toBe(0);
    apiKey = /(sy_\S+)/.exec(printed.join('\n'))?.[1] ?? '';
  });
  afterAll(async () => {
    await gateway.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("should mint a token the page's client calls with, recorded for its user, and revoke it", async () => {
    const minter = createTokenMinter({ url: gateway.server.url, apiKey });
    const { token, expiresAt } = await minter.mint({
      subject: 'user-42',
      ttlSeconds: 300,
      types: ['text'],
    });
    expect(expiresAt).toBeGreaterThan(Date.now());
    const page = createSwitchyardClient({
      url: gateway.server.url,
      apiKey: token,
    });
    const result = await page.generate.mutate({ type: 'text', prompt: 'hi' });
    expect(result.type).toBe('text');
    const history = await page.usage.history.query({});
    expect(history.items.map((item) => [item.id, item.subject])).toEqual([
      [result.id, 'user-42'],
    ]);
    const image = await page.generate
      .mutate({ type: 'image', prompt: 'a fox' })
      .catch((error: unknown) => error);
    expect(isSwitchyardError(image) && image.data.denial).toBe(
      'token_not_allowed',
    );
    await minter.revoke({ subject: 'user-42' });
    const revoked = await page.generate
      .mutate({ type: 'text', prompt: 'hi' })
      .catch((error: unknown) => error);
    expect(isSwitchyardError(revoked) && revoked.data.denial).toBe(
      'token_revoked',
    );
  });
});
