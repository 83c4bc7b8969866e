import {
  getMetricsFromIterator,
  type PromData,
  type PromHistogramData,
  type PromMetrics,
} from 'prom2javascript';

/** A scrape parsed by a Prometheus text-format parser, with typed look-ups. */
export interface ParsedMetrics {
  metrics: PromMetrics;
  /** The family's type (`counter`, `gauge`, `histogram`, …); undefined when absent. */
  typeOf(name: string): string | undefined;
  /** Every sample's labels of a family. */
  labelsOf(name: string): Array<Record<string, string>>;
  /** The value of the sample whose labels are exactly `labels`; undefined when none is. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** A histogram's count and sum for exactly `labels` (its `le` buckets aside). */
  histogram(
    name: string,
    labels: Record<string, string>,
  ): { count: number; sum: number } | undefined;
}

/**
 * Parses `/metrics` text with `prom2javascript`, which refuses malformed
 * lines and histograms whose `+Inf` bucket is not their count.
 */
export async function parseMetrics(text: string): Promise<ParsedMetrics> {
  // prom2javascript reads no NaN value, which Prometheus reads in any case
  // (prom-client writes `Nan` for an event-loop statistic with no sample
  // yet): those samples are left out.
  const lines = text.split('\n').filter((line) => !/\sNaN$/i.test(line));
  const metrics = await getMetricsFromIterator(lines[Symbol.iterator]());
  const samples = (name: string) =>
    (metrics[name]?.data ?? []) as Array<PromData | PromHistogramData>;
  const sample = (name: string, labels: Record<string, string>) =>
    samples(name).find((each) => sameLabels(each.labels, labels));
  return {
    metrics,
    typeOf: (name) => metrics[name]?.type,
    labelsOf: (name) => samples(name).map((each) => each.labels),
    value(name, labels = {}) {
      const found = sample(name, labels);
      return found !== undefined && 'value' in found ? found.value : undefined;
    },
    histogram(name, labels) {
      const found = sample(name, labels);
      if (found === undefined || !('buckets' in found)) return undefined;
      return { count: found.count, sum: found.sum ?? 0 };
    },
  };
}

function sameLabels(
  own: Record<string, string>,
  labels: Record<string, string>,
): boolean {
  const keys = Object.keys(own);
  return (
    keys.length === Object.keys(labels).length &&
    keys.every((key) => own[key] === labels[key])
  );
}
