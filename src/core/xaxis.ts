/** Re-plotting a series against wall-clock time instead of steps. */
import type { SeriesColumns } from './types';

/**
 * The points of `col` whose step has a logged time in `times`, with the time (minus `origin`) as x.
 * Points are kept only while time does not go backwards (a clock change), so x stays sorted for the
 * binary searches of downsampling and hover.
 */
export function byTime(col: SeriesColumns, times: SeriesColumns, origin = 0): SeriesColumns {
  const steps = new Float64Array(col.length);
  const values = new Float64Array(col.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < col.length; i++) {
    const step = col.steps[i];
    while (j < times.length && times.steps[j] < step) j++;
    if (j === times.length) break;
    if (times.steps[j] !== step) continue;
    const t = times.values[j] - origin;
    if (!Number.isFinite(t) || (n > 0 && t < steps[n - 1])) continue;
    steps[n] = t;
    values[n] = col.values[i];
    n++;
  }
  return { steps, values, length: n };
}

/** The first logged time of a run (the origin of relative time), or undefined if it logged none. */
export function firstTime(times: SeriesColumns): number | undefined {
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times.values[i])) return times.values[i];
  return undefined;
}
