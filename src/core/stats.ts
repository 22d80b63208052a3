import { upperBound } from './column';
import type { Point, SeriesColumns } from './types';

/**
 * The last point with a finite value (the "current" value of a run), if any; with `end`, the last
 * among the first `end` points (what the run showed at a step: `end` = upperBound of that step).
 */
export function lastFinite(col: SeriesColumns, end = col.length): Point | undefined {
  for (let i = end - 1; i >= 0; i--) {
    const value = col.values[i]!;
    if (Number.isFinite(value)) return { step: col.steps[i]!, value };
  }
  return undefined;
}

/** The highest (`max`) or lowest (`min`) finite value, earliest step on ties; undefined if none. */
export function best(col: SeriesColumns, mode: 'max' | 'min'): Point | undefined {
  // One loop per mode with the best value so far in a local: this scans whole columns of millions of points.
  // Starting from the worst infinity, the strict comparison never picks NaN or it; the other one is excluded by name.
  const { values, length } = col;
  let at = -1;
  if (mode === 'max') {
    let top = -Infinity;
    for (let i = 0; i < length; i++) {
      const value = values[i]!;
      if (value > top && value !== Infinity) {
        top = value;
        at = i;
      }
    }
  } else {
    let top = Infinity;
    for (let i = 0; i < length; i++) {
      const value = values[i]!;
      if (value < top && value !== -Infinity) {
        top = value;
        at = i;
      }
    }
  }
  return at < 0 ? undefined : { step: col.steps[at]!, value: values[at]! };
}

/**
 * The first point whose finite value reaches `threshold`: at or above it when higher is better
 * (`max`), at or below it when lower is (`min`); undefined if none does.
 */
export function firstReaching(col: SeriesColumns, threshold: number, goal: 'max' | 'min'): Point | undefined {
  for (let i = 0; i < col.length; i++) {
    const value = col.values[i]!;
    if (Number.isFinite(value) && (goal === 'max' ? value >= threshold : value <= threshold))
      return { step: col.steps[i]!, value };
  }
  return undefined;
}

/**
 * The point at `step`, or else the nearest one before it (what a run showed at that step); undefined
 * before the first point. The value may be non-finite (a logged NaN).
 */
export function valueAt(col: SeriesColumns, step: number): Point | undefined {
  const i = upperBound(col, step) - 1;
  return i < 0 ? undefined : { step: col.steps[i]!, value: col.values[i]! };
}
