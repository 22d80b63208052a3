import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backtrackingRisk, parseMetricName, validatePatterns } from '../../src/core/names';

function where(full: string, patterns?: readonly string[]) {
  const { kind, group, metric, statistic } = parseMetricName(full, patterns);
  return statistic === undefined ? { kind, group, metric } : { kind, group, metric, statistic };
}

test('benchmark names: prefix, benchmark, metric and statistic', () => {
  const cases: [string, object][] = [
    ['val-core/math500/acc/mean@4', { kind: 'benchmark', group: 'math500', metric: 'acc', statistic: 'mean@4' }],
    ['val-core/MATH500/acc/mean@1', { kind: 'benchmark', group: 'MATH500', metric: 'acc', statistic: 'mean@1' }],
    ['val-core/aime24/acc/maj@4/mean', { kind: 'benchmark', group: 'aime24', metric: 'acc', statistic: 'maj@4/mean' }],
    [
      'val-aux/aime24/reward/best@8/std',
      { kind: 'benchmark', group: 'aime24', metric: 'reward', statistic: 'best@8/std' },
    ],
    ['eval/math-eval/accuracy/mean', { kind: 'benchmark', group: 'math-eval', metric: 'accuracy', statistic: 'mean' }],
    ['eval/gsm8k/accuracy/mean', { kind: 'benchmark', group: 'gsm8k', metric: 'accuracy', statistic: 'mean' }],
    [
      'val/GPQA/response_length/mean',
      { kind: 'benchmark', group: 'GPQA', metric: 'response_length', statistic: 'mean' },
    ],
    ['val/GPQA/accuracy', { kind: 'benchmark', group: 'GPQA', metric: 'accuracy' }],
    ['val/aime24/score', { kind: 'benchmark', group: 'aime24', metric: 'score' }],
    ['test/humaneval/pass@1', { kind: 'benchmark', group: 'humaneval', metric: 'pass@1' }],
    ['test/humaneval/code/pass@10', { kind: 'benchmark', group: 'humaneval', metric: 'code', statistic: 'pass@10' }],
    ['val/MATH500', { kind: 'benchmark', group: 'MATH500', metric: 'score' }],
    ['val/test_score/openai/gsm8k', { kind: 'benchmark', group: 'openai/gsm8k', metric: 'test_score' }],
  ];
  for (const [full, expected] of cases) assert.deepEqual(where(full), expected, full);
});

test('other names are diagnostics grouped by their first segment', () => {
  const cases: [string, object][] = [
    ['actor/kl_loss', { kind: 'diagnostic', group: 'actor', metric: 'kl_loss' }],
    ['actor/entropy_loss', { kind: 'diagnostic', group: 'actor', metric: 'entropy_loss' }],
    ['critic/score/mean', { kind: 'diagnostic', group: 'critic', metric: 'score', statistic: 'mean' }],
    ['response_length/mean', { kind: 'diagnostic', group: 'response_length', metric: 'mean' }],
    ['timing_s/step', { kind: 'diagnostic', group: 'timing_s', metric: 'step' }],
    ['loss', { kind: 'diagnostic', group: 'other', metric: 'loss' }],
    ['train_loss', { kind: 'diagnostic', group: 'other', metric: 'train_loss' }],
  ];
  for (const [full, expected] of cases) assert.deepEqual(where(full), expected, full);
  assert.equal(parseMetricName('actor/kl_loss').full, 'actor/kl_loss');
});

test('a split prefix gives one benchmark and metric in every form a writer uses', () => {
  // TensorBoard from the HF Trainer (eval/loss), LLaMA-Factory JSON lines (eval_loss), trainer_state.json
  // (renamed eval/eval/loss), Keras and Lightning CSV (val_loss): the same chart.
  for (const full of ['eval/loss', 'eval_loss', 'eval/eval/loss']) {
    assert.deepEqual(where(full), { kind: 'benchmark', group: 'eval', metric: 'loss' }, full);
  }
  assert.deepEqual(where('val_loss'), { kind: 'benchmark', group: 'val', metric: 'loss' });
  assert.deepEqual(where('val/loss'), { kind: 'benchmark', group: 'val', metric: 'loss' });
  assert.deepEqual(where('val_accuracy'), { kind: 'benchmark', group: 'val', metric: 'accuracy' });
  assert.deepEqual(where('validation/rougeL'), { kind: 'benchmark', group: 'validation', metric: 'rougeL' });
  assert.deepEqual(where('test_acc'), { kind: 'benchmark', group: 'test', metric: 'acc' });
  // A second segment that is no metric of a whole evaluation still names the benchmark.
  assert.deepEqual(where('val/MATH500'), { kind: 'benchmark', group: 'MATH500', metric: 'score' });
  assert.deepEqual(where('eval/gsm8k/acc'), { kind: 'benchmark', group: 'gsm8k', metric: 'acc' });
});

test('throughput and runtime keys go to the perf group, never to a benchmark', () => {
  for (const full of [
    'eval_runtime',
    'eval/runtime',
    'eval/eval/samples_per_second',
    'eval/g0/steps_per_second',
    'train_runtime',
    'total_flos',
    'train_samples_per_second',
  ]) {
    const parsed = parseMetricName(full);
    assert.equal(parsed.kind, 'diagnostic', full);
    assert.equal(parsed.group, 'perf', full);
  }
  // verl's own perf/ group is the same group.
  assert.equal(parseMetricName('perf/throughput').group, 'perf');
});

test('user patterns are tried first; a pattern without a metric group uses the full name', () => {
  const patterns = [
    '^bench_(?<benchmark>[^/]+)/(?<metric>[^/]+)(?:/(?<statistic>[^/]+))?$',
    '^(?<benchmark>mmlu_pro)_',
  ];
  assert.deepEqual(where('bench_hellaswag/acc/mean', patterns), {
    kind: 'benchmark',
    group: 'hellaswag',
    metric: 'acc',
    statistic: 'mean',
  });
  assert.deepEqual(where('mmlu_pro_acc', patterns), { kind: 'benchmark', group: 'mmlu_pro', metric: 'mmlu_pro_acc' });
  // Names the patterns do not match still follow the built-in rules.
  assert.deepEqual(where('actor/kl_loss', patterns), { kind: 'diagnostic', group: 'actor', metric: 'kl_loss' });
});

test('invalid patterns are ignored and reported', () => {
  const patterns = ['(?<benchmark>[', '^no_group_(.*)$', '^ok_(?<benchmark>\\w+)$'];
  assert.deepEqual(where('ok_math', patterns), { kind: 'benchmark', group: 'math', metric: 'ok_math' });
  assert.deepEqual(where('no_group_x', patterns), { kind: 'diagnostic', group: 'other', metric: 'no_group_x' });
  const errors = validatePatterns(patterns);
  assert.equal(errors.length, 2);
  assert.match(errors[0]!, /"\(\?<benchmark>\[" is not a valid regular expression/);
  assert.match(errors[1]!, /"\^no_group_\(\.\*\)\$" has no \(\?<benchmark>…\) group/);
});

test('patterns that could backtrack for seconds are refused, said why, and never run', () => {
  // A cloned repository's settings (issue #13): 9.5 s per 28-character name before.
  const evil = [
    '^(?<benchmark>(a+)+)$',
    '^(?<benchmark>(a|aa)*)$',
    '^(?<benchmark>(?:\\w+\\s?)*)$',
    '^(?<benchmark>.*.*.*.*.*)x$',
    '^(?<benchmark>(a{1,}){2,})$',
  ];
  for (const pattern of evil) {
    assert.ok(backtrackingRisk(pattern), pattern);
    assert.match(validatePatterns([pattern])[0]!, /can take seconds/, pattern);
    assert.deepEqual(where(`${'a'.repeat(28)}!`, [pattern]), {
      kind: 'diagnostic',
      group: 'other',
      metric: `${'a'.repeat(28)}!`,
    });
  }
  // Ordinary patterns, with classes, escapes, optional groups and bounded repeats, are fine.
  for (const pattern of [
    '^bench_(?<benchmark>[^/]+)/(?<metric>[^/]+)(?:/(?<statistic>[^/]+))?$',
    '^(?<benchmark>mmlu_pro)_',
    '^(?<benchmark>[a-z]{2,8})\\d+(?:\\.\\d)?$',
    '^x(?<benchmark>[(+*]+)$',
  ]) {
    assert.equal(backtrackingRisk(pattern), undefined, pattern);
  }
  assert.match(validatePatterns(['x'.repeat(301)])[0]!, /longer than 300/);
  assert.match(validatePatterns([5 as unknown as string])[0]!, /not a string/);
  // A name longer than user patterns look at is placed by the built-in rules.
  const long = `bench_${'h'.repeat(300)}/acc`;
  assert.equal(where(long, ['^bench_(?<benchmark>[^/]+)/(?<metric>[^/]+)$']).kind, 'diagnostic');
});
