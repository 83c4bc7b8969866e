/** Micro-credits the offline image model is priced at in the tests' gateway. */
export const IMAGE_PRICE = 1_000;
/** Micro-credits per streamed (or generated) text answer. */
export const TEXT_PRICE = 100;

/**
 * The tests' gateway config: auth required, the offline `local` models at
 * fixed prices (so charges are exact), `allowedOrigins` as `cors.origins`,
 * and a second text route, `premium`, for route limits.
 */
export function gatewayYaml(allowedOrigins: string[]): string {
  return `
auth: { required: true }
cors: { origins: ${JSON.stringify(allowedOrigins)} }
providers:
  local:
    prices:
      procedural: { perImage: ${IMAGE_PRICE} }
      echo: { perRequest: ${TEXT_PRICE} }
routes:
  image: { targets: ["local:procedural"] }
  text: { targets: ["local:echo"] }
  premium: { type: text, targets: ["local:echo"] }
`;
}
