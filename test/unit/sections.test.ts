import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupCharts } from '../../src/core/sections';

test('benchmarks come first A–Z, then diagnostics: actor, critic, response_length, others, timing last', () => {
  const sections = groupCharts([
    'timing_s/gen',
    'loss',
    'perf/throughput',
    'response_length/mean',
    'critic/score/mean',
    'actor/kl_loss',
    'val-core/math500/acc/mean@1',
    'eval/AIME24/accuracy/mean',
    'val/gpqa/accuracy',
    'actor/entropy_loss',
    'actor/kl_loss',
  ]);
  assert.deepEqual(
    sections.map((s) => `${s.kind}:${s.title}`),
    [
      'benchmark:AIME24',
      'benchmark:gpqa',
      'benchmark:math500',
      'diagnostic:actor',
      'diagnostic:critic',
      'diagnostic:response_length',
      'diagnostic:other',
      'diagnostic:perf',
      'diagnostic:timing_s',
    ],
  );
  // A name given twice (e.g. by two runs) is one chart.
  assert.deepEqual(
    sections[3]!.metrics.map((m) => m.full),
    ['actor/entropy_loss', 'actor/kl_loss'],
  );
  assert.equal(sections[3]!.metrics[1]!.parsed.metric, 'kl_loss');
});

test('metrics within a section sort naturally by metric, then statistic', () => {
  const [section] = groupCharts([
    'val-core/aime24/acc/mean@16',
    'val-core/aime24/acc/mean@4',
    'val-core/aime24/acc/maj@4/mean',
    'val-core/aime24/acc/best@2/mean',
    'val-aux/aime24/reward/mean@4',
  ]);
  assert.ok(section);
  assert.equal(section.title, 'aime24');
  assert.deepEqual(
    section.metrics.map((m) => m.full),
    [
      'val-core/aime24/acc/best@2/mean',
      'val-core/aime24/acc/maj@4/mean',
      'val-core/aime24/acc/mean@4',
      'val-core/aime24/acc/mean@16',
      'val-aux/aime24/reward/mean@4',
    ],
  );
});

test('user patterns decide sections too', () => {
  const sections = groupCharts(['bench_hellaswag/acc', 'loss'], ['^bench_(?<benchmark>[^/]+)/(?<metric>.+)$']);
  assert.deepEqual(
    sections.map((s) => [s.kind, s.title]),
    [
      ['benchmark', 'hellaswag'],
      ['diagnostic', 'other'],
    ],
  );
});

test('progress fields get no chart; perf comes after the other diagnostics', () => {
  // LLaMA-Factory's trainer_log.jsonl and the Trainer's logs: epoch, total_steps and percentage say how far
  // training is (they stay columns, for the x axis), and eval_loss is the eval benchmark's loss.
  const sections = groupCharts([
    'loss',
    'total_steps',
    'eval_runtime',
    'epoch',
    'percentage',
    'eval_loss',
    'actor/kl_loss',
  ]);
  assert.deepEqual(
    sections.map((s) => [s.kind, s.title, s.metrics.map((m) => m.full)]),
    [
      ['benchmark', 'eval', ['eval_loss']],
      ['diagnostic', 'actor', ['actor/kl_loss']],
      ['diagnostic', 'other', ['loss']],
      ['diagnostic', 'perf', ['eval_runtime']],
    ],
  );
});
