import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisRole, dualAxisChoices, dualAxisPairs } from '../../src/core/pairs';

/** Reference figure 4's names, as the sample log writes them. */
const FIGURE4_BENCHMARKS = [
  'Total@temp_1.0',
  'OMNI-MATH500',
  'MATH500',
  'AIMO2024',
  'AIME2024',
  'ChatGLMMath',
  'GAOKAO',
  'GPQA',
];
const figure4 = FIGURE4_BENCHMARKS.flatMap((b) => [`val/${b}/accuracy`, `val/${b}/response_length/mean`]);

test('scores go on the left axis and lengths on the right; spreads and other metrics on neither', () => {
  assert.equal(axisRole('accuracy'), 'left');
  assert.equal(axisRole('acc', 'mean@4'), 'left');
  assert.equal(axisRole('pass@8'), 'left');
  assert.equal(axisRole('reward'), 'left');
  assert.equal(axisRole('test_score'), 'left');
  assert.equal(axisRole('response_length', 'mean'), 'right');
  assert.equal(axisRole('num_tokens'), 'right');
  // A length of the reward is still a length.
  assert.equal(axisRole('reward_length'), 'right');
  assert.equal(axisRole('accuracy', 'std'), undefined);
  assert.equal(axisRole('response_length/clip_ratio'), undefined);
  assert.equal(axisRole('entropy'), undefined);
  // Whole words only: "accent" and "lens" are neither.
  assert.equal(axisRole('accent'), undefined);
  assert.equal(axisRole('lens'), undefined);
});

test('figure 4: accuracy and mean response length pair up on every benchmark, in the log’s order', () => {
  const choices = dualAxisChoices([...figure4, 'actor/kl_loss', 'response_length/mean']);
  assert.deepEqual(choices, { left: ['accuracy'], right: ['response_length/mean'] });
  const pairs = dualAxisPairs(figure4, 'accuracy', 'response_length/mean');
  assert.deepEqual(
    pairs.map((p) => p.benchmark),
    FIGURE4_BENCHMARKS,
  );
  assert.deepEqual(pairs[2], {
    benchmark: 'MATH500',
    left: 'val/MATH500/accuracy',
    right: 'val/MATH500/response_length/mean',
  });
});

test('no choices when no benchmark logs both a score and a length', () => {
  // Diagnostics are not benchmarks, even with the same metric names.
  assert.equal(
    dualAxisChoices(['val/math500/acc', 'val/gpqa/response_length/mean', 'response_length/mean', 'critic/score/mean']),
    undefined,
  );
  assert.equal(dualAxisChoices([]), undefined);
});

test('the most common names come first, headline statistics before others, and only benchmarks with both count', () => {
  const names = [
    'val/a/acc/mean@4',
    'val/a/acc/best@4/mean',
    'val/a/response_length/max',
    'val/a/response_length/mean',
    'val/b/acc/mean@4',
    'val/b/response_length/max',
    'val/b/response_length/mean',
    'val/b/acc/std',
    'val/c/score',
    'val/c/response_length/mean',
    // Has a score but no length: its score does not count.
    'val/d/score',
    'val/e/score',
  ];
  const choices = dualAxisChoices(names)!;
  assert.deepEqual(choices.left, ['acc/mean@4', 'score', 'acc/best@4/mean']);
  // max and mean are equally common: the mean is the headline.
  assert.deepEqual(choices.right, ['response_length/mean', 'response_length/max']);
  assert.deepEqual(
    dualAxisPairs(names, 'acc/mean@4', 'response_length/max').map((p) => p.benchmark),
    ['a', 'b'],
  );
  assert.deepEqual(dualAxisPairs(names, 'score', 'response_length/mean'), [
    { benchmark: 'c', left: 'val/c/score', right: 'val/c/response_length/mean' },
  ]);
});

test('user benchmark patterns decide the benchmark and metric names', () => {
  const pattern = '^bench:(?<benchmark>[^:]+):(?<metric>.+)$';
  const names = ['bench:gsm8k:accuracy', 'bench:gsm8k:output_tokens', 'bench:mmlu:accuracy'];
  assert.deepEqual(dualAxisChoices(names, [pattern]), { left: ['accuracy'], right: ['output_tokens'] });
  assert.deepEqual(dualAxisPairs(names, 'accuracy', 'output_tokens', [pattern]), [
    { benchmark: 'gsm8k', left: 'bench:gsm8k:accuracy', right: 'bench:gsm8k:output_tokens' },
  ]);
});
