import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsLogParser } from '../../src/core/jsonl';
import { onlyRun, parse, parseBytes, parseInTwo, points } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

test('reads steps, metrics and wall time from one JSON object per line', () => {
  const parser = parse(
    '{"step": 0, "timestamp": 100.5, "actor/kl_loss": 0.0, "val-core/MATH500/acc/mean@1": 0.74}\n' +
      '{"step": 1, "timestamp": 128.5, "actor/kl_loss": 0.25}\n',
    'grpo',
  );
  const run = onlyRun(parser);
  assert.equal(run.name, 'grpo');
  assert.deepEqual([...run.metrics.keys()], ['actor/kl_loss', 'val-core/MATH500/acc/mean@1']);
  assert.deepEqual(points(run.metrics.get('actor/kl_loss')), [
    [0, 0],
    [1, 0.25],
  ]);
  assert.deepEqual(points(run.metrics.get('val-core/MATH500/acc/mean@1')), [[0, 0.74]]);
  assert.deepEqual(points(run.times), [
    [0, 100.5],
    [1, 128.5],
  ]);
  assert.equal(parser.lines, 2);
  assert.equal(parser.skipped.count, 0);
  assert.deepEqual(parser.notices, []);
});

test('a line without a step gets the previous step + 1, and the first one step 0', () => {
  const run = onlyRun(parse('{"loss": 3}\n{"loss": 2}\n{"iteration": 10, "acc": 0.5}\n{"loss": 1.93}\n'));
  assert.deepEqual(points(run.metrics.get('loss')), [
    [0, 3],
    [1, 2],
    [11, 1.93],
  ]);
  assert.deepEqual(points(run.metrics.get('acc')), [[10, 0.5]]);
});

test('a metadata-only line without a step does not shift later steps', () => {
  const run = onlyRun(parse('{"experiment": "lr1e-6"}\n{"loss": 3}\n'));
  assert.deepEqual(points(run.metrics.get('loss')), [[0, 3]]);
  assert.equal(run.metadata.get('experiment'), 'lr1e-6');
});

test('step aliases are tried in order step, global_step, _step, iteration, and are never metrics', () => {
  const run = onlyRun(
    parse(
      '{"global_step": 5, "iteration": 99, "a": 1}\n' +
        '{"_step": 6, "iteration": 99, "a": 2}\n' +
        '{"iteration": 7, "a": 3}\n' +
        '{"step": 8, "global_step": 99, "_step": 99, "a": 4}\n',
    ),
  );
  assert.deepEqual(points(run.metrics.get('a')), [
    [5, 1],
    [6, 2],
    [7, 3],
    [8, 4],
  ]);
  assert.deepEqual([...run.metrics.keys()], ['a']);
});

test('time aliases fill the time column and are not charted', () => {
  const run = onlyRun(
    parse(
      '{"step": 1, "time": 10, "a": 1}\n{"step": 2, "_timestamp": 20, "a": 1}\n{"step": 3, "wall_time": 30, "a": 1}\n',
    ),
  );
  assert.deepEqual(points(run.times), [
    [1, 10],
    [2, 20],
    [3, 30],
  ]);
  assert.deepEqual([...run.metrics.keys()], ['a']);
});

test('NaN, Infinity and -Infinity are stored as gaps or infinities, not errors; null means not logged', () => {
  const parser = parse(
    '{"step": 9, "kl": NaN, "grad": Infinity, "neg": -Infinity, "acc": null, "note": "NaN and Infinity in a string"}\n',
  );
  const run = onlyRun(parser);
  assert.equal(parser.skipped.count, 0);
  assert.ok(Number.isNaN(points(run.metrics.get('kl'))[0]![1]));
  assert.equal(points(run.metrics.get('grad'))[0]![1], Infinity);
  assert.equal(points(run.metrics.get('neg'))[0]![1], -Infinity);
  assert.equal(run.metrics.get('acc'), undefined);
  // The bare-token rewrite must leave string contents alone.
  assert.equal(run.metadata.get('note'), 'NaN and Infinity in a string');
});

test('strings and booleans become run metadata (last value wins), arrays are ignored', () => {
  const run = onlyRun(
    parse(
      '{"step": 0, "experiment": "a", "resumed": false, "lengths": [1, 2], "loss": 1}\n' +
        '{"step": 1, "experiment": "b", "loss": 2}\n',
    ),
  );
  assert.deepEqual([...run.metrics.keys()], ['loss']);
  assert.deepEqual(
    [...run.metadata.entries()],
    [
      ['experiment', 'b'],
      ['resumed', false],
    ],
  );
});

test('nested objects are flattened with /, except verl\'s top-level "data" wrapper', () => {
  const run = onlyRun(
    parse(
      '{"step": 12, "actor": {"kl_loss": 0.29}, "eval": {"gsm8k": {"accuracy": {"mean": 0.52}}}, "cfg": {"opt": "adam"}}\n' +
        '{"step": 13, "data": {"actor/kl_loss": 0.4, "critic": {"score": {"mean": 0.44}}}}\n',
    ),
  );
  assert.deepEqual([...run.metrics.keys()], ['actor/kl_loss', 'eval/gsm8k/accuracy/mean', 'critic/score/mean']);
  assert.deepEqual(points(run.metrics.get('actor/kl_loss')), [
    [12, 0.29],
    [13, 0.4],
  ]);
  assert.equal(run.metadata.get('cfg/opt'), 'adam');
});

test('run, method and seed put lines into separate runs and are never metrics', () => {
  const parser = parse(
    '{"method": "GRPO", "seed": 1, "step": 0, "acc": 0.74}\n' +
      '{"method": "MEL", "seed": 1, "step": 0, "acc": 0.70}\n' +
      '{"method": "GRPO", "seed": 1, "step": 20, "acc": 0.77}\n' +
      '{"run": "baseline", "step": 0, "acc": 0.5}\n' +
      '{"step": 0, "acc": 0.1}\n',
    'file',
  );
  assert.deepEqual([...parser.runs.keys()], ['GRPO, seed 1', 'MEL, seed 1', 'baseline', 'file']);
  const grpo = parser.runs.get('GRPO, seed 1');
  assert.equal(grpo?.method, 'GRPO');
  assert.equal(grpo?.seed, '1');
  assert.deepEqual([...(grpo?.metrics.keys() ?? [])], ['acc']);
  assert.deepEqual(points(grpo?.metrics.get('acc')), [
    [0, 0.74],
    [20, 0.77],
  ]);
  assert.deepEqual(points(parser.runs.get('MEL, seed 1')?.metrics.get('acc')), [[0, 0.7]]);
  assert.deepEqual(points(parser.runs.get('file')?.metrics.get('acc')), [[0, 0.1]]);
  // Steps are per run: each run may start from 0 without being taken for a restart.
  assert.deepEqual(parser.notices, []);
});

test('a step going back is a restart: later data replaces points from that step on', () => {
  const parser = parse(
    '{"step": 100, "kl": 0.31, "timestamp": 1}\n' +
      '{"step": 101, "kl": 0.33, "ent": 0.5, "timestamp": 2}\n' +
      '{"step": 90, "kl": 0.30, "timestamp": 3}\n' +
      '{"step": 91, "kl": 0.29}\n',
    'grpo',
  );
  const run = onlyRun(parser);
  assert.deepEqual(points(run.metrics.get('kl')), [
    [90, 0.3],
    [91, 0.29],
  ]);
  assert.deepEqual(points(run.metrics.get('ent')), []);
  assert.deepEqual(points(run.times), [[90, 3]]);
  assert.equal(parser.notices.length, 1);
  assert.match(parser.notices[0]!, /grpo.*101 to 90 at line 3/);
});

test('a restart keeps points before the new step', () => {
  const run = onlyRun(parse('{"step": 1, "a": 1}\n{"step": 2, "a": 2}\n{"step": 3, "a": 3}\n{"step": 2, "a": 20}\n'));
  assert.deepEqual(points(run.metrics.get('a')), [
    [1, 1],
    [2, 20],
  ]);
});

test('the same step logged twice for a metric keeps the last value, with a notice', () => {
  const parser = parse(
    '{"step": 5, "loss": 1, "acc": 0.1}\n{"step": 5, "loss": 2}\n{"step": 5, "val": 7}\n{"step": 6, "loss": 3}\n',
  );
  const run = onlyRun(parser);
  assert.deepEqual(points(run.metrics.get('loss')), [
    [5, 2],
    [6, 3],
  ]);
  // Different metrics at one step (train and eval lines) are not duplicates.
  assert.deepEqual(points(run.metrics.get('acc')), [[5, 0.1]]);
  assert.deepEqual(points(run.metrics.get('val')), [[5, 7]]);
  assert.equal(parser.notices.length, 1);
  assert.match(parser.notices[0]!, /1 value was logged again/);
});

test('malformed lines are skipped with their 1-based line number and reason; the rest is kept', () => {
  const parser = parse(
    '{"step": 0, "a": 1}\n' +
      'Traceback (most recent call last):\n' +
      '[1, 2]\n' +
      '\n' +
      '3\n' +
      '{"step": 1, "a": 2\n' +
      '{"step": 2, "a": 3}\n',
  );
  assert.deepEqual(parser.skipped, {
    count: 4,
    first: [
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'not a JSON object' },
      { line: 5, reason: 'not a JSON object' },
      { line: 6, reason: 'not valid JSON' },
    ],
  });
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [2, 3],
  ]);
  assert.equal(parser.lines, 7);
  assert.equal(parser.pendingLine, undefined);
});

test('only the first 20 skipped lines are kept in detail, all are counted', () => {
  const parser = parse('oops\n'.repeat(25) + '{"a": 1}\n');
  assert.equal(parser.skipped.count, 25);
  assert.equal(parser.skipped.first.length, 20);
  assert.equal(parser.skipped.first[19]!.line, 20);
});

test('blank lines, CRLF line endings and a UTF-8 BOM are accepted', () => {
  const parser = parse('\uFEFF{"step": 0, "a": 1}\r\n\r\n   \n{"step": 1, "a": 2}\r\n');
  assert.equal(parser.skipped.count, 0);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [1, 2],
  ]);
  assert.equal(parser.lines, 4);
});

test('a torn last line is pending, not skipped, and is read when a later push completes it', () => {
  const parser = new MetricsLogParser('run');
  parser.push(encode('{"step": 0, "a": 1}\n{"step": 1, "a"'));
  parser.finish();
  assert.equal(parser.pendingLine, 2);
  assert.equal(parser.skipped.count, 0);
  assert.equal(parser.bytesConsumed, encode('{"step": 0, "a": 1}\n').length);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [[0, 1]]);

  parser.push(encode(': 2}\n{"step": 2, "a": 3}\n'));
  parser.finish();
  assert.equal(parser.pendingLine, undefined);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  assert.equal(parser.lines, 3);
});

test('finish() reads a last line whose object is complete, blanks after it too, and leaves one still being written pending', () => {
  const parser = new MetricsLogParser('run');
  parser.push(encode('{"step": 0, "a": 1}\n{"step": 1, "a": 2} \t'));
  parser.finish();
  assert.equal(parser.pendingLine, undefined);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')).at(-1), [1, 2]);
  // A line being written, seen at each finish(): pending until its object closes.
  for (const piece of ['\n{"step": 2, "a": 3', ', "note": "}', ' "', '}']) {
    assert.equal(parser.pendingLine, piece === '\n{"step": 2, "a": 3' ? undefined : 3);
    parser.push(encode(piece));
    parser.finish();
  }
  assert.equal(parser.pendingLine, undefined);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')).at(-1), [2, 3]);
  assert.equal(onlyRun(parser).metadata.get('note'), '} ');
  assert.equal(parser.lines, 3);
});

test('a complete last line without newline is read by finish(), and its newline arriving later adds no line', () => {
  const parser = new MetricsLogParser('run');
  const first = encode('{"step": 0, "a": 1}\n{"step": 1, "a": 2}');
  parser.push(first);
  parser.finish();
  assert.equal(parser.pendingLine, undefined);
  assert.equal(parser.bytesConsumed, first.length);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [1, 2],
  ]);

  parser.push(encode('\r'));
  parser.push(encode('\nnot json\n'));
  parser.finish();
  assert.deepEqual(parser.skipped.first, [{ line: 3, reason: 'not valid JSON' }]);
  assert.equal(parser.lines, 3);
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1],
    [1, 2],
  ]);
});

test('chunks may split a line and a multi-byte UTF-8 character anywhere', () => {
  const text = '\uFEFF{"step": 0, "note": "λ→∞ 🚀", "a": 1}\n{"step": 1, "a": 2}\n{"step": 2, "a": 3}\n';
  const bytes = encode(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    const parser = parseInTwo(bytes, cut);
    const run = onlyRun(parser);
    assert.equal(run.metadata.get('note'), 'λ→∞ 🚀', `cut at byte ${cut}`);
    assert.deepEqual(points(run.metrics.get('a')), [
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    assert.equal(parser.lines, 3, `cut at byte ${cut}`);
    assert.equal(parser.skipped.count, 0, `cut at byte ${cut}`);
    assert.equal(parser.bytesConsumed, bytes.length);
  }
});

test('byte-by-byte pushes give the same result as one push', () => {
  const text = '{"step": 0, "a": 1.5, "b": NaN}\r\n{"step": 1, "a": 2.5}\nbad\n{"a": 3}';
  const whole = parse(text);
  const parser = new MetricsLogParser('run');
  for (const byte of encode(text)) parser.push(Uint8Array.of(byte));
  parser.finish();
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), points(onlyRun(whole).metrics.get('a')));
  assert.deepEqual(points(onlyRun(parser).metrics.get('a')), [
    [0, 1.5],
    [1, 2.5],
    [2, 3],
  ]);
  assert.deepEqual(parser.skipped, whole.skipped);
  assert.equal(parser.lines, 4);
});

test('null leaves no point, so a sparse column from an exported table still draws as a line', () => {
  const run = onlyRun(
    parse('{"step": 0, "acc": 0.5}\n{"step": 1, "acc": null}\n{"step": 2, "acc": NaN}\n{"step": 3, "acc": 0.7}\n'),
  );
  assert.deepEqual(
    points(run.metrics.get('acc')).map(([s, v]) => [s, Number.isNaN(v) ? 'gap' : v]),
    [
      [0, 0.5],
      [2, 'gap'],
      [3, 0.7],
    ],
  );
});

test('a file pushed as pieces of one buffer is read as when pushed as copies, with columns sized to fit', () => {
  let text = '';
  for (let step = 0; step < 5000; step++) {
    text += `{"step": ${step}, "time": ${1000 + step}, "loss": ${1 / (step + 1)}`;
    if (step % 10 === 0) text += `, "val/acc": ${step / 5000}`;
    if (step < 100) text += ', "warmup": 1';
    if (step >= 4000) text += ', "late": 2';
    text += '}\n';
  }
  const bytes = encode(text);
  const piece = 8192;
  const copies = new MetricsLogParser('run');
  for (let offset = 0; offset < bytes.length; offset += piece) copies.push(bytes.slice(offset, offset + piece));
  copies.finish();
  const views = parseBytes(bytes, piece);
  const run = onlyRun(views);
  for (const name of ['loss', 'val/acc', 'warmup', 'late']) {
    assert.deepEqual(points(run.metrics.get(name)), points(onlyRun(copies).metrics.get(name)), name);
  }
  assert.deepEqual(points(run.times), points(onlyRun(copies).times));
  assert.equal(run.metrics.get('loss')?.length, 5000);
  // The first piece told how much was coming: the columns hold about that, not up to twice as much.
  assert.ok(run.metrics.get('loss')!.values.length < 5000 * 1.2);
  assert.ok(run.metrics.get('val/acc')!.values.length < 500 * 1.2);
});

test("LLaMA-Factory's current_steps is the step; two ranks writing each line twice keep one point per step", () => {
  const line = (step: number, loss: number) =>
    `{"current_steps": ${step}, "total_steps": 40, "loss": ${loss}, "lr": 1e-5, "epoch": ${step / 40}, "percentage": ${(step / 40) * 100}, "elapsed_time": "0:00:${step}", "remaining_time": "0:01:00"}\n`;
  const text =
    line(10, 2.5) +
    line(10, 2.5) +
    line(20, 2.25) +
    line(20, 2.0) +
    '{"current_steps": 20, "total_steps": 40, "eval_loss": 1.75, "epoch": 0.5, "percentage": 50.0, "elapsed_time": "0:00:21", "remaining_time": "0:00:40"}\n';
  const parser = parse(text, 'trainer_log');
  const run = onlyRun(parser);
  assert.equal(run.stepField, 'current_steps');
  assert.ok(!run.metrics.has('current_steps'));
  assert.deepEqual(points(run.metrics.get('loss')), [
    [10, 2.5],
    [20, 2],
  ]);
  assert.deepEqual(points(run.metrics.get('eval_loss')), [[20, 1.75]]);
  // Progress fields stay columns at their steps (offered as x axes), and time strings are metadata.
  assert.deepEqual(points(run.metrics.get('epoch')), [
    [10, 0.25],
    [20, 0.5],
  ]);
  assert.equal(run.metadata.get('remaining_time'), '0:00:40');
  // The second rank's copies: one notice, for the one value that differed (the eval line's repeated
  // total_steps, epoch and percentage, and identical copies, are no news); the last value is kept.
  assert.deepEqual(parser.notices, [
    'run trainer_log: 1 value was logged again at a step that already had a different one (first: loss at step 20, line 4); the last value logged was kept',
  ]);
});

test('W&B exports place lines by trainer/global_step; a log without any step field by its epoch', () => {
  const wandb = onlyRun(
    parse(
      '{"trainer/global_step": 5, "_runtime": 3, "train/loss": 1.5}\n{"trainer/global_step": 10, "train/loss": 1.25}\n',
    ),
  );
  assert.equal(wandb.stepField, 'trainer/global_step');
  assert.deepEqual(points(wandb.metrics.get('train/loss')), [
    [5, 1.5],
    [10, 1.25],
  ]);
  const keras = onlyRun(
    parse(
      '{"epoch": 0, "loss": 0.9, "val_loss": 1.1}\n{"epoch": 1, "loss": 0.5, "val_loss": 0.7}\n{"epoch": 2, "loss": 0.25}\n',
    ),
  );
  assert.equal(keras.stepField, 'epoch');
  assert.deepEqual([...keras.metrics.keys()], ['loss', 'val_loss']);
  assert.deepEqual(points(keras.metrics.get('val_loss')), [
    [0, 1.1],
    [1, 0.7],
  ]);
  // Once a run has a step field, a line without one counts on from it: epoch does not take over.
  const mixed = onlyRun(parse('{"step": 100, "loss": 1}\n{"epoch": 0.5, "loss": 0.5}\n'));
  assert.deepEqual(points(mixed.metrics.get('loss')), [
    [100, 1],
    [101, 0.5],
  ]);
});
