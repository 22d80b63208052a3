/** Re-plotting a series against something other than steps: wall-clock time, or another logged metric. */
import type { SeriesColumns } from './types';

/** A series re-plotted against another: `steps` hold the new x values, `sourceSteps` the step of each point. */
export interface ReplottedColumns extends SeriesColumns {
  readonly sourceSteps: Float64Array;
}

/**
 * The points of `col` whose step has a finite value in `xs` (a time, or another metric, by step), with
 * that value (minus `origin`) as x. Points are kept only while x does not go backwards (a clock change),
 * so x stays sorted for the binary searches of downsampling and hover.
 */
export function byX(col: SeriesColumns, xs: SeriesColumns, origin = 0): ReplottedColumns {
  const steps = new Float64Array(col.length);
  const values = new Float64Array(col.length);
  const sourceSteps = new Float64Array(col.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < col.length; i++) {
    const step = col.steps[i]!;
    while (j < xs.length && xs.steps[j]! < step) j++;
    if (j === xs.length) break;
    if (xs.steps[j] !== step) continue;
    const x = xs.values[j]! - origin;
    if (!Number.isFinite(x) || (n > 0 && x < steps[n - 1]!)) continue;
    steps[n] = x;
    values[n] = col.values[i]!;
    sourceSteps[n] = step;
    n++;
  }
  return { steps, values, length: n, sourceSteps };
}

/** The first logged time of a run (the origin of relative time), or undefined if it logged none. */
export function firstTime(times: SeriesColumns): number | undefined {
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times.values[i])) return times.values[i]!;
  return undefined;
}

/**
 * Whether the finite values of `col` never go down and do go up (tokens seen, samples, epochs): such a
 * metric can be an x axis. A constant (a learning rate) cannot.
 */
export function isMonotone(col: SeriesColumns): boolean {
  let first = NaN;
  let last = NaN;
  for (let i = 0; i < col.length; i++) {
    const value = col.values[i]!;
    if (!Number.isFinite(value)) continue;
    if (value < last) return false;
    if (Number.isNaN(first)) first = value;
    last = value;
  }
  return last > first;
}

/** The metrics that only grow (see isMonotone; `grows` may answer from a cache) in every run that logs them, in first-seen order. */
export function monotoneMetrics(
  runs: Iterable<ReadonlyMap<string, SeriesColumns>>,
  grows: (col: SeriesColumns) => boolean = isMonotone,
): string[] {
  const verdicts = new Map<string, boolean>();
  for (const metrics of runs)
    for (const [name, col] of metrics) verdicts.set(name, (verdicts.get(name) ?? true) && grows(col));
  return [...verdicts].filter(([, grows]) => grows).map(([name]) => name);
}
