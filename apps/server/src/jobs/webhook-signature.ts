import { createHmac } from 'node:crypto';

/** Header with the signature: `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-switchyard-signature';
/** Header with the signing time, epoch milliseconds. */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-switchyard-timestamp';

/** The signature header's value for a body signed at `timestamp`. */
export function signWebhook(options: {
  secret: string;
  timestamp: number;
  body: string;
}): string {
  const digest = createHmac('sha256', options.secret)
    .update(`${options.timestamp}.${options.body}`)
    .digest('hex');
  return `v1=${digest}`;
}
