/**
 * Methods compared over seeds (issue #16): statistics per run, their mean ± std per method, and per pair
 * of methods the difference with a seeded 95% percentile-bootstrap interval (exportTables.ts writes them
 * as sentences and tables). Only finite points count: NaN and infinities are gaps, bridged like any step
 * a run did not log.
 */
import type { RunColumns } from './charts';
import { aggregate, groupRuns } from './groups';
import { best, firstReaching } from './stats';
import { percentiles, type Goal } from './summary';
import type { SeriesColumns } from './types';

export type StepRange = { readonly from: number; readonly to: number };

/** What is measured of each run; the step statistics are in steps. */
export const STATISTICS = ['final', 'best', 'bestStep', 'auc', 'thresholdStep'] as const;
export type Statistic = (typeof STATISTICS)[number];

/** Which way a statistic is better: the metric's goal, sooner for the threshold, neither for the best's step. */
export function betterOf(statistic: Statistic, goal: Goal): Goal | undefined {
  if (statistic === 'thresholdStep') return 'min';
  return statistic === 'bestStep' ? undefined : goal;
}

export interface RunStats {
  /** The mean of the last `finalK` finite points (`k` asked, fewer when the run has fewer). */
  readonly final: number;
  readonly finalK: number;
  /** The best finite value in the goal's direction, and its step (the earliest on ties). */
  readonly best: number;
  readonly bestStep: number;
  /** The mean value over the range (trapezoid area / width); undefined when the run does not span it. */
  readonly auc?: number;
  /** The first step whose value reaches the threshold in the goal's direction; undefined when none does. */
  readonly thresholdStep?: number;
}

export interface RunStatsOptions {
  readonly goal: Goal;
  /** How many last points `final` averages (3 by default). */
  readonly k?: number;
  readonly range?: StepRange;
  readonly threshold?: number;
}

/** A column's finite points only. */
export function finitePoints(col: SeriesColumns): SeriesColumns {
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < col.length; i++) {
    if (!Number.isFinite(col.values[i])) continue;
    steps.push(col.steps[i]!);
    values.push(col.values[i]!);
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), length: steps.length };
}

/** [latest first finite step, earliest last one] of the columns with a finite point; undefined if none or empty. */
export function commonRange(cols: readonly SeriesColumns[]): StepRange | undefined {
  const spans = cols.map(finitePoints).filter((c) => c.length > 0);
  if (spans.length === 0) return undefined;
  const from = Math.max(...spans.map((c) => c.steps[0]!));
  const to = Math.min(...spans.map((c) => c.steps[c.length - 1]!));
  return from <= to ? { from, to } : undefined;
}

/** The mean of the last k finite values (k clamped to 1 … what exists), with the k used. */
export function finalMean(col: SeriesColumns, k = 3): { value: number; k: number } | undefined {
  const want = Math.max(1, Math.floor(k));
  let sum = 0;
  let used = 0;
  for (let i = col.length - 1; i >= 0 && used < want; i--) {
    const value = col.values[i]!;
    if (!Number.isFinite(value)) continue;
    sum += value;
    used++;
  }
  return used === 0 ? undefined : { value: sum / used, k: used };
}

/**
 * The area under the run's finite points over the range by the trapezoid rule, the ends interpolated
 * linearly, divided by the range's width (so it reads in the metric's units); for an empty range (from
 * = to), the value there. Undefined when the run does not span the range.
 */
export function normalisedAuc(col: SeriesColumns, range: StepRange): number | undefined {
  const { steps, values, length } = finitePoints(col);
  const { from, to } = range;
  if (length === 0 || !(from <= to) || from < steps[0]! || to > steps[length - 1]!) return undefined;
  const at = (i: number, s: number): number =>
    values[i]! + ((values[i + 1]! - values[i]!) * (s - steps[i]!)) / (steps[i + 1]! - steps[i]!);
  if (from === to) {
    const i = steps.findIndex((s) => s >= from);
    return steps[i] === from ? values[i]! : at(i - 1, from);
  }
  let area = 0;
  for (let i = 0; i < length - 1; i++) {
    const s0 = Math.max(steps[i]!, from);
    const s1 = Math.min(steps[i + 1]!, to);
    if (s1 > s0) area += ((at(i, s0) + at(i, s1)) / 2) * (s1 - s0);
  }
  return area / (to - from);
}

/** Every statistic of one run's column; undefined when it has no finite point. */
export function runStats(col: SeriesColumns, options: RunStatsOptions): RunStats | undefined {
  const last = finalMean(col, options.k);
  const top = best(col, options.goal);
  if (!last || !top) return undefined;
  const { range, threshold } = options;
  return {
    final: last.value,
    finalK: last.k,
    best: top.value,
    bestStep: top.step,
    auc: range && normalisedAuc(col, range),
    thresholdStep: threshold === undefined ? undefined : firstReaching(col, threshold, options.goal)?.step,
  };
}

/** Mean, sample standard deviation (n − 1; undefined for one value) and n; the mean is NaN for none. */
export interface Spread {
  readonly mean: number;
  readonly std?: number;
  readonly n: number;
}

export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { mean, n };
  return { mean, std: Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)), n };
}

/** A method's runs, each with its column of the metric (undefined when it did not log it). */
export interface MethodRuns {
  readonly name: string;
  readonly runs: readonly { readonly label: string; readonly column: SeriesColumns | undefined }[];
}

/** The seed groups of a view's runs (groupRuns: `method`, else the name without `-seedN`) for one metric. */
export function methodsOf(runs: readonly RunColumns[], metric: string): MethodRuns[] {
  return groupRuns(runs, (run) => ({ name: run.label, method: run.method })).map((group) => ({
    name: group.name,
    runs: group.members.map((run) => ({ label: run.label, column: run.metrics.get(metric) })),
  }));
}

export interface MethodSummary {
  readonly name: string;
  /** The runs with a finite value of the metric: their finite points and statistics. */
  readonly runs: readonly { readonly label: string; readonly column: SeriesColumns; readonly stats: RunStats }[];
  /** The runs left out for having no finite value of it. */
  readonly missing: readonly string[];
  /** Over the runs that have the statistic (thresholdStep: those that reach the threshold). */
  readonly stats: Readonly<Record<Statistic, Spread>>;
}

/** The runs' values of a statistic, where defined. */
function valuesOf(runs: MethodSummary['runs'], statistic: Statistic): number[] {
  return runs.map((r) => r.stats[statistic]).filter((v): v is number => v !== undefined);
}

export function summariseMethod(method: MethodRuns, options: RunStatsOptions): MethodSummary {
  const runs: { label: string; column: SeriesColumns; stats: RunStats }[] = [];
  const missing: string[] = [];
  for (const { label, column } of method.runs) {
    const finite = column && finitePoints(column);
    const stats = finite && runStats(finite, options);
    if (finite && stats) runs.push({ label, column: finite, stats });
    else missing.push(label);
  }
  const stats = Object.fromEntries(STATISTICS.map((s) => [s, spread(valuesOf(runs, s))]));
  return { name: method.name, runs, missing, stats: stats as Record<Statistic, Spread> };
}

/** mulberry32: a small, fast, seedable PRNG, so the same data always gives the same interval. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 0x5eed;

export type Interval = { readonly low: number; readonly high: number };

/**
 * The 95% percentile-bootstrap interval of mean(a) − mean(b): each resample draws a's values with
 * replacement (as many as a has) and, independently, b's; the interval is the 2.5th and 97.5th
 * percentiles of the resampled differences (interpolated as numpy does).
 */
export function bootstrapInterval(
  a: readonly number[],
  b: readonly number[],
  resamples = DEFAULT_RESAMPLES,
  seed = DEFAULT_SEED,
): Interval {
  const random = mulberry32(seed);
  const meanOfDraws = (xs: readonly number[]): number => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[Math.floor(random() * xs.length)]!;
    return sum / xs.length;
  };
  const diffs = new Float64Array(Math.max(1, Math.floor(resamples)));
  for (let r = 0; r < diffs.length; r++) diffs[r] = meanOfDraws(a) - meanOfDraws(b);
  const [low, high] = percentiles(diffs, [2.5, 97.5]);
  return { low: low!, high: high! };
}

/**
 * One statistic of A vs B. `difference` is always A − B as numbers (what a table prints); which side is
 * better is `favours` (by betterOf: a higher accuracy, a lower loss, a sooner threshold step).
 */
export interface PairStat {
  /** Mean over A's seeds − mean over B's, in the statistic's units: positive means A's is higher (or later). */
  readonly difference: number;
  /** The seeds that count on each side. */
  readonly n: readonly [number, number];
  readonly interval?: Interval;
  /** Why there is no interval (one seed, or no value on a side). */
  readonly noInterval?: string;
  readonly excludesZero: boolean;
  /** The side the difference is better for, by betterOf; undefined for a tie or a statistic without a better way. */
  readonly favours?: 'a' | 'b';
}

/**
 * "Steps to reach B's best", on each method's mean curve (the line the chart draws for the seed group),
 * within the common range: B's best there, the first step B's curve reaches it and the first step A's does.
 */
export interface ReachBest {
  readonly target: number;
  readonly stepB: number;
  /** Undefined when A's mean curve never reaches it within the range. */
  readonly stepA?: number;
  /** stepA / stepB (steps as logged); undefined without stepA or when stepB is 0. */
  readonly ratio?: number;
}

export interface PairComparison {
  readonly a: MethodSummary;
  readonly b: MethodSummary;
  readonly goal: Goal;
  readonly range?: StepRange;
  readonly threshold?: number;
  readonly stats: Readonly<Record<Statistic, PairStat>>;
  readonly reachBest?: ReachBest;
}

export interface CompareOptions extends RunStatsOptions {
  readonly resamples?: number;
  readonly seed?: number;
}

function pairStat(statistic: Statistic, a: MethodSummary, b: MethodSummary, options: CompareOptions): PairStat {
  const xs = valuesOf(a.runs, statistic);
  const ys = valuesOf(b.runs, statistic);
  const difference = spread(xs).mean - spread(ys).mean;
  const better = betterOf(statistic, options.goal);
  const ahead = better === 'min' ? -difference : difference;
  const favours = better && ahead !== 0 && !Number.isNaN(ahead) ? (ahead > 0 ? 'a' : 'b') : undefined;
  const stat: PairStat = { difference, n: [xs.length, ys.length], favours, excludesZero: false };
  const why =
    xs.length === 0 || ys.length === 0
      ? `no value for ${xs.length === 0 ? a.name : b.name}: no interval`
      : xs.length === 1 && ys.length === 1
        ? 'one seed per method: no interval'
        : xs.length === 1 || ys.length === 1
          ? `one seed of ${xs.length === 1 ? a.name : b.name}: no interval`
          : undefined;
  if (why) return { ...stat, noInterval: why };
  const interval = bootstrapInterval(xs, ys, options.resamples, options.seed);
  return { ...stat, interval, excludesZero: interval.low > 0 || interval.high < 0 };
}

/** A method's mean curve within the range, on its own seeds' steps. */
function meanCurve(method: MethodSummary, range: StepRange): SeriesColumns {
  const agg = aggregate(
    method.runs.map((r) => r.column),
    'minmax',
  );
  const { steps, count } = agg;
  const keep = steps.map((s, i) => (s >= range.from && s <= range.to && count[i] === method.runs.length ? 1 : 0));
  return {
    steps: steps.filter((_, i) => keep[i]),
    values: agg.values.filter((_, i) => keep[i]),
    length: keep.reduce((n, k) => n + k, 0),
  };
}

function reachBest(a: MethodSummary, b: MethodSummary, range: StepRange, goal: Goal): ReachBest | undefined {
  if (a.runs.length === 0 || b.runs.length === 0) return undefined;
  const target = best(meanCurve(b, range), goal);
  if (!target) return undefined;
  const stepA = firstReaching(meanCurve(a, range), target.value, goal)?.step;
  const ratio = stepA === undefined || target.step === 0 ? undefined : stepA / target.step;
  return { target: target.value, stepB: target.step, stepA, ratio };
}

/** A vs B: every statistic's difference, and "steps to reach B's best" (with options.range). */
export function comparePair(a: MethodSummary, b: MethodSummary, options: CompareOptions): PairComparison {
  const stats = Object.fromEntries(STATISTICS.map((s) => [s, pairStat(s, a, b, options)]));
  const reach = options.range && reachBest(a, b, options.range, options.goal);
  const { goal, range, threshold } = options;
  return { a, b, goal, range, threshold, stats: stats as Record<Statistic, PairStat>, reachBest: reach };
}

export interface MethodComparison {
  readonly goal: Goal;
  readonly threshold?: number;
  /** The common step range of every run with the metric (or the one asked), for the AUC and the mean curves. */
  readonly range?: StepRange;
  readonly methods: readonly MethodSummary[];
  /** Every pair in order (first vs second, …), leaving out methods without the metric. */
  readonly pairs: readonly PairComparison[];
}

export function compareMethods(methods: readonly MethodRuns[], options: CompareOptions): MethodComparison {
  const columns = methods.flatMap((m) => m.runs.flatMap((r) => (r.column ? [r.column] : [])));
  const range = options.range ?? commonRange(columns);
  const summaries = methods.map((m) => summariseMethod(m, { ...options, range }));
  const present = summaries.filter((m) => m.runs.length > 0);
  const pairs = present.flatMap((a, i) => present.slice(i + 1).map((b) => comparePair(a, b, { ...options, range })));
  return { goal: options.goal, threshold: options.threshold, range, methods: summaries, pairs };
}
