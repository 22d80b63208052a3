/** What a chart says in words: its screen-reader label and description, and the note shown instead of an empty plot. */

import type { ChartPayload } from '../../src/protocol';
import { formatStep, formatValue, stepUnit } from '../format';

/**
 * What a screen reader says for the canvas, e.g. "actor/kl_loss: 2 series (A, B), steps 0–30"; steps
 * from a field of another name say it ("steps 10–200 (x axis: current_steps)", "epochs 0–5").
 */
export function describeChart(chart: ChartPayload): string {
  const withData = chart.series.filter((s) => s.x.length > 0);
  if (withData.length === 0) return `${chart.id}: no data yet`;
  // withData holds only series with at least one point.
  const first = Math.min(...withData.map((s) => s.x[0]!));
  const last = Math.max(...withData.map((s) => s.x[s.x.length - 1]!));
  const n = chart.series.length;
  const labels = chart.series.map((s) => s.label).join(', ');
  const unit = stepUnit(chart.stepField);
  const field = chart.stepField && unit === 'step' ? ` (x axis: ${chart.stepField})` : '';
  const bests = chart.series
    .filter((s) => s.best)
    .map((s) => `${s.label} ${formatValue(s.best!.value)} at ${unit} ${formatStep(s.best!.step)}`);
  const best = bests.length > 0 ? `; ${chart.goal === 'min' ? 'lowest' : 'highest'}: ${bests.join(', ')}` : '';
  return `${chart.id}: ${n} series (${labels}), ${unit}s ${formatStep(first)}–${formatStep(last)}${field}${best}`;
}

/**
 * Added to describeChart: on a dual-axis chart, what each y axis shows and its range as its tick labels
 * (`tickLabels`) read, e.g. "; right axis: response_length/mean, 0–30k". Otherwise a fixed y range
 * (`fixedY`, the axis' ends), which may clip points: "; y axis 0.5–1 (fixed)".
 */
export function describeAxes(
  dual: ChartPayload['dual'],
  fixedY: { readonly min: number; readonly max: number } | undefined,
  tickLabels: (axis: 'y' | 'y2') => readonly string[],
): string {
  if (!dual) return fixedY ? `; y axis ${formatValue(fixedY.min)}–${formatValue(fixedY.max)} (fixed)` : '';
  const range = (axis: 'y' | 'y2'): string => {
    const labels = tickLabels(axis);
    return labels.length > 0 ? `, ${labels[0]}–${labels[labels.length - 1]}` : '';
  };
  return `; left axis: ${dual.left.name}${range('y')}; right axis: ${dual.right.name}${range('y2')}`;
}

/** How the keyboard reads the chart; Enter only where a series is a single run's (`opensLog`), whose log it can open. */
export function describeKeys(opensLog: boolean): string {
  const keys = 'Arrow keys, Home and End move through the steps';
  return opensLog ? `${keys}; Enter opens the log at the step` : keys;
}

/**
 * "No finite values to plot (−∞ at 1 step)" when the chart has points but none is a finite number (an
 * empty plot would show only an arbitrary axis); undefined when there is something to draw, or nothing yet.
 */
export function noFiniteValues(chart: ChartPayload): string | undefined {
  const counts = new Map<string, number>();
  const add = (kind: string, n: number): void => {
    if (n > 0) counts.set(kind, (counts.get(kind) ?? 0) + n);
  };
  let shipped = true;
  for (const s of chart.series) {
    if (s.y.some(Number.isFinite)) return undefined;
    // The host's counts of the log's values, which the NaN of every drawn non-finite point cannot tell apart.
    if (s.nonFinite) {
      add('NaN', s.nonFinite.nan);
      add(formatValue(Infinity), s.nonFinite.posInf);
      add(formatValue(-Infinity), s.nonFinite.negInf);
      continue;
    }
    if (s.x.length < s.total) shipped = false;
    for (const v of s.y) add(Number.isNaN(v) ? 'NaN' : formatValue(v), 1);
  }
  if (counts.size === 0) return undefined;
  // Counts of the points the host sent are exact unless it sampled the series down.
  const what = shipped
    ? [...counts].map(([kind, n]) => `${kind} at ${n} ${n === 1 ? 'step' : 'steps'}`).join(', ')
    : `only ${[...counts.keys()].join(' and ')}`;
  return `No finite values to plot (${what})`;
}
