import { lowerBound, upperBound } from './column';
import type { SeriesColumns } from './types';

export interface XY {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * Smallest budget honoured: enough for at least one middle bucket next to the first and last points
 * (with gaps and both extremes), so the reduction below always has somewhere to keep the extremes.
 */
const MIN_POINTS = 7;

/** Collects output points; a NaN gap marker goes between two kept points whenever the input had a non-finite value between them. */
class Output {
  readonly x: Float64Array;
  readonly y: Float64Array;
  private count = 0;
  /** Input index of the last point kept, -1 before the first. */
  last = -1;

  /** `gaps`: whether any non-finite value lies between the points to keep; without, keep() need not look for one. */
  constructor(
    private readonly col: SeriesColumns,
    capacity: number,
    private readonly gaps: boolean,
  ) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  /** Keeps input point i (finite, after the last one kept). Gap scans never overlap, so all of them cost O(n). */
  keep(i: number): void {
    if (i <= this.last) return;
    const { steps, values } = this.col;
    if (this.gaps && this.last >= 0) {
      for (let j = this.last + 1; j < i; j++) {
        if (!Number.isFinite(values[j])) {
          this.push(steps[j]!, NaN);
          break;
        }
      }
    }
    this.push(steps[i]!, values[i]!);
    this.last = i;
  }

  private push(x: number, y: number): void {
    this.x[this.count] = x;
    this.y[this.count] = y;
    this.count++;
  }

  result(): XY {
    if (this.count === this.x.length) return { x: this.x, y: this.y };
    return { x: this.x.slice(0, this.count), y: this.y.slice(0, this.count) };
  }
}

/**
 * The points of `col` to draw for the x range [xMin, xMax] (default: all), with one point just outside
 * each end so lines reach the chart's edges. At most `maxPoints` come out (values below 7 count as 7):
 * a range that fits is returned point for point; a longer one is reduced with Largest-Triangle-Three-
 * Buckets, except that the range's highest and lowest values are always kept (people look for peaks).
 * Non-finite values (NaN, ±Infinity) come out as NaN, which Chart.js draws as a gap; when reducing, each
 * run of them becomes one NaN marker. O(n) time; memory proportional to the output.
 */
export function downsample(col: SeriesColumns, maxPoints: number, xMin?: number, xMax?: number): XY {
  const { steps, values } = col;
  const lo = xMin === undefined ? 0 : Math.max(0, lowerBound(col, xMin) - 1);
  const end = xMax === undefined ? col.length : Math.min(col.length, upperBound(col, xMax) + 1);
  const n = Math.max(0, end - lo);
  const budget = maxPoints >= MIN_POINTS ? Math.floor(maxPoints) : MIN_POINTS;

  if (n <= budget) {
    const x = steps.slice(lo, lo + n);
    const y = values.slice(lo, lo + n);
    for (let i = 0; i < n; i++) if (!Number.isFinite(y[i])) y[i] = NaN;
    return { x, y };
  }

  // The finite extent [first, last], then one pass over it for the extremes (earliest on ties) and the
  // runs of non-finite values inside it (gaps): what the reduction needs.
  let first = lo;
  while (first < end && !Number.isFinite(values[first])) first++;
  if (first === end) return { x: new Float64Array(0), y: new Float64Array(0) };
  let last = end - 1;
  while (!Number.isFinite(values[last])) last--;
  let nonFinite = 0;
  let gaps = 0;
  let iMin = first;
  let iMax = first;
  let min = values[first]!;
  let max = min;
  for (let i = first + 1; i < last; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      if (v < min) {
        min = v;
        iMin = i;
      } else if (v > max) {
        max = v;
        iMax = i;
      }
    } else {
      nonFinite++;
      if (Number.isFinite(values[i - 1])) gaps++;
    }
  }
  const lastValue = values[last]!;
  if (lastValue < min) iMin = last;
  else if (lastValue > max) iMax = last;
  const finite = last - first + 1 - nonFinite;

  const out = new Output(col, budget, gaps > 0);
  if (finite + gaps <= budget) {
    // Only the gaps made it long: every finite point fits, each run of non-finite values as one marker.
    for (let i = first; i <= last; i++) if (Number.isFinite(values[i])) out.keep(i);
    return out.result();
  }

  // Buckets (first and last included) such that kept points + gap markers + one extra extreme fit the budget.
  const room = budget - 2;
  const buckets = gaps <= room / 2 ? room - gaps : Math.floor((room + 1) / 2);
  const middle = buckets - 2;
  const start = first + 1;
  const span = last - first - 1;
  const bucketStart = (k: number): number => start + Math.floor((k * span) / middle);
  // Without gaps every value in [first, last] is finite (a long log's usual case): the loops below then
  // skip the checks, and keep() its scan for a gap, which saves about a quarter of the time.
  const dense = gaps === 0;

  out.keep(first);
  for (let k = 0; k < middle; k++) {
    const s = bucketStart(k);
    const e = bucketStart(k + 1);
    const forcedMin = iMin >= s && iMin < e;
    const forcedMax = iMax >= s && iMax < e;
    if (forcedMin || forcedMax) {
      if (forcedMin && forcedMax) {
        out.keep(Math.min(iMin, iMax));
        out.keep(Math.max(iMin, iMax));
      } else {
        out.keep(forcedMin ? iMin : iMax);
      }
      continue;
    }

    // The third corner of the triangle: the next bucket's mean, or the last point if it has none.
    let cx = steps[last]!;
    let cy = values[last]!;
    if (k + 1 < middle) {
      const ne = bucketStart(k + 2);
      let sumX = 0;
      let sumY = 0;
      let count = 0;
      if (dense) {
        for (let i = e; i < ne; i++) {
          sumX += steps[i]!;
          sumY += values[i]!;
        }
        count = ne - e;
      } else {
        for (let i = e; i < ne; i++) {
          const v = values[i]!;
          if (!Number.isFinite(v)) continue;
          sumX += steps[i]!;
          sumY += v;
          count++;
        }
      }
      if (count > 0) {
        cx = sumX / count;
        cy = sumY / count;
      }
    }

    // Twice the area of the triangle (kept point, point i, corner) for each point i of the bucket.
    const ax = steps[out.last]!;
    const ay = values[out.last]!;
    const dx = ax - cx;
    const dy = cy - ay;
    let chosen = -1;
    let maxArea = -1;
    for (let i = s; i < e; i++) {
      const v = values[i]!;
      if (!dense && !Number.isFinite(v)) continue;
      const area = Math.abs(dx * (v - ay) - (ax - steps[i]!) * dy);
      if (area > maxArea) {
        maxArea = area;
        chosen = i;
      }
    }
    if (chosen >= 0) out.keep(chosen);
  }
  out.keep(last);
  return out.result();
}
