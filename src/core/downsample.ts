import { lowerBound, upperBound } from './column';
import { BLOCK, rangeSummary, type Pyramid } from './pyramid';
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
  count = 0;
  /** Input index of the last point kept, -1 before the first. */
  last = -1;

  /**
   * `firstGap(from, to)`: the index of the first non-finite value in [from, to), or -1; without it, no
   * non-finite value lies between the points to keep.
   */
  constructor(
    private readonly col: SeriesColumns,
    capacity: number,
    private readonly firstGap?: (from: number, to: number) => number,
  ) {
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
  }

  /** Keeps input point i (finite, after the last one kept). */
  keep(i: number): void {
    if (i <= this.last) return;
    const { steps, values } = this.col;
    if (this.firstGap && this.last >= 0 && i > this.last + 1) {
      const gap = this.firstGap(this.last + 1, i);
      if (gap >= 0) this.push(steps[gap]!, NaN);
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

/** The first non-finite value of `values` in [from, to), or -1: a scan, as LTTB's gaps are looked for in order, so all of them cost O(n). */
function scanForGap(values: Float64Array): (from: number, to: number) => number {
  return (from, to) => {
    for (let j = from; j < to; j++) if (!Number.isFinite(values[j])) return j;
    return -1;
  };
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

  const out = new Output(col, budget, gaps > 0 ? scanForGap(values) : undefined);
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

/**
 * Ranges longer than this many times the budget are reduced from the column's summary
 * (downsampleExtremes), at a cost that does not grow with them; shorter ones by LTTB, O(points) but
 * then O(budget) too, which places its points where the line bends.
 */
export const SUMMARY_ABOVE = 4;
/** Budgets below this go to LTTB: four points a bucket, and gap markers between them, leave too few buckets. */
const MIN_SUMMARY_POINTS = 16;

/**
 * What `downsample` gives, for a chart of any range: a range longer than SUMMARY_ABOVE times the budget
 * is reduced by `downsampleExtremes` with the column's summary (`summary()`, made on first need),
 * a shorter one by LTTB.
 */
export function chartPoints(
  col: SeriesColumns,
  maxPoints: number,
  xMin: number | undefined,
  xMax: number | undefined,
  summary: () => Pyramid,
): XY {
  const lo = xMin === undefined ? 0 : Math.max(0, lowerBound(col, xMin) - 1);
  const end = xMax === undefined ? col.length : Math.min(col.length, upperBound(col, xMax) + 1);
  if (maxPoints < MIN_SUMMARY_POINTS || end - lo <= SUMMARY_ABOVE * maxPoints)
    return downsample(col, maxPoints, xMin, xMax);
  return downsampleExtremes(col, summary(), maxPoints, xMin, xMax);
}

/**
 * The points of `col` to draw for the x range [xMin, xMax] (default: all), with one point just outside
 * each end, as `downsample` gives them, but reduced with the min/max summary `pyramid` (of `col`, up to
 * its length): the range is cut into maxPoints / 4 buckets of equal x width (two pixels each, at a
 * chart's two points a pixel; an edge moves to a block of the summary when that moves it by less than an
 * eighth of a bucket) and each keeps its first, lowest, highest and last finite point, in x order: every
 * peak and dip of the range is drawn, each bucket's line spanning what the points in it span. Each run
 * of non-finite values between two kept points is one NaN marker. At most max(maxPoints, 16) points;
 * O(maxPoints × log n).
 */
export function downsampleExtremes(
  col: SeriesColumns,
  pyramid: Pyramid,
  maxPoints: number,
  xMin?: number,
  xMax?: number,
): XY {
  const from = xMin === undefined ? 0 : lowerBound(col, xMin);
  const to = Math.max(from, xMax === undefined ? col.length : upperBound(col, xMax));
  const before = from > 0 ? from - 1 : -1;
  const after = to < col.length ? to : -1;
  const budget = Math.max(MIN_SUMMARY_POINTS, Math.floor(maxPoints));
  const range = rangeSummary();
  // Whether any value in view is non-finite: if none is (the usual case), no gap need be looked for.
  const gaps = pyramid.scan(col.values, Math.max(0, before), after >= 0 ? after + 1 : to, range).bad >= 0;
  const firstGap = gaps ? (a: number, b: number): number => pyramid.scan(col.values, a, b, range).bad : undefined;
  // Four points a bucket; if gap markers made that too many, room for a marker between every two.
  let out = extremesIn(col, pyramid, from, to, before, after, Math.floor((budget - 2) / 4), firstGap);
  if (out.count > budget)
    out = extremesIn(col, pyramid, from, to, before, after, Math.floor((budget - 3) / 8), firstGap);
  return out.result();
}

/** The points downsampleExtremes keeps with `buckets` buckets over [from, to), and the neighbours `before` and `after` (-1: none). */
function extremesIn(
  col: SeriesColumns,
  pyramid: Pyramid,
  from: number,
  to: number,
  before: number,
  after: number,
  buckets: number,
  firstGap: ((from: number, to: number) => number) | undefined,
): Output {
  const { steps, values } = col;
  // Kept points, at most 4 a bucket and the two neighbours, and at most one marker between two of them.
  const out = new Output(col, 8 * buckets + 3, firstGap);
  const keep = (i: number): void => {
    if (Number.isFinite(values[i])) out.keep(i);
  };
  if (before >= 0) keep(before);
  const x0 = steps[from]!;
  const span = steps[to - 1]! - x0;
  const width = span / buckets;
  // Where an edge would fall were the steps evenly spaced (they usually are): points per x.
  const density = span > 0 ? (to - 1 - from) / span : 0;
  const bucket = rangeSummary();
  let start = from;
  for (let k = 1; k <= buckets && start < to; k++) {
    // The first point at or past the bucket's right edge (the last bucket takes the rest).
    const edge = x0 + k * width;
    let end = k < buckets ? firstAtOrPast(steps, edge, start, to, from + Math.ceil((edge - x0) * density)) : to;
    // Moved to the nearest block boundary when no point changes bucket by more than an eighth of one
    // (a quarter of a pixel): the bucket is then read from whole blocks of the summary.
    const snapped = Math.round(end / BLOCK) * BLOCK;
    if (
      k < buckets &&
      snapped > start &&
      snapped < to &&
      Math.abs(steps[snapped < end ? snapped : snapped - 1]! - edge) <= width / 8
    )
      end = snapped;
    if (end === start) continue;
    pyramid.scan(values, start, end, bucket);
    if (bucket.min >= 0) {
      keep(start);
      out.keep(Math.min(bucket.min, bucket.max));
      out.keep(Math.max(bucket.min, bucket.max));
      keep(end - 1);
    }
    start = end;
  }
  if (after >= 0) keep(after);
  return out;
}

/**
 * The first index in [lo, hi) whose step is at or past `edge` (hi if none), looked for at `guess` first:
 * a right guess costs two reads, a wrong one a binary search.
 */
function firstAtOrPast(steps: Float64Array, edge: number, lo: number, hi: number, guess: number): number {
  if (guess > lo && guess <= hi) {
    if (steps[guess - 1]! < edge) {
      if (guess === hi || steps[guess]! >= edge) return guess;
      lo = guess + 1;
    } else {
      hi = guess - 1;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid]! < edge) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
