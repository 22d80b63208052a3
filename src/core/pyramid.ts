/**
 * A multi-resolution min/max summary of a column's values, so that the extremes of any range of it come
 * in O(log n) rather than O(n): what lets a chart of a range cost about its pixels, not its points.
 */
import type { SeriesColumns } from './types';

/**
 * Points in a block of the finest level: ranges are scanned point by point only up to a block at each
 * end. Smaller blocks made building slower (a block's extremes change at about ln(64) of its points,
 * each a mispredicted branch, and each block costs a merge), not queries much faster.
 */
const BLOCK_BITS = 6;
export const BLOCK = 1 << BLOCK_BITS;
/** In a block's summary: the block has no such point (no finite value, or no non-finite one). */
const NONE = -1;

/** One level's complete blocks: per block, the indices of its finite min and max and of its first non-finite value. */
interface Level {
  min: Int32Array;
  max: Int32Array;
  bad: Int32Array;
  count: number;
}

/** What a range holds (see Pyramid.scan): indices into the column, NONE (-1) when there is none. */
export interface RangeSummary {
  /** The lowest finite value's index (the earliest of equal ones). */
  min: number;
  /** The highest finite value's index (the earliest of equal ones). */
  max: number;
  /** The first non-finite value's index. */
  bad: number;
}

/**
 * Level k summarises blocks of 2^k × 64 points: the indices of each block's lowest and highest finite
 * value (the earliest on ties) and of its first non-finite value (NaN, ±Infinity). Only complete blocks
 * are kept: a range is answered from at most two blocks per level, plus the points of the partial blocks
 * at its ends, read from the column. Memory: 24 bytes per 64 points over all levels, 1/40 of the column.
 *
 * Built in one pass over the values; `extend` folds in appended points (O(new points + log n)).
 */
export class Pyramid {
  private readonly levels: Level[] = [];
  /** Points summarised (the column's length at the last build or extend). */
  private size = 0;

  constructor(col: SeriesColumns) {
    this.extend(col);
  }

  /** Points summarised. */
  get length(): number {
    return this.size;
  }

  /**
   * Summarises `col` up to its length, when it only grew since (the points before the last one
   * summarised unchanged; the last one's value may have been replaced, as a step logged again does).
   * Its arrays may have been replaced by larger copies.
   */
  extend(col: SeriesColumns): void {
    const n = col.length;
    if (n < this.size) throw new Error(`a summary of ${this.size} points cannot extend to ${n}`);
    // The block holding the last point summarised is done again, with its ancestors: its value may have changed.
    const from = Math.max(0, this.size - 1) >>> BLOCK_BITS;
    this.size = n;
    const values = col.values;
    const levels = this.levels;
    const blocks = n >>> BLOCK_BITS;
    for (let k = 0, count = blocks; count > 0; k++, count >>>= 1) this.level(k, count).count = count;
    const base = levels[0];
    if (!base) return;
    for (let j = from; j < blocks; j++) {
      summariseBlock(values, j, base);
      // A right child done completes its parent: merged now, while the values it reads are in the cache.
      for (let k = 0, child = j; child & 1; k++, child >>>= 1)
        mergeBlocks(values, levels[k]!, child - 1, levels[k + 1]!, child >>> 1);
    }
  }

  /**
   * The extremes and first non-finite value of `values` in [from, to) (within what is summarised), into
   * `acc`. O(64 + log n).
   */
  scan(values: Float64Array, from: number, to: number, acc: RangeSummary): RangeSummary {
    acc.min = NONE;
    acc.max = NONE;
    acc.bad = NONE;
    let ja = (from + BLOCK - 1) >>> BLOCK_BITS;
    let jb = to >>> BLOCK_BITS;
    if (ja >= jb) {
      scanPoints(values, from, to, acc);
      return acc;
    }
    scanPoints(values, from, ja << BLOCK_BITS, acc);
    scanPoints(values, jb << BLOCK_BITS, to, acc);
    // Bottom-up over the levels, as in a segment tree: at each level at most one block from either end.
    for (let k = 0; ja < jb; k++) {
      const level = this.levels[k]!;
      if (ja & 1) take(values, level, ja++, acc);
      if (jb & 1) take(values, level, --jb, acc);
      ja >>>= 1;
      jb >>>= 1;
    }
    return acc;
  }

  /** Level k, with room for `count` blocks. */
  private level(k: number, count: number): Level {
    let level = this.levels[k];
    if (!level) {
      level = { min: new Int32Array(count), max: new Int32Array(count), bad: new Int32Array(count), count: 0 };
      this.levels.push(level);
    } else if (count > level.min.length) {
      // Appends: capacity doubles, so folding in n points costs O(n) in all.
      const capacity = Math.max(count, 2 * level.min.length);
      const grown = (a: Int32Array): Int32Array => {
        const b = new Int32Array(capacity);
        b.set(a.subarray(0, level!.count));
        return b;
      };
      level.min = grown(level.min);
      level.max = grown(level.max);
      level.bad = grown(level.bad);
    }
    return level;
  }
}

/** A summary with nothing in it, to pass to Pyramid.scan. */
export function rangeSummary(): RangeSummary {
  return { min: NONE, max: NONE, bad: NONE };
}

/** Where summariseBlock gathers a block. */
const scratch = rangeSummary();

/** Block j of the finest level, from the values. */
function summariseBlock(values: Float64Array, j: number, level: Level): void {
  const start = j << BLOCK_BITS;
  scratch.min = NONE;
  scratch.max = NONE;
  scratch.bad = NONE;
  scanPoints(values, start, start + BLOCK, scratch);
  level.min[j] = scratch.min;
  level.max[j] = scratch.max;
  level.bad[j] = scratch.bad;
}

/** Block j of a level from blocks i and i + 1 of the level below (the left one first, so it wins ties). */
function mergeBlocks(values: Float64Array, below: Level, i: number, level: Level, j: number): void {
  const minA = below.min[i]!;
  const minB = below.min[i + 1]!;
  level.min[j] = minA === NONE || (minB !== NONE && values[minB]! < values[minA]!) ? minB : minA;
  const maxA = below.max[i]!;
  const maxB = below.max[i + 1]!;
  level.max[j] = maxA === NONE || (maxB !== NONE && values[maxB]! > values[maxA]!) ? maxB : maxA;
  const badA = below.bad[i]!;
  level.bad[j] = badA === NONE ? below.bad[i + 1]! : badA;
}

/** Folds point i (finite or not) into `acc`; points may come in any order, ties going to the earliest. */
function takePoint(values: Float64Array, i: number, acc: RangeSummary): void {
  const v = values[i]!;
  if (!Number.isFinite(v)) {
    if (acc.bad === NONE || i < acc.bad) acc.bad = i;
    return;
  }
  const min = acc.min;
  if (min === NONE || v < values[min]! || (v === values[min] && i < min)) acc.min = i;
  const max = acc.max;
  if (max === NONE || v > values[max]! || (v === values[max] && i < max)) acc.max = i;
}

/** Folds points [from, to) into `acc`. */
function scanPoints(values: Float64Array, from: number, to: number, acc: RangeSummary): void {
  if (from >= to) return;
  let lo = values[from]!;
  let hi = lo;
  let iLo = from;
  let iHi = from;
  let nan = false;
  for (let i = from + 1; i < to; i++) {
    const v = values[i]!;
    if (v < lo) {
      lo = v;
      iLo = i;
    } else if (v > hi) {
      hi = v;
      iHi = i;
    } else if (v !== v) {
      nan = true;
    }
  }
  // NaN compares false, so it is never kept; ±Infinity would be: both need the careful pass, which
  // long logs rarely do.
  if (!nan && lo > -Infinity && hi < Infinity) {
    takePoint(values, iLo, acc);
    takePoint(values, iHi, acc);
  } else {
    for (let i = from; i < to; i++) takePoint(values, i, acc);
  }
}

/** Folds a summarised block into `acc`. */
function take(values: Float64Array, level: Level, j: number, acc: RangeSummary): void {
  const min = level.min[j]!;
  if (min !== NONE) {
    takePoint(values, min, acc);
    takePoint(values, level.max[j]!, acc);
  }
  const bad = level.bad[j]!;
  if (bad !== NONE && (acc.bad === NONE || bad < acc.bad)) acc.bad = bad;
}
