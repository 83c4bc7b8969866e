import type { SwitchyardStore } from '@switchyard/core';
import { describe } from 'vitest';
import { describeApiKeyLimits, describeApiKeys } from './store/api-keys';
import { describeGenerations } from './store/generations';
import { openStoreHarness } from './store/harness';
import { describeJobs } from './store/jobs';
import { describeLedger } from './store/ledger';
import { describeTokens } from './store/tokens';

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions {
  /** Shown in test titles: `SQLite`, `PostgreSQL`. */
  name: string;
  /** Opens a fresh, empty store that reads time from `now`. */
  open(options: { now: () => number }): Promise<SwitchyardStore>;
}

/**
 * The suite every store implementation runs against a real database: API
 * keys stored hashed and revocable; reserve, capture and release that never
 * overdraw a key, never charge twice, and stay exact under concurrency; and
 * expired reservations released by the sweeper.
 */
export function describeStoreConformance(
  options: StoreConformanceOptions,
): void {
  describe(`${options.name} store conformance`, () => {
    const harness = openStoreHarness((settings) => options.open(settings));
    describeApiKeys(harness);
    describeGenerations(harness);
    describeApiKeyLimits(harness);
    describeLedger(harness);
    describeJobs(harness);
    describeTokens(harness);
  });
}
