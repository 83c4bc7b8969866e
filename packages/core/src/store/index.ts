// Store interfaces (implementations live in @switchyard/store-sql).
// Re-exported whole by the package's index.

export type {
  ApiKeyStore,
  CreatedApiKey,
  CreditBalance,
  CreditLedger,
  GenerationOutcome,
  GenerationRecord,
  GenerationStore,
  HeldCharges,
  HoldCharge,
  HoldExtension,
  Reservation,
  SwitchyardStore,
} from './store';
export type {
  AbandonedTask,
  JobChanges,
  JobCounts,
  JobRecord,
  JobStatus,
  JobStore,
  WebhookDelivery,
} from './jobs';
export { JOB_LOG_LINES, JOB_STATUSES } from './jobs';
export type { TokenRecord, TokenRevocation, TokenStore } from './tokens';
export type { TrainedModelRecord, TrainedModelStore } from './trained-models';
export { createMemoryArtifactStore } from './artifacts';
export { createGroupWriter } from './group-writer';
export type { GroupWriter } from './group-writer';
export { createLeasedLedger, unleasedLedger } from './leased-ledger';
export type { LeasedLedger, LeasedLedgerOptions } from './leased-ledger';
export type { ArtifactRecord, ArtifactStore } from './artifacts';
export { generateApiKey, hashApiKey } from './api-key';
export {
  API_KEY_ROLES,
  apiKeyLimitsSchema,
  apiKeyRecordSchema,
  apiKeyRoleSchema,
  MAX_KEY_CALLS_PER_WINDOW,
} from './api-key-schema';
export type { ApiKeyLimits, ApiKeyRecord, ApiKeyRole } from './api-key-schema';
export { randomId, sortableId } from './ids';
