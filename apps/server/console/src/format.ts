const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Micro-credits as the console writes them: `1,250 µcr` (1 credit = 1,000,000 µcr). */
export function formatMicroCredits(microCredits: number): string {
  return `${integer.format(microCredits)} µcr`;
}

/** A duration in milliseconds: `12 ms`, `3.4 s`. */
export function formatMs(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}

/** An epoch-ms time as a local date and time. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString();
}

/** A share (0..1) as a percentage. */
export function formatShare(share: number | undefined): string {
  return share === undefined ? '–' : `${Math.round(share * 100)}%`;
}
