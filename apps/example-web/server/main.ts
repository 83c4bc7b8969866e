import { fileURLToPath } from 'node:url';
import { openSessionIssuer } from './session-issuer';
import { startExampleServer } from './start-example-server';
import { tokenSessionIssuer } from './token-session-issuer';

const STATIC_DIRECTORY = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * `pnpm --filter @switchyard/example-web dev`: serves the built page and
 * `POST /api/session` on `http://127.0.0.1:$PORT` (default 5173), signing
 * users in against the gateway at `$SWITCHYARD_URL` (default
 * `http://127.0.0.1:8787`) with tokens minted by `$SWITCHYARD_API_KEY`;
 * without a key, for a gateway with auth off.
 */
async function main(): Promise<void> {
  const gatewayUrl = process.env.SWITCHYARD_URL ?? 'http://127.0.0.1:8787';
  const apiKey = process.env.SWITCHYARD_API_KEY;
  const server = await startExampleServer({
    port: Number(process.env.PORT ?? 5173),
    hostname: process.env.HOST ?? '127.0.0.1',
    staticDirectory: STATIC_DIRECTORY,
    issueSession:
      apiKey === undefined || apiKey === ''
        ? openSessionIssuer({ gatewayUrl })
        : tokenSessionIssuer({ gatewayUrl, apiKey }),
  });
  console.log(
    `example app on ${server.url}, gateway ${gatewayUrl} (${apiKey ? 'minting tokens with SWITCHYARD_API_KEY' : 'no SWITCHYARD_API_KEY: the gateway must run with auth off'})`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
