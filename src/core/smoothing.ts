/**
 * Smoothing of one series, on its full-resolution points (smoothing a downsampled copy would smooth
 * whatever points the downsampler kept, and change with the chart's width and zoom).
 * Every function returns one smoothed value per input point. A non-finite input (NaN, ±Infinity) is
 * skipped, as TensorBoard's EMA skips it: it does not enter the smoothing of the points after it, and
 * comes out as NaN, a gap like the raw line's (an infinity would be drawn as a spike off the chart).
 */
import type { SeriesColumns } from './types';

export type SmoothingKind = 'ema' | 'twema' | 'average';

/** The slider's upper end: a weight of 1 would never move off the first value. */
export const MAX_SMOOTHING_WEIGHT = 0.999;

/**
 * TensorBoard's scalar smoothing: an exponential moving average started at 0 and de-biased by
 * dividing by 1 - w^n, where n counts the finite points so far. A series whose finite values are all
 * the same is returned as is (de-biasing would only add float noise to it).
 */
export function emaDebiased(col: SeriesColumns, weight: number): Float64Array {
  const { values, length } = col;
  const out = new Float64Array(length);
  let first = NaN;
  let constant = true;
  for (let i = 0; i < length && constant; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (Number.isNaN(first)) first = v;
    constant = v === first;
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    if (constant) {
      out[i] = v;
      continue;
    }
    last = last * weight + (1 - weight) * v;
    n++;
    out[i] = weight === 1 ? last : last / (1 - Math.pow(weight, n));
  }
  return out;
}

/**
 * An exponential moving average for unevenly spaced x (W&B's "time-weighted EMA"): a point's weight
 * decays by `weight` per average x spacing of the series, so a long pause forgets more than one
 * step does. On evenly spaced x it equals `emaDebiased`.
 */
export function timeWeightedEma(col: SeriesColumns, weight: number): Float64Array {
  const { steps, values, length } = col;
  const out = new Float64Array(length);
  let first = -1;
  let last = -1;
  let finite = 0;
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(values[i])) continue;
    if (first < 0) first = i;
    last = i;
    finite++;
  }
  const unit = finite > 1 ? (steps[last]! - steps[first]!) / (finite - 1) : 1;
  let num = 0;
  let den = 0;
  let prevX = NaN;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    // Repeated x (or a unit of 0) decays nothing: the points average with equal weight.
    const x = steps[i]!;
    const decay = Number.isNaN(prevX) || unit <= 0 ? 1 : Math.pow(weight, (x - prevX) / unit);
    num = num * decay + v;
    den = den * decay + 1;
    out[i] = num / den;
    prevX = x;
  }
  return out;
}

/** The running average's window for a slider weight: the EMA's effective span, 1 / (1 - w), rounded. */
export function averageWindow(weight: number): number {
  return Math.max(1, Math.round(1 / (1 - Math.min(weight, MAX_SMOOTHING_WEIGHT))));
}

/** The mean of each point and the finite points before it, up to `averageWindow(weight)` of them. */
export function runningAverage(col: SeriesColumns, weight: number): Float64Array {
  const { values, length } = col;
  const window = averageWindow(weight);
  const out = new Float64Array(length);
  // The window's values as a ring buffer: `pos` is where the next one goes (over the oldest once full).
  const ring = new Float64Array(window);
  let pos = 0;
  let count = 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    if (count === window) sum -= ring[pos]!;
    else count++;
    ring[pos] = v;
    sum += v;
    pos = (pos + 1) % window;
    out[i] = sum / count;
  }
  return out;
}

export function smooth(col: SeriesColumns, kind: SmoothingKind, weight: number): Float64Array {
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING_WEIGHT);
  switch (kind) {
    case 'ema':
      return emaDebiased(col, w);
    case 'twema':
      return timeWeightedEma(col, w);
    case 'average':
      return runningAverage(col, w);
  }
}
