import {
  sortableId,
  SwitchyardError,
  type GenerateInput,
  type JobRecord,
  type SwitchyardStore,
} from '@switchyard/core';
import { hashRequest } from '../gateway/idempotency';
import { assertWebhookTarget, type WebhookSettings } from './webhooks';

/**
 * Stores a submitted job as queued, after checking its webhook URL. A
 * repeat of an idempotency key with the same request finds the job stored
 * first (`created: false`); with another request it is refused.
 */
export async function storeSubmittedJob(
  deps: { store: SwitchyardStore; webhooks: WebhookSettings | undefined },
  submission: {
    input: GenerateInput;
    keyId: string;
    /** The end user and token of a job submitted with a minted token. */
    subject?: string;
    tokenId?: string;
    webhookUrl?: string;
  },
): Promise<{ job: JobRecord; created: boolean }> {
  const { input, keyId, subject, tokenId, webhookUrl } = submission;
  if (webhookUrl !== undefined) {
    await assertWebhookAllowed(deps.webhooks, webhookUrl);
  }
  const id = sortableId('job_');
  const requestHash = hashRequest({ ...input, webhookUrl });
  const job = await deps.store.jobs.create({
    id,
    keyId,
    subject,
    tokenId,
    input,
    webhookUrl,
    idempotencyKey: input.idempotencyKey,
    requestHash,
  });
  if (job.id === id) return { job, created: true };
  if (job.requestHash !== requestHash) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message: `The idempotencyKey "${input.idempotencyKey ?? ''}" was already used for job ${job.id} with a different request; use a new key for a new job.`,
    });
  }
  return { job, created: false };
}

/** Refuses a webhook when the gateway sends none, or when its URL is one it may not call. */
async function assertWebhookAllowed(
  settings: WebhookSettings | undefined,
  webhookUrl: string,
): Promise<void> {
  if (settings === undefined) {
    throw new SwitchyardError({
      code: 'invalid_request',
      message:
        'This gateway sends no webhooks: add webhooks.secret to its config, or poll jobs.get / subscribe to jobs.events.',
    });
  }
  await assertWebhookTarget({
    url: webhookUrl,
    allowPrivateNetworks: settings.allowPrivateNetworks ?? false,
  });
}
