/** Pure arithmetic of a chart's steps and axes: no DOM, no Chart.js, so plain Node tests it. */

import { lowerBound, nearestIndex } from '../format';

/** How the left y axis is drawn; 'fixed' is linear between the user's bounds (ViewOptions.yFixed). */
export type YScale = 'linear' | 'zero' | 'log' | 'fixed';
/** A y range the user typed; an end left open comes from the data. */
export interface YBounds {
  readonly min?: number;
  readonly max?: number;
}

/** The x values of a series, sorted ascending with each value once. */
type Xs = ArrayLike<number>;

/** The index of the point shown for a series at `step` (the nearest); undefined outside the series' steps. */
export function pointIndex(xs: Xs, step: number): number | undefined {
  const n = xs.length;
  if (n === 0 || step < xs[0]! || step > xs[n - 1]!) return undefined;
  return nearestIndex(xs, step);
}

/** The x value nearest to `x` over all of `series` (each non-empty); undefined for NaN or no series. */
export function snapStep(series: readonly Xs[], x: number): number | undefined {
  if (Number.isNaN(x)) return undefined;
  let best: number | undefined;
  for (const xs of series) {
    const candidate = xs[nearestIndex(xs, x)];
    // An empty series has no x to offer.
    if (candidate === undefined) continue;
    if (best === undefined || Math.abs(candidate - x) < Math.abs(best - x)) best = candidate;
  }
  return best;
}

/**
 * Where an arrow/Home/End key moves the hover from `current` over `series` (each non-empty): to the
 * previous/next x any of them has, or its first/last. Undefined for other keys or no series.
 */
export function keyStep(key: string, series: readonly Xs[], current: number | undefined): number | undefined {
  if (series.length === 0) return undefined;
  // Each series is non-empty.
  const first = Math.min(...series.map((x) => x[0]!));
  const last = Math.max(...series.map((x) => x[x.length - 1]!));
  switch (key) {
    case 'Home':
      return first;
    case 'End':
      return last;
    case 'ArrowRight': {
      if (current === undefined) return first;
      // Each series' first x after `current`.
      const after = series.map((x) => {
        const i = lowerBound(x, current);
        return x[x[i] === current ? i + 1 : i];
      });
      const found = after.filter((v) => v !== undefined);
      return found.length > 0 ? Math.min(...found) : current;
    }
    case 'ArrowLeft': {
      if (current === undefined) return last;
      const before = series.map((x) => x[lowerBound(x, current) - 1]).filter((v) => v !== undefined);
      return before.length > 0 ? Math.max(...before) : current;
    }
    default:
      return undefined;
  }
}

/**
 * The step logged at `x` by the first series that has a point exactly there and its own steps (the x
 * axis is a time or a metric); undefined when none does.
 */
export function stepAtX(series: readonly { readonly x: Xs; readonly steps?: Xs }[], x: number): number | undefined {
  for (const { x: xs, steps } of series) {
    const i = nearestIndex(xs, x);
    if (steps && xs[i] === x) return steps[i];
  }
  return undefined;
}

/**
 * The x range that spans every point of `series` (on a log axis, every positive one); undefined when
 * that is a single x or none, which Chart.js widens itself.
 */
export function dataSpan(series: readonly Xs[], log: boolean): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const xs of series) {
    const first = xs[log ? lowerBound(xs, Number.MIN_VALUE) : 0];
    const last = xs[xs.length - 1];
    if (first !== undefined) min = Math.min(min, first);
    if (last !== undefined && (!log || last > 0)) max = Math.max(max, last);
  }
  return min < max ? { min, max } : undefined;
}

/**
 * Ticks at round values (1, 2 or 5 × 10ⁿ apart) inside [min, max]. Chart.js starts its ticks at an explicit
 * min, which for a zoom or outlier range is an arbitrary number like 247.12163.
 */
export function roundTicks(min: number, max: number, count: number): { value: number }[] {
  const raw = (max - min) / Math.max(1, count - 1);
  if (!(raw > 0)) return [{ value: min }];
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const spacing = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: { value: number }[] = [];
  for (let v = Math.ceil(min / spacing) * spacing; v <= max + spacing * 1e-9; v += spacing) {
    // Strip float noise: 0.30000000000000004 → 0.3.
    ticks.push({ value: Number(v.toPrecision(12)) });
  }
  return ticks;
}

/**
 * The left y axis' bounds: the user's fixed ends win over the outlier range ("ignore outliers"), whose
 * ends fill those the user left open, unless one would cross a fixed end: that end then comes from the data.
 */
export function leftBounds(
  fixed: YBounds | undefined,
  outliers: { readonly min: number; readonly max: number } | undefined,
  yScale: YScale,
): YBounds {
  // On a log axis only a positive lower bound means anything.
  const outlierMin = outliers && (yScale !== 'log' || outliers.min > 0) ? outliers.min : undefined;
  const min = fixed?.min ?? outlierMin;
  const max = fixed?.max ?? outliers?.max;
  if (!fixed || min === undefined || max === undefined || min < max) return { min, max };
  return fixed;
}
