/**
 * Seed groups: runs of one method (several seeds) drawn as one line, the mean, with a band around it
 * (min–max, ±std or ±standard error), as W&B and Aim draw them.
 */
import type { SeriesColumns } from './types';

/** What the band around a group's mean shows. */
export type BandKind = 'minmax' | 'std' | 'sem';

/**
 * A seed suffix at the end of a run name: `grpo-seed1`, `grpo_s2`, `grpo-seed-3`, `grpo.seed_4`,
 * `grpo (seed 1)`, and the parser's own `grpo, seed 1` / `grpo · seed 1`. A bare `s` needs digits
 * right after it, so `grpo_small` keeps its name.
 */
const SEED_SUFFIX = /^(.*?\S)(?:\s*[-_.]\s*(?:seed[-_ ]?|s)\d+|\s*\(\s*seed[-_ ]?\d+\s*\)|\s*[,·]\s*seed[-_ ]?\d+)$/i;

/** The run name without its seed suffix (`grpo-seed1` → `grpo`), or undefined when it has none. */
export function withoutSeed(name: string): string | undefined {
  return SEED_SUFFIX.exec(name)?.[1];
}

export interface RunGroup<T> {
  /** The shared method, or the name without the seed suffix. */
  readonly name: string;
  /** At least one; in the order of `runs`. */
  readonly members: readonly T[];
}

/**
 * Runs grouped by their `method`, else by their name without a seed suffix; a run with neither is a
 * group of its own (named by its name). Groups come in the order of their first member.
 */
export function groupRuns<T>(
  runs: readonly T[],
  describe: (run: T) => { readonly name: string; readonly method?: string },
): RunGroup<T>[] {
  const groups = new Map<string, { name: string; members: T[] }>();
  runs.forEach((run, i) => {
    const { name, method } = describe(run);
    const shared = method ?? withoutSeed(name);
    // A run with nothing to share is alone even if another run has the same name (two folders' `metrics`).
    const key = shared === undefined ? `\u0000${i}` : shared;
    const group = groups.get(key);
    if (group) group.members.push(run);
    else groups.set(key, { name: shared ?? name, members: [run] });
  });
  return [...groups.values()];
}

/** N series on the union of their steps: the mean, the band's edges and how many series had a value. */
export interface Aggregate extends SeriesColumns {
  /** `values` is the mean at each step. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly count: Float64Array;
}

/** A series' finite points only: gaps are bridged by interpolation like any unlogged step. */
function finitePoints(col: SeriesColumns): SeriesColumns {
  const steps = new Float64Array(col.length);
  const values = new Float64Array(col.length);
  let n = 0;
  for (let i = 0; i < col.length; i++) {
    const value = col.values[i]!;
    if (!Number.isFinite(value)) continue;
    steps[n] = col.steps[i]!;
    values[n] = value;
    n++;
  }
  return { steps, values, length: n };
}

/** Sorted distinct steps of all the series. */
function unionSteps(cols: readonly SeriesColumns[]): Float64Array {
  const all = new Float64Array(cols.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of cols) {
    all.set(c.steps.subarray(0, c.length), at);
    at += c.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (n === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
  return all.slice(0, n);
}

/**
 * The series on the union of their (finite) steps. At each step every series contributes its value
 * there, or the linear interpolation between its points either side when it did not log that step;
 * never beyond its own first and last step. Non-finite values are ignored. The band is the min–max of
 * the contributions, or the mean ± the sample standard deviation (n − 1), or ± the standard error
 * (std / √n); with one contribution, std and s.e. are 0.
 */
export function aggregate(series: readonly SeriesColumns[], band: BandKind): Aggregate {
  const cols = series.map(finitePoints);
  const steps = unionSteps(cols);
  const n = steps.length;
  const mean = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const count = new Float64Array(n);
  const cursors = cols.map(() => 0);
  const here = new Float64Array(cols.length);
  for (let i = 0; i < n; i++) {
    const step = steps[i]!;
    let k = 0;
    cols.forEach((col, c) => {
      let j = cursors[c]!;
      while (j < col.length && col.steps[j]! < step) j++;
      cursors[c] = j;
      if (j === col.length) return;
      const sj = col.steps[j]!;
      if (sj === step) here[k++] = col.values[j]!;
      else if (j > 0) {
        const s0 = col.steps[j - 1]!;
        const v0 = col.values[j - 1]!;
        here[k++] = v0 + ((col.values[j]! - v0) * (step - s0)) / (sj - s0);
      }
    });
    count[i] = k;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let m = 0; m < k; m++) {
      const v = here[m]!;
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const mu = sum / k;
    mean[i] = mu;
    if (band === 'minmax') {
      lower[i] = min;
      upper[i] = max;
      continue;
    }
    let squares = 0;
    for (let m = 0; m < k; m++) squares += (here[m]! - mu) ** 2;
    const std = k > 1 ? Math.sqrt(squares / (k - 1)) : 0;
    const half = band === 'std' ? std : std / Math.sqrt(k);
    lower[i] = mu - half;
    upper[i] = mu + half;
  }
  return { steps, values: mean, length: n, lower, upper, count };
}
