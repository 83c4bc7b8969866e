/**
 * `@switchyard/sdk/server`: helpers for your own backend, which hold a
 * secret that must never reach a browser (the API key that mints end users'
 * tokens, the webhook secret). Kept out of
 * the main entry so that a browser bundle cannot import them by mistake.
 *
 * @module
 */
export {
  SwitchyardWebhookError,
  verifySwitchyardWebhook,
} from './verify-webhook';
export type { SwitchyardWebhookEvent, WebhookHeaders } from './verify-webhook';
export type { Job, MintedToken, MintTokenInput } from './router-types';
export { createTokenMinter } from './token-minter';
export type { TokenMinter, TokenMinterSettings } from './token-minter';
