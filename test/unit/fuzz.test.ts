// Property-based tests of the JSON-lines parser (issue #8): generated logs shaped like real ones,
// damaged in the ways files get damaged, pushed in random chunks. fast-check prints the seed and the
// smallest failing log on failure; the seed is fixed so that a run is reproducible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MetricsLogParser } from '../../src/core/jsonl';
import { exact, points, snapshot } from './helpers';

const SEED = 20261123;
const NOT_JSON = 'not valid JSON';
const NOT_TEXT = 'not valid JSON: binary data or text that is not UTF-8';
const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

// ---------------------------------------------------------------------------------------------------
// Generated logs, as values that know what they mean (the model below) and how they are written.

type Value =
  | { t: 'num'; text: string }
  | { t: 'nan' }
  | { t: 'inf'; negative: boolean }
  | { t: 'null' }
  | { t: 'str'; s: string }
  | { t: 'bool'; b: boolean }
  | { t: 'arr'; items: string[] }
  | { t: 'obj'; entries: [string, Value][] };

/** How a line's step relates to the one before, as trainers write them (see withSteps). */
type StepPlan =
  { t: 'next' | 'same' | 'string' | 'fraction' } | { t: 'back' | 'jump'; by: number } | { t: 'bad'; text: string };

interface Line {
  /** The step field: its key, its plan, and the text written (set by withSteps). */
  step?: { key: string; plan: StepPlan; text: string };
  time?: string;
  entries: [string, Value][];
  /** Where among the entries the step and time fields go. */
  at: number;
  spaced: boolean;
}

type Item =
  | { t: 'line'; line: Line }
  | { t: 'blank'; text: string }
  /** A line cut short mid-file (a crash while writing, then a resumed writer). */
  | { t: 'torn'; line: Line; keep: number }
  /** Binary junk: starts with a NUL byte, so no prefix of it is JSON. */
  | { t: 'garbage'; bytes: Uint8Array };

interface Log {
  bom: boolean;
  items: Item[];
  crlf: boolean[];
  finalNewline: boolean;
}

// Metric names as trainers write them, with slashes, unicode, HTML and JSON-special characters, and
// keys that are special to JavaScript objects or to the format (`data`, integer-like keys).
const TOP_KEYS = [
  'loss',
  'actor/kl_loss',
  'actor/entropy',
  'val-core/MATH500/acc/mean@1',
  'critic/score/mean',
  'λ/エントロピー',
  'eval/<b>"gsm8k"</b>&amp;/acc',
  'perf/🚀',
  '__proto__',
  'constructor',
  'toString',
  'back\\slash',
  'tab\there',
  '7',
  '10',
  'data',
  'actor',
  'note',
  'lr',
  // Configuration objects: their numbers are metadata, not metrics (docs/format.md, Configuration).
  'config',
  'hparams',
];
const NESTED_KEYS = ['mean', 'max', 'step', 'run', 'kl', 'x/y', '0', '__proto__', 'données', '<i>'];

const numberText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }).map(String) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 2, arbitrary: fc.float({ noNaN: true, noDefaultInfinity: true }).map(String) },
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential()),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x.toPrecision(17)),
  fc.integer().map(String),
  fc
    .tuple(
      fc.boolean(),
      fc.nat(),
      fc.stringMatching(/^\d{1,25}$/),
      fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'),
      fc.nat(400),
    )
    .map(([negative, int, frac, e, exp]) => `${negative ? '-' : ''}${int}.${frac}${e}${exp}`),
  fc.constantFrom(
    '0',
    '-0',
    '-0.0',
    '0.0',
    '1e400',
    '-1e400',
    '1e-400',
    '5e-324',
    '1.7976931348623157e308',
    '9007199254740993',
  ),
);

const stringValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('NaN', 'Infinity', '<script>alert(1)</script>', 'λ→∞ 🚀', 'has "quotes"', 'line\nbreak', ''),
);

const { value } = fc.letrec<{ value: Value; object: Value }>((tie) => ({
  // Past the depth limit oneof takes its first choice, a number: objects nest at most 3 deep.
  value: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'nesting' },
    { weight: 12, arbitrary: numberText.map((text): Value => ({ t: 'num', text })) },
    fc.constant<Value>({ t: 'nan' }),
    fc.boolean().map((negative): Value => ({ t: 'inf', negative })),
    fc.constant<Value>({ t: 'null' }),
    stringValue.map((s): Value => ({ t: 'str', s })),
    fc.boolean().map((b): Value => ({ t: 'bool', b })),
    fc.array(numberText, { maxLength: 3 }).map((items): Value => ({ t: 'arr', items })),
    { weight: 2, arbitrary: tie('object') },
  ),
  object: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...NESTED_KEYS), tie('value')), {
      selector: ([k]) => k,
      maxLength: 3,
      depthIdentifier: 'nesting',
    })
    .map((entries): Value => ({ t: 'obj', entries })),
}));

const stepPlan: fc.Arbitrary<StepPlan> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<StepPlan>({ t: 'next' }) },
  { weight: 2, arbitrary: fc.constant<StepPlan>({ t: 'same' }) },
  fc.constantFrom<StepPlan>({ t: 'string' }, { t: 'fraction' }),
  fc.integer({ min: 1, max: 5 }).map((by): StepPlan => ({ t: 'back', by })),
  fc.integer({ min: 2, max: 100 }).map((by): StepPlan => ({ t: 'jump', by })),
  fc
    .constantFrom('NaN', 'Infinity', '"abc"', 'true', 'null', '{"n": 1}', '[1]')
    .map((text): StepPlan => ({ t: 'bad', text })),
);

const line: fc.Arbitrary<Line> = fc.record({
  step: fc.option(
    fc.record({
      key: fc.constantFrom('step', 'step', 'step', 'global_step', '_step', 'iteration'),
      plan: stepPlan,
      text: fc.constant(''),
    }),
    { freq: 5, nil: undefined },
  ),
  time: fc.option(
    fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: 1.7e9, max: 1.8e9, noNaN: true }).map(String) },
      fc.constant('NaN'),
    ),
    { nil: undefined },
  ),
  entries: fc.uniqueArray(fc.tuple(fc.constantFrom(...TOP_KEYS), value), { selector: ([k]) => k, maxLength: 6 }),
  at: fc.nat(6),
  spaced: fc.boolean(),
});

const item: fc.Arbitrary<Item> = fc.oneof(
  { weight: 10, arbitrary: line.map((l): Item => ({ t: 'line', line: l })) },
  fc.constantFrom('', '  ', '\t').map((text): Item => ({ t: 'blank', text })),
  fc
    .tuple(line, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([l, keep]): Item => ({ t: 'torn', line: l, keep })),
  fc
    .uint8Array({ maxLength: 40 })
    .map((bytes): Item => ({ t: 'garbage', bytes: Uint8Array.of(0, ...bytes.map((b) => (b === 10 ? 0 : b))) })),
);

/** Writes the steps the plans ask for: mostly one more than the last, sometimes the same, back (a restart) or a jump. */
function withSteps(items: Item[]): Item[] {
  let step = 0;
  return items.map((it) => {
    if (it.t === 'blank' || it.t === 'garbage' || !it.line.step) return it;
    const { plan } = it.line.step;
    let text: string;
    if (plan.t === 'bad') {
      text = plan.text;
    } else {
      step += {
        next: 1,
        same: 0,
        string: 1,
        fraction: 0.25,
        back: -(plan.t === 'back' ? plan.by : 0),
        jump: plan.t === 'jump' ? plan.by : 0,
      }[plan.t];
      text = plan.t === 'string' ? `"${step}"` : String(step);
    }
    return { ...it, line: { ...it.line, step: { ...it.line.step, text } } };
  });
}

const log: fc.Arbitrary<Log> = fc
  .tuple(fc.boolean(), fc.array(item, { maxLength: 30 }).map(withSteps), fc.boolean())
  .chain(([bom, items, finalNewline]) =>
    fc
      .array(fc.boolean(), { minLength: items.length, maxLength: items.length })
      .map((crlf) => ({ bom, items, crlf, finalNewline })),
  );

function write(v: Value, spaced: boolean): string {
  switch (v.t) {
    case 'num':
      return v.text;
    case 'nan':
      return 'NaN';
    case 'inf':
      return v.negative ? '-Infinity' : 'Infinity';
    case 'null':
      return 'null';
    case 'str':
      return JSON.stringify(v.s);
    case 'bool':
      return String(v.b);
    case 'arr':
      return `[${v.items.join(', ')}]`;
    case 'obj':
      return writeObject(
        v.entries.map(([k, x]) => [k, write(x, spaced)]),
        spaced,
      );
  }
}

function writeObject(fields: [string, string][], spaced: boolean): string {
  return `{${fields.map(([k, text]) => `${JSON.stringify(k)}${spaced ? ': ' : ':'}${text}`).join(spaced ? ', ' : ',')}}`;
}

/** The fields of a line in the order they are written. */
function fieldsOf(l: Line): [string, string][] {
  const fields: [string, string][] = l.entries.map(([k, v]) => [k, write(v, l.spaced)]);
  const placing: [string, string][] = [];
  if (l.step) placing.push([l.step.key, l.step.text]);
  if (l.time !== undefined) placing.push(['timestamp', l.time]);
  fields.splice(Math.min(l.at, fields.length), 0, ...placing);
  return fields;
}

function lineBytes(it: Item): Uint8Array {
  switch (it.t) {
    case 'line':
      return encode(writeObject(fieldsOf(it.line), it.line.spaced));
    case 'blank':
      return encode(it.text);
    case 'torn': {
      const whole = encode(writeObject(fieldsOf(it.line), it.line.spaced));
      // At least the `{`, never the closing `}`: a proper prefix of an object is never JSON.
      return whole.subarray(0, 1 + Math.floor(it.keep * (whole.length - 1)));
    }
    case 'garbage':
      return it.bytes;
  }
}

function bytesOf(l: Log): Uint8Array {
  const parts: number[] = l.bom ? [0xef, 0xbb, 0xbf] : [];
  l.items.forEach((it, i) => {
    parts.push(...lineBytes(it));
    if (i < l.items.length - 1 || l.finalNewline) parts.push(...(l.crlf[i] ? [13, 10] : [10]));
  });
  return Uint8Array.from(parts);
}

// ---------------------------------------------------------------------------------------------------
// The model: what the format (docs/format.md) says a log means, computed from the generated values,
// with JSON.parse as the reference for every number.

/** Object entries in the order JSON.parse + for…in gives them (integer-like keys first). */
function inObjectOrder<T>(entries: [string, T][]): [string, T][] {
  const byKey = new Map(entries);
  const order = Object.fromEntries(entries.map(([k]) => [k, 0]));
  const out: [string, T][] = [];
  for (const k in order) out.push([k, byKey.get(k) as T]);
  return out;
}

function leaves(
  entries: [string, Value][],
  prefix: string,
  numbers: [string, number][],
  meta: [string, string | number | boolean][],
  config = false,
): void {
  // In a configuration object numbers are metadata too.
  const number = (name: string, n: number) => (config ? meta : numbers).push([name, n]);
  for (const [k, v] of inObjectOrder(entries)) {
    const name = prefix + k;
    if (v.t === 'num') number(name, JSON.parse(v.text) as number);
    else if (v.t === 'nan') number(name, NaN);
    else if (v.t === 'inf') number(name, v.negative ? -Infinity : Infinity);
    else if (v.t === 'str') meta.push([name, v.s]);
    else if (v.t === 'bool') meta.push([name, v.b]);
    else if (v.t === 'obj') leaves(v.entries, name + '/', numbers, meta, config);
  }
}

/** A step as the format defines it: a finite number, or a string holding one. */
function stepOf(text: string): number | undefined {
  const v: unknown = text === 'NaN' || text === 'Infinity' ? NaN : JSON.parse(text);
  const n = typeof v === 'string' && /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

interface ModelRun {
  metrics: Map<string, Map<number, number>>;
  metadata: Map<string, string | number | boolean>;
  times: Map<number, number>;
  lastStep: number;
}

/** Drops every point at `step` or later: a restart. */
function dropFrom(points: Map<number, number>, step: number): void {
  for (const s of [...points.keys()]) if (s >= step) points.delete(s);
}

function applyLine(run: ModelRun, l: Line): void {
  const numbers: [string, number][] = [];
  const meta: [string, string | number | boolean][] = [];
  for (const [k, v] of inObjectOrder(l.entries)) {
    if (k === 'data' && v.t === 'obj') leaves(v.entries, '', numbers, meta);
    else if ((k === 'config' || k === 'hparams') && v.t === 'obj') leaves(v.entries, k + '/', numbers, meta, true);
    else leaves([[k, v]], '', numbers, meta);
  }
  const explicit = l.step && stepOf(l.step.text);
  let step: number;
  if (explicit !== undefined) {
    step = explicit;
    if (step < run.lastStep) {
      for (const points of run.metrics.values()) dropFrom(points, step);
      dropFrom(run.times, step);
    }
    run.lastStep = step;
  } else {
    step = run.lastStep === -Infinity ? 0 : run.lastStep + 1;
  }
  for (const [name, v] of numbers) {
    const points = run.metrics.get(name) ?? new Map<number, number>();
    run.metrics.set(name, points);
    points.set(step, v);
  }
  for (const [name, v] of meta) run.metadata.set(name, v);
  if (explicit === undefined) {
    if (numbers.length === 0) return;
    run.lastStep = step;
  }
  const time = l.time === undefined || l.time === 'NaN' ? undefined : Number(l.time);
  if (time !== undefined) run.times.set(step, time);
}

/** What the parser should report for a log, in the shape of view(). */
function model(l: Log): unknown {
  let run: ModelRun | undefined;
  const skipped: { line: number; reason: string }[] = [];
  let lines = 0;
  let pendingLine: number | undefined;
  l.items.forEach((it, i) => {
    const terminated = i < l.items.length - 1 || l.finalNewline;
    if (it.t === 'line') {
      run ??= { metrics: new Map(), metadata: new Map(), times: new Map(), lastStep: -Infinity };
      applyLine(run, it.line);
      lines++;
    } else if (terminated) {
      lines++;
      if (it.t !== 'blank')
        skipped.push({ line: i + 1, reason: it.t === 'garbage' || !isUtf8(lineBytes(it)) ? NOT_TEXT : NOT_JSON });
    } else if (it.t !== 'blank') {
      pendingLine = i + 1;
    }
  });
  return {
    runs: run
      ? [
          {
            metadata: [...run.metadata],
            metrics: [...run.metrics].map(([name, pts]) => [name, [...pts].map(([s, v]) => [s, exact(v)])]),
            times: [...run.times],
          },
        ]
      : [],
    skipped: { count: skipped.length, first: skipped.slice(0, 20) },
    lines,
    pendingLine,
  };
}

/** The parts of a parser's result the model predicts. */
function view(parser: MetricsLogParser): unknown {
  return {
    runs: [...parser.runs.values()].map((run) => ({
      metadata: [...run.metadata],
      metrics: [...run.metrics].map(([name, col]) => [name, points(col).map(([s, v]) => [s, exact(v)])]),
      times: points(run.times),
    })),
    skipped: parser.skipped,
    lines: parser.lines,
    pendingLine: parser.pendingLine,
  };
}

// ---------------------------------------------------------------------------------------------------
// Chunking.

/**
 * Where to cut the bytes into pushes: anywhere, or next to a line end (`}`|`\r`|`\n`), where the
 * line-end handling across pushes and finish() calls is tested; and whether to call finish() after each piece.
 */
type Cut = { t: 'anywhere'; at: number } | { t: 'nearLineEnd'; line: number; offset: number };
interface Cuts {
  at: Cut[];
  finishes: boolean[];
}
const cuts: fc.Arbitrary<Cuts> = fc.record({
  at: fc.array(
    fc.oneof(
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((at): Cut => ({ t: 'anywhere', at })),
      fc
        .tuple(fc.nat(), fc.integer({ min: -2, max: 1 }))
        .map(([line, offset]): Cut => ({ t: 'nearLineEnd', line, offset })),
    ),
    { maxLength: 12 },
  ),
  finishes: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
});

function offsetOf(bytes: Uint8Array, cut: Cut): number {
  if (cut.t === 'anywhere') return Math.floor(cut.at * bytes.length);
  const newlines: number[] = [];
  bytes.forEach((b, i) => b === 10 && newlines.push(i));
  const at = newlines.length ? newlines[cut.line % newlines.length]! + cut.offset : 0;
  return Math.max(0, Math.min(bytes.length, at));
}

function parseInPieces(bytes: Uint8Array, c: Cuts, finishBetween: boolean): MetricsLogParser {
  const offsets = [...new Set(c.at.map((cut) => offsetOf(bytes, cut)))].sort((a, b) => a - b);
  const parser = new MetricsLogParser('log');
  let from = 0;
  offsets.forEach((to, i) => {
    parser.push(bytes.subarray(from, to));
    if (finishBetween && c.finishes[i]) parser.finish();
    from = to;
  });
  parser.push(bytes.subarray(from));
  parser.finish();
  return parser;
}

test('generated logs, with blank, torn and binary lines, read as the format says, in any chunking', () => {
  fc.assert(
    fc.property(log, cuts, (l, c) => {
      const bytes = bytesOf(l);
      // finish() between pushes is what following a growing file does: no line here has a prefix that is a whole object.
      const parser = parseInPieces(bytes, c, true);
      assert.deepEqual(view(parser), model(l));
      // Bytes after the last newline are consumed only when they were read as a line.
      const tailRead = l.items.length > 0 && (l.finalNewline || l.items[l.items.length - 1]!.t === 'line');
      assert.equal(parser.bytesConsumed, tailRead ? bytes.length : bytes.lastIndexOf(10) + 1);
    }),
    { seed: SEED, numRuns: 800 },
  );
});

// Damage at the byte level: anything may happen to the lines, so the checks are that nothing throws and
// that how the bytes arrive never changes the result.
type Damage =
  | { t: 'truncate'; at: number }
  | { t: 'insert'; at: number; bytes: Uint8Array }
  | { t: 'delete'; at: number; length: number }
  | { t: 'duplicate'; at: number; length: number }
  | { t: 'swapLines'; a: number; b: number };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((at): Damage => ({ t: 'truncate', at })),
  fc
    .tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 8 }),
        fc.constantFrom(...['\n', '\r\n', '\r', '{', '"', '}', ',', '\\', '\u00e9', '\uFEFF'].map(encode)),
      ),
    )
    .map(([at, bytes]): Damage => ({ t: 'insert', at, bytes })),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 30 }))
    .map(([at, length]): Damage => ({ t: 'delete', at, length })),
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }))
    .map(([at, length]): Damage => ({ t: 'duplicate', at, length })),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Damage => ({ t: 'swapLines', a, b })),
);

function applyDamage(bytes: Uint8Array, d: Damage): Uint8Array {
  const at = 'at' in d ? Math.floor(d.at * bytes.length) : 0;
  const join = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
  switch (d.t) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'insert':
      return join(bytes.subarray(0, at), d.bytes, bytes.subarray(at));
    case 'delete':
      return join(bytes.subarray(0, at), bytes.subarray(at + d.length));
    case 'duplicate':
      return join(bytes.subarray(0, at + d.length), bytes.subarray(at));
    case 'swapLines': {
      const lines: Uint8Array[] = [];
      for (let from = 0; from <= bytes.length;) {
        const end = bytes.indexOf(10, from);
        const to = end < 0 ? bytes.length : end + 1;
        lines.push(bytes.subarray(from, to));
        if (end < 0) break;
        from = to;
      }
      const a = d.a % lines.length;
      const b = d.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return join(...lines);
    }
  }
}

test('damaged bytes never make push() or finish() throw, and the result does not depend on the chunking', () => {
  fc.assert(
    fc.property(log, fc.array(damage, { minLength: 1, maxLength: 4 }), cuts, (l, damages, c) => {
      const bytes = damages.reduce(applyDamage, bytesOf(l));
      const whole = parseInPieces(bytes, { at: [], finishes: [] }, false);
      const pieces = parseInPieces(bytes, c, false);
      assert.deepEqual(snapshot(pieces), snapshot(whole));
      assert.equal(pieces.bytesConsumed, whole.bytesConsumed);
      // Every line is counted once: read, blank, skipped or (the last one) pending.
      const newlines = bytes.reduce((n, b) => n + (b === 10 ? 1 : 0), 0);
      assert.ok(whole.lines === newlines || whole.lines === newlines + 1);
      if (whole.pendingLine !== undefined) assert.equal(whole.pendingLine, newlines + 1);
      const numbers = whole.skipped.first.map((s) => s.line);
      assert.ok(numbers.every((n, i) => n <= whole.lines && (i === 0 || n > numbers[i - 1]!)));
      assert.ok(whole.skipped.count <= whole.lines);
    }),
    { seed: SEED, numRuns: 800 },
  );
});
