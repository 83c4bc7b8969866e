/**
 * The candidate nearest to `word` by edit distance (insertions, deletions,
 * substitutions and swaps of neighbours each cost 1), when it is near enough
 * to be a typo: at most 2 edits, and fewer than half of the word's letters.
 * For "did you mean …?" on unknown commands and flags.
 *
 * @example
 * closest('strat', ['start', 'init']); // 'start'
 * closest('key', ['keys', 'explain']); // 'keys'
 * closest('deploy', ['start', 'init']); // undefined
 */
export function closest(
  word: string,
  candidates: readonly string[],
): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(2, Math.ceil(word.length / 2) - 1);
  return bestDistance <= Math.max(1, limit) ? best : undefined;
}

/** Optimal string alignment distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) =>
      i === 0 ? j : j === 0 ? i : 0,
    ),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      let distance = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(
          distance,
          ((rows[i - 2] as number[])[j - 2] as number) + 1,
        );
      }
      row[j] = distance;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
