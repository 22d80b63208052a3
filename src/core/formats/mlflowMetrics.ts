/**
 * The metric files of an MLflow run folder (`metrics/<key>`, lines `<timestamp_ms> <value> <step>`), read
 * from their bytes into the run's columns: in one pass, into typed arrays, without a string or an object
 * per line (a 10M-line file took 39 s and 3.1 GB read as text split into lines).
 */
import type { Problems, RunBuilder } from './builder';
import { parseNumberToken } from './text';
import { utf8 } from '../utf8';
import { EXACT_INTEGERS, longDecimal } from '../scan';

/** The folder of metric files, for the skipped lines' reasons. */
const METRICS = 'metrics';
const INTEGER = /^-?\d+$/;

/**
 * Reads metric files (`key`: the metric, `bytes`: its file) into `run`. MLflow keeps every value, and
 * its charts order them by step, then time: so are the points; of several values at one step the latest
 * is kept. A file whose lines all have one step was logged without steps: its points are numbered in
 * the order they were logged. The run's times are, per step, the latest time a metric was logged at it.
 */
export function readMetricFiles(
  run: RunBuilder,
  files: readonly { readonly key: string; readonly bytes: Uint8Array }[],
  problems: Problems,
): void {
  const times: StepTimes[] = [];
  for (const { key, bytes } of files) {
    const rows = readMetricRows(key, bytes, problems);
    const { step, time, value, length } = rows;
    if (length === 0) continue;
    // log_metric() without a step writes step 0 on every line: number those points in logging order.
    if (length > 1 && step.every((s, i) => i >= length || s === step[0])) {
      problems.notice(
        `metric ${key} was logged without steps (all ${step[0]}); its points are numbered in the order they were logged`,
      );
      for (let i = 0; i < length; i++) step[i] = i;
    }
    const order = sortedOrder(rows);
    const column = run.column(key);
    column.reserve(column.length + length);
    const stepTimes: StepTimes = { steps: new Float64Array(length), times: new Float64Array(length), length: 0 };
    for (let k = 0; k < length; k++) {
      const i = order ? order[k]! : k;
      run.pointIn(column, step[i]!, value[i]!);
      addStepTime(stepTimes, step[i]!, time[i]! / 1000);
    }
    times.push(stepTimes);
  }
  // Of the metrics logged at a step, the latest time.
  const merged = mergeStepTimes(times);
  run.times.reserve(run.times.length + merged.length);
  for (let i = 0; i < merged.length; i++) run.time(merged.steps[i]!, merged.times[i]!);
}

/** One metric file's valid lines, in file order, as columns: `<timestamp_ms> <value> <step>`. */
interface MetricRows {
  readonly time: Float64Array;
  readonly value: Float64Array;
  readonly step: Float64Array;
  readonly length: number;
}

/**
 * The order (step, then time, then file order) that MLflow's charts give the rows; undefined when the
 * file is in that order already, as files logged step by step are.
 */
function sortedOrder({ step, time, length }: MetricRows): Uint32Array | undefined {
  const compare = (a: number, b: number): number => step[a]! - step[b]! || time[a]! - time[b]! || a - b;
  let sorted = true;
  for (let i = 1; i < length && sorted; i++) sorted = compare(i - 1, i) <= 0;
  if (sorted) return undefined;
  return new Uint32Array(length).map((_, i) => i).sort(compare);
}

/** Steps in increasing order, each with the latest time (seconds) logged for it. */
interface StepTimes {
  steps: Float64Array;
  times: Float64Array;
  length: number;
}

/** Adds a step at or after the last one of `into` (a time at the same step keeps the later of the two). */
function addStepTime(into: StepTimes, step: number, time: number): void {
  const last = into.length - 1;
  // As a key of the Map this was: -0 is step 0.
  step += 0;
  if (last >= 0 && into.steps[last] === step) {
    into.times[last] = Math.max(into.times[last]!, time);
  } else {
    into.steps[last + 1] = step;
    into.times[last + 1] = time;
    into.length = last + 2;
  }
}

/** The steps of all the lists, each with its latest time: merged two by two, log(lists) passes over the steps. */
function mergeStepTimes(lists: StepTimes[]): StepTimes {
  if (lists.length === 0) return { steps: new Float64Array(0), times: new Float64Array(0), length: 0 };
  while (lists.length > 1) {
    const next: StepTimes[] = [];
    for (let i = 0; i + 1 < lists.length; i += 2) next.push(mergeTwo(lists[i]!, lists[i + 1]!));
    if (lists.length % 2 === 1) next.push(lists[lists.length - 1]!);
    lists = next;
  }
  return lists[0]!;
}

function mergeTwo(a: StepTimes, b: StepTimes): StepTimes {
  const out: StepTimes = {
    steps: new Float64Array(a.length + b.length),
    times: new Float64Array(a.length + b.length),
    length: 0,
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Steps compare as the sort of Map keys did (a - b): ±Infinity sort last and first.
    const fromA = j >= b.length || (i < a.length && a.steps[i]! - b.steps[j]! <= 0);
    if (fromA) addStepTime(out, a.steps[i]!, a.times[i++]!);
    else addStepTime(out, b.steps[j]!, b.times[j++]!);
  }
  return out;
}

// Bytes of a metric file.
const LF = 10;
const CR = 13;
const SPACE = 32;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const UPPER_E = 69;
const LOWER_E = 101;
/** 10^0 … 10^22, the powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** A byte that JavaScript's `\s` (and trim) matches, besides LF: tab, vertical tab, form feed, CR, space. */
const isBlankByte = (c: number): boolean => c === SPACE || (c >= 9 && c <= CR && c !== LF);

/**
 * Reads a metric file's lines `<timestamp_ms> <value> <step>` into columns, skipping (with file and line)
 * the ones that are not, in one pass over the bytes: a line is made a string only when it holds a byte
 * that is not ASCII or a token the byte reader does not take (then it is read as text, as the whole file
 * once was: split into lines, each split at blanks, with a regex per number).
 */
function readMetricRows(key: string, bytes: Uint8Array, problems: Problems): MetricRows {
  // A Node Buffer is a Uint8Array of another class: a plain view keeps the element reads monomorphic.
  if (bytes.constructor !== Uint8Array) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  let capacity = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === LF) capacity++;
  const time = new Float64Array(capacity);
  const value = new Float64Array(capacity);
  const step = new Float64Array(capacity);
  let length = 0;
  const fields = new Float64Array(3);
  // A byte order mark starts the first line only, and is not part of it.
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = readLine(bytes, start, fields);
    if (lineRead === ROW) {
      time[length] = fields[0]!;
      value[length] = fields[1]!;
      step[length] = fields[2]!;
      length++;
    } else if (lineRead === NOT_ROW) {
      // A last line without its newline is one MLflow is still writing.
      const reason =
        end === bytes.length ? 'incomplete last line (still being written?)' : 'not "<timestamp_ms> <value> <step>"';
      problems.skip(line, `${METRICS}/${key}: ${reason}`);
    }
    start = end + 1;
  }
  return { time, value, step, length };
}

/** What readLine found: a row (in its fields), a line that is not one, or a blank line. */
const ROW = 0;
const NOT_ROW = 1;
const BLANK = 2;
let lineRead = BLANK;

/**
 * Reads the line that starts at b[start] into fields (time, value, step), setting lineRead; returns
 * where the line ends: the index of its LF, or b.length.
 */
function readLine(b: Uint8Array, start: number, fields: Float64Array): number {
  const n = b.length;
  let count = 0;
  let i = start;
  for (;;) {
    while (i < n && isBlankByte(b[i]!)) i++;
    if (i >= n || b[i] === LF) {
      lineRead = count === 0 ? BLANK : count === 3 ? ROW : NOT_ROW;
      return i;
    }
    const tokenStart = i;
    let high = 0;
    for (; i < n; i++) {
      const c = b[i]!;
      if (c === LF || isBlankByte(c)) break;
      high |= c;
    }
    if (high >= 0x80 || count === 3) {
      let end = b.indexOf(LF, i);
      if (end < 0) end = n;
      // Other characters (a no-break space may separate fields too): the line as text.
      lineRead = high >= 0x80 ? readTextLine(utf8.decode(b.subarray(start, end)), fields) : NOT_ROW;
      return end;
    }
    const number = count === 1 ? decimal(b, tokenStart, i) : integer(b, tokenStart, i);
    if (number === undefined) {
      // Whatever follows, a token that is not a number makes the line none.
      const end = b.indexOf(LF, i);
      lineRead = NOT_ROW;
      return end < 0 ? n : end;
    }
    fields[count++] = number;
  }
}

/** A line as text, split at blanks (as every line was read before), into fields. */
function readTextLine(text: string, fields: Float64Array): number {
  const line = text.trim();
  if (line.length === 0) return BLANK;
  const parts = line.split(/\s+/);
  const value = parseNumberToken(parts[1] ?? '');
  if (parts.length !== 3 || !INTEGER.test(parts[0]!) || value === undefined || !INTEGER.test(parts[2]!)) return NOT_ROW;
  fields[0] = Number(parts[0]);
  fields[1] = value;
  fields[2] = Number(parts[2]);
  return ROW;
}

/** The ASCII text of b[start, end). */
function ascii(b: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(b[i]!);
  return text;
}

/** The ASCII token b[start, end) as an integer (`-?\d+`, as Number() reads it), or undefined. */
function integer(b: Uint8Array, start: number, end: number): number | undefined {
  const negative = b[start] === MINUS;
  const from = negative ? start + 1 : start;
  if (from === end) return undefined;
  let value = 0;
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c < ZERO || c > NINE) return undefined;
    value = value * 10 + (c - ZERO);
  }
  // Up to 15 digits the sum is exact; past them Number() rounds as it should.
  if (end - from > 15) value = Number(ascii(b, from, end));
  return negative ? -value : value;
}

/**
 * The ASCII token b[start, end) as parseNumberToken reads it, or undefined. As the JSON-lines scanner
 * does (scan.ts), up to 15 significant digits with a power of ten up to 10^22 take one correctly rounded
 * operation on exact doubles, and 16 to 19 digits with a negative power (the floats Python writes)
 * longDecimal(): the double Number() gives. Other tokens (longer, nan, inf, not a number) go to
 * parseNumberToken as text.
 */
function decimal(b: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = b[i] === MINUS;
  if (negative || b[i] === PLUS) i++;
  // The first 15 significant digits in `high`, up to 4 more in `low`; `scale` digits follow the point.
  let high = 0;
  let significant = 0;
  let low = 0;
  let lowDigits = 0;
  let digits = 0;
  let scale = 0;
  let point = false;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === DOT && !point) {
      point = true;
      continue;
    }
    if (c < ZERO || c > NINE) break;
    digits++;
    if (point) scale++;
    // Zeros before the first significant digit only move the point.
    if (significant === 0 && c === ZERO) continue;
    if (significant < 15) {
      high = high * 10 + (c - ZERO);
      significant++;
    } else if (lowDigits < 4) {
      low = low * 10 + (c - ZERO);
      lowDigits++;
    } else {
      digits = 0; // too many digits: left to Number()
      break;
    }
  }
  let exponent = 0;
  if (digits > 0 && i < end && (b[i] === LOWER_E || b[i] === UPPER_E)) {
    i++;
    const negativeExponent = i < end && b[i] === MINUS;
    if (negativeExponent || (i < end && b[i] === PLUS)) i++;
    const exponentStart = i;
    // Past 10^6 the value is 0 or Infinity whatever the digits: Number() below says which.
    for (; i < end && exponent < 1e6; i++) {
      const c = b[i]!;
      if (c < ZERO || c > NINE) break;
      exponent = exponent * 10 + (c - ZERO);
    }
    if (i === exponentStart) digits = 0;
    if (negativeExponent) exponent = -exponent;
  }
  const power = exponent - scale;
  let value = NaN;
  if (i === end && digits > 0) {
    if (lowDigits === 0) {
      if (power >= -22 && power <= 22) value = power >= 0 ? high * POW10[power]! : high / POW10[-power]!;
    } else if (power < 0 && power >= -22) {
      const mantissa = high * POW10[lowDigits]! + low;
      value = mantissa < EXACT_INTEGERS ? mantissa / POW10[-power]! : longDecimal(high, low, lowDigits, -power);
    }
  }
  if (value !== value) return parseNumberToken(ascii(b, start, end));
  return negative ? -value : value;
}
