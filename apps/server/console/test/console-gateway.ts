import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SwitchyardStore } from '@switchyard/core';
import {
  createLogger,
  createServer,
  parseConfig,
  type SwitchyardServer,
} from '@switchyard/server';
import { createSqlStore } from '@switchyard/store-sql';

/** Micro-credits the offline image model costs in the tests' gateway. */
export const IMAGE_PRICE = 1_000;
/** Micro-credits per text answer. */
export const TEXT_PRICE = 100;
/** Micro-credits per video or music clip. */
export const MEDIA_PRICE = 500;

const GATED_LOCAL_PROVIDER = fileURLToPath(
  new URL('gated-local-provider.ts', import.meta.url),
);

/**
 * The tests' gateway config: auth required; the offline `local` models (with
 * streams and media a test can hold) at fixed prices; images tried first on
 * `flaky`, which always fails, so every image call falls back; and a route
 * of its own to `broken`, whose breaker opens after two failures.
 */
const GATEWAY_YAML = `
auth: { required: true }
health: { probes: { local: false, flaky: false, broken: false } }
providers:
  local:
    use: ${JSON.stringify(GATED_LOCAL_PROVIDER)}
    prices:
      procedural: { perImage: ${IMAGE_PRICE} }
      echo: { perRequest: ${TEXT_PRICE} }
      speech: { perRequest: ${MEDIA_PRICE} }
      music: { perRequest: ${MEDIA_PRICE} }
      video: { perRequest: ${MEDIA_PRICE} }
  flaky:
    use: local
    faults: { rate: 1, code: server_error }
    prices: { procedural: { perImage: ${IMAGE_PRICE} } }
  broken:
    use: local
    faults: { rate: 1, code: server_error }
    prices: { procedural: { perImage: ${IMAGE_PRICE} } }
routes:
  image:
    targets: ["flaky:procedural", "local:procedural"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 1000 }
  broken-images:
    type: image
    targets: ["broken:procedural"]
    retry: { maxAttempts: 1 }
    breaker: { failureThreshold: 2, halfOpenAfterMs: 3600000 }
  text: { targets: ["local:echo"] }
  speech: { targets: ["local:speech"] }
  music: { targets: ["local:music"] }
  video: { targets: ["local:video"] }
`;

/** A gateway serving a console build, with a user key and an admin key in its store. */
export interface ConsoleGateway {
  server: SwitchyardServer;
  url: string;
  store: SwitchyardStore;
  user: { key: string; id: string; name: string };
  admin: { key: string; id: string; name: string };
  close(): Promise<void>;
}

/**
 * Starts a real gateway on 127.0.0.1 (a free port) serving the console
 * built in `consoleDir`, on a SQLite store in a temporary folder, with a
 * user key (`credits` micro-credits) and an admin key.
 */
export async function startConsoleGateway(options: {
  consoleDir: string;
  credits: number;
}): Promise<ConsoleGateway> {
  const folder = await mkdtemp(join(tmpdir(), 'switchyard-console-store-'));
  const store = await createSqlStore({
    url: `sqlite:${join(folder, 'switchyard.db')}`,
  });
  const server = await createServer({
    store,
    config: parseConfig({
      text: GATEWAY_YAML,
      file: fileURLToPath(new URL('switchyard.test.yaml', import.meta.url)),
      environment: {},
    }),
    environment: {},
    logger: createLogger({ level: 'silent' }),
    port: 0,
    hostname: '127.0.0.1',
    consoleDir: options.consoleDir,
  });
  const user = await store.apiKeys.create({
    name: 'ada',
    credits: options.credits,
  });
  const admin = await store.apiKeys.create({
    name: 'root',
    credits: 0,
    role: 'admin',
  });
  return {
    server,
    url: server.url,
    store,
    user: { key: user.key, id: user.record.id, name: 'ada' },
    admin: { key: admin.key, id: admin.record.id, name: 'root' },
    close: async () => {
      await server.close({ graceMs: 1_000 });
      await store.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
