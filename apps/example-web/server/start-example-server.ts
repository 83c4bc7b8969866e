import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { createExampleApp, type ExampleAppOptions } from './example-app';

/** A running example backend. */
export interface ExampleServer {
  /** `http://host:port`: the page's origin. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the example backend (the built page and `POST /api/session`) on
 * `hostname:port` (port 0 picks a free one).
 */
export async function startExampleServer(
  options: ExampleAppOptions & { port?: number; hostname?: string },
): Promise<ExampleServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const app = createExampleApp(options);
  const server = createAdaptorServer({ fetch: app.fetch, hostname }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
