import { sql, type Kysely, type Migration } from 'kysely';
import { migrateArtifacts } from './artifacts';

/**
 * The schema, one migration per change, in order. Kysely's Migrator records
 * what ran and holds a lock while it runs, so replicas starting together
 * migrate once.
 */
/** Every migration, by name, in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-api-keys-and-ledger': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('switchyard_api_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('key_hash', 'text', (column) => column.notNull().unique())
        .addColumn('key_prefix', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('balance', 'bigint', (column) =>
          column.notNull().defaultTo(0),
        )
        .addColumn('reserved', 'bigint', (column) =>
          column.notNull().defaultTo(0),
        )
        .addCheckConstraint(
          'switchyard_api_keys_reserved_ok',
          sql`reserved >= 0`,
        )
        .execute();
      await db.schema
        .createTable('switchyard_reservations')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) =>
          column.notNull().references('switchyard_api_keys.id'),
        )
        .addColumn('amount', 'bigint', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('captured_amount', 'bigint')
        .execute();
      await db.schema
        .createIndex('switchyard_reservations_open')
        .on('switchyard_reservations')
        .columns(['status', 'expires_at'])
        .execute();
      await db.schema
        .createTable('switchyard_ledger_entries')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('amount', 'bigint', (column) => column.notNull())
        .addColumn('reservation_id', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
  '0002-generations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('switchyard_generations')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) => column.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('request_hash', 'text', (column) => column.notNull())
        .addColumn('route', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('provider', 'text')
        .addColumn('model', 'text')
        .addColumn('cost', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('result', 'text')
        .addColumn('error_code', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      // One live call per (key, idempotency key); a failed call frees it.
      await db.schema
        .createIndex('switchyard_generations_idempotency')
        .on('switchyard_generations')
        .columns(['key_id', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('switchyard_generations_by_key')
        .on('switchyard_generations')
        .columns(['key_id', 'created_at', 'id'])
        .execute();
    },
  },
  '0003-api-key-limits': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_api_keys')
        .addColumn('limits', 'text')
        .execute();
    },
  },
  '0004-generation-attempts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_generations')
        .addColumn('attempts', 'text')
        .execute();
    },
  },
  '0005-jobs': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('switchyard_jobs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) => column.notNull())
        .addColumn('input', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('target', 'text')
        .addColumn('provider_task_id', 'text')
        .addColumn('progress', 'real')
        .addColumn('result', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('cancel_requested', 'integer', (column) =>
          column.notNull().defaultTo(0),
        )
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'bigint')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('switchyard_jobs_by_key')
        .on('switchyard_jobs')
        .columns(['key_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('switchyard_jobs_open')
        .on('switchyard_jobs')
        .columns(['status', 'lease_expires_at'])
        .execute();
    },
  },
  '0006-webhooks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('webhook_url', 'text')
        .execute();
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('webhook_state', 'text')
        .execute();
      await db.schema
        .createTable('switchyard_webhook_deliveries')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('job_id', 'text', (column) => column.notNull())
        .addColumn('attempt', 'integer', (column) => column.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('switchyard_webhook_deliveries_by_job')
        .on('switchyard_webhook_deliveries')
        .columns(['job_id', 'attempt'])
        .execute();
    },
  },
  '0007-job-idempotency': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('idempotency_key', 'text')
        .execute();
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('request_hash', 'text')
        .execute();
      await db.schema
        .createIndex('switchyard_jobs_idempotency')
        .on('switchyard_jobs')
        .columns(['key_id', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();
    },
  },
  '0008-job-abandoned-tasks': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('abandoned_tasks', 'text')
        .execute();
    },
  },
  '0009-job-attempt': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_jobs')
        .addColumn('attempt', 'integer')
        .execute();
    },
  },
  '0010-generation-uncharged': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_generations')
        .addColumn('uncharged', 'bigint', (column) =>
          column.notNull().defaultTo(0),
        )
        .execute();
    },
  },
  '0011-generation-claims': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_generations')
        .addColumn('owner', 'text')
        .execute();
      await db.schema
        .alterTable('switchyard_generations')
        .addColumn('expires_at', 'bigint')
        .execute();
      // Calls left in flight before claims expired (a process killed
      // mid-call) lapse once the longest route deadline allowed has passed.
      await sql`update switchyard_generations set expires_at = created_at + ${LEGACY_CLAIM_MS} where status = 'in_flight'`.execute(
        db,
      );
    },
  },
  '0012-tokens': { up: migrateTokens },
  '0013-artifacts': { up: migrateArtifacts },
  '0014-trained-models': { up: migrateTraining },
  '0015-reservation-holders': {
    // A job's holds name the job, so the run that resumes it after a crash
    // frees them at once instead of an hour later.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_reservations')
        .addColumn('holder', 'text')
        .execute();
      await db.schema
        .createIndex('switchyard_reservations_by_holder')
        .on('switchyard_reservations')
        .columns(['holder', 'status'])
        .execute();
    },
  },
  '0016-api-key-roles': {
    // Admin keys manage other keys (issue 17); every earlier key is a user.
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('switchyard_api_keys')
        .addColumn('role', 'text', (column) =>
          column.notNull().defaultTo('user'),
        )
        .execute();
    },
  },
  '0017-keyed-generation-listings': { up: keepAnonymousOutOfListings },
};

/**
 * Calls without a key (key `''`) are listed by nobody, yet each of their
 * records cost two index writes, a third of the record's own cost: the
 * listing indexes now hold keyed calls only (`generations.list` states the
 * same condition, so both databases use them).
 */
async function keepAnonymousOutOfListings(db: Kysely<unknown>): Promise<void> {
  const listings = {
    by_key: ['key_id', 'created_at', 'id'],
    by_subject: ['key_id', 'subject', 'created_at', 'id'],
  };
  for (const [name, columns] of Object.entries(listings)) {
    const index = `switchyard_generations_${name}`;
    await db.schema.dropIndex(index).execute();
    await db.schema
      .createIndex(index)
      .on('switchyard_generations')
      .columns(columns)
      .where(sql.ref('key_id'), '<>', '')
      .execute();
  }
}

/**
 * Minted tokens (issue 13): their budgets, revocations and signing secret;
 * the subject of calls and jobs made with one, idempotency keys unique per
 * key and subject (so two end users of one key never share a replay); a
 * hold's token.
 */
async function migrateTokens(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('switchyard_tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('session', 'text')
    .addColumn('max_credits', 'bigint')
    .addColumn('providers', 'text')
    .addColumn('spent', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('reserved', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('used_at', 'bigint')
    .addCheckConstraint('switchyard_tokens_reserved_ok', sql`reserved >= 0`)
    .execute();
  await db.schema
    .createTable('switchyard_token_revocations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull())
    .addColumn('session', 'text')
    .addColumn('revoked_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('switchyard_token_revocations_by_time')
    .on('switchyard_token_revocations')
    .columns(['revoked_at'])
    .execute();
  await db.schema
    .createTable('switchyard_settings')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .alterTable('switchyard_reservations')
    .addColumn('token_id', 'text')
    .execute();
  await db.schema
    .alterTable('switchyard_jobs')
    .addColumn('token_id', 'text')
    .execute();
  for (const table of ['generations', 'jobs'] as const) {
    await db.schema
      .alterTable(`switchyard_${table}`)
      .addColumn('subject', 'text', (column) => column.notNull().defaultTo(''))
      .execute();
    await db.schema.dropIndex(`switchyard_${table}_idempotency`).execute();
    await db.schema
      .createIndex(`switchyard_${table}_idempotency`)
      .on(`switchyard_${table}`)
      .columns(['key_id', 'subject', 'idempotency_key'])
      .unique()
      .where(sql.ref('idempotency_key'), 'is not', null)
      .execute();
    await db.schema
      .createIndex(`switchyard_${table}_by_subject`)
      .on(`switchyard_${table}`)
      .columns(['key_id', 'subject', 'created_at', 'id'])
      .execute();
  }
}

/** How long a call in flight from before migration 0011 keeps its idempotency key: the longest route deadline (1 h) and a margin. */
const LEGACY_CLAIM_MS = 3_600_000 + 60_000;

/**
 * Training (issue 15): trained models and the key that owns each; a job's
 * queue position and the provider's last log lines.
 */
async function migrateTraining(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('switchyard_trained_models')
    .addColumn('ref', 'text', (column) => column.primaryKey())
    .addColumn('instance', 'text', (column) => column.notNull())
    .addColumn('model_id', 'text', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('subject', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('trigger_word', 'text', (column) => column.notNull())
    .addColumn('base_model', 'text')
    .addColumn('generation_id', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('switchyard_trained_models_by_key')
    .on('switchyard_trained_models')
    .columns(['key_id', 'subject', 'created_at'])
    .execute();
  await db.schema
    .alterTable('switchyard_jobs')
    .addColumn('queue_position', 'integer')
    .execute();
  await db.schema
    .alterTable('switchyard_jobs')
    .addColumn('logs', 'text')
    .execute();
}
