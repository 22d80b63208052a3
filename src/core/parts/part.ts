/**
 * A parser's reading of part of a log as plain data and typed arrays, to send between threads
 * (postMessage), and the merge of such a part into the reading of the lines before it.
 */
import type { Column } from '../column';
import { LogState, MAX_RESTART_NOTICES, MAX_SKIPPED_DETAIL, type Located, type Restart } from '../logState';
import { EPOCH_FIELD } from '../scan';
import type { MetadataValue, SkippedLines } from '../types';

/** A column as sent between threads: without steps when they are its run's lines' steps. */
export interface PartColumn {
  readonly steps?: Float64Array;
  readonly values: Float64Array;
  readonly length: number;
}

/** One run of a ParsedPart. Line numbers count from the part's first line. */
export interface PartRun {
  readonly name: string;
  readonly method?: string;
  readonly seed?: string;
  /** Lines without run, method and seed went to it. */
  readonly isDefault: boolean;
  readonly metadata: readonly (readonly [string, MetadataValue])[];
  /** Metadata fields whose value changed within the part. */
  readonly varying: readonly string[];
  readonly lastStep: number;
  readonly firstStep: number;
  readonly lowestRestart: number;
  readonly implicitFirst: boolean;
  readonly stepField?: string;
  readonly duplicates: number;
  readonly firstDuplicate?: Located;
  readonly badSteps: number;
  readonly firstBadStep?: Located;
  readonly lines: Required<PartColumn>;
  readonly times: PartColumn;
  readonly metrics: readonly (readonly [string, PartColumn])[];
}

/**
 * What a parser made of complete lines from the middle of a file (see MetricsLogParser.part): plain
 * data and typed arrays, for postMessage. Line numbers count from the part's first line.
 */
export interface ParsedPart {
  readonly bytes: number;
  readonly lines: number;
  readonly runs: readonly PartRun[];
  readonly skipped: SkippedLines;
  readonly restartCount: number;
  readonly restarts: readonly Restart[];
}

/** Every array of a part's columns (steps only where a column has its own). */
export function partArrays(part: ParsedPart): Float64Array[] {
  const arrays: Float64Array[] = [];
  for (const run of part.runs) {
    for (const column of [run.lines, run.times, ...run.metrics.map(([, c]) => c)]) {
      arrays.push(column.values);
      if (column.steps) arrays.push(column.steps);
    }
  }
  return arrays;
}

/** `state` as a part, and the buffers to transfer with it. */
export function partOf(state: LogState): { part: ParsedPart; transfer: ArrayBuffer[] } {
  const send = (column: Column): PartColumn => ({
    steps: column.sharesSteps ? undefined : column.steps.subarray(0, column.length),
    values: column.values.subarray(0, column.length),
    length: column.length,
  });
  const runs = [...state.runs.values()].map((run): PartRun => ({
    name: run.name,
    method: run.method,
    seed: run.seed,
    isDefault: run === state.defaultRun,
    metadata: [...run.metadata],
    varying: [...run.varying],
    lastStep: run.lastStep,
    firstStep: run.firstStep,
    lowestRestart: run.lowestRestart,
    implicitFirst: run.implicitFirst,
    stepField: run.stepField,
    duplicates: run.duplicates,
    firstDuplicate: run.firstDuplicate,
    badSteps: run.badSteps,
    firstBadStep: run.firstBadStep,
    lines: send(run.lines) as Required<PartColumn>,
    times: send(run.times),
    metrics: [...run.metrics].map(([name, column]) => [name, send(column)] as const),
  }));
  const part: ParsedPart = {
    bytes: state.bytes,
    lines: state.lines,
    runs,
    skipped: state.skipped,
    restartCount: state.restartCount,
    restarts: state.restarts,
  };
  // Each buffer once (columns may share one), and not the empty arrays of columns without points.
  const transfer = new Set(
    partArrays(part)
      .filter((array) => array.length > 0)
      .map((array) => array.buffer as ArrayBuffer),
  );
  return { part, transfer: [...transfer] };
}

/**
 * Whether `part`'s lines mean what they meant on their own after the lines read into `state`: not when
 * a run's step goes back to a step read there, a metric is logged again at the last step read there, or
 * lines were placed at step 0 for want of a step.
 */
function followsOn(state: LogState, part: ParsedPart): boolean {
  for (const p of part.runs) {
    const run = state.runs.get(p.name);
    if (!run || run.lastStep === -Infinity) continue;
    const at = run.lastStep;
    if (p.implicitFirst || p.lowestRestart <= at || p.firstStep < at) return false;
    // Epoch places lines only in a run without a step field: after one, the same lines count on from it.
    if (p.stepField === EPOCH_FIELD && run.stepField !== undefined && run.stepField !== EPOCH_FIELD) return false;
    // The part goes on at the step read last here: fine for its lines and times, not for a value logged again.
    if (
      p.firstStep === at &&
      p.metrics.some(
        ([name, c]) => c.length > 0 && (c.steps ?? p.lines.steps)[0] === at && run.metrics.get(name)?.lastStep === at,
      )
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Reads `part` into `state` as if its lines had followed the ones read there, and returns true; or
 * returns false, changing nothing, when they would mean something else there (see followsOn). Uses up
 * the part. `expectedBytes`: the size of all the input, to size the columns.
 */
export function mergePart(state: LogState, part: ParsedPart, expectedBytes: number): boolean {
  if (!followsOn(state, part)) return false;
  const lineOffset = state.lines;
  // Where the part says line n, the file has line lineOffset + n.
  const inFile = <T extends { readonly line: number }>(located: T): T => ({
    ...located,
    line: located.line + lineOffset,
  });
  const scale = expectedBytes > state.bytes + part.bytes ? expectedBytes / (state.bytes + part.bytes) : 1;
  const append = (into: Column, column: PartColumn, steps: Float64Array): void =>
    into.appendAll(
      { steps: column.steps ?? steps, values: column.values, length: column.length },
      Math.ceil((into.length + column.length) * scale * 1.05),
    );
  for (const p of part.runs) {
    const run = state.run(p.name, p.method, p.seed);
    if (p.isDefault) state.defaultRun = run;
    for (const [key, value] of p.metadata) {
      // The part's first value of a field may differ from the last one read here: its last value tells
      // (a field the part changed is in its own `varying`).
      const previous = run.metadata.get(key);
      if (previous !== undefined && !Object.is(previous, value)) run.varying.add(key);
      run.metadata.set(key, value);
    }
    for (const key of p.varying) run.varying.add(key);
    const { lines } = p;
    for (let i = 0; i < lines.length; i++) lines.values[i]! += lineOffset;
    append(run.lines, lines, lines.steps);
    append(run.times, p.times, lines.steps);
    for (const [name, column] of p.metrics) append(run.column(name), column, lines.steps);
    if (p.lastStep !== -Infinity) run.lastStep = p.lastStep;
    run.stepField ??= p.stepField;
    if (run.duplicates === 0 && p.firstDuplicate) run.firstDuplicate = inFile(p.firstDuplicate);
    run.duplicates += p.duplicates;
    if (run.badSteps === 0 && p.firstBadStep) run.firstBadStep = inFile(p.firstBadStep);
    run.badSteps += p.badSteps;
  }
  state.skippedFirst.push(...part.skipped.first.slice(0, MAX_SKIPPED_DETAIL - state.skippedFirst.length).map(inFile));
  state.skippedCount += part.skipped.count;
  state.restarts.push(...part.restarts.slice(0, MAX_RESTART_NOTICES - state.restarts.length).map(inFile));
  state.restartCount += part.restartCount;
  state.lines += part.lines;
  state.bytes += part.bytes;
  return true;
}
