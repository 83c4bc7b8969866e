import type { SwitchyardStore } from '@switchyard/core';
import type { Gateway, GenerateOptions } from '../gateway/gateway';
import type { Logger } from '../logger';
import type { JobChangeFeed } from './job-change-feed';
import type { WebhookSender } from './webhooks';

/** Who submitted a job and pays for it. */
export type JobPayer = GenerateOptions['payer'];

/** A job this process is running: aborting `controller` stops the run. */
export interface RunningJob {
  controller: AbortController;
  /** The stop is the user's cancel (the job ends `cancelled`), not a shutdown or a lost lease. */
  userCancelled: boolean;
  /** Settles once the run has ended and let go of what it held (its credit hold, its lease). */
  ended: Promise<void>;
}

/** What the steps of one job runner share. */
export interface JobRunnerContext {
  store: SwitchyardStore;
  gateway: Gateway;
  logger: Logger;
  /** This process, as the holder of job leases. */
  owner: string;
  leaseMs: number;
  /** Where this runner announces job changes. */
  feed: JobChangeFeed;
  /** Undefined when webhooks are off. */
  webhooks: WebhookSender | undefined;
  /** The jobs this process runs now, by id. */
  running: Map<string, RunningJob>;
  /** True once the runner is closing: it starts nothing and leaves provider tasks running. */
  isClosed: () => boolean;
}
