import { lowerBound, type Column } from './column';
import { MAX_NESTING, flatten } from './flatten';
import { NAN_SENTINEL, replaceNonFiniteTokens } from './pythonJson';
import { strictUtf8, utf8 } from './utf8';
import {
  CONFIG_KEYS,
  LineFields,
  LineScanner,
  METHOD_SLOT,
  RUN_SLOT,
  SEED_SLOT,
  EPOCH_FIELD,
  STEP_KEYS,
  SlotValue,
  TIME_KEYS,
  VERL_DATA_KEY,
  slotOf,
} from './scan';
import { LogState } from './logState';
import { mergePart, partOf, type ParsedPart } from './parts/part';
import type { Run, SkippedLines } from './types';

/**
 * The piece of a large input a host pushes at a time: about 25 ms of parsing between two yields to its
 * event loop, and enough for the parser to size its columns from what follows (see push).
 */
export const CHUNK_BYTES = 4 << 20;

export const NEWLINE = 10;
const CR = 13;
/** The UTF-8 byte order mark, dropped from the start of a file. */
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Longer lines are skipped without being kept or decoded: no metrics line comes near this, and a file
 * that is one huge "line" (binary data without newline bytes) must not outgrow a string (V8: 512 MB).
 */
const MAX_LINE_BYTES = 64 * 2 ** 20;

// Why a line was skipped, as the user reads it.
const NOT_JSON = 'not valid JSON';
const NOT_TEXT = 'not valid JSON: binary data or text that is not UTF-8';
const NOT_OBJECT = 'not a JSON object';
const TOO_DEEP = `objects nested more than ${MAX_NESTING} levels deep`;
const TOO_LONG = `longer than ${MAX_LINE_BYTES / 2 ** 20} MB`;

/** A string step as JSON would write the number ("10", "-2.5e3"): read as that number. */
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Incremental parser for a JSON-lines metrics log (format: docs/format.md). Feed it byte chunks with
 * push() (chunks may split lines and UTF-8 characters anywhere), then finish() when the bytes available
 * now are all pushed. To follow a growing file keep the parser and push only the new bytes; after a
 * rewrite, use a new parser.
 *
 * Lines are read from the bytes by a scanner (scan.ts) that files numbers straight into the columns;
 * a line it does not handle (arrays, escapes, invalid JSON, …) is decoded and given to JSON.parse, and
 * both ways give the same result.
 */
export class MetricsLogParser {
  private readonly state: LogState;
  private readonly fields = new LineFields();
  private readonly scanner = new LineScanner(this.fields);
  /**
   * The bytes after the last newline (the start of a line not yet complete) in tail[0, tailLength).
   * One spare byte always follows them, for the line-end mark the scanner relies on.
   */
  private tail = new Uint8Array(256);
  private tailLength = 0;
  /** The line in the tail is longer than MAX_LINE_BYTES: its bytes are dropped, and it is skipped once complete. */
  private tailTooLong = false;
  /** Bytes after the last newline byte, for bytesConsumed. */
  private partialBytes = 0;
  private pendingLineNumber: number | undefined;
  /** finish() consumed a last line that had no newline yet; the newline that ends it may come next. */
  private endsUnterminatedLine = false;

  /**
   * `midFile`: the bytes pushed start at a line start within a file, not at its start (a part parsed on
   * another thread, see part() and merge()): no byte order mark is looked for.
   */
  constructor(
    readonly defaultRun: string,
    private readonly midFile = false,
  ) {
    this.state = new LogState(defaultRun);
  }

  /** Runs by name, in first-seen order. */
  get runs(): ReadonlyMap<string, Run> {
    return this.state.runs;
  }

  /** Malformed lines: how many, and the first 20 with line number and reason. */
  get skipped(): SkippedLines {
    return this.state.skipped;
  }

  /**
   * After finish(): the 1-based number of a trailing line without newline that does not parse yet
   * (probably still being written). A later push() may complete it.
   */
  get pendingLine(): number | undefined {
    return this.pendingLineNumber;
  }

  /** Things the user should know: restarts (step went back), steps logged twice, steps that are not numbers. */
  get notices(): readonly string[] {
    return this.state.notices;
  }

  /** Lines read so far, blank ones included; a pending line is not counted. */
  get lines(): number {
    return this.state.lines;
  }
  /** Restarts seen so far (a step went back and later points were dropped): the data did not only grow. */
  get restarts(): number {
    return this.state.restartCount;
  }

  /** Bytes of input fully parsed: everything pushed except a pending (incomplete) line. */
  get bytesConsumed(): number {
    return this.state.bytes - this.partialBytes;
  }

  /**
   * What this parser read, to send to the thread that merges it (see merge), and the buffers to transfer
   * with it. Only for a parser whose bytes ended with a newline; it is of no use afterwards.
   */
  part(): { part: ParsedPart; transfer: ArrayBuffer[] } {
    if (this.partialBytes > 0 || this.tailTooLong) throw new Error('a part must end with a complete line');
    return partOf(this.state);
  }

  /**
   * Reads `part` — what a `midFile` parser made of the lines that follow the bytes pushed here, which
   * must end with a newline — as if its bytes had been pushed here. Returns false, changing nothing, when
   * the part's lines mean something else after these (a run's step going back to a step read here, a
   * metric logged again at the last step read here, or lines placed at step 0 for want of a step); push
   * its bytes instead. Uses up the part. `expectedBytes`: the size of all the input, to size the columns.
   */
  merge(part: ParsedPart, expectedBytes = 0): boolean {
    if (
      this.partialBytes > 0 ||
      this.tailTooLong ||
      this.endsUnterminatedLine ||
      !mergePart(this.state, part, expectedBytes)
    )
      return false;
    this.pendingLineNumber = undefined;
    return true;
  }

  /** Parses every line the bytes complete; the bytes after the last newline wait for more. */
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // A Node Buffer is a Uint8Array of another class: a plain view keeps the scanner's element reads monomorphic.
    if (bytes.constructor !== Uint8Array) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.pendingLineNumber = undefined;
    this.state.bytes += bytes.length;
    const lastNewline = bytes.lastIndexOf(NEWLINE);
    this.partialBytes = lastNewline < 0 ? this.partialBytes + bytes.length : bytes.length - lastNewline - 1;

    let start = 0;
    if (this.endsUnterminatedLine) {
      // The line finish() already read gets its line ending now: that is not a new (blank) line.
      // A CRLF may arrive split over two pushes, so wait past a lone CR.
      if (bytes[0] === CR) start = 1;
      if (start < bytes.length) {
        if (bytes[start] === NEWLINE) start++;
        this.endsUnterminatedLine = false;
      }
    }

    if (this.tailLength > 0 || this.tailTooLong) {
      const end = start <= lastNewline ? bytes.indexOf(NEWLINE, start) : -1;
      if (end >= 0) {
        this.appendTail(bytes, start, end);
        const lineNumber = ++this.state.lines;
        if (this.tailTooLong) this.state.skip(lineNumber, TOO_LONG);
        else this.readLine(this.tail, 0, this.tailLength, lineNumber, true);
        this.tailLength = 0;
        this.tailTooLong = false;
        start = end + 1;
      }
    }
    while (start <= lastNewline) {
      const lineNumber = ++this.state.lines;
      // Most lines are read in one pass that also finds their end (a `{` first means no byte order mark).
      if (bytes[start] === OPEN_BRACE) {
        const end = this.scanner.scanLine(bytes, start, lastNewline);
        if (end >= 0 && end - start <= MAX_LINE_BYTES) {
          this.apply(lineNumber);
          start = end + 1;
          continue;
        }
      }
      const end = bytes.indexOf(NEWLINE, start);
      this.readLine(bytes, start, end, lineNumber, true, bytes[start] === OPEN_BRACE);
      start = end + 1;
    }
    this.appendTail(bytes, start, bytes.length);
    this.scanner.release();

    // A chunk that is a view into a larger buffer is mostly a file read whole and pushed in pieces (as
    // the host does): what follows it in the buffer will probably come next. Sizing the columns of the
    // runs that go on for it (see LogState.reserve), rather than doubling them, halves the memory they
    // touch (as costly as the parsing) and the copies.
    const following = bytes.buffer.byteLength - bytes.byteOffset - bytes.length;
    if (following > 0 && this.bytesConsumed > 0) this.state.reserve(this.bytesConsumed, following + this.partialBytes);
  }

  /**
   * Call when all bytes available now are pushed. A last line without newline is read if it is a
   * complete JSON object; otherwise it stays pending (see pendingLine) until more bytes arrive.
   */
  finish(): void {
    this.pendingLineNumber = undefined;
    const lineNumber = this.state.lines + 1;
    if (this.tailTooLong) {
      this.pendingLineNumber = lineNumber;
      return;
    }
    // The first bytes of a byte order mark are not a line yet.
    if (
      lineNumber === 1 &&
      !this.midFile &&
      this.tailLength < BOM.length &&
      BOM.every((b, i) => i >= this.tailLength || this.tail[i] === b)
    ) {
      return;
    }
    const start = this.lineStart(this.tail, 0, this.tailLength, lineNumber);
    if (isBlank(this.tail, start, this.tailLength)) return;
    // Only an object is used, and it ends with `}`: a long line still being written is not read again
    // at every finish() while it grows (that was quadratic in its length).
    if (!endsWithBrace(this.tail, start, this.tailLength)) {
      this.pendingLineNumber = lineNumber;
      return;
    }
    const used = this.readLine(this.tail, 0, this.tailLength, lineNumber, false);
    this.scanner.release();
    if (used) {
      this.state.lines++;
      this.tailLength = 0;
      this.partialBytes = 0;
      this.endsUnterminatedLine = true;
    } else {
      this.pendingLineNumber = lineNumber;
    }
  }

  private appendTail(bytes: Uint8Array, start: number, end: number): void {
    if (this.tailTooLong) return;
    const length = this.tailLength + end - start;
    if (length > MAX_LINE_BYTES) {
      this.tailTooLong = true;
      this.tailLength = 0;
      this.tail = new Uint8Array(256);
      return;
    }
    if (length >= this.tail.length) {
      const grown = new Uint8Array(Math.max(length + 1, this.tail.length * 2));
      grown.set(this.tail.subarray(0, this.tailLength));
      this.tail = grown;
    }
    this.tail.set(bytes.subarray(start, end), this.tailLength);
    this.tailLength = length;
    this.tail[length] = NEWLINE;
  }

  /** Where line `lineNumber`'s content starts in b[start, …): past the byte order mark on the first line. */
  private lineStart(b: Uint8Array, start: number, end: number, lineNumber: number): number {
    if (
      lineNumber === 1 &&
      !this.midFile &&
      end - start >= BOM.length &&
      BOM.every((byte, i) => b[start + i] === byte)
    ) {
      return start + BOM.length;
    }
    return start;
  }

  /**
   * Reads one line, b[start, end) (without its `\n`; b[end] is a newline). A line that is not usable is
   * recorded as skipped when `complete`; an incomplete one is left alone. Returns whether the line was
   * used (blank lines count as used). `scanned`: the scanner already failed on the line.
   */
  private readLine(
    b: Uint8Array,
    start: number,
    end: number,
    lineNumber: number,
    complete: boolean,
    scanned = false,
  ): boolean {
    if (end - start > MAX_LINE_BYTES) {
      // Only a line within one pushed chunk gets here (appendTail drops longer ones): it is complete.
      this.state.skip(lineNumber, TOO_LONG);
      return false;
    }
    start = this.lineStart(b, start, end, lineNumber);
    if (end > start && b[end - 1] === CR) end--;
    // Lines almost always start with `{`: only look further when they do not.
    if (!scanned && b[start] === OPEN_BRACE && end > start && this.scanner.scan(b, start, end)) {
      this.apply(lineNumber);
      return true;
    }
    if (isBlank(b, start, end)) return true;

    const bytes = b.subarray(start, end);
    // JSON has no NUL byte, not even in a string: binary data, or UTF-16 text (skipped without decoding).
    if (bytes.includes(0)) {
      if (complete) this.state.skip(lineNumber, NOT_TEXT);
      return false;
    }
    const text = utf8.decode(bytes);
    const line = text.includes('NaN') || text.includes('Infinity') ? replaceNonFiniteTokens(text) : text;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (complete) this.state.skip(lineNumber, isUtf8(bytes, text) ? NOT_JSON : NOT_TEXT);
      return false;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (complete) this.state.skip(lineNumber, NOT_OBJECT);
      return false;
    }
    if (!this.collect(value as Record<string, unknown>)) {
      if (complete) this.state.skip(lineNumber, TOO_DEEP);
      return false;
    }
    this.apply(lineNumber);
    return true;
  }

  /**
   * Files a parsed line's fields the way the scanner does, for apply(). Returns false, with the fields
   * in no useful state, when objects nest more than MAX_NESTING levels.
   */
  private collect(record: Record<string, unknown>): boolean {
    this.fields.reset();
    for (const key in record) {
      const value = record[key];
      const slot = slotOf(key);
      if (slot >= 0) {
        if (value !== null) this.fields.slots[slot] = value;
      } else if (value !== null && typeof value === 'object') {
        if (
          !Array.isArray(value) &&
          !flatten(
            value as Record<string, unknown>,
            CONFIG_KEYS.includes(key) ? this.visitConfig : this.visit,
            key === VERL_DATA_KEY ? '' : key + '/',
            MAX_NESTING - 1,
          )
        ) {
          return false;
        }
      } else {
        this.visit(key, value);
      }
    }
    return true;
  }

  /** Files one flattened leaf of a parsed line (bound once, not a closure per line). */
  private readonly visit = (name: string, leaf: unknown): void => {
    if (typeof leaf === 'number') {
      this.fields.addNumber(name, leaf);
    } else if (leaf === NAN_SENTINEL) {
      // An explicit NaN (a loss that blew up) is shown as a gap in the line.
      this.fields.addNumber(name, NaN);
    } else if (typeof leaf === 'string' || typeof leaf === 'boolean') {
      this.fields.addMeta(name, leaf);
    }
  };

  /** Files one leaf of a configuration object (see CONFIG_KEYS): numbers too are metadata, as the scanner files them. */
  private readonly visitConfig = (name: string, leaf: unknown): void => {
    // The NaN sentinel is a string: it is looked for first.
    if (leaf === NAN_SENTINEL) {
      this.fields.addMeta(name, NaN);
    } else if (typeof leaf === 'number' || typeof leaf === 'string' || typeof leaf === 'boolean') {
      this.fields.addMeta(name, leaf);
    }
  };

  /** Files the line in `fields` into its run. */
  private apply(lineNumber: number): void {
    const { slots, names, numbers, count, metaNames, metaValues, metaCount } = this.fields;
    const run = this.state.runFor(label(slots[RUN_SLOT]), label(slots[METHOD_SLOT]), label(slots[SEED_SLOT]));
    // The first step field that holds a step wins; one holding something else is told if none does.
    let explicitStep: number | undefined;
    let badStep = -1;
    for (let i = 0; i < STEP_KEYS.length && explicitStep === undefined; i++) {
      if (slots[i] === undefined) continue;
      explicitStep = stepOf(slots[i]);
      if (explicitStep === undefined && badStep < 0) badStep = i;
      else if (explicitStep !== undefined) run.stepField ??= STEP_KEYS[i];
    }
    // Without any step field (Keras-style logs), the epoch is the x axis; then it is not a metric too.
    let epochAt = -1;
    if (explicitStep === undefined && badStep < 0 && (run.stepField === undefined || run.stepField === EPOCH_FIELD)) {
      epochAt = names.indexOf(EPOCH_FIELD);
      if (epochAt >= count || !Number.isFinite(numbers[epochAt])) epochAt = -1;
      if (epochAt >= 0) {
        explicitStep = numbers[epochAt];
        run.stepField = EPOCH_FIELD;
      }
    }
    let step: number;
    if (explicitStep !== undefined) {
      step = explicitStep;
      if (step < run.lastStep) this.state.restart(run, step, lineNumber);
      else if (run.lastStep === -Infinity) run.firstStep = step;
      run.lastStep = step;
    } else {
      // Only a line with a metric takes the next step: a metadata-only line does not shift later points.
      step = run.lastStep === -Infinity ? 0 : run.lastStep + 1;
      if (run.lastStep === -Infinity && count > 0) run.implicitFirst = true;
      if (badStep >= 0 && run.badSteps++ === 0) {
        run.firstBadStep = { what: `"${STEP_KEYS[badStep]}": ${describe(slots[badStep])}`, line: lineNumber };
      }
    }

    // The line first: the columns of its metrics share its steps.
    if (count > 0) run.lines.put(step, lineNumber);
    for (let i = 0; i < count; i++) {
      if (i === epochAt) continue;
      const name = names[i]!;
      let column: Column;
      if (run.lastNames[i] !== name) {
        column = run.column(name);
        run.lastNames[i] = name;
        run.lastColumns[i] = column;
      } else {
        column = run.lastColumns[i]!;
      }
      // Steps never go below a column's last step here: restart() truncated every column first.
      if (column.put(step, numbers[i]!) && run.duplicates++ === 0) {
        run.firstDuplicate = { what: `${name} at step ${step}`, line: lineNumber };
      }
    }
    for (let i = 0; i < metaCount; i++) {
      const name = metaNames[i]!;
      const value = metaValues[i]!;
      // A field that keeps its value costs a lookup, no more; one that changes describes a step, not the run.
      const previous = run.metadata.get(name);
      if (Object.is(previous, value)) continue;
      if (previous !== undefined) run.varying.add(name);
      run.metadata.set(name, value);
    }

    if (explicitStep === undefined) {
      if (count === 0) return;
      run.lastStep = step;
    }
    const time = firstFinite(slots, STEP_KEYS.length, STEP_KEYS.length + TIME_KEYS.length);
    if (time !== undefined) run.times.put(step, time);
  }
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The 1-based line that logged `step` of `run` (the last one, when several did); undefined if none did or the format has no lines. */
export function lineOfStep(run: Run, step: number): number | undefined {
  const lines = run.lines;
  if (!lines) return undefined;
  const i = lowerBound(lines, step);
  return i < lines.length && lines.steps[i] === step ? lines.values[i] : undefined;
}

/** A run-selecting field as text (`seed: 1` and `seed: "1"` are the same run); other types do not select. */
function label(value: SlotValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A step field's value as a step: a finite number, or a string holding one (`"step": "10"` is step 10). */
function stepOf(value: SlotValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !NUMBER_TEXT.test(value)) return undefined;
  const step = Number(value);
  return Number.isFinite(step) ? step : undefined;
}

/** A placing field's value for a notice, as the log wrote it (long strings cut short). */
function describe(value: SlotValue): string {
  if (value === NAN_SENTINEL) return 'NaN';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (Array.isArray(value)) return '[…]';
  if (typeof value === 'object') return '{…}';
  return String(value);
}

/** Whether `bytes`, decoded as `text`, are UTF-8: the decoder put no U+FFFD for a bad byte (a real one is rare). */
function isUtf8(bytes: Uint8Array, text: string): boolean {
  if (!text.includes('\uFFFD')) return true;
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first finite number in slots[from, to). */
function firstFinite(slots: readonly SlotValue[], from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    const value = slots[i];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** Whether the last byte of b[start, end) that is not JSON whitespace (space, tab, CR) is `}`. */
function endsWithBrace(b: Uint8Array, start: number, end: number): boolean {
  let i = end - 1;
  while (i >= start && (b[i] === 32 || b[i] === 9 || b[i] === CR)) i--;
  return i >= start && b[i] === CLOSE_BRACE;
}

/**
 * Whether b[start, end) is only what JavaScript's trim() removes. Looks no further than the first other
 * character (finish() asks it of a long line still being written each time).
 */
function isBlank(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end;) {
    const c = b[i]!;
    if (c === 32 || (c >= 9 && c <= CR)) {
      i++;
      continue;
    }
    if (c < 0x80) return false;
    // A character of 2 to 4 bytes (by its first byte; a bad sequence decodes as U+FFFD, not blank).
    const length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (utf8.decode(b.subarray(i, i + length)).trim().length > 0) return false;
    i += length;
  }
  return true;
}
