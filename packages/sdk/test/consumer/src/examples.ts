// The SDK README's four consumer-side examples — a stream, a job, a webhook
// check and a batch — as an outside project writes them. The outside-consumer
// test type-checks this file against the packed SDK and runs them against a
// running gateway.
import { createSwitchyardClient, type Job } from '@switchyard/sdk';
import {
  verifySwitchyardWebhook,
  type SwitchyardWebhookEvent,
  type WebhookHeaders,
} from '@switchyard/sdk/server';

/** Streams a text answer; resolves with the text, or rejects with the stream's error. */
export function streamText(options: {
  url: string;
  apiKey?: string;
  prompt: string;
}): Promise<string> {
  const { url, prompt } = options;
  const client = createSwitchyardClient({
    url,
    ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const subscription = client.generateStream.subscribe(
      { type: 'text', prompt },
      {
        onData({ data: event }) {
          switch (event.type) {
            case 'attempt-start': // { provider, model, attempt }
            case 'fallback': // { from, to, reason }: only before the first text
              break;
            case 'text-delta':
              text += event.text;
              break;
            case 'end': // { provider, model, usage, cost, attempts }
              subscription.unsubscribe();
              resolve(text);
              break;
            case 'error': // incomplete: true when text had been delivered
              subscription.unsubscribe();
              reject(
                new Error(
                  `${event.code}${event.incomplete ? ` after ${event.delivered.length} chars` : ''}: ${event.message}`,
                ),
              );
              break;
          }
        },
        onError: reject,
      },
    );
  });
}

/** Submits an image job and follows its events to the end (`jobs.get` polls it too). */
export async function runImageJob(url: string): Promise<Job> {
  const client = createSwitchyardClient({ url });
  const submitted = await client.jobs.submit.mutate({
    type: 'image',
    prompt: 'a lighthouse at dusk',
    width: 64,
    height: 64,
    idempotencyKey: `lighthouse-${submittedAt()}`, // a retried submit returns the same job
  });
  return new Promise<Job>((resolve, reject) => {
    const subscription = client.jobs.events.subscribe(
      { id: submitted.id },
      {
        onData({ type, job }) {
          if (
            type === 'succeeded' ||
            type === 'failed' ||
            type === 'cancelled'
          ) {
            subscription.unsubscribe();
            resolve(job);
          }
        },
        onError: reject,
      },
    );
  });
}

/** A key unique to this run, for the example's idempotency key. */
function submittedAt(): string {
  return new Date().toISOString();
}

/** Checks a webhook request: the typed final event, or a SwitchyardWebhookError. */
export function readWebhook(options: {
  secret: string;
  rawBody: string;
  headers: WebhookHeaders;
}): Promise<SwitchyardWebhookEvent> {
  return verifySwitchyardWebhook({
    secret: options.secret,
    body: options.rawBody, // exactly as received, before any JSON parsing
    headers: options.headers,
  });
}

/** A batch of mixed items in which one fails; the others still come back. */
export async function mixedBatch(url: string) {
  const client = createSwitchyardClient({ url });
  const batch = await client.generateBatch.mutate({
    items: [
      { type: 'image', prompt: 'a fox', width: 64, height: 64 },
      { type: 'text', prompt: 'Name the fox.' },
      { type: 'text', prompt: 'Never answered.', provider: 'no-such-provider' },
    ],
    concurrency: 2,
    continueOnError: true,
  });
  return batch.items.map((item) =>
    item.ok
      ? { index: item.index, ok: true, type: item.result.type }
      : { index: item.index, ok: false, code: item.error.code },
  );
}
