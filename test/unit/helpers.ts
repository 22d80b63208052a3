import { MetricsLogParser } from '../../src/core/jsonl';
import { parseInParts, type PartParser, type PartsRead } from '../../src/core/parts';
import { ColumnMemo, DEFAULT_SETTINGS, type RunColumns } from '../../src/core/charts';
import type { ViewInput, ViewLog } from '../../src/core/viewModel';
import type { Run, SeriesColumns } from '../../src/core/types';

/** A column's valid points as [step, value] pairs, for readable assertions. */
export function points(col: SeriesColumns | undefined): [number, number][] {
  if (!col) throw new Error('no such column');
  const out: [number, number][] = [];
  for (let i = 0; i < col.length; i++) out.push([col.steps[i]!, col.values[i]!]);
  return out;
}

/** Parses bytes pushed in chunks of `chunkSize` (all at once by default), then finish(). */
export function parseBytes(bytes: Uint8Array, chunkSize = bytes.length, defaultRun = 'run'): MetricsLogParser {
  const parser = new MetricsLogParser(defaultRun);
  for (let offset = 0; offset < bytes.length; offset += chunkSize)
    parser.push(bytes.subarray(offset, offset + chunkSize));
  parser.finish();
  return parser;
}

/** Parses bytes read in two goes, split at `cut`, with a finish() after each (a file caught mid-write, then complete). */
export function parseInTwo(bytes: Uint8Array, cut: number, defaultRun = 'run'): MetricsLogParser {
  const parser = new MetricsLogParser(defaultRun);
  parser.push(bytes.subarray(0, cut));
  parser.finish();
  parser.push(bytes.subarray(cut));
  parser.finish();
  return parser;
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
  return runs[0]!;
}

/** A column built from parallel arrays (what the parser would produce). */
export function series(steps: readonly number[], values: readonly number[]): SeriesColumns {
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), length: steps.length };
}

/** A noisy run of n steps: value = step/n plus a repeatable wiggle, so every point differs. */
export function noisyRun(id: string, metric: string, n: number, times?: SeriesColumns): RunColumns {
  const steps = Array.from({ length: n }, (_, i) => i);
  const values = steps.map((s) => s / n + 0.1 * Math.sin(s * 1.7));
  return { id, label: id, metrics: new Map([[metric, series(steps, values)]]), times: times ?? series([], []) };
}

/** Deterministic PRNG (mulberry32, the one the bootstrap uses), so a failure can be reproduced. */
export { mulberry32 as prng } from '../../src/core/methodStats';

/** -0 and NaN spelled out, so deepEqual tells them from 0 and from each other. */
export function exact(value: number): number | string {
  if (Object.is(value, -0)) return '-0';
  if (Number.isNaN(value)) return 'NaN';
  return value;
}

/** Everything a parser exposes, comparable with deepEqual. */
export function snapshot(parser: MetricsLogParser): unknown {
  return {
    runs: [...parser.runs.values()].map((run) => ({
      name: run.name,
      method: run.method,
      seed: run.seed,
      metadata: [...run.metadata.entries()],
      varying: [...(run.varying ?? [])].sort(),
      metrics: [...run.metrics.entries()].map(([name, col]) => [name, points(col).map(([s, v]) => [s, exact(v)])]),
      times: points(run.times),
      lines: run.lines && points(run.lines),
    })),
    skipped: parser.skipped,
    notices: parser.notices,
    lines: parser.lines,
    pendingLine: parser.pendingLine,
  };
}

/**
 * Reads `bytes` as the host does with worker threads (parseInParts, parts of `partBytes`, read by ranges),
 * then finish(). Returns the parser, how many parts there were and were merged, the ranges pushed on this
 * thread (parts refused or failed, pieces of lines), the progress reported and the largest range read at
 * once; the read is cancelled after `cancelAfter` progress reports.
 */
export async function readInParts(
  bytes: Uint8Array,
  parts: PartParser,
  partBytes: number,
  cancelAfter = Infinity,
  defaultRun = 'run',
): Promise<
  PartsRead & { parser: MetricsLogParser; pushed: [number, number][]; reported: number[]; largestRead: number }
> {
  const parser = new MetricsLogParser(defaultRun);
  const pushed: [number, number][] = [];
  const reported: number[] = [];
  let largestRead = 0;
  const read = await parseInParts(
    parser,
    (start, end) => {
      largestRead = Math.max(largestRead, end - start);
      // A view, so a part's byteOffset tells where in the log it is.
      return Promise.resolve(bytes.subarray(start, end));
    },
    0,
    bytes.length,
    parts,
    {
      push: (piece, start) => {
        pushed.push([start, start + piece.length]);
        parser.push(piece);
        return Promise.resolve();
      },
      parsed: (to) => void reported.push(to),
      cancelled: () => reported.length > cancelAfter,
    },
    partBytes,
  );
  parser.finish();
  return { ...read, parser, pushed, reported, largestRead };
}

/**
 * How much longer `work(4n)` takes than `work(n)`, each the median of five tries, the sizes taking
 * turns so the machine's state and the collector's work fall on both alike. Linear work gives about 4,
 * quadratic about 16: claims of linear time are tested as a ratio, never as one timeout.
 */
export function growth(work: (n: number) => void, n: number): number {
  const time = (size: number): number => {
    const start = performance.now();
    work(size);
    return performance.now() - start;
  };
  time(n); // warm-up: the first run also compiles
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < 5; i++) {
    small.push(time(n));
    large.push(time(4 * n));
  }
  const median = (times: number[]): number => times.sort((a, b) => a - b)[2]!;
  return median(large) / Math.max(median(small), 0.5);
}

/** Above this, `growth` shows super-linear work (4 is linear, 16 quadratic; a busy machine adds noise). */
export const LINEAR_GROWTH = 10;

/** A log at `path` holding the JSON lines `lines`, read whole, its default run named `run` (a view's input). */
export function viewLog(
  path: string,
  lines: readonly object[] | string,
  run = 'grpo',
  patch: Partial<ViewLog> = {},
): ViewLog {
  const text = typeof lines === 'string' ? lines : lines.map((l) => JSON.stringify(l)).join('\n');
  return { parser: parse(text, run), path, folder: false, loading: false, ...patch };
}

/** A view of `logs` with the default settings, 400 px charts and a fresh memo, but for `patch`. */
export function viewInput(logs: readonly ViewLog[], patch: Partial<ViewInput> = {}): ViewInput {
  return {
    logs,
    options: {},
    showDeleted: false,
    patterns: [],
    settings: DEFAULT_SETTINGS,
    chartWidth: 400,
    memo: new ColumnMemo(),
    ...patch,
  };
}
