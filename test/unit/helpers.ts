import { MetricsLogParser } from '../../src/core/jsonl';
import type { Run, SeriesColumns } from '../../src/core/types';

/** A column's valid points as [step, value] pairs, for readable assertions. */
export function points(col: SeriesColumns | undefined): [number, number][] {
  if (!col) throw new Error('no such column');
  const out: [number, number][] = [];
  for (let i = 0; i < col.length; i++) out.push([col.steps[i], col.values[i]]);
  return out;
}

/** Parses a whole file given as text in one push. */
export function parse(text: string, defaultRun = 'run'): MetricsLogParser {
  const parser = new MetricsLogParser(defaultRun);
  parser.push(new TextEncoder().encode(text));
  parser.finish();
  return parser;
}

export function onlyRun(parser: MetricsLogParser): Run {
  const runs = [...parser.runs.values()];
  if (runs.length !== 1) throw new Error(`expected one run, got ${runs.map((r) => r.name).join(', ')}`);
  return runs[0];
}

/** A column built from parallel arrays (what the parser would produce). */
export function series(steps: readonly number[], values: readonly number[]): SeriesColumns {
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), length: steps.length };
}
