import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discoverRuns } from '../../src/core/formats';

test('a folder of mixed logs becomes one run per log, folder formats grouped by folder', () => {
  const { runs, candidates } = discoverRuns([
    'grpo.metrics.jsonl',
    'verl/run1.jsonl',
    'wandb/export.csv',
    'tb/grpo/events.out.tfevents.1700000000.host.1.0',
    'tb/grpo/events.out.tfevents.1700000500.host.1.0',
    'tb/dapo/events.out.tfevents.1700000000.host.2.0',
    'lm-eval/grpo/results_2024-06-01.json',
    'lm-eval/grpo/results_2024-06-02.json',
    'mlruns/0/abc123/meta.yaml',
    'mlruns/0/abc123/metrics/loss',
    'mlruns/0/abc123/metrics/eval/accuracy',
    'mlruns/0/abc123/tags/mlflow.runName',
    'README.md',
  ]);
  assert.deepEqual(runs, [
    { kind: 'file', path: 'grpo.metrics.jsonl' },
    { kind: 'tensorboard', folder: 'tb/grpo' },
    { kind: 'tensorboard', folder: 'tb/dapo' },
    { kind: 'lm-eval', folder: 'lm-eval/grpo' },
    { kind: 'mlflow', folder: 'mlruns/0/abc123' },
  ]);
  assert.deepEqual(candidates, ['verl/run1.jsonl', 'wandb/export.csv'], 'other JSON lines and CSV files are checked by content');
});

test('of the trainer_state.json files of a run, only the latest checkpoint or the final one counts', () => {
  const paths = ['out/a/checkpoint-500/trainer_state.json', 'out/a/checkpoint-1000/trainer_state.json', 'out/a/checkpoint-50/trainer_state.json', 'out/b/checkpoint-10/trainer_state.json', 'out/b/trainer_state.json'];
  assert.deepEqual(discoverRuns(paths).runs, [
    { kind: 'file', path: 'out/a/checkpoint-1000/trainer_state.json' },
    { kind: 'file', path: 'out/b/trainer_state.json' },
  ]);
});
