import { Column } from './column';
import { flatten } from './flatten';
import type { Run, SkippedLine, SkippedLines } from './types';

/** The slice of the WHATWG TextDecoder we use. It is a global in Node and browsers; the core's ES-only lib does not declare it. */
interface Utf8Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
const Utf8DecoderImpl = (globalThis as unknown as { TextDecoder: new (label?: string) => Utf8Decoder }).TextDecoder;

/** Step fields, most specific first: the first one present with a finite number wins. */
const STEP_KEYS = ['step', 'global_step', '_step', 'iteration'];
/** Wall-time fields (seconds), in order of preference. */
const TIME_KEYS = ['time', 'timestamp', '_timestamp', 'wall_time'];
/** Top-level fields that are never metrics or metadata: they place the line (step, time, run). */
const RESERVED = new Set([...STEP_KEYS, ...TIME_KEYS, 'run', 'method', 'seed']);
/** verl's file logger writes `{"step": N, "data": {...}}`; the keys inside `data` are the metric names. */
const VERL_DATA_KEY = 'data';

const MAX_SKIPPED_DETAIL = 20;
const MAX_RESTART_NOTICES = 20;
const NEWLINE = 10;

const NOT_JSON = 'not valid JSON';
const NOT_OBJECT = 'not a JSON object';

class RunState implements Run {
  readonly metadata = new Map<string, string | boolean>();
  readonly metrics = new Map<string, Column>();
  readonly times = new Column();
  /** Last step given to a line of this run; -Infinity before the first. */
  lastStep = -Infinity;
  /** Metric values that replaced one already logged at the same step. */
  duplicates = 0;

  constructor(
    readonly name: string,
    readonly method: string | undefined,
    readonly seed: string | undefined,
  ) {}
}

/**
 * Incremental parser for a JSON-lines metrics log (format: docs/format.md). Feed it byte chunks with
 * push() (chunks may split lines and UTF-8 characters anywhere), then finish() when the bytes available
 * now are all pushed. To follow a growing file keep the parser and push only the new bytes; after a
 * rewrite, use a new parser.
 */
export class MetricsLogParser {
  private readonly decoder = new Utf8DecoderImpl('utf-8');
  private readonly runMap = new Map<string, RunState>();
  private readonly skippedFirst: SkippedLine[] = [];
  private skippedCount = 0;
  private readonly restarts: string[] = [];
  private restartCount = 0;
  /** Decoded text after the last newline: the start of a line not yet complete. */
  private partial = '';
  /** Bytes after the last newline byte (the partial line, plus any undecoded tail of a UTF-8 character). */
  private partialBytes = 0;
  private received = 0;
  private lineCount = 0;
  private pendingLineNumber: number | undefined;
  /** finish() consumed a last line that had no newline yet; the newline that ends it may come next. */
  private endsUnterminatedLine = false;
  /** The run and step of the line apply() is filing, for visit(). */
  private lineRun!: RunState;
  private lineStep = 0;
  private lineHasMetric = false;

  constructor(readonly defaultRun: string) {}

  /** Runs by name, in first-seen order. */
  get runs(): ReadonlyMap<string, Run> {
    return this.runMap;
  }

  /** Malformed lines: how many, and the first 20 with line number and reason. */
  get skipped(): SkippedLines {
    return { count: this.skippedCount, first: this.skippedFirst };
  }

  /**
   * After finish(): the 1-based number of a trailing line without newline that does not parse yet
   * (probably still being written). A later push() may complete it.
   */
  get pendingLine(): number | undefined {
    return this.pendingLineNumber;
  }

  /** Things the user should know: restarts (step went back), steps logged twice. */
  get notices(): readonly string[] {
    const notices = this.restarts.slice();
    if (this.restartCount > this.restarts.length) {
      notices.push(`… and ${this.restartCount - this.restarts.length} more restarts`);
    }
    for (const run of this.runMap.values()) {
      if (run.duplicates > 0) {
        notices.push(
          `run ${run.name}: ${run.duplicates} value${run.duplicates === 1 ? ' was' : 's were'} logged again ` +
            'at a step that already had one; the last value was kept',
        );
      }
    }
    return notices;
  }

  /** Lines read so far, blank ones included; a pending line is not counted. */
  get lines(): number {
    return this.lineCount;
  }

  /** Bytes of input fully parsed: everything pushed except a pending (incomplete) line. */
  get bytesConsumed(): number {
    return this.received - this.partialBytes;
  }

  /** Parses every line the bytes complete; the bytes after the last newline wait for more. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pendingLineNumber = undefined;
    this.received += bytes.length;
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    this.partialBytes = lastNewline < 0 ? this.partialBytes + bytes.length : bytes.length - lastNewline - 1;

    let text = this.decoder.decode(bytes, { stream: true });
    if (this.endsUnterminatedLine) {
      // The line finish() already read gets its line ending now: that is not a new (blank) line.
      // A CRLF may arrive split over two pushes, so wait past a lone CR.
      if (text.charCodeAt(0) === 13) text = text.slice(1);
      if (text.length > 0) {
        if (text.charCodeAt(0) === NEWLINE) text = text.slice(1);
        this.endsUnterminatedLine = false;
      }
    }
    if (this.partial.length > 0) text = this.partial + text;

    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.lineCount++;
      this.readLine(text.slice(start, end), this.lineCount, true);
      start = end + 1;
    }
    this.partial = start === 0 ? text : text.slice(start);
  }

  /**
   * Call when all bytes available now are pushed. A last line without newline is read if it is a
   * complete JSON object; otherwise it stays pending (see pendingLine) until more bytes arrive.
   */
  finish(): void {
    this.pendingLineNumber = undefined;
    if (isBlank(this.partial)) return;
    if (this.readLine(this.partial, this.lineCount + 1, false)) {
      this.lineCount++;
      this.partial = '';
      this.partialBytes = 0;
      this.endsUnterminatedLine = true;
    } else {
      this.pendingLineNumber = this.lineCount + 1;
    }
  }

  /**
   * Reads one line (without its `\n`). A line that is not usable is recorded as skipped when `complete`;
   * an incomplete one is left alone. Returns whether the line was used (blank lines count as used).
   */
  private readLine(line: string, lineNumber: number, complete: boolean): boolean {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (isBlank(line)) return true;
    if (line.includes('NaN') || line.includes('Infinity')) line = replaceNonFiniteTokens(line);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (complete) this.skip(lineNumber, NOT_JSON);
      return false;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (complete) this.skip(lineNumber, NOT_OBJECT);
      return false;
    }
    this.apply(value as Record<string, unknown>, lineNumber);
    return true;
  }

  private skip(line: number, reason: string): void {
    this.skippedCount++;
    if (this.skippedFirst.length < MAX_SKIPPED_DETAIL) this.skippedFirst.push({ line, reason });
  }

  private apply(record: Record<string, unknown>, lineNumber: number): void {
    const run = this.runFor(record);
    const explicitStep = firstFinite(record, STEP_KEYS);
    let step: number;
    if (explicitStep !== undefined) {
      step = explicitStep;
      if (step < run.lastStep) this.restart(run, step, lineNumber);
      run.lastStep = step;
    } else {
      // Only a line with a metric takes the next step: a metadata-only line does not shift later points.
      step = run.lastStep === -Infinity ? 0 : run.lastStep + 1;
    }

    this.lineRun = run;
    this.lineStep = step;
    this.lineHasMetric = false;
    for (const key in record) {
      if (RESERVED.has(key)) continue;
      const value = record[key];
      if (value !== null && typeof value === 'object') {
        if (!Array.isArray(value)) {
          flatten(value as Record<string, unknown>, this.visit, key === VERL_DATA_KEY ? '' : key + '/');
        }
      } else {
        this.visit(key, value);
      }
    }

    if (explicitStep === undefined) {
      if (!this.lineHasMetric) return;
      run.lastStep = step;
    }
    const time = firstFinite(record, TIME_KEYS);
    if (time !== undefined) {
      if (run.times.lastStep === step) run.times.replaceLast(time);
      else run.times.append(step, time);
    }
  }

  /** Files one flattened field of the line being applied (bound once, not a closure per line). */
  private readonly visit = (name: string, leaf: unknown): void => {
    if (typeof leaf === 'number') {
      this.setPoint(this.lineRun, name, this.lineStep, leaf);
      this.lineHasMetric = true;
    } else if (leaf === NAN_SENTINEL) {
      // An explicit NaN (a loss that blew up) is shown as a gap in the line.
      this.setPoint(this.lineRun, name, this.lineStep, NaN);
      this.lineHasMetric = true;
    } else if (typeof leaf === 'string' || typeof leaf === 'boolean') {
      this.lineRun.metadata.set(name, leaf);
    }
  };

  private setPoint(run: RunState, name: string, step: number, value: number): void {
    let column = run.metrics.get(name);
    if (!column) {
      column = new Column();
      run.metrics.set(name, column);
    }
    // Steps never go below a column's last step here: restart() truncated every column first.
    if (column.lastStep === step) {
      column.replaceLast(value);
      run.duplicates++;
    } else {
      column.append(step, value);
    }
  }

  /** Step went back (a resumed run): like TensorBoard, the new data replaces points from that step on. */
  private restart(run: RunState, step: number, lineNumber: number): void {
    let dropped = 0;
    for (const column of run.metrics.values()) dropped += column.truncateFrom(step);
    run.times.truncateFrom(step);
    this.restartCount++;
    if (this.restarts.length < MAX_RESTART_NOTICES) {
      this.restarts.push(
        `run ${run.name}: step went back from ${run.lastStep} to ${step} at line ${lineNumber}; ` +
          `${dropped} earlier point${dropped === 1 ? '' : 's'} from step ${step} on were replaced`,
      );
    }
  }

  /** The run a line belongs to: by `run`, else by `method` and `seed`, else the file's default run. */
  private runFor(record: Record<string, unknown>): RunState {
    const runField = label(record.run);
    const method = label(record.method);
    const seed = label(record.seed);
    const parts: string[] = [];
    if (runField !== undefined) parts.push(runField);
    if (method !== undefined) parts.push(method);
    if (parts.length === 0) parts.push(this.defaultRun);
    if (seed !== undefined) parts.push(`seed ${seed}`);
    const name = parts.join(', ');
    let run = this.runMap.get(name);
    if (!run) {
      run = new RunState(name, method, seed);
      this.runMap.set(name, run);
    }
    return run;
  }
}

/** A run-selecting field as text (`seed: 1` and `seed: "1"` are the same run); other types do not select. */
function label(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function firstFinite(record: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

function isBlank(text: string): boolean {
  // Lines almost always start with `{`: only look further when they do not.
  return text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0);
}

/**
 * What a bare NaN token becomes before JSON.parse: a string no trainer writes, so that an explicit NaN
 * (a gap) stays distinct from `null`, which tables exported from pandas or W&B write for "not logged".
 */
const NAN_SENTINEL = '\u0000NaN';

/**
 * Python's json writes NaN, Infinity and -Infinity as bare tokens, which JSON.parse rejects. Outside
 * strings, rewrite them as the NaN sentinel and `1e999` (parses as Infinity, so `-Infinity` keeps its sign).
 */
function replaceNonFiniteTokens(line: string): string {
  let out = '';
  let copiedTo = 0;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 78 /* N */ && line.startsWith('NaN', i)) {
      out += line.slice(copiedTo, i) + '"\\u0000NaN"';
      i += 2;
      copiedTo = i + 1;
    } else if (c === 73 /* I */ && line.startsWith('Infinity', i)) {
      out += line.slice(copiedTo, i) + '1e999';
      i += 7;
      copiedTo = i + 1;
    }
  }
  return copiedTo === 0 ? line : out + line.slice(copiedTo);
}
