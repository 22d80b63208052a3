import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extendIndex, indexFromJson, indexRuns, indexToJson, type RunIndex } from '../../src/core/logIndex';
import { parse, prng } from './helpers';

const lines = (from: number, to: number, random: () => number): string[] =>
  Array.from({ length: to - from }, (_, i) => {
    const step = from + i;
    const run = step % 3 === 0 ? 'grpo' : 'mel';
    const val = step % 5 === 0 ? `, "val-core/MATH500/acc/mean@1": ${random().toFixed(3)}` : '';
    const loss = random() < 0.05 ? 'NaN' : (1 / (step + 1)).toFixed(4);
    return `{"step": ${step}, "run": "${run}", "actor/pg_loss": ${loss}${val}}`;
  });

const plain = (runs: readonly RunIndex[]): unknown => JSON.parse(JSON.stringify(indexToJson(runs)));

test('the index holds each metric’s step range, last finite point and extremes', () => {
  const [run] = indexRuns(
    parse(
      [
        '{"step": 1, "acc": 0.5, "loss": 2}',
        '{"step": 2, "acc": 0.9, "loss": 1}',
        '{"step": 3, "acc": 0.7, "loss": NaN}',
        '{"step": 4, "acc": 0.9}',
      ].join('\n'),
    ).runs.values(),
  );
  assert.deepEqual(run!.metrics.get('acc'), {
    points: 4,
    firstStep: 1,
    lastStep: 4,
    last: { step: 4, value: 0.9 },
    max: { step: 2, value: 0.9 },
    min: { step: 1, value: 0.5 },
  });
  // The NaN at step 3 is a point, but not the last value.
  assert.deepEqual(run!.metrics.get('loss')!.last, { step: 2, value: 1 });
  assert.equal(run!.metrics.get('loss')!.lastStep, 3);
});

test('an append folded into the index gives the index of the whole log, wherever the log was cut', () => {
  const random = prng(3);
  const all = lines(0, 300, random);
  const whole = plain(indexRuns(parse(all.join('\n')).runs.values()));
  for (const cut of [1, 2, 50, 151, 299]) {
    const head = indexRuns(parse(all.slice(0, cut).join('\n')).runs.values());
    const tail = indexRuns(parse(all.slice(cut).join('\n')).runs.values());
    assert.deepEqual(plain(extendIndex(head, tail)!), whole, `cut after line ${cut}`);
  }
});

test('appended lines that go back to an indexed step need the whole log read again', () => {
  const head = indexRuns(parse('{"step": 1, "loss": 2}\n{"step": 2, "loss": 1}').runs.values());
  assert.equal(extendIndex(head, indexRuns(parse('{"step": 2, "loss": 0.5}').runs.values())), undefined);
  assert.equal(extendIndex(head, indexRuns(parse('{"step": 0, "loss": 0.5}').runs.values())), undefined);
  // A new metric, or a new run, at an old step is no restart.
  const more = extendIndex(
    head,
    indexRuns(parse('{"step": 1, "acc": 0.5}\n{"step": 1, "run": "b", "loss": 3}').runs.values()),
  );
  assert.deepEqual(
    more?.map((r) => [r.name, [...r.metrics.keys()]]),
    [
      ['run', ['loss', 'acc']],
      ['b', ['loss']],
    ],
  );
});

test('an index read back from storage is the same; anything else is refused', () => {
  const runs = indexRuns(parse(lines(0, 40, prng(1)).join('\n')).runs.values());
  assert.deepEqual(indexFromJson(JSON.parse(JSON.stringify(indexToJson(runs)))), runs);
  for (const bad of [null, {}, [1], [{ name: 3, metrics: [] }], [{ name: 'a', metrics: [['m', { points: '1' }]] }]]) {
    assert.equal(indexFromJson(bad), undefined, JSON.stringify(bad));
  }
});
