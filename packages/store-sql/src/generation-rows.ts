import type {
  Attempt,
  GenerationOutcome,
  GenerationRecord,
} from '@switchyard/core';
import type { Selectable } from 'kysely';
import type { GenerationsTable } from './database';
import { storedOutcome } from './stored-outcome';

/** A generations row as the store hands it out. */
export function toGenerationRecord(
  row: Selectable<GenerationsTable>,
): GenerationRecord {
  return {
    id: row.id,
    keyId: row.key_id,
    ...(row.subject === '' ? {} : { subject: row.subject }),
    ...(row.idempotency_key == null
      ? {}
      : { idempotencyKey: row.idempotency_key }),
    requestHash: row.request_hash,
    route: row.route,
    status: row.status,
    ...(row.provider == null ? {} : { provider: row.provider }),
    ...(row.model == null ? {} : { model: row.model }),
    costMicroCredits: Number(row.cost),
    unchargedMicroCredits: Number(row.uncharged),
    ...storedOutcome(row),
    ...(row.attempts == null
      ? {}
      : { attempts: JSON.parse(row.attempts) as Attempt[] }),
    createdAt: Number(row.created_at),
    ...(row.finished_at == null ? {} : { finishedAt: Number(row.finished_at) }),
    ...(row.owner == null ? {} : { owner: row.owner }),
    ...(row.expires_at == null ? {} : { expiresAt: Number(row.expires_at) }),
  };
}

/** The outcome columns of a call that has not ended. */
export const NO_OUTCOME = {
  provider: null,
  model: null,
  cost: 0,
  uncharged: 0,
  result: null,
  error_code: null,
  attempts: null,
} as const;

/** The columns that say how a call ended. */
export function outcomeColumns(outcome: GenerationOutcome) {
  const attempts =
    outcome.attempts === undefined
      ? {}
      : { attempts: JSON.stringify(outcome.attempts) };
  return outcome.status === 'succeeded'
    ? {
        status: 'succeeded' as const,
        provider: outcome.provider,
        model: outcome.model,
        cost: outcome.costMicroCredits,
        uncharged: outcome.unchargedMicroCredits ?? 0,
        result: JSON.stringify(outcome.result),
        ...attempts,
      }
    : { status: 'failed' as const, error_code: outcome.errorCode, ...attempts };
}
