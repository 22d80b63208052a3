import type { SeriesColumns } from './types';

/**
 * Capacity of a column's first arrays. 8 doubles (64 bytes) is small enough for V8 to keep the array
 * on its heap, far cheaper to allocate than a separate buffer: a log may have 100,000 metrics.
 */
const INITIAL_CAPACITY = 8;
/** What a column holds before its first point (shared: it has no elements to write). */
const EMPTY = new Float64Array(0);

/** First index i in [0, col.length) with col.steps[i] >= step (col.length if none). */
export function lowerBound(col: SeriesColumns, step: number): number {
  let lo = 0;
  let hi = col.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (col.steps[mid] < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i in [0, col.length) with col.steps[i] > step (col.length if none). */
export function upperBound(col: SeriesColumns, step: number): number {
  let lo = 0;
  let hi = col.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (col.steps[mid] <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A growable (step, value) series in two Float64Arrays. Capacity doubles, so appending n points costs
 * O(n) in all; arrays are allocated at the first point, as many columns (`times`) stay empty. Callers
 * keep steps strictly increasing (the parser does), which binary search relies on.
 */
export class Column implements SeriesColumns {
  private stepsBuf = EMPTY;
  private valuesBuf = EMPTY;
  private size = 0;

  get steps(): Float64Array {
    return this.stepsBuf;
  }

  get values(): Float64Array {
    return this.valuesBuf;
  }

  get length(): number {
    return this.size;
  }

  /** Step of the last point, or -Infinity when empty (so any step compares greater). */
  get lastStep(): number {
    return this.size > 0 ? this.stepsBuf[this.size - 1] : -Infinity;
  }

  append(step: number, value: number): void {
    if (this.size === this.stepsBuf.length) this.grow();
    this.stepsBuf[this.size] = step;
    this.valuesBuf[this.size] = value;
    this.size++;
  }

  /** Overwrites the last point's value (a step logged again). No-op when empty. */
  replaceLast(value: number): void {
    if (this.size > 0) this.valuesBuf[this.size - 1] = value;
  }

  /** Drops every point with step >= `step` (a restart from that step). Returns how many were dropped. */
  truncateFrom(step: number): number {
    const keep = lowerBound(this, step);
    const dropped = this.size - keep;
    this.size = keep;
    return dropped;
  }

  private grow(): void {
    const capacity = Math.max(INITIAL_CAPACITY, this.stepsBuf.length * 2);
    const steps = new Float64Array(capacity);
    const values = new Float64Array(capacity);
    steps.set(this.stepsBuf);
    values.set(this.valuesBuf);
    this.stepsBuf = steps;
    this.valuesBuf = values;
  }
}
