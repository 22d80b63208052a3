/** Pure helpers for reading values off a series: formatting and nearest-step look-up. */

/** A value as a person reads it in a tooltip or table: up to 6 significant digits, "—" for a gap. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-4)) {
    // Trim the mantissa's trailing zeros: 1.500e+6 reads better as 1.5e+6.
    return value.toExponential(4).replace(/\.?0+e/, 'e');
  }
  return String(Number(value.toPrecision(6)));
}

/** Steps are integers in practice; show fractional ones without float noise. */
export function formatStep(step: number): string {
  return Number.isInteger(step) ? String(step) : String(Number(step.toPrecision(8)));
}

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
