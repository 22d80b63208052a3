/** Numbers that summarise a metric: which direction is better, and percentiles for the y range. */

export type Goal = 'max' | 'min';

/**
 * Losses, errors, perplexities, divergences and costs are better low; scores, accuracies and rewards
 * high. Judged from the metric's name, since the log does not say.
 */
const LOWER_IS_BETTER =
  /(^|[^a-z])(loss|losses|err|error|errors|perplexity|ppl|kl|nll|mse|mae|rmse|wer|cer|regret|latency|time|timing|duration|cost)([^a-z]|$)|_loss|loss_/i;

export function goalOf(metricName: string): Goal {
  return LOWER_IS_BETTER.test(metricName) ? 'min' : 'max';
}

/**
 * The p-th percentiles (0–100) of the finite values, interpolating linearly between the two nearest
 * ranks (numpy's default); NaN for each when there is no finite value.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]!);
  const sorted = Float64Array.from(finite).sort();
  return ps.map((p) => {
    if (sorted.length === 0) return NaN;
    const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(lo + 1, sorted.length - 1);
    const low = sorted[lo]!;
    return low + (sorted[hi]! - low) * (rank - lo);
  });
}
