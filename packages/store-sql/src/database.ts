import type { ColumnType } from 'kysely';

/** A bigint column: PostgreSQL hands it back as a string, SQLite as a number. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface ApiKeysTable {
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: BigIntColumn;
  revoked_at: ColumnType<number | string | null, number | null, number | null>;
  balance: BigIntColumn;
  reserved: BigIntColumn;
  /** JSON of the key's ApiKeyLimits, or null for none. */
  limits: string | null;
  /** `admin` or `user` (migration 0016; earlier keys are `user`). */
  role: ColumnType<string, string | undefined, string>;
}

export interface ReservationsTable {
  id: string;
  key_id: string;
  amount: BigIntColumn;
  status: 'reserved' | 'captured' | 'released';
  created_at: BigIntColumn;
  expires_at: BigIntColumn;
  captured_amount: ColumnType<
    number | string | null,
    number | null,
    number | null
  >;
  /** The minted token whose budget the hold counts against (migration 0012). */
  token_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** What the hold is for when it outlives a process: a job's id (migration 0015). */
  holder: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface LedgerEntriesTable {
  id: string;
  key_id: string;
  kind: 'grant' | 'capture';
  amount: BigIntColumn;
  reservation_id: string | null;
  created_at: BigIntColumn;
}

export interface GenerationsTable {
  id: string;
  key_id: string;
  /** The end user of a call made with a minted token; '' for none (migration 0012). */
  subject: ColumnType<string, string | undefined, string>;
  idempotency_key: string | null;
  request_hash: string;
  route: string;
  status: 'in_flight' | 'succeeded' | 'failed';
  provider: string | null;
  model: string | null;
  cost: BigIntColumn;
  /** What the call cost beyond what it was charged (migration 0010). */
  uncharged: BigIntColumn;
  result: string | null;
  error_code: string | null;
  /** JSON array of the call's attempts, once it has ended. */
  attempts: string | null;
  created_at: BigIntColumn;
  finished_at: ColumnType<number | string | null, number | null, number | null>;
  /** The process running an in-flight call that claimed an idempotency key. */
  owner: string | null;
  /** When that claim lapses and a retry may take the call over. */
  expires_at: ColumnType<number | string | null, number | null, number | null>;
}

export interface JobsTable {
  id: string;
  key_id: string;
  /** The end user of a job submitted with a minted token; '' for none (migration 0012). */
  subject: ColumnType<string, string | undefined, string>;
  /** The minted token a job was submitted with, whose budget it is held against. */
  token_id: ColumnType<string | null, string | null | undefined, string | null>;
  input: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  target: string | null;
  provider_task_id: string | null;
  /** JSON: AbandonedTask[]. */
  abandoned_tasks: string | null;
  attempt: number | null;
  progress: number | null;
  /** The provider's queue position (migration 0014). */
  queue_position: ColumnType<
    number | null,
    number | null | undefined,
    number | null
  >;
  /** JSON: the provider's last log lines (migration 0014). */
  logs: ColumnType<string | null, string | null | undefined, string | null>;
  result: string | null;
  error_code: string | null;
  error_message: string | null;
  cancel_requested: number;
  webhook_url: string | null;
  webhook_state: 'pending' | 'delivered' | 'failed' | null;
  idempotency_key: string | null;
  request_hash: string | null;
  lease_owner: string | null;
  lease_expires_at: ColumnType<
    number | string | null,
    number | null,
    number | null
  >;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
  finished_at: ColumnType<number | string | null, number | null, number | null>;
}

export interface WebhookDeliveriesTable {
  id: string;
  job_id: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  created_at: BigIntColumn;
}

type NullableBigInt = ColumnType<
  number | string | null,
  number | null | undefined,
  number | null
>;

export interface TokensTable {
  id: string;
  key_id: string;
  subject: string;
  session: string | null;
  max_credits: NullableBigInt;
  /** JSON: the provider instances the token may reach, or null for any. */
  providers: string | null;
  spent: BigIntColumn;
  reserved: BigIntColumn;
  created_at: BigIntColumn;
  expires_at: BigIntColumn;
  used_at: NullableBigInt;
}

export interface TokenRevocationsTable {
  id: string;
  key_id: string;
  subject: string;
  session: string | null;
  revoked_at: BigIntColumn;
}

export interface SettingsTable {
  name: string;
  value: string;
}

/** Outputs kept in the operator's storage (migration 0013). */
export interface ArtifactsTable {
  id: string;
  /** null for a call without a key (auth off). */
  key_id: string | null;
  subject: string | null;
  generation_id: string;
  mime_type: string;
  bytes: BigIntColumn;
  sha256: string;
  location: string;
  created_at: BigIntColumn;
  expires_at: NullableBigInt;
}

/** The store's tables, as Kysely sees them. */
/** Trained models and their owners (migration 0014). */
export interface TrainedModelsTable {
  ref: string;
  instance: string;
  model_id: string;
  key_id: string;
  subject: string;
  name: string;
  trigger_word: string;
  base_model: string | null;
  generation_id: string;
  created_at: BigIntColumn;
}

export interface StoreDatabase {
  switchyard_trained_models: TrainedModelsTable;
  switchyard_artifacts: ArtifactsTable;
  switchyard_tokens: TokensTable;
  switchyard_token_revocations: TokenRevocationsTable;
  switchyard_settings: SettingsTable;
  switchyard_webhook_deliveries: WebhookDeliveriesTable;
  switchyard_jobs: JobsTable;
  switchyard_generations: GenerationsTable;
  switchyard_api_keys: ApiKeysTable;
  switchyard_reservations: ReservationsTable;
  switchyard_ledger_entries: LedgerEntriesTable;
}
