import { Column, RestartIndex } from '../column';
import type { MetadataValue, Run, SkippedLine } from '../types';
import type { ParsedLog } from './types';

const MAX_DETAIL = 20;

/** A run being filled by a parser: columns per metric plus wall time, with the points' ordering rules. */
export class RunBuilder implements Run {
  readonly metadata = new Map<string, MetadataValue>();
  /** Metadata fields set to different values (see meta). */
  readonly varying = new Set<string>();
  readonly metrics = new Map<string, Column>();
  readonly times = new Column();
  /** Values that replaced a different one already logged at the same step. */
  duplicates = 0;
  stepField: string | undefined;
  /** The metric columns, indexed from the first restart on, so that one visits only the ones it changes. */
  private restartIndex: RestartIndex | undefined;

  constructor(readonly name: string) {}

  /** Sets a metadata field that may be given again (a CSV's text column): one that changes is told in `varying`. */
  meta(name: string, value: MetadataValue): void {
    const previous = this.metadata.get(name);
    if (previous !== undefined && !Object.is(previous, value)) this.varying.add(name);
    this.metadata.set(name, value);
  }

  /**
   * Adds a point. The same step again replaces the value (last wins). A step below the metric's last
   * one drops that metric's points from that step on (a resumed run, as TensorBoard does per tag) and
   * returns how many were dropped, so the caller can say so; otherwise returns 0.
   */
  point(name: string, step: number, value: number): number {
    return this.pointIn(this.column(name), step, value);
  }

  /** The column of metric `name` (new the first time), for pointIn() until the next truncateFrom(). */
  column(name: string): Column {
    let column = this.metrics.get(name);
    if (!column) {
      column = new Column();
      this.metrics.set(name, column);
    }
    this.restartIndex?.touch(column);
    return column;
  }

  /** point() for a column from column(), saving the lookup by name for a parser that adds many points to one. */
  pointIn(column: Column, step: number, value: number): number {
    let dropped = 0;
    if (step < column.lastStep) dropped = column.truncateFrom(step);
    if (column.lastStep === step) {
      if (!Object.is(column.values[column.length - 1], value)) this.duplicates++;
      column.replaceLast(value);
    } else {
      column.append(step, value);
    }
    return dropped;
  }

  /**
   * Drops every metric's points (and times) from `step` on: a restart of the whole run. Returns how many.
   * Costs the columns that lose points or got points since the last restart, not every column.
   */
  truncateFrom(step: number): number {
    this.restartIndex ??= new RestartIndex();
    const dropped = this.restartIndex.truncateFrom(step, this.metrics.values());
    this.times.truncateFrom(step);
    return dropped;
  }

  /** Records the wall time (seconds) of a step; the latest time given for a step wins. */
  time(step: number, seconds: number): void {
    if (step < this.times.lastStep) this.times.truncateFrom(step);
    if (this.times.lastStep === step) this.times.replaceLast(seconds);
    else this.times.append(step, seconds);
  }
}

/** Collects skipped lines and notices for a ParsedLog, keeping the first few in detail. */
export class Problems {
  private readonly skippedFirst: SkippedLine[] = [];
  private skippedCount = 0;
  private readonly noticeList: string[] = [];
  private noticeOverflow = 0;

  skip(line: number, reason: string): void {
    this.skippedCount++;
    if (this.skippedFirst.length < MAX_DETAIL) this.skippedFirst.push({ line, reason });
  }

  notice(message: string): void {
    if (this.noticeList.length < MAX_DETAIL) this.noticeList.push(message);
    else this.noticeOverflow++;
  }

  /** The result for these runs; adds one notice per run that had values logged twice at a step. */
  result(runs: readonly RunBuilder[]): ParsedLog {
    const notices = this.noticeList.slice();
    if (this.noticeOverflow > 0) notices.push(`… and ${this.noticeOverflow} more notices`);
    for (const run of runs) {
      if (run.duplicates > 0) {
        notices.push(
          `run ${run.name}: ${run.duplicates} value${run.duplicates === 1 ? ' was' : 's were'} logged again ` +
            'at a step that already had a different one; the last value was kept',
        );
      }
    }
    return { runs: runs.slice(), skipped: { count: this.skippedCount, first: this.skippedFirst.slice() }, notices };
  }
}

/** A log that could not be read at all. */
export function failed(error: string): ParsedLog {
  return { runs: [], skipped: { count: 0, first: [] }, notices: [], error };
}
