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

  constructor(
    private readonly col: SeriesColumns,
    capacity: number,
  ) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  /** Keeps input point i (finite, after the last one kept). Gap scans never overlap, so all of them cost O(n). */
  keep(i: number): void {
    if (i <= this.last) return;
    const { steps, values } = this.col;
    if (this.last >= 0) {
      for (let j = this.last + 1; j < i; j++) {
        if (!Number.isFinite(values[j])) {
          this.push(steps[j], NaN);
          break;
        }
      }
    }
    this.push(steps[i], values[i]);
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

  // One pass for what the reduction needs: finite extent, extremes, and how many gaps lie between finite points.
  let finite = 0;
  let gaps = 0;
  let inGap = false;
  let first = -1;
  let last = -1;
  let iMin = -1;
  let iMax = -1;
  for (let i = lo; i < end; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      inGap = true;
      continue;
    }
    if (inGap && finite > 0) gaps++;
    inGap = false;
    finite++;
    if (first < 0) first = i;
    last = i;
    if (iMin < 0 || v < values[iMin]) iMin = i;
    if (iMax < 0 || v > values[iMax]) iMax = i;
  }

  const out = new Output(col, budget);
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

  out.keep(first);
  let nextStart = bucketStart(0);
  for (let k = 0; k < middle; k++) {
    const s = nextStart;
    const e = bucketStart(k + 1);
    nextStart = e;

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
    let cx = steps[last];
    let cy = values[last];
    if (k + 1 < middle) {
      const ne = bucketStart(k + 2);
      let sumX = 0;
      let sumY = 0;
      let count = 0;
      for (let i = e; i < ne; i++) {
        const v = values[i];
        if (!Number.isFinite(v)) continue;
        sumX += steps[i];
        sumY += v;
        count++;
      }
      if (count > 0) {
        cx = sumX / count;
        cy = sumY / count;
      }
    }

    const ax = steps[out.last];
    const ay = values[out.last];
    let chosen = -1;
    let maxArea = -1;
    for (let i = s; i < e; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const area = Math.abs((ax - cx) * (v - ay) - (ax - steps[i]) * (cy - ay));
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
