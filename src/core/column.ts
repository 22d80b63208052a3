import type { SeriesColumns } from './types';

/**
 * Capacity of a column's first arrays. 8 doubles (64 bytes) is small enough for V8 to keep the array
 * on its heap, far cheaper to allocate than a separate buffer: a log may have 100,000 metrics.
 */
const INITIAL_CAPACITY = 8;
/** What a column holds before its first point (shared: it has no elements to write). */
const EMPTY = new Float64Array(0);

/**
 * Where columns get their arrays. A parser thread reuses the buffers its earlier parts came back in (see
 * src/parseWorker.ts): fresh memory costs a page fault per 4 KB, and memory let go waits for a garbage
 * collection, which made parsing on threads take a third more memory. Such an array may hold old values
 * past what its column fills.
 */
let allocate = (length: number): Float64Array<ArrayBuffer> => new Float64Array(length);

/** Sets where columns get their arrays (see `allocate`). */
export function allocateColumnsWith(allocator: (length: number) => Float64Array<ArrayBuffer>): void {
  allocate = allocator;
}

/** First index i in [0, col.length) with col.steps[i] >= step (col.length if none). */
export function lowerBound(col: SeriesColumns, step: number): number {
  let lo = 0;
  let hi = col.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (col.steps[mid]! < step) lo = mid + 1;
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
    if (col.steps[mid]! <= step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A growable (step, value) series in two Float64Arrays. Capacity doubles, so appending n points costs
 * O(n) in all; arrays are allocated at the first point, as many columns (`times`) stay empty. Callers
 * keep steps strictly increasing (the parser does), which binary search relies on.
 *
 * A column may be given another column whose steps it expects to repeat (a metric logged on every line
 * of its run, and the run's column of lines): while its steps are a prefix of the other's, it keeps no
 * steps of its own and `steps` is the other's array. That halves the memory of such columns, and the
 * time of filling it. At its first other step it copies them and goes on alone.
 */
export class Column implements SeriesColumns {
  private stepsBuf = EMPTY;
  private valuesBuf = EMPTY;
  private size = 0;

  constructor(private stepsOf?: Column) {}

  get steps(): Float64Array {
    return this.stepsOf ? this.stepsOf.stepsBuf : this.stepsBuf;
  }

  get values(): Float64Array {
    return this.valuesBuf;
  }

  get length(): number {
    return this.size;
  }

  /** Step of the last point, or -Infinity when empty (so any step compares greater). */
  get lastStep(): number {
    return this.size > 0 ? this.steps[this.size - 1]! : -Infinity;
  }

  append(step: number, value: number): void {
    const size = this.size;
    if (size === this.valuesBuf.length) this.grow();
    const of = this.stepsOf;
    if (of) {
      if (size < of.size && of.stepsBuf[size] === step) {
        this.valuesBuf[size] = value;
        this.size = size + 1;
        return;
      }
      this.ownSteps();
    }
    this.stepsBuf[size] = step;
    this.valuesBuf[size] = value;
    this.size = size + 1;
  }

  /**
   * Appends the point, or overwrites the last point's value when `step` is its step (a step logged
   * again), returning true when that changed the value (the same value again, as when two processes
   * write one log, is no news). One call where lastStep + append would take two (the parser's inner loop).
   */
  put(step: number, value: number): boolean {
    const size = this.size;
    const of = this.stepsOf;
    const steps = of ? of.stepsBuf : this.stepsBuf;
    if (size > 0 && steps[size - 1] === step) {
      const changed = !Object.is(this.valuesBuf[size - 1], value);
      this.valuesBuf[size - 1] = value;
      return changed;
    }
    if (of && size < of.size && steps[size] === step && size < this.valuesBuf.length) {
      this.valuesBuf[size] = value;
      this.size = size + 1;
    } else {
      this.append(step, value);
    }
    return false;
  }

  /**
   * Appends the points of `part` (steps from this column's last step on; a first point at that step
   * replaces its value). When they do not fit, makes room for `capacity` points in all: an estimate of
   * the final size, so that appending many parts copies the arrays about once.
   */
  appendAll(part: SeriesColumns, capacity: number): void {
    let from = 0;
    if (part.length > 0 && this.size > 0 && part.steps[0] === this.lastStep) {
      this.valuesBuf[this.size - 1] = part.values[0]!;
      from = 1;
    }
    const count = part.length - from;
    if (count <= 0) return;
    const size = this.size;
    if (size + count > this.valuesBuf.length) this.reserve(Math.max(capacity, size + count));
    const of = this.stepsOf;
    if (of && !(of.size >= size + count && sameSteps(of.stepsBuf, size, part.steps, from, count))) this.ownSteps();
    if (!this.stepsOf) this.stepsBuf.set(part.steps.subarray(from, from + count), size);
    this.valuesBuf.set(part.values.subarray(from, from + count), size);
    this.size = size + count;
  }

  /** Whether the steps are another column's (see the class comment). */
  get sharesSteps(): boolean {
    return this.stepsOf !== undefined;
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

  /** Makes room for `capacity` points in all, so appending up to that many never copies the arrays again. */
  reserve(capacity: number): void {
    if (capacity > this.valuesBuf.length) this.grow(capacity);
  }

  /** Stops sharing the other column's steps: copies the ones this column has. */
  private ownSteps(): void {
    const of = this.stepsOf;
    if (!of) return;
    this.stepsBuf = allocate(this.valuesBuf.length);
    this.stepsBuf.set(of.stepsBuf.subarray(0, this.size));
    this.stepsOf = undefined;
  }

  private grow(capacity = Math.max(INITIAL_CAPACITY, this.valuesBuf.length * 2)): void {
    const values = allocate(capacity);
    values.set(this.valuesBuf);
    this.valuesBuf = values;
    if (this.stepsOf) return;
    const steps = allocate(capacity);
    steps.set(this.stepsBuf);
    this.stepsBuf = steps;
  }
}

/** Whether a[at, at + count) holds the same steps as b[from, from + count). */
function sameSteps(a: Float64Array, at: number, b: Float64Array, from: number, count: number): boolean {
  for (let i = 0; i < count; i++) if (a[at + i] !== b[from + i]) return false;
  return true;
}

/**
 * The columns of one run, indexed for restarts (a step going back, which drops every point from that
 * step on): a restart visits the columns that lose points and those that got points since the last
 * restart, not every column of the run. Visiting all of them made a log with many metrics and many
 * restarts quadratic (160k lines naming a new metric each, stepping back every other line: 24 s).
 *
 * Columns that got points since the last restart are `live`: their last step may be anything up to the
 * latest. Until the first restart that is every column, so an index may be made at the first restart
 * (most runs never go back). Every other column with points is in a max-heap by its last step, which
 * only a restart changes; a heap entry whose column's last step moved since is stale and skipped.
 */
export class RestartIndex {
  private readonly live = new Set<Column>();
  private restarted = false;
  private readonly heapSteps: number[] = [];
  private readonly heapColumns: Column[] = [];
  /** Heap size after the last compaction: stale entries are dropped when it has doubled since. */
  private compacted = 0;

  /** Call for a column about to get points (from the first restart on; before it, every column counts as live). */
  touch(column: Column): void {
    if (this.restarted) this.live.add(column);
  }

  /**
   * Drops the points from `step` on in every column (`all`, the run's: only read at the first restart);
   * returns how many points were dropped. Costs the columns that lose points or got points since the
   * last restart, times log(columns).
   */
  truncateFrom(step: number, all: Iterable<Column>): number {
    let dropped = 0;
    const retired: Column[] = [];
    while (this.heapSteps.length > 0 && this.heapSteps[0]! >= step) {
      const last = this.heapSteps[0]!;
      const column = this.heapColumns[0]!;
      this.pop();
      // Stale (moved since): a live column is truncated below, any other has a newer entry.
      if (column.lastStep !== last || this.live.has(column)) continue;
      dropped += column.truncateFrom(step);
      retired.push(column);
    }
    for (const column of this.restarted ? this.live : all) {
      dropped += column.truncateFrom(step);
      retired.push(column);
    }
    this.live.clear();
    this.restarted = true;
    for (const column of retired) if (column.length > 0) this.push(column.lastStep, column);
    if (this.heapSteps.length > 2 * this.compacted + 64) this.compact();
    return dropped;
  }

  /** Drops stale and repeated entries (each column keeps the one of its last step), then rebuilds the heap. */
  private compact(): void {
    const steps = this.heapSteps;
    const columns = this.heapColumns;
    const kept = new Set<Column>();
    let size = 0;
    for (let i = 0; i < steps.length; i++) {
      const column = columns[i]!;
      if (column.lastStep !== steps[i] || this.live.has(column) || kept.has(column)) continue;
      kept.add(column);
      steps[size] = steps[i]!;
      columns[size] = column;
      size++;
    }
    steps.length = size;
    columns.length = size;
    for (let i = (size >> 1) - 1; i >= 0; i--) this.siftDown(i);
    this.compacted = size;
  }

  private push(last: number, column: Column): void {
    const steps = this.heapSteps;
    const columns = this.heapColumns;
    let i = steps.length;
    steps.push(last);
    columns.push(column);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (steps[parent]! >= last) break;
      steps[i] = steps[parent]!;
      columns[i] = columns[parent]!;
      i = parent;
    }
    steps[i] = last;
    columns[i] = column;
  }

  /** Removes the top entry. */
  private pop(): void {
    const steps = this.heapSteps;
    const columns = this.heapColumns;
    const last = steps.pop()!;
    const column = columns.pop()!;
    if (steps.length === 0) return;
    steps[0] = last;
    columns[0] = column;
    this.siftDown(0);
  }

  private siftDown(i: number): void {
    const steps = this.heapSteps;
    const columns = this.heapColumns;
    const size = steps.length;
    const last = steps[i]!;
    const column = columns[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && steps[child + 1]! > steps[child]!) child++;
      if (steps[child]! <= last) break;
      steps[i] = steps[child]!;
      columns[i] = columns[child]!;
      i = child;
    }
    steps[i] = last;
    columns[i] = column;
  }
}
