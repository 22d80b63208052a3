import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { crc32c, maskedCrc32c } from '../../src/core/formats/crc32c';
import { TensorBoardEventParser, parseTensorBoardRun, tensorBoardRunName } from '../../src/core/formats/tensorboard';
import { onlyRun } from './formats-helpers';
import { points } from './helpers';

/**
 * The writer's side, from TensorFlow's .proto text (event.proto, summary.proto, tensor.proto,
 * tensor_shape.proto, trimmed to the fields used): event files are built here, not downloaded, and the
 * parser's own schema is checked against this independent copy of the field numbers.
 */
const PROTO = `
syntax = "proto3";
message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what { string file_version = 3; bytes graph_def = 4; Summary summary = 5; SessionLog session_log = 7; }
}
message SessionLog { enum SessionStatus { STATUS_UNSPECIFIED = 0; START = 1; STOP = 2; CHECKPOINT = 3; } SessionStatus status = 1; }
message SummaryMetadata { message PluginData { string plugin_name = 1; bytes content = 2; } PluginData plugin_data = 1; }
message Summary {
  message Image { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value { float simple_value = 2; bytes obsolete_old_style_histogram = 3; Image image = 4; TensorProto tensor = 8; }
  }
  repeated Value value = 1;
}
enum DataType { DT_INVALID = 0; DT_FLOAT = 1; DT_DOUBLE = 2; DT_STRING = 7; }
message TensorShapeProto { message Dim { int64 size = 1; string name = 2; } repeated Dim dim = 2; }
message TensorProto {
  DataType dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated float float_val = 5;
  repeated double double_val = 6;
  repeated bytes string_val = 8;
}
`;
const Event = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('Event');

/** One TFRecord: u64 length, masked CRC of the length, payload, masked CRC of the payload. */
function record(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(payload, 12);
  view.setUint32(12 + payload.length, maskedCrc32c(payload), true);
  return out;
}

function eventRecord(event: Record<string, unknown>): Uint8Array {
  return record(Event.encode(Event.fromObject(event)).finish());
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const FILE_VERSION = { wall_time: 1700000000, file_version: 'brain.Event:2' };
const scalar = (step: number, tag: string, value: number, wall_time = 1700000000 + step) => ({
  step,
  wall_time,
  summary: { value: [{ tag, simple_value: value }] },
});
const file = (...events: Record<string, unknown>[]) => concat([FILE_VERSION, ...events].map(eventRecord));

const parseOne = (bytes: Uint8Array, name = 'events.out.tfevents.1700000000.host.1.0') =>
  parseTensorBoardRun([{ path: `logs/grpo/${name}`, bytes }], 'grpo');

test('CRC-32C matches the standard check value, so framing written by TensorFlow validates', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
});

test('reads simple_value scalars per tag with step and wall time (PyTorch SummaryWriter, TF1)', () => {
  const log = parseOne(
    file(
      scalar(0, 'train/loss', 2.5),
      {
        step: 1,
        wall_time: 1700000011,
        summary: {
          value: [
            { tag: 'train/loss', simple_value: 2 },
            { tag: 'eval/gsm8k/accuracy', simple_value: 0.25 },
          ],
        },
      },
      scalar(2, 'train/loss', 1.5),
    ),
  );
  const run = onlyRun(log);
  assert.equal(run.name, 'grpo');
  assert.deepEqual([...run.metrics.keys()], ['train/loss', 'eval/gsm8k/accuracy']);
  assert.deepEqual(points(run.metrics.get('train/loss')), [
    [0, 2.5],
    [1, 2],
    [2, 1.5],
  ]);
  assert.deepEqual(points(run.metrics.get('eval/gsm8k/accuracy')), [[1, 0.25]]);
  assert.deepEqual(points(run.times), [
    [0, 1700000000],
    [1, 1700000011],
    [2, 1700000002],
  ]);
  assert.equal(log.skipped.count, 0);
  assert.deepEqual(log.notices, []);
});

test('reads TF2 scalar tensors (float_val, double_val, tensor_content) and ignores histograms and text', () => {
  const content = new Uint8Array(4);
  new DataView(content.buffer).setFloat32(0, 0.75, true);
  const log = parseOne(
    file(
      // Writers put the plugin metadata on a tag's first value only.
      {
        step: 1,
        summary: {
          value: [
            {
              tag: 'acc',
              metadata: { plugin_data: { plugin_name: 'scalars' } },
              tensor: { dtype: 'DT_FLOAT', tensor_shape: {}, float_val: [0.5] },
            },
          ],
        },
      },
      {
        step: 2,
        summary: { value: [{ tag: 'acc', tensor: { dtype: 'DT_FLOAT', tensor_shape: {}, tensor_content: content } }] },
      },
      { step: 2, summary: { value: [{ tag: 'lr', tensor: { dtype: 'DT_DOUBLE', double_val: [1e-6] } }] } },
      {
        step: 2,
        summary: {
          value: [
            {
              tag: 'weights',
              metadata: { plugin_data: { plugin_name: 'histograms' } },
              tensor: {
                dtype: 'DT_DOUBLE',
                tensor_shape: { dim: [{ size: 2 }, { size: 3 }] },
                double_val: [0, 1, 2, 1, 2, 3],
              },
            },
            {
              tag: 'sample',
              metadata: { plugin_data: { plugin_name: 'text' } },
              tensor: { dtype: 'DT_STRING', string_val: [new TextEncoder().encode('2+2=4')] },
            },
          ],
        },
      },
      // A later single-element histogram value has no metadata: the tag's plugin still says it is not a scalar.
      { step: 3, summary: { value: [{ tag: 'weights', tensor: { dtype: 'DT_DOUBLE', double_val: [7] } }] } },
    ),
  );
  const run = onlyRun(log);
  assert.deepEqual([...run.metrics.keys()], ['acc', 'lr']);
  assert.deepEqual(points(run.metrics.get('acc')), [
    [1, 0.5],
    [2, 0.75],
  ]);
  assert.deepEqual(points(run.metrics.get('lr')), [[2, 1e-6]]);
});

test('a zero scalar is read, also from writers that leave the proto3 default out; images are not scalars', () => {
  const run = onlyRun(
    parseOne(
      file(
        scalar(1, 'kl', 0),
        { step: 2, summary: { value: [{ tag: 'kl' }] } },
        {
          step: 2,
          summary: {
            value: [{ tag: 'samples', image: { height: 1, width: 1, encoded_image_string: new Uint8Array([137]) } }],
          },
        },
      ),
    ),
  );
  assert.deepEqual([...run.metrics.keys()], ['kl']);
  assert.deepEqual(points(run.metrics.get('kl')), [
    [1, 0],
    [2, 0],
  ]);
});

test('steps beyond 32 bits (int64) are read exactly', () => {
  const run = onlyRun(parseOne(file(scalar(5_000_000_001, 'loss', 1))));
  assert.deepEqual(points(run.metrics.get('loss')), [[5_000_000_001, 1]]);
});

test('a record with a bad data CRC is skipped and reported; the records around it are kept', () => {
  const records = [FILE_VERSION, scalar(0, 'loss', 3), scalar(1, 'loss', 2), scalar(2, 'loss', 1)].map(eventRecord);
  records[2]![records[2]!.length - 6]! ^= 0xff; // a flipped payload byte in the step-1 record
  const log = parseOne(concat(records));
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [2, 1],
  ]);
  assert.equal(log.skipped.count, 1);
  assert.equal(log.skipped.first[0]!.line, 3);
  assert.match(log.skipped.first[0]!.reason, /record 3 .*corrupt \(data CRC mismatch\)/);
});

test('a corrupt record length is skipped up to the next valid record, whose data is kept', () => {
  const records = [FILE_VERSION, scalar(0, 'loss', 3), scalar(1, 'loss', 2), scalar(2, 'loss', 1)].map(eventRecord);
  records[2]![0]! ^= 0x40; // the length no longer matches its CRC: the record's extent is unknown
  const log = parseOne(concat(records));
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [2, 1],
  ]);
  assert.equal(log.skipped.count, 1);
  assert.match(log.skipped.first[0]!.reason, /corrupt length/);
  assert.deepEqual(log.notices, []);
});

test('a torn last record (file being written) keeps the data before it, and completes on the next push', () => {
  const whole = file(scalar(0, 'loss', 3), scalar(1, 'loss', 2));
  const cut = whole.length - 7;
  const parser = new TensorBoardEventParser('grpo');
  parser.startFile('events.out.tfevents.1');
  parser.push(whole.subarray(0, cut));
  let log = parser.result;
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [[0, 3]]);
  assert.equal(log.skipped.count, 0);
  assert.match(log.notices.join('\n'), /last record is incomplete .*still being written/);
  assert.equal(parser.bytesConsumed, whole.length - eventRecord(scalar(1, 'loss', 2)).length);

  parser.push(whole.subarray(cut));
  log = parser.result;
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [1, 2],
  ]);
  assert.deepEqual(log.notices, []);
  assert.equal(parser.bytesConsumed, whole.length);
});

test('bytes pushed one at a time give the same run as the whole file', () => {
  const whole = file(scalar(0, 'loss', 3), scalar(1, 'loss', 2), scalar(2, 'acc', 0.5));
  const parser = new TensorBoardEventParser('grpo');
  parser.startFile('events.out.tfevents.1');
  for (let i = 0; i < whole.length; i++) parser.push(whole.subarray(i, i + 1));
  const run = onlyRun(parser.result);
  assert.deepEqual(points(run.metrics.get('loss')), [
    [0, 3],
    [1, 2],
  ]);
  assert.deepEqual(points(run.metrics.get('acc')), [[2, 0.5]]);
});

test('a step going back replaces that tag from there on, and a SessionLog START restarts every tag', () => {
  const log = parseOne(
    file(
      scalar(0, 'loss', 3),
      scalar(0, 'acc', 0.125),
      scalar(10, 'loss', 2),
      scalar(10, 'acc', 0.25),
      scalar(5, 'loss', 2.25), // loss resumed from 5: its step-10 point goes; acc is untouched
      { step: 8, session_log: { status: 'START' } },
      scalar(8, 'acc', 0.375),
    ),
  );
  const run = onlyRun(log);
  assert.deepEqual(points(run.metrics.get('loss')), [
    [0, 3],
    [5, 2.25],
  ]);
  assert.deepEqual(points(run.metrics.get('acc')), [
    [0, 0.125],
    [8, 0.375],
  ]);
  assert.equal(log.notices.length, 2);
  assert.match(log.notices[0]!, /loss: step went back to 5/);
  assert.match(log.notices[1]!, /restarted at step 8/);
});

test('a run folder with several event files reads them in name order; a torn tail of an earlier file is skipped', () => {
  const first = file(scalar(0, 'loss', 3), scalar(1, 'loss', 2));
  const second = file(scalar(2, 'loss', 1));
  const log = parseTensorBoardRun(
    [
      { path: 'logs/grpo/events.out.tfevents.1700000200.host.2.0', bytes: second },
      { path: 'logs/grpo/events.out.tfevents.1700000100.host.1.0', bytes: first.subarray(0, first.length - 3) },
    ],
    'grpo',
  );
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [
    [0, 3],
    [2, 1],
  ]);
  assert.equal(log.skipped.count, 1);
  assert.match(
    log.skipped.first[0]!.reason,
    /events\.out\.tfevents\.1700000100\.host\.1\.0: the last record is cut short/,
  );
});

test('a record that is not an Event protobuf is skipped with its number', () => {
  const log = parseOne(
    concat([eventRecord(FILE_VERSION), record(new Uint8Array([0x0a, 0xff, 0xff])), eventRecord(scalar(1, 'loss', 2))]),
  );
  assert.deepEqual(points(onlyRun(log).metrics.get('loss')), [[1, 2]]);
  assert.equal(log.skipped.count, 1);
  assert.match(log.skipped.first[0]!.reason, /record 2 .*not an Event/);
});

test('the run is named after the folder holding the event file', () => {
  assert.equal(tensorBoardRunName('runs/May01_12-00-00_host/events.out.tfevents.1.host'), 'May01_12-00-00_host');
  assert.equal(tensorBoardRunName('C:\\logs\\grpo\\events.out.tfevents.1.host'), 'grpo');
});
