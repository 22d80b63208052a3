import { Column, RestartIndex } from './column';
import type { MetadataValue, Run, SkippedLine, SkippedLines } from './types';

/** Skipped lines told with their number and reason; the rest are only counted. */
export const MAX_SKIPPED_DETAIL = 20;
/** Restarts told as notices; the rest are only counted. */
export const MAX_RESTART_NOTICES = 20;
/** reserve() sizes the columns of a run with at least 1/MIN_SHARE of the lines since its last call. */
const MIN_SHARE = 8;

/** Where a notice points: what happened, and the 1-based line. */
export interface Located {
  readonly what: string;
  readonly line: number;
}

/** A step going back, for its notice. */
export interface Restart {
  readonly run: string;
  readonly from: number;
  readonly to: number;
  readonly line: number;
  readonly dropped: number;
}

export class RunState implements Run {
  readonly metadata = new Map<string, MetadataValue>();
  readonly varying = new Set<string>();
  readonly metrics = new Map<string, Column>();
  readonly lines = new Column();
  /** Columns of this run share the steps of `lines` while they have a point on each of its lines. */
  readonly times = new Column(this.lines);
  /** Last step given to a line of this run; -Infinity before the first. */
  lastStep = -Infinity;
  /** Metric values that replaced one already logged at the same step; the first one, told in the notice. */
  duplicates = 0;
  firstDuplicate: Located | undefined;
  /** Lines whose step field was not a number, so they took the previous step + 1; the first one, told. */
  badSteps = 0;
  firstBadStep: Located | undefined;
  /**
   * What the run's lines in these bytes need from lines before them (see mergePart): the first step a
   * line gave (NaN before one did), the lowest step it went back to, and whether a line with metrics took
   * step 0 for want of any step before it.
   */
  firstStep = NaN;
  lowestRestart = Infinity;
  implicitFirst = false;
  /** The field that gave this run's steps (the first one used); undefined while lines are placed by order. */
  stepField: string | undefined;
  /**
   * The names and columns of the last line's fields, by position: lines repeat the same fields in the
   * same order, so comparing names (usually the same string object) mostly saves a lookup in `metrics`.
   * Cleared by a restart, as column() must be asked again for a column that gets points after one.
   */
  readonly lastNames: string[] = [];
  readonly lastColumns: Column[] = [];
  /**
   * The metric columns, indexed for restart() from the first one on (most runs never go back): a
   * column gets points only after column() returned it since the last restart.
   */
  restartIndex: RestartIndex | undefined;
  /** Points of `lines` at the last LogState.reserve(), to tell the runs that go on from the ones that stopped. */
  linesAtReserve = 0;

  constructor(
    readonly name: string,
    readonly method: string | undefined,
    readonly seed: string | undefined,
  ) {}

  /**
   * The column of metric `name`, new (sharing the steps of `lines`) the first time, to add points to.
   * Points may be added to it until the next restart (see lastColumns).
   */
  column(name: string): Column {
    let column = this.metrics.get(name);
    if (!column) {
      column = new Column(this.lines);
      this.metrics.set(name, column);
    }
    this.restartIndex?.touch(column);
    return column;
  }
}

/**
 * What a JSON-lines parser has read so far: its runs, the lines it skipped, the restarts it saw, and how
 * many bytes and lines that was. The parser (jsonl.ts) files lines into it; parts/part.ts sends it
 * between threads and merges it into another.
 */
export class LogState {
  /** Runs by name, in first-seen order. */
  readonly runs = new Map<string, RunState>();
  /** The run of lines without run, method and seed, once one was seen. */
  defaultRun: RunState | undefined;
  readonly skippedFirst: SkippedLine[] = [];
  skippedCount = 0;
  readonly restarts: Restart[] = [];
  restartCount = 0;
  /** Bytes pushed. */
  bytes = 0;
  /** Lines read, blank ones included. */
  lines = 0;
  /** Runs in first-seen order, and how many there were at the last reserve(). */
  private readonly runList: RunState[] = [];
  private runsAtReserve = 0;
  /** Lines at the last reserve(), and the runs it found going on: the next call looks at those and new runs. */
  private linesAtReserve = 0;
  private goingOn: RunState[] = [];

  /** `defaultRunName`: the run of lines without run, method and seed. */
  constructor(private readonly defaultRunName: string) {}

  get skipped(): SkippedLines {
    return { count: this.skippedCount, first: this.skippedFirst };
  }

  /** Restarts (step went back), steps logged twice, steps that are not numbers. */
  get notices(): string[] {
    const notices = this.restarts.map(
      (r) =>
        `run ${r.run}: step went back from ${r.from} to ${r.to} at line ${r.line}, as when a run resumes from a ` +
        `checkpoint; the ${r.dropped} point${r.dropped === 1 ? '' : 's'} logged before at step ${r.to} or later were ` +
        'dropped for the new ones',
    );
    if (this.restartCount > this.restarts.length) {
      notices.push(`… and ${this.restartCount - this.restarts.length} more restarts`);
    }
    for (const run of this.runs.values()) {
      if (run.duplicates > 0) {
        notices.push(
          `run ${run.name}: ${run.duplicates} value${run.duplicates === 1 ? ' was' : 's were'} logged again ` +
            `at a step that already had a different one (first: ${run.firstDuplicate?.what}, line ${run.firstDuplicate?.line}); the last value logged was kept`,
        );
      }
      if (run.badSteps > 0) {
        notices.push(
          `run ${run.name}: ${run.badSteps} line${run.badSteps === 1 ? ' has a step that is' : 's have steps that are'} ` +
            `not a number (first: line ${run.firstBadStep?.line}, ${run.firstBadStep?.what}); such a line is placed at the previous step + 1`,
        );
      }
    }
    return notices;
  }

  skip(line: number, reason: string): void {
    this.skippedCount++;
    if (this.skippedFirst.length < MAX_SKIPPED_DETAIL) this.skippedFirst.push({ line, reason });
  }

  /** The run named `name`, new the first time. */
  run(name: string, method: string | undefined, seed: string | undefined): RunState {
    let run = this.runs.get(name);
    if (!run) {
      run = new RunState(name, method, seed);
      this.runs.set(name, run);
      this.runList.push(run);
    }
    return run;
  }

  /** The run a line belongs to: by `run`, else by `method` and `seed`, else the default run. */
  runFor(runField: string | undefined, method: string | undefined, seed: string | undefined): RunState {
    // Most logs are one run without these fields: skip building its name for every line.
    if (runField === undefined && method === undefined && seed === undefined && this.defaultRun) {
      return this.defaultRun;
    }
    const parts: string[] = [];
    if (runField !== undefined) parts.push(runField);
    if (method !== undefined) parts.push(method);
    if (parts.length === 0) parts.push(this.defaultRunName);
    if (seed !== undefined) parts.push(`seed ${seed}`);
    const run = this.run(parts.join(', '), method, seed);
    if (runField === undefined && method === undefined && seed === undefined) this.defaultRun = run;
    return run;
  }

  /** Step went back (a resumed run): like TensorBoard, the new data replaces points from that step on. */
  restart(run: RunState, step: number, lineNumber: number): void {
    run.restartIndex ??= new RestartIndex();
    const dropped = run.restartIndex.truncateFrom(step, run.metrics.values());
    run.times.truncateFrom(step);
    run.lines.truncateFrom(step);
    // The next lines get their columns from column() again, which tells the index they get points.
    run.lastNames.length = 0;
    if (step < run.lowestRestart) run.lowestRestart = step;
    this.restartCount++;
    if (this.restarts.length < MAX_RESTART_NOTICES)
      this.restarts.push({ run: run.name, from: run.lastStep, to: step, line: lineNumber, dropped });
  }

  /**
   * Sizes the columns of the runs that go on for the `remaining` bytes after the `parsed` ones: a run
   * with at least 1/MIN_SHARE of the lines since the last call is expected to keep its pace, and gets
   * room for its points so far scaled to the whole input, and a little more (lines differ in length),
   * unless its lines already fit. Each push re-estimates, but seldom needs to copy again. The other
   * runs' columns grow as they fill: sized alike, each of thousands of one-line runs got room for
   * hundreds of points (a 1 GB read of them reserved 647 MB that stayed empty). Only the runs that went
   * on at the last call and the runs new since are looked at, not every run at every push.
   */
  reserve(parsed: number, remaining: number): void {
    if (parsed <= 0 || remaining <= 0) return;
    const scale = (parsed + remaining) / parsed;
    const lines = this.lines - this.linesAtReserve;
    this.linesAtReserve = this.lines;
    const candidates = this.goingOn.concat(this.runList.slice(this.runsAtReserve));
    this.runsAtReserve = this.runList.length;
    this.goingOn = [];
    for (const run of candidates) {
      const recent = run.lines.length - run.linesAtReserve;
      run.linesAtReserve = run.lines.length;
      if (recent <= 0 || recent * MIN_SHARE < lines) continue;
      this.goingOn.push(run);
      // Room is made when the estimate outgrows it, for a little more than the estimate: an estimate
      // that creeps up (a run that logs a growing share of the lines) copies the columns each time it
      // has grown by that much, not at every push.
      if (Math.ceil(run.lines.length * scale) <= run.lines.values.length) continue;
      const points = (column: Column): number => Math.ceil(column.length * scale * 1.05);
      run.lines.reserve(points(run.lines));
      run.times.reserve(points(run.times));
      for (const column of run.metrics.values()) column.reserve(points(column));
    }
  }
}
