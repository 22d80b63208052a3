/** Pure helpers for reading values off a series: formatting (shared with the host) and nearest-step look-up. */

export { formatStep, formatValue } from '../src/core/format';

/** First index i in sorted `xs` with xs[i] >= target (xs.length if none). */
export function lowerBound(xs: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the element of sorted, non-empty `xs` nearest to `target` (ties go left). */
export function nearestIndex(xs: ArrayLike<number>, target: number): number {
  const i = lowerBound(xs, target);
  if (i === 0) return 0;
  if (i === xs.length) return xs.length - 1;
  return target - xs[i - 1] <= xs[i] - target ? i - 1 : i;
}
