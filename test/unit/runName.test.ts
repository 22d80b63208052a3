import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctLabels, logLocation, logName, tensorBoardRunName } from '../../src/core/formats';

test("a tool's fixed file or folder name is followed by the folders above until one says something", () => {
  assert.equal(logName('/w/exp/lightning_logs/version_1/metrics.csv'), 'lightning_logs/version_1');
  assert.equal(logName('/w/llamafactory-qwen/trainer_log.jsonl'), 'llamafactory-qwen');
  assert.equal(logName('/w/tinker-rl/logs/metrics.jsonl'), 'tinker-rl/logs');
  assert.equal(logName('/w/runs/grpo-seed1.metrics.jsonl'), 'grpo-seed1');
  assert.equal(logName('metrics.jsonl'), 'metrics');
  assert.equal(
    tensorBoardRunName('/w/keras/tb_logs_at_2022-10-17/validation/events.out.tfevents.1.host.v2'),
    'tb_logs_at_2022-10-17/validation',
  );
  assert.equal(
    tensorBoardRunName('/w/mlruns/1/abc/artifacts/tensorboard_logs/train/events.out.tfevents.1'),
    'tensorboard_logs/train',
  );
  assert.equal(tensorBoardRunName('/w/logs/grpo/events.out.tfevents.1'), 'grpo');
});

test('runs still sharing a name in one view get the shortest path tail that tells them apart', () => {
  const labels = distinctLabels(
    ['exp/train', 'exp/train', 'grpo', 'seed1', 'seed1'],
    [
      logLocation('/w/a/exp/train', true),
      logLocation('/w/b/exp/train', true),
      logLocation('/w/a/grpo.metrics.jsonl', false),
      logLocation('/w/wandb/reward.csv', false),
      logLocation('/w/wandb/loss.csv', false),
    ],
  );
  assert.deepEqual(labels, ['a/exp/train', 'b/exp/train', 'grpo', 'reward/seed1', 'loss/seed1']);
  assert.equal(new Set(labels).size, labels.length);
  // A generic file name is no part of the path that tells runs apart.
  assert.deepEqual(
    distinctLabels(
      ['lightning_logs/version_0', 'lightning_logs/version_0'],
      [
        logLocation('/w/x/lightning_logs/version_0/metrics.csv', false),
        logLocation('/w/y/lightning_logs/version_0/metrics.csv', false),
      ],
    ),
    ['x/lightning_logs/version_0', 'y/lightning_logs/version_0'],
  );
});
