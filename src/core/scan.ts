/**
 * The fast path of the JSON-lines parser: reads one line's bytes straight into a flat list of fields,
 * without decoding the line to text, building an object, or calling JSON.parse. It accepts only the
 * common shape of a metrics line (see scan()); anything else is left to JSON.parse by the caller.
 */
import { NAN_SENTINEL } from './pythonJson';
import type { MetadataValue } from './types';
import { utf8 } from './utf8';

/**
 * Step fields, most specific first: the first one present with a finite number wins (`trainer/global_step`:
 * W&B's HF integration; `current_steps`: LLaMA-Factory's trainer_log.jsonl).
 */
export const STEP_KEYS = ['step', 'global_step', '_step', 'trainer/global_step', 'iteration', 'current_steps'];
/** The x axis of logs without any step field (Keras): then it places the lines and is no metric. */
export const EPOCH_FIELD = 'epoch';
/** Wall-time fields (seconds), in order of preference. */
export const TIME_KEYS = ['time', 'timestamp', '_timestamp', 'wall_time'];
/**
 * Top-level fields that are never metrics or metadata: they place the line (step, time, run). Their
 * values go to LineFields.slots at these indices.
 */
export const PLACING_KEYS = [...STEP_KEYS, ...TIME_KEYS, 'run', 'method', 'seed'];
export const RUN_SLOT = PLACING_KEYS.indexOf('run');
export const METHOD_SLOT = PLACING_KEYS.indexOf('method');
export const SEED_SLOT = PLACING_KEYS.indexOf('seed');
const SLOT_OF = new Map(PLACING_KEYS.map((key, i) => [key, i]));
/** verl's file logger writes `{"step": N, "data": {...}}`; the keys inside `data` are the metric names. */
export const VERL_DATA_KEY = 'data';
/**
 * Top-level keys whose object holds the run's configuration (docs/format.md, Configuration): every leaf
 * inside, numbers too, is metadata (`config/lr`), never a metric.
 */
export const CONFIG_KEYS: readonly string[] = ['config', 'hparams'];
/** Key.slot of a key inside a CONFIG_KEYS object: its values are filed as metadata, numbers included. */
const CONFIG_SLOT = -2;

/**
 * A placing field's value as both paths file it. An object is kept only so that a step given as one
 * can be reported; the scanner, which does not build it, files OBJECT_VALUE instead.
 */
export type SlotValue = number | string | boolean | object | undefined;
const OBJECT_VALUE: object = Object.freeze({});

/**
 * The fields of one line, flattened, in the order JSON.parse + for…in would visit them: the numbers
 * (metrics) and the strings and booleans (metadata; with the numbers of a configuration object, see
 * CONFIG_KEYS) in two lists. Reused for every line.
 */
export class LineFields {
  count = 0;
  readonly names: string[] = [];
  numbers = new Float64Array(64);
  metaCount = 0;
  readonly metaNames: string[] = [];
  readonly metaValues: MetadataValue[] = [];
  /** Values of the placing fields, by index in PLACING_KEYS; undefined when absent or null. */
  readonly slots: SlotValue[] = PLACING_KEYS.map(() => undefined);

  reset(): void {
    this.count = 0;
    this.metaCount = 0;
    this.slots.fill(undefined);
  }

  addNumber(name: string, value: number): void {
    if (this.count === this.numbers.length) {
      const grown = new Float64Array(this.count * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.names[this.count] = name;
    this.numbers[this.count] = value;
    this.count++;
  }

  addMeta(name: string, value: MetadataValue): void {
    this.metaNames[this.metaCount] = name;
    this.metaValues[this.metaCount] = value;
    this.metaCount++;
  }
}

/** The slot of a top-level key that places the line, or -1. */
export function slotOf(key: string): number {
  return SLOT_OF.get(key) ?? -1;
}

/**
 * One object key as met in the log, under its parent key (the top level is a root key). Lines of a
 * log repeat the same keys in the same order, so each key remembers the key that followed it last
 * time: the scanner compares the bytes against that guess and only looks up keys it did not guess.
 */
class Key {
  /** Number of the object this key was last seen in, to catch a key given twice in one object. */
  stamp = 0;
  /** The key that followed this one in its object last time. */
  next: Key | undefined;
  /** The first key of this key's object value last time. */
  first: Key | undefined;
  /** Keys of this key's object values, by text. */
  children: Map<string, Key> | undefined;

  /**
   * The bytes from the end of the previous value (or the object's `{`) to this key's value as last
   * written, e.g. `, "loss": `: the comma and spacing are part of the guess. Held as little-endian
   * 4-byte words (as view.getInt32(…, true) reads them), the last one masked to the lead's length.
   */
  leadLength = 0;
  leadWords = new Int32Array(1);
  /** Which bytes of the last word belong to the lead. */
  leadMask = 0;
  /** Whether the lead was met at the start of its object (then it has no comma, else it has one). */
  leadFirst = false;

  constructor(
    /** Flattened field name: parent names and this key joined with '/'. */
    readonly name: string,
    /** What the names of keys inside this key's object value start with. */
    readonly prefix: string,
    /** PLACING_KEYS index of a top-level placing key, CONFIG_SLOT inside a configuration object, else -1. */
    readonly slot: number,
    /** Keys of this key's object values hold configuration (a top-level `config`, or a key inside one). */
    readonly holdsConfig = false,
  ) {}

  /** Makes b[start, end) the lead (a key met again after another key than last time, or spaced otherwise). */
  setLead(b: Uint8Array, start: number, end: number, first: boolean): void {
    this.leadFirst = first;
    const length = end - start;
    if (length === this.leadLength) {
      let k = 0;
      while (k < length && ((this.leadWords[k >> 2]! >>> (8 * (k & 3))) & 0xff) === b[start + k]) k++;
      if (k === length) return;
    }
    const words = new Int32Array((length + 3) >> 2);
    for (let k = 0; k < length; k++) words[k >> 2]! |= b[start + k]! << (8 * (k & 3));
    this.leadLength = length;
    this.leadWords = words;
    this.leadMask = length & 3 ? (1 << (8 * (length & 3))) - 1 : -1;
  }

  child(text: string, topLevel: boolean): Key {
    this.children ??= new Map();
    let key = this.children.get(text);
    if (!key) {
      const slot = topLevel ? slotOf(text) : this.holdsConfig ? CONFIG_SLOT : -1;
      const prefix = topLevel && text === VERL_DATA_KEY ? '' : this.prefix + text + '/';
      key = new Key(this.prefix + text, prefix, slot, slot === CONFIG_SLOT || (topLevel && CONFIG_KEYS.includes(text)));
      this.children.set(text, key);
    }
    return key;
  }
}

// Byte values.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const UPPER_I = 73;
const UPPER_N = 78;
const BACKSLASH = 92;
const LOWER_E = 101;
const LOWER_F = 102;
const LOWER_N = 110;
const LOWER_T = 116;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

const INFINITY = [73, 110, 102, 105, 110, 105, 116, 121]; // Infinity
const TRUE = [116, 114, 117, 101];
const FALSE = [102, 97, 108, 115, 101];
const NULL = [110, 117, 108, 108];
const NAN = [78, 97, 78];

/** 2^53: integers below it are exact doubles. */
export const EXACT_INTEGERS = 9007199254740992;
/** 10^0 … 10^22, the powers of ten that are exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Deeper objects go to JSON.parse (no metrics log nests this far; this bounds the recursion). */
const MAX_DEPTH = 32;

/**
 * JSON whitespace within a line: LF is not, as it ends every line, so no scan ever passes one and
 * scanLine() can read a line before its end is known.
 */
function isWhitespace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

function skipWhitespace(b: Uint8Array, i: number, end: number): number {
  while (i < end && isWhitespace(b[i]!)) i++;
  return i;
}

function matches(b: Uint8Array, i: number, word: readonly number[]): boolean {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

/** A key that is an array index: JS objects list those first, in numeric order, so for…in would not follow the file. */
function isIndexLike(text: string): boolean {
  return /^(0|[1-9]\d{0,9})$/.test(text) && Number(text) < 4294967295;
}

const TWO_26 = 67108864;
/** Dekker's splitting constant, 2^27 + 1. */
const SPLIT = 134217729;
/** Relative margin within which longDecimal() does not trust its rounding test (its error is below 2^-50). */
const UNSURE = 2 ** -30;

/** The error of the product x = fl(a * b): a * b - x exactly (Dekker's two-product, no fused multiply-add needed). */
function productError(a: number, b: number, x: number): number {
  let t = SPLIT * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLIT * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aLow * bLow - (x - aHigh * bHigh - aLow * bHigh - aHigh * bLow);
}

/** A double and its two 32-bit halves, to read exponents; which half is the high one depends on the platform's byte order. */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The distance from positive normal x to the next double up: 2^(exponent - 52). */
function ulp(x: number): number {
  bits[0] = x;
  const exponentBits = words[HIGH_WORD]! & 0x7ff00000;
  // The same exponent field 52 lower, with a zero fraction (the callers' values are far from subnormal).
  words[HIGH_WORD] = exponentBits - (52 << 20);
  words[1 - HIGH_WORD] = 0;
  return bits[0];
}

/**
 * The double nearest to (high * 10^lowDigits + low) / 10^q, for high of 15 digits, lowDigits ≤ 4,
 * 1 ≤ q ≤ 22; NaN when too close to a tie to tell (the caller then uses Number()). The numerator N is
 * held exactly as a sum of two doubles; a candidate quotient c is checked, and moved by one ulp at a
 * time, by comparing the exact residual N - c * 10^q with half an ulp of c times 10^q.
 */
export function longDecimal(high: number, low: number, lowDigits: number, q: number): number {
  // N = high * 10^lowDigits + low as numerator + rest, exactly: split high so every product is exact.
  const scale = POW10[lowDigits]!;
  // high - upper is high % 2^26, exactly, without the slow floating-point remainder.
  const upper = Math.floor(high / TWO_26) * TWO_26;
  const top = upper * scale;
  const bottom = (high - upper) * scale + low;
  const numerator = top + bottom;
  const virtualBottom = numerator - top;
  const rest = top - (numerator - virtualBottom) + (bottom - virtualBottom);

  const divisor = POW10[q]!;
  let c = numerator / divisor + rest / divisor;
  for (let attempt = 0; attempt < 3; attempt++) {
    const product = divisor * c;
    // Exact: numerator and product are within a factor of 2 (Sterbenz); the rest is tiny, rounded far below an ulp.
    const residual = numerator - product + (rest - productError(divisor, c, product));
    const step = ulp(c);
    const up = (step / 2) * divisor;
    // Below a power of two the doubles are twice as dense.
    const down = c === step * 2 ** 52 ? up / 2 : up;
    if (residual > up * (1 + UNSURE)) c += step;
    else if (residual < -down * (1 + UNSURE)) c -= c === step * 2 ** 52 ? step / 2 : step;
    else if (residual < up * (1 - UNSURE) && residual > -down * (1 - UNSURE)) return c;
    else return NaN;
  }
  return NaN;
}

const NO_BYTES: DataView = new DataView(new ArrayBuffer(0));

export class LineScanner {
  private readonly root = new Key('', '', -1);
  private objects = 0;
  /** Result of the last scanNumber. */
  private value = 0;
  /** Whether the last string scanned was all ASCII. */
  private ascii = true;
  /** A view of the bytes being scanned, for reading four at a time. */
  private view: DataView = NO_BYTES;
  private viewOf: Uint8Array | undefined;

  constructor(private readonly fields: LineFields) {}

  /**
   * Reads the line b[start, end) into the fields, given that b[start] is `{` and b[end] is CR or LF
   * (so scans stop there without bounds checks). Succeeds only for one JSON object of string keys
   * without escapes, no two alike in one object and none an array index, whose values are numbers,
   * strings without escapes, true, false, null, bare NaN / Infinity / -Infinity, or such objects.
   * Returns false, with the fields in no useful state, for anything else (arrays, escapes, invalid JSON…).
   */
  scan(b: Uint8Array, start: number, end: number): boolean {
    this.begin(b);
    const i = this.scanObject(b, start, end, this.root, 0);
    return i >= 0 && skipWhitespace(b, i, end) === end;
  }

  /**
   * Like scan(), for a line whose end is not known yet: it starts at b[start] (`{`) and ends at the
   * first LF, which b[limit] is or comes after. Returns the index of that LF, or -1 where scan()
   * would return false. Saves looking for the line's end before reading it.
   */
  scanLine(b: Uint8Array, start: number, limit: number): number {
    this.begin(b);
    let i = this.scanObject(b, start, limit, this.root, 0);
    if (i < 0) return -1;
    i = skipWhitespace(b, i, limit);
    return b[i] === LF ? i : -1;
  }

  /** Drops the view of the last bytes scanned, so the scanner does not keep a caller's (possibly large) buffer alive. */
  release(): void {
    this.view = NO_BYTES;
    this.viewOf = undefined;
  }

  private begin(b: Uint8Array): void {
    this.fields.reset();
    if (b !== this.viewOf) {
      this.view = new DataView(b.buffer, b.byteOffset, b.length);
      this.viewOf = b;
    }
  }

  /**
   * Scans the object at b[i] (`{`), filing its fields when `parent` is given (the key whose value it
   * is); without one it only checks the syntax. Returns the index after the closing brace, or -1.
   * Needs b[end] to be CR or LF: scans stop there without bounds checks.
   */
  private scanObject(b: Uint8Array, i: number, end: number, parent: Key | undefined, depth: number): number {
    if (depth > MAX_DEPTH) return -1;
    const stamp = ++this.objects;
    const topLevel = depth === 0;
    const fields = this.fields;
    i++;
    let previous: Key | undefined;
    for (let first = true; ; first = false) {
      // i is just past the `{` or the previous value.
      let key: Key | undefined;
      if (parent) {
        // Most keys are the guess, separated and spaced as last time: compare the bytes up to the value.
        const guess = previous ? previous.next : parent.first;
        if (guess && guess.leadFirst === first) {
          const words = guess.leadWords;
          const last = words.length - 1;
          // Whole words, the last one masked: it reads up to 3 bytes past the lead, which a valid line
          // has (a value and a `}` follow), so a guess that would read past b[end] is not the key.
          if (i + 4 * last + 4 <= end + 1) {
            const view = this.view;
            let k = 0;
            while (k < last && view.getInt32(i + 4 * k, true) === words[k]) k++;
            if (k === last && (view.getInt32(i + 4 * k, true) & guess.leadMask) === words[k]) {
              key = guess;
              i += guess.leadLength;
              if (b[i]! <= SPACE) i = skipWhitespace(b, i, end);
            }
          }
        }
      }
      if (!key) {
        const leadStart = i;
        i = skipWhitespace(b, i, end);
        if (!first) {
          if (b[i] === CLOSE_BRACE) return i + 1;
          if (b[i] !== COMMA) return -1;
          i = skipWhitespace(b, i + 1, end);
        } else if (b[i] === CLOSE_BRACE) {
          return i + 1;
        }
        if (b[i] !== QUOTE) return -1;
        const keyStart = i + 1;
        const keyEnd = this.scanString(b, keyStart);
        if (keyEnd < 0) return -1;
        i = skipWhitespace(b, keyEnd + 1, end);
        if (b[i] !== COLON) return -1;
        i = skipWhitespace(b, i + 1, end);
        if (parent) {
          const text = this.text(b, keyStart, keyEnd);
          if (isIndexLike(text)) return -1;
          key = parent.child(text, topLevel);
          key.setLead(b, leadStart, i, first);
          if (previous) previous.next = key;
          else parent.first = key;
        }
      }
      if (key) {
        // JSON.parse keeps the last of two equal keys, at the first one's place: not worth copying.
        if (key.stamp === stamp) return -1;
        key.stamp = stamp;
        previous = key;
      }

      // The value. `key` is undefined inside an object that is only checked.
      const c = b[i]!;
      const slot = key ? key.slot : -1;
      if ((c >= ZERO && c <= NINE) || c === MINUS) {
        i = this.scanNumber(b, i);
        if (i < 0) return -1;
        if (key) {
          // One comparison for a metric, as before configuration keys existed: most values are metrics.
          if (slot === -1) fields.addNumber(key.name, this.value);
          else if (slot >= 0) fields.slots[slot] = this.value;
          else fields.addMeta(key.name, this.value);
        }
      } else if (c === QUOTE) {
        const stringEnd = this.scanString(b, i + 1);
        if (stringEnd < 0) return -1;
        if (key) {
          const text = this.text(b, i + 1, stringEnd);
          if (slot >= 0) fields.slots[slot] = text;
          else fields.addMeta(key.name, text);
        }
        i = stringEnd + 1;
      } else if (c === OPEN_BRACE) {
        // A placing key's object is only checked: it places nothing.
        i = this.scanObject(b, i, end, slot < 0 ? key : undefined, depth + 1);
        if (i < 0) return -1;
        if (slot >= 0) fields.slots[slot] = OBJECT_VALUE;
      } else if (c === LOWER_T || c === LOWER_F) {
        const truth = c === LOWER_T;
        if (!matches(b, i, truth ? TRUE : FALSE)) return -1;
        if (key) {
          if (slot >= 0) fields.slots[slot] = truth;
          else fields.addMeta(key.name, truth);
        }
        i += truth ? TRUE.length : FALSE.length;
      } else if (c === LOWER_N) {
        // null: not logged at this step.
        if (!matches(b, i, NULL)) return -1;
        i += NULL.length;
      } else if (c === UPPER_N) {
        if (!matches(b, i, NAN)) return -1;
        if (key) {
          if (slot === -1) fields.addNumber(key.name, NaN);
          else if (slot >= 0) fields.slots[slot] = NAN_SENTINEL;
          else fields.addMeta(key.name, NaN);
        }
        i += NAN.length;
      } else if (c === UPPER_I) {
        if (!matches(b, i, INFINITY)) return -1;
        if (key) {
          if (slot === -1) fields.addNumber(key.name, Infinity);
          else if (slot >= 0) fields.slots[slot] = Infinity;
          else fields.addMeta(key.name, Infinity);
        }
        i += INFINITY.length;
      } else {
        return -1;
      }
    }
  }

  /**
   * Finds the closing quote of a string whose contents start at b[i]. Returns its index, or -1 for an
   * escape (left to JSON.parse) or a control character (invalid JSON; CR and LF end every line here).
   */
  private scanString(b: Uint8Array, i: number): number {
    let high = 0;
    for (;;) {
      const c = b[i]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH || c < SPACE) return -1;
      high |= c;
      i++;
    }
    this.ascii = high < 0x80;
    return i;
  }

  /** The text of b[start, end), the span scanString just found. */
  private text(b: Uint8Array, start: number, end: number): string {
    if (!this.ascii || end - start > 64) return utf8.decode(b.subarray(start, end));
    let text = '';
    for (let i = start; i < end; i++) text += String.fromCharCode(b[i]!);
    return text;
  }

  /** The value of the four digits b[i, i + 4), or -1 when they are not all digits (or run past b's end). */
  private fourDigits(b: Uint8Array, i: number): number {
    if (i + 4 > b.length) return -1;
    // Little-endian: the first digit is the low byte.
    const w = this.view.getInt32(i, true);
    // Each byte 0x30-0x39: its high nibble is 3, also after adding 6 (which a low nibble above 9 carries into).
    if ((w & 0xf0f0f0f0) !== 0x30303030 || ((w + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) return -1;
    const d = w - 0x30303030;
    // Bytes 0 and 2 become the two-digit numbers d0d1 and d2d3 (no byte exceeds 99, so none carries).
    const pairs = d * 10 + (d >>> 8);
    return (pairs & 0xff) * 100 + ((pairs >>> 16) & 0xff);
  }

  /**
   * Reads the JSON number (or -Infinity) at b[i] into `value`; returns the index after it, or -1 if
   * it is not valid JSON. Exact (the double JSON.parse gives): up to 15 significant digits with a power
   * of ten up to 10^22 take one correctly rounded multiplication or division of exact doubles; 16 to 19
   * digits with a negative power (the floats Python writes) take longDecimal(); the rest Number().
   */
  private scanNumber(b: Uint8Array, i: number): number {
    const start = i;
    // Typed as a number, though a read past b's end (a line cut short) is undefined: every comparison
    // below is then false, as for a byte that is no digit, and none does arithmetic on it.
    let c = b[i]!;
    const negative = c === MINUS;
    if (negative) {
      c = b[++i]!;
      if (c === UPPER_I) {
        if (!matches(b, i, INFINITY)) return -1;
        this.value = -Infinity;
        return i + INFINITY.length;
      }
    }
    // The significant digits: the first 15 in `high` (exact), up to 4 more in `low` (read on when there
    // are more, only to be counted: such numbers go to Number()). `high` is summed in two int32 parts,
    // its first 9 digits and the rest: integer arithmetic is about twice as fast as a double's here.
    let head = 0;
    let rest = 0;
    let significant = 0;
    let low = 0;
    let lowDigits = 0;
    let scale = 0;
    if (c === ZERO) {
      c = b[++i]!;
      if (c >= ZERO && c <= NINE) return -1; // a leading zero
    } else if (c > ZERO && c <= NINE) {
      do {
        head = head * 10 + (c - ZERO);
        significant++;
        c = b[++i]!;
      } while (c >= ZERO && c <= NINE && significant < 9);
      while (c >= ZERO && c <= NINE && significant < 15) {
        rest = rest * 10 + (c - ZERO);
        significant++;
        c = b[++i]!;
      }
      while (c >= ZERO && c <= NINE) {
        low = (Math.imul(low, 10) + (c - ZERO)) | 0;
        lowDigits++;
        c = b[++i]!;
      }
    } else {
      return -1;
    }
    if (c === DOT) {
      c = b[++i]!;
      if (!(c >= ZERO && c <= NINE)) return -1;
      const digitsStart = i;
      // Zeros before the first significant digit only move the decimal point.
      if (significant === 0) while (c === ZERO) c = b[++i]!;
      // Four digits at a time while they fit (most fractions are long), then one at a time.
      let four: number;
      for (; significant <= 5 && (four = this.fourDigits(b, i)) >= 0; i += 4) {
        head = head * 10000 + four;
        significant += 4;
        c = b[i + 4]!;
      }
      while (c >= ZERO && c <= NINE && significant < 9) {
        head = head * 10 + (c - ZERO);
        significant++;
        c = b[++i]!;
      }
      for (; significant >= 9 && significant <= 11 && (four = this.fourDigits(b, i)) >= 0; i += 4) {
        rest = rest * 10000 + four;
        significant += 4;
        c = b[i + 4]!;
      }
      while (c >= ZERO && c <= NINE && significant < 15) {
        rest = rest * 10 + (c - ZERO);
        significant++;
        c = b[++i]!;
      }
      while (c >= ZERO && c <= NINE) {
        low = (Math.imul(low, 10) + (c - ZERO)) | 0;
        lowDigits++;
        c = b[++i]!;
      }
      scale = i - digitsStart;
    }
    const high = significant > 9 ? head * POW10[significant - 9]! + rest : head;
    let exponent = 0;
    if (c === LOWER_E || c === UPPER_E) {
      c = b[++i]!;
      const negativeExponent = c === MINUS;
      if (c === MINUS || c === PLUS) c = b[++i]!;
      if (!(c >= ZERO && c <= NINE)) return -1;
      do {
        // Past 10^6 the value is 0 or Infinity whatever the digits; Number() below handles it.
        if (exponent < 1e6) exponent = exponent * 10 + (c - ZERO);
        c = b[++i]!;
      } while (c >= ZERO && c <= NINE);
      if (negativeExponent) exponent = -exponent;
    }
    const power = exponent - scale;
    let value = NaN;
    if (lowDigits === 0) {
      if (power >= -22 && power <= 22) value = power >= 0 ? high * POW10[power]! : high / POW10[-power]!;
    } else if (lowDigits <= 4 && power < 0 && power >= -22) {
      // Below 2^53 the 16-19 digits are still an exact double (most 16-digit ones are).
      const mantissa = high * POW10[lowDigits]! + low;
      value = mantissa < EXACT_INTEGERS ? mantissa / POW10[-power]! : longDecimal(high, low, lowDigits, -power);
    }
    if (value !== value) {
      // Outside the cases above, or undecided: Number() of the text is JSON.parse's rounding.
      const from = negative ? start + 1 : start;
      let text = '';
      if (i - from > 64) {
        // A number of thousands of digits: one decode, not a string grown a character at a time.
        text = utf8.decode(b.subarray(from, i));
      } else {
        for (let k = from; k < i; k++) text += String.fromCharCode(b[k]!);
      }
      value = Number(text);
    }
    if (negative) value = -value;
    this.value = value;
    return i;
  }
}
