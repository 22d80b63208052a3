import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, logName } from '../../src/core/formats/detect';
import { encode, fixture } from './formats-helpers';

/** What the host passes: the first few KiB. */
const head = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, 4096);

test('recognises each format from its path and first bytes', () => {
  const cases: [string, Uint8Array, string][] = [
    ['logs/grpo.metrics.jsonl', encode('{"step": 0, "actor/kl_loss": 0.0}\n'), 'metrics-jsonl'],
    ['verl/train.jsonl', encode('\n{"step": 1, "data": {"actor/kl_loss": 0.001}}\n'), 'metrics-jsonl'],
    [
      'verl/train.jsonl',
      encode('{"step": 1, "data": {"actor/kl_loss": NaN, "x": "a very long line cut off by the host'),
      'metrics-jsonl',
    ],
    [
      'out/run/checkpoint-30/trainer_state.json',
      head(fixture('hf/grpo-run/checkpoint-30/trainer_state.json')),
      'trainer-state',
    ],
    ['out/run/state-copy.json', encode('{"global_step": 3, "log_history": ['), 'trainer-state'],
    ['mlruns/1/abc/metrics/train/loss', encode('1746093601000 0.92 0\n1746093602000 0.85 1\n'), 'mlflow'],
    ['runs/grpo/events.out.tfevents.1700000000.host.123.0', new Uint8Array([24, 0, 0, 0, 0, 0, 0, 0]), 'tensorboard'],
    ['exports/reward.csv', head(fixture('wandb/reward.csv')), 'wandb-csv'],
    ['exports/run.csv', encode('global_step,loss,acc\n0,1,2\n'), 'csv'],
    [
      'out/m/results_2025-05-02T10-00-00.000001.json',
      head(fixture('lm-eval/__ckpt__grpo-run__global_step_100/results_2025-05-02T10-00-00.000001.json')),
      'lm-eval',
    ],
  ];
  for (const [path, bytes, format] of cases) assert.equal(detectFormat(path, bytes), format, path);
});

test('files of none of the formats are not claimed', () => {
  const cases: [string, Uint8Array][] = [
    ['data/train.jsonl', encode('["not", "an", "object"]\n')],
    ['data/config.json', encode('{"model": "qwen"}')],
    ['exports/runs.csv', encode('Name,State,Runtime\ngrpo,finished,3600\n')],
    ['notes/metrics/todo', encode('buy milk\n')],
    ['README.md', encode('# hi\n')],
  ];
  for (const [path, bytes] of cases) assert.equal(detectFormat(path, bytes), undefined, path);
});

test('names a log by its run before it is read, as the parsers will', () => {
  const cases: [string, string][] = [
    ['logs/grpo.metrics.jsonl', 'grpo'],
    ['verl/train.jsonl', 'train'],
    ['out/trl-grpo/checkpoint-140/trainer_state.json', 'trl-grpo'],
    ['out/sft/trainer_state.json', 'sft'],
    ['tb/ppo/events.out.tfevents.1718000000.node1.4242.0', 'ppo'],
    ['exports/wandb_export.csv', 'wandb_export'],
    ['lm-eval/qwen/results_2024-06-01.json', 'results_2024-06-01'],
  ];
  for (const [path, name] of cases) assert.equal(logName(path), name, path);
});
