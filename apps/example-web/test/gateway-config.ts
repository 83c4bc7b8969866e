import { fileURLToPath } from 'node:url';

/** Micro-credits the offline image model is priced at in the tests' gateway. */
export const IMAGE_PRICE = 1_000;
/** Micro-credits per streamed (or generated) text answer. */
export const TEXT_PRICE = 100;

const HELD_LOCAL_PROVIDER = fileURLToPath(
  new URL('held-local-provider.ts', import.meta.url),
);

/**
 * The tests' gateway config: auth required, the offline `local` models (with
 * image calls a test can hold) at fixed prices, so charges are exact, and
 * `allowedOrigins` as `cors.origins`.
 */
export function gatewayYaml(allowedOrigins: string[]): string {
  return `
auth: { required: true }
cors: { origins: ${JSON.stringify(allowedOrigins)} }
providers:
  local:
    use: ${JSON.stringify(HELD_LOCAL_PROVIDER)}
    prices:
      procedural: { perImage: ${IMAGE_PRICE} }
      echo: { perRequest: ${TEXT_PRICE} }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
`;
}
