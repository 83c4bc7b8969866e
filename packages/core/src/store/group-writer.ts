/** Most rows one grouped insert carries. */
const MAX_GROUP = 200;

/** A grouped writer: rows in, one insert per group out. */
export interface GroupWriter<TRow> {
  /** Queues `row`; settles once its group is committed (or failed). */
  write(row: TRow): Promise<void>;
  /**
   * Writes what is queued now and settles when every row written so far is
   * committed or failed: a read after it sees them (read-your-writes), and
   * closing the store after it loses none.
   */
  settled(): Promise<void>;
}

/**
 * Group commit: rows written within `delayMs` (default: the same turn of
 * the event loop) go to the database (or Redis) in one insert (one
 * transaction, one commit, one round trip) instead of one each, and every writer's promise settles once its
 * row is committed. Under load this divides the per-row cost of a commit by
 * the group's size; a short delay does the same for a lone caller, for
 * writers that do not wait on the promise. If a group fails, its rows are
 * retried one by one, so one bad row fails only its own writer.
 */
export function createGroupWriter<TRow>(options: {
  insert: (rows: TRow[]) => Promise<void>;
  /** How long a row may wait for others before its group is written. */
  delayMs?: number;
}): GroupWriter<TRow> {
  const delayMs = options.delayMs ?? 0;
  let pending: Array<{
    row: TRow;
    resolve: () => void;
    reject: (error: unknown) => void;
  }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const inFlight = new Set<Promise<void>>();

  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    if (pending.length === 0) return;
    const group = pending.slice(0, MAX_GROUP);
    pending = pending.slice(MAX_GROUP);
    if (pending.length > 0) schedule();
    const written = options.insert(group.map((entry) => entry.row)).then(
      () => {
        for (const entry of group) entry.resolve();
      },
      () =>
        Promise.all(
          group.map((entry) =>
            options.insert([entry.row]).then(entry.resolve, entry.reject),
          ),
        ).then(() => undefined),
    );
    inFlight.add(written);
    void written.finally(() => inFlight.delete(written));
  };
  const schedule = () => {
    if (timer !== undefined || immediate !== undefined) return;
    if (pending.length >= MAX_GROUP || delayMs === 0) {
      immediate = setImmediate(flush);
      return;
    }
    timer = setTimeout(flush, delayMs);
    // A row waiting for company never keeps the process alive on its own.
    timer.unref();
  };
  return {
    write(row) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ row, resolve, reject });
        schedule();
      });
    },
    async settled() {
      while (pending.length > 0 || inFlight.size > 0) {
        flush();
        await Promise.allSettled([...inFlight]);
      }
    },
  };
}
