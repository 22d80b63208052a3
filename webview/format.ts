/** Pure helpers for reading values off a series: formatting (shared with the host) and nearest-step look-up. */

import { formatStep, formatValue } from '../src/core/format';
import { axisMetric, type XAxis } from '../src/protocol';
import { EPOCH_FIELD } from '../src/core/scan';

/** What a step of a chart is called: an epoch when its runs' steps come from `epoch` (ChartPayload.stepField). */
export function stepUnit(stepField: string | undefined): 'epoch' | 'step' {
  return stepField?.toLowerCase() === EPOCH_FIELD ? 'epoch' : 'step';
}

export { formatStep, formatValue };

/**
 * Seconds as a duration: for ticks the two largest units ("45s", "3m 20s", "2h 05m", "3d 4h"); `precise`
 * (for the tooltip) down to the second ("2h 05m 10s").
 */
export function formatDuration(seconds: number, precise = false): string {
  if (!Number.isFinite(seconds)) return formatValue(seconds);
  const sign = seconds < 0 ? '−' : '';
  let s = Math.round(Math.abs(seconds));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const parts =
    d > 0
      ? [`${d}d`, `${h}h`, `${pad(m)}m`, `${pad(s)}s`]
      : h > 0
        ? [`${h}h`, `${pad(m)}m`, `${pad(s)}s`]
        : m > 0
          ? [`${m}m`, `${pad(s)}s`]
          : [`${s}s`];
  return sign + (precise ? parts : parts.slice(0, 2)).join(' ');
}

/** Epoch seconds as local date and time, e.g. "2024-05-01 14:03:09". */
export function formatClock(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  if (Number.isNaN(d.getTime())) return formatValue(epochSeconds);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * An x value as the tooltip heading names it; against a metric, `perf/total_num_tokens 6.2e+6`; steps
 * that are epochs (`stepField`, a log without a step field) as `Epoch 3`.
 */
export function formatX(x: number, axis: XAxis, stepField?: string): string {
  switch (axis) {
    case 'step':
      return `${stepUnit(stepField) === 'epoch' ? 'Epoch' : 'Step'} ${formatStep(x)}`;
    case 'relative':
      return `Time ${formatDuration(x, true)}`;
    case 'wall':
      return formatClock(x);
    default:
      return `${axisMetric(axis)} ${formatValue(x)}`;
  }
}

/**
 * An x value as a tick label: short, since ticks sit side by side. Against a metric, in the units of
 * the axis' largest tick (`magnitude`), like y ticks: 0, 100M, 200M.
 */
export function formatTick(x: number, axis: XAxis, magnitude = Math.abs(x)): string {
  switch (axis) {
    case 'step':
      return formatStep(x);
    case 'relative':
      return formatDuration(x);
    case 'wall':
      // Time of day; the date is in the tooltip.
      return formatClock(x).slice(11, 16);
    default:
      return formatAxisValue(x, magnitude);
  }
}

const COMPACT_UNITS: readonly (readonly [number, string])[] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A y tick label. Ticks sit in a narrow gutter, so on an axis reaching 10,000 or more (`magnitude`, its
 * largest tick) all of them are in thousands, millions, …: 0, 10k, 20k, 30k.
 */
export function formatAxisValue(value: number, magnitude: number): string {
  if (Math.abs(magnitude) >= 1e4 && Math.abs(magnitude) < 1e15 && Number.isFinite(value)) {
    const [scale, unit] = COMPACT_UNITS.find(([s]) => Math.abs(magnitude) >= s)!;
    return value === 0 ? '0' : `${Number((value / scale).toPrecision(4))}${unit}`;
  }
  return formatValue(value);
}

/** First index i in sorted `xs` with xs[i] >= target (xs.length if none). */
export function lowerBound(xs: ArrayLike<number>, target: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // lo <= mid < hi <= xs.length.
    if (xs[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the element of sorted, non-empty `xs` nearest to `target` (ties go left). */
export function nearestIndex(xs: ArrayLike<number>, target: number): number {
  const i = lowerBound(xs, target);
  if (i === 0) return 0;
  if (i === xs.length) return xs.length - 1;
  // 0 < i < xs.length.
  return target - xs[i - 1]! <= xs[i]! - target ? i - 1 : i;
}
