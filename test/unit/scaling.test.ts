// Inputs that made a parser super-linear or wasteful (issue #14: each a host freeze of seconds to
// minutes, or hundreds of MB, from a small crafted file), each checked as read right. Time is timed at n
// and 4n with `growth` (4 is linear, 16 quadratic): sizes keep a test well under 2 s on linear code, and
// on the code replaced each ratio was 13 to 16 (given in each test), far above LINEAR_GROWTH. Memory is
// bounded by what the parse keeps: room reserved in columns, and a heap limit for the MLflow reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import protobuf from 'protobufjs';
import { MetricsLogParser } from '../../src/core/jsonl';
import { groupMlflowRuns } from '../../src/core/formats/mlflow';
import { TensorBoardEventParser, parseTensorBoardRun } from '../../src/core/formats/tensorboard';
import { parseTrainerState } from '../../src/core/formats/trainer-state';
import { maskedCrc32c } from '../../src/core/formats/crc32c';
import type { SeriesColumns } from '../../src/core/types';
import { LINEAR_GROWTH, growth, onlyRun, parse, points } from './helpers';
import { encode, onlyRun as onlyLogRun } from './formats-helpers';

/** Inputs of each size, made once: growth() times only the parse. */
function inputs<T>(make: (n: number) => T, n: number): (size: number) => T {
  const made = new Map([n, 4 * n].map((size) => [size, make(size)]));
  return (size) => made.get(size) ?? make(size);
}

function assertLinear(ratio: number, what: string): void {
  assert.ok(ratio < LINEAR_GROWTH, `4× ${what} took ${ratio.toFixed(1)}× as long`);
}

// ---------------------------------------------------------------------------------------------------
// JSON lines

test('a run that keeps stepping back costs what each restart drops, not every metric of the run', () => {
  // One wide line of n/8 metrics, then a step-2 line and a step-1 line, n lines: each restart drops one
  // or two points of `loss`, and visited all n/8 columns (ratio 16 before).
  const log = (n: number): string => {
    const wide = Array.from({ length: n / 8 }, (_, i) => `"m${i}": ${i}`).join(', ');
    let text = `{"step": 0, ${wide}}\n`;
    for (let i = 0; i < n; i++) text += `{"step": ${2 - (i % 2)}, "loss": ${i}}\n`;
    return text;
  };
  const parser = parse(log(32));
  const run = onlyRun(parser);
  assert.deepEqual(points(run.metrics.get('m3')), [[0, 3]]);
  assert.deepEqual(points(run.metrics.get('loss')), [[1, 31]]);
  assert.equal(parser.notices.length, 16);
  assert.equal(
    parser.notices[0],
    'run run: step went back from 2 to 1 at line 3, as when a run resumes from a checkpoint; the 1 point logged ' +
      'before at step 1 or later were dropped for the new ones',
  );
  assert.match(parser.notices[1]!, /from 2 to 1 at line 5, .*the 2 points logged before at step 1/);
  const texts = inputs((n) => encode(log(n)), 16_000);
  assertLinear(
    growth((n) => new MetricsLogParser('run').push(texts(n)), 16_000),
    'the metrics and restarts',
  );
});

test('a step going back by one on every line, each line a new metric, reads in linear time', () => {
  // Every line restarts the run; the columns visited grew with every line (ratio 15 before).
  const log = (n: number): string => {
    let text = '';
    for (let i = 0; i < n; i++) text += `{"step": ${n - i}, "m${i}": ${i}}\n`;
    return text;
  };
  const parser = parse(log(30));
  const run = onlyRun(parser);
  assert.equal(run.metrics.size, 30);
  // Each line's point replaced the one before (logged at a later step): only the last line's is left.
  assert.deepEqual(points(run.metrics.get('m29')), [[1, 29]]);
  assert.deepEqual(points(run.metrics.get('m28')), []);
  assert.equal(parser.notices.length, 21);
  assert.match(parser.notices[0]!, /step went back from 30 to 29 at line 2, .*the 1 point logged before at step 29/);
  assert.equal(parser.notices[20], '… and 9 more restarts');
  const texts = inputs((n) => encode(log(n)), 8_000);
  assertLinear(
    growth((n) => new MetricsLogParser('run').push(texts(n)), 8_000),
    'the lines',
  );
});

test('a long last line written in many pieces is not parsed again at every finish()', () => {
  // A live log: the writer appends a long line piece by piece, and the host calls finish() after each
  // append; each finish() parsed the whole line so far (ratio 14 before).
  const PIECE = 4096;
  const LINES = 32;
  // Indented, so that telling it from a blank line must not read it all either.
  const line = (n: number): Uint8Array => encode(` {"step": 1, "note": "${'x'.repeat(n * PIECE)}", "loss": 0.5}\n`);
  const follow = (bytes: Uint8Array): MetricsLogParser => {
    const parser = new MetricsLogParser('run');
    for (let l = 0; l < LINES; l++) {
      for (let at = 0; at < bytes.length; at += PIECE) {
        parser.push(bytes.subarray(at, at + PIECE));
        parser.finish();
      }
    }
    return parser;
  };
  const parser = follow(line(3));
  assert.deepEqual(points(onlyRun(parser).metrics.get('loss')), [[1, 0.5]]);
  assert.equal(parser.lines, LINES);
  assert.equal(parser.pendingLine, undefined);
  const texts = inputs(line, 32);
  assertLinear(
    growth((n) => follow(texts(n)), 32),
    'the line length',
  );
});

/** Every array element the columns of a parse hold, filled or not, and the points they hold. */
function reserved(parser: MetricsLogParser): { capacity: number; points: number } {
  let capacity = 0;
  let count = 0;
  const add = (column: SeriesColumns): void => {
    capacity += column.values.length;
    count += column.length;
  };
  for (const run of parser.runs.values()) {
    add(run.lines!);
    add(run.times);
    for (const column of run.metrics.values()) add(column);
  }
  return { capacity, points: count };
}

test('a large read of many one-line runs reserves no room for points they never log', () => {
  // The host pushes a large file in chunks of one buffer; every run's columns were sized for the file's
  // size from what it had logged so far, so each one-line run got room for dozens of points, at every
  // chunk (a 1 GB read: 647 MB).
  const file = new Uint8Array(new ArrayBuffer(64 << 20));
  let text = '';
  for (let i = 0; text.length < 2 << 20; i++) text += `{"run": "r${i}", "step": 0, "loss": ${i}}\n`;
  const { written } = new TextEncoder().encodeInto(text, file);
  const parser = new MetricsLogParser('run');
  for (let at = 0; at < written; at += 1 << 20) parser.push(file.subarray(at, Math.min(written, at + (1 << 20))));
  parser.finish();
  assert.equal(parser.runs.size, text.split('\n').length - 1);
  assert.deepEqual(points(parser.runs.get('r7')?.metrics.get('loss')), [[0, 7]]);
  const { capacity, points: count } = reserved(parser);
  // A new column has room for 8 points, so about 8 per point here; sized for the file, they had about 50.
  assert.ok(capacity <= 10 * count, `${capacity} points reserved for ${count}`);
});

test('each chunk of a large read costs its lines, not the runs seen before it', () => {
  // n one-line runs, then a run that goes on, pushed in small chunks of one buffer: sizing the columns
  // after each chunk looked at every run (runs × chunks), and copied the growing run's columns each time
  // its estimate crept up (ratio 13 before).
  const CHUNK = 64;
  const file = (n: number): Uint8Array => {
    let text = '';
    for (let i = 0; i < n; i++) text += `{"run": "r${i}", "step": 0, "loss": ${i}}\n`;
    for (let i = 0; i < 10 * n; i++) text += `{"step": ${i}, "loss": 0.5}\n`;
    return encode(text);
  };
  const read = (bytes: Uint8Array): MetricsLogParser => {
    const parser = new MetricsLogParser('run');
    for (let at = 0; at < bytes.length; at += CHUNK) parser.push(bytes.subarray(at, at + CHUNK));
    parser.finish();
    return parser;
  };
  const parser = read(file(10));
  assert.deepEqual(points(parser.runs.get('r9')?.metrics.get('loss')), [[0, 9]]);
  assert.equal(parser.runs.get('run')?.metrics.get('loss')?.length, 100);
  const files = inputs(file, 1_000);
  assertLinear(
    growth((n) => read(files(n)), 1_000),
    'the runs and lines',
  );
});

test('a large read of one run reserves room for the whole file from the first chunk, so it is never copied', () => {
  let text = '';
  for (let i = 0; text.length < 4 << 20; i++) text += `{"step": ${i}, "loss": ${(i % 977) / 1000}, "kl": 0.5}\n`;
  const bytes = encode(text);
  const parser = new MetricsLogParser('run');
  const chunk = 1 << 20;
  parser.push(bytes.subarray(0, chunk));
  const loss = onlyRun(parser).metrics.get('loss')!;
  const capacity = loss.values.length;
  for (let at = chunk; at < bytes.length; at += chunk) parser.push(bytes.subarray(at, at + chunk));
  parser.finish();
  assert.equal(loss.length, text.split('\n').length - 1);
  assert.ok(capacity >= loss.length && capacity < 1.2 * loss.length, `${capacity} reserved for ${loss.length}`);
  assert.equal(loss.values.length, capacity);
});

// ---------------------------------------------------------------------------------------------------
// TensorBoard

/** The writer's side of the event file format (TensorFlow's event.proto, trimmed): written here, not read. */
const Event = protobuf
  .parse(
    `syntax = "proto3";
message Event { double wall_time = 1; int64 step = 2; oneof what { Summary summary = 5; SessionLog session_log = 7; } }
message SessionLog { enum SessionStatus { STATUS_UNSPECIFIED = 0; START = 1; } SessionStatus status = 1; }
message Summary { message Value { string tag = 1; float simple_value = 2; } repeated Value value = 1; }`,
    { keepCase: true },
  )
  .root.lookupType('Event');

/** Events as one TFRecord file: u64 length, masked CRC of it, payload, masked CRC of the payload. */
function eventFile(events: Record<string, unknown>[]): Uint8Array {
  const payloads = events.map((event) => Event.encode(Event.fromObject(event)).finish());
  const out = new Uint8Array(payloads.reduce((n, p) => n + p.length + 16, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const payload of payloads) {
    view.setUint32(at, payload.length, true);
    view.setUint32(at + 8, maskedCrc32c(out, at, at + 8), true);
    out.set(payload, at + 12);
    view.setUint32(at + 12 + payload.length, maskedCrc32c(payload), true);
    at += payload.length + 16;
  }
  return out;
}

test('TensorBoard restarts of a run with many tags cost what they drop, not every tag', () => {
  // One event of n tags, then `loss` at step 2 and a SessionLog START at step 1, again and again: each
  // START visited all n tags (ratio 14 before; 40k restarts took 4 s).
  const events = (n: number): Record<string, unknown>[] => {
    const list: Record<string, unknown>[] = [
      {
        step: 0,
        wall_time: 1,
        summary: { value: Array.from({ length: n }, (_, i) => ({ tag: `t${i}`, simple_value: i })) },
      },
    ];
    for (let i = 0; i < n; i++) {
      list.push({ step: 2, wall_time: 2, summary: { value: [{ tag: 'loss', simple_value: i }] } });
      list.push({ step: 1, session_log: { status: 'START' } });
    }
    return list;
  };
  const log = parseTensorBoardRun([{ path: 'logs/run/events.out.tfevents.1', bytes: eventFile(events(3)) }], 'run');
  const run = onlyLogRun(log);
  assert.deepEqual(points(run.metrics.get('t2')), [[0, 2]]);
  assert.deepEqual(points(run.metrics.get('loss')), []);
  assert.deepEqual(points(run.times), [[0, 1]]);
  assert.equal(log.notices.length, 3);
  assert.match(
    log.notices[0]!,
    /restarted at step 1 \(events\.out\.tfevents\.1\); 1 points from step 1 on were replaced/,
  );
  const files = inputs((n) => [{ path: 'logs/run/events.out.tfevents.1', bytes: eventFile(events(n)) }], 2_000);
  assertLinear(
    growth((n) => parseTensorBoardRun(files(n), 'run'), 2_000),
    'the tags and restarts',
  );
});

test('a TensorBoard record that arrives in many small pushes is copied about once, not once per push', () => {
  // An event file read as it is written: each push copied the incomplete record so far (ratio 15 before).
  const PIECE = 256;
  const RECORDS = 16;
  const file = (n: number): Uint8Array =>
    eventFile(
      Array.from({ length: RECORDS }, (_, i) => ({
        step: i,
        summary: { value: [{ tag: `${'t'.repeat(n * PIECE)}${i}`, simple_value: i }] },
      })),
    );
  const read = (bytes: Uint8Array): TensorBoardEventParser => {
    const parser = new TensorBoardEventParser('run');
    parser.startFile('events.out.tfevents.1');
    for (let at = 0; at < bytes.length; at += PIECE) parser.push(bytes.subarray(at, at + PIECE));
    return parser;
  };
  const log = read(file(2)).result;
  const run = onlyLogRun(log);
  assert.equal(run.metrics.size, RECORDS);
  assert.deepEqual(points(run.metrics.get(`${'t'.repeat(2 * PIECE)}15`)), [[15, 15]]);
  assert.deepEqual([log.skipped.count, log.notices], [0, []]);
  const files = inputs(file, 400);
  assertLinear(
    growth((n) => read(files(n)), 400),
    'the record size',
  );
});

// ---------------------------------------------------------------------------------------------------
// trainer_state.json and MLflow

test('an eval key with many underscores is named in linear time', () => {
  // Each `_` in the key was a cut tried from the longest down, each hashing the key up to it (ratio 14 before).
  const state = (n: number): Uint8Array => {
    const entries = Array.from({ length: 1600 }, (_, i) => `{"step": ${i}, "eval_gsm8k_${'b_'.repeat(n)}${i}": 0.5}`);
    return encode(`{"log_history": [{"step": 0, "eval_gsm8k_runtime": 1.5}, ${entries.join(', ')}]}`);
  };
  const run = onlyLogRun(parseTrainerState(state(2), '/w/run/trainer_state.json'));
  assert.deepEqual(points(run.metrics.get('eval/gsm8k/b_b_7')), [[7, 0.5]]);
  const texts = inputs(state, 250);
  assertLinear(
    growth((n) => parseTrainerState(texts(n), '/w/run/trainer_state.json'), 250),
    'the underscores',
  );
});

test('deep artifact folders are grouped in linear time', () => {
  // Each folder of a path was joined up to it and looked up as a run folder (ratio 16 before).
  const paths = (n: number): string[] => [
    '0/abc/meta.yaml',
    '0/abc/metrics/loss',
    ...Array.from({ length: 400 }, (_, i) => `0/abc/artifacts/${'d/'.repeat(n)}file${i}`),
  ];
  assert.deepEqual(groupMlflowRuns(paths(3)), [{ folder: '0/abc', files: ['meta.yaml', 'metrics/loss'] }]);
  const lists = inputs(paths, 250);
  assertLinear(
    growth((n) => groupMlflowRuns(lists(n)), 250),
    'the folder depth',
  );
});

test('an MLflow metric file is read into columns, not into objects per line', async () => {
  // 200k lines in a thread allowed a 16 MB heap: reading needs the columns (outside the heap), not a
  // string per line and an object per point (10M lines took 3.1 GB before; this one ran out of memory).
  const LINES = 200_000;
  const bytes = encode(
    Array.from({ length: LINES }, (_, i) => `${1_700_000_000_000 + i} ${(i % 1000) / 8} ${i}\n`).join(''),
  );
  const module = join(__dirname, '..', '..', 'src', 'core', 'formats', 'mlflow.js');
  const read = await new Promise<{ length: number; last: number[]; times: number }>((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const run = require(workerData.module).parseMlflowRun([{ path: 'metrics/loss', bytes: workerData.bytes }], 'r').runs[0];
       const loss = run.metrics.get('loss');
       const last = loss.length - 1;
       parentPort.postMessage({ length: loss.length, last: [loss.steps[last], loss.values[last], run.times.values[last]], times: run.times.length });`,
      {
        eval: true,
        workerData: { module, bytes },
        transferList: [bytes.buffer as ArrayBuffer],
        resourceLimits: { maxOldGenerationSizeMb: 16 },
      },
    );
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  assert.deepEqual(read, { length: LINES, last: [LINES - 1, 124.875, 1_700_000_199.999], times: LINES });
});
