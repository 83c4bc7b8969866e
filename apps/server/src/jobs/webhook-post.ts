import { fetch, type Dispatcher } from 'undici';
import {
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  signWebhook,
} from './webhook-signature';
import { assertWebhookTarget, type ResolveHost } from './webhook-target';

/** What one signed webhook POST needs. */
export interface SignedWebhookPost {
  url: string;
  /** The JSON body, as sent and signed. */
  body: string;
  secret: string;
  /** The signing time (epoch ms), sent in `x-switchyard-timestamp`. */
  timestamp: number;
  allowPrivateNetworks: boolean;
  resolve: ResolveHost;
  /** Connections that refuse non-public addresses; undefined when private networks are allowed. */
  dispatcher: Dispatcher | undefined;
  timeoutMs: number;
  /** Stops the POST early (the sender is shutting down). */
  signal?: AbortSignal;
}

/**
 * POSTs a signed body to a checked `url` (refused unless public, or private
 * networks are allowed) without following redirects; resolves to the
 * response status. Job webhooks and health alerts both send through it.
 */
export async function postSignedWebhook(
  post: SignedWebhookPost,
): Promise<number> {
  await assertWebhookTarget({
    url: post.url,
    allowPrivateNetworks: post.allowPrivateNetworks,
    resolve: post.resolve,
  });
  const timeout = AbortSignal.timeout(post.timeoutMs);
  const response = await fetch(post.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'switchyard-webhooks',
      [WEBHOOK_TIMESTAMP_HEADER]: String(post.timestamp),
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook({
        secret: post.secret,
        timestamp: post.timestamp,
        body: post.body,
      }),
    },
    body: post.body,
    // A redirect could point into a private network: not followed.
    redirect: 'manual',
    signal:
      post.signal === undefined
        ? timeout
        : AbortSignal.any([timeout, post.signal]),
    dispatcher: post.dispatcher,
  });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}
