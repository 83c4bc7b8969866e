/**
 * Calls in flight per key (a target's `instance:model`) in this process.
 * A key whose count falls to zero is dropped, so memory follows the calls
 * running now, not every target ever called.
 */
export class InFlightCounter {
  private readonly counts = new Map<string, number>();

  /**
   * Counts one call starting at `key`; returns the function that ends it.
   * That function counts the end once, however often it is called, so an
   * attempt abandoned on timeout and later settled is not counted twice.
   */
  start(key: string): () => void {
    this.counts.set(key, this.count(key) + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = this.count(key) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    };
  }

  /** Calls in flight at `key` now. */
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
