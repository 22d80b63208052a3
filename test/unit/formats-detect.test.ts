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

/** A v0.3 results file of many tasks: its "results" alone fill far more than the first 4 KiB. */
function v03Results(): string {
  const tasks: Record<string, object> = {};
  for (let i = 0; i < 60; i++)
    tasks[`task_${i}`] = { acc: 0.25, acc_stderr: 0.03, acc_norm: 0.3, acc_norm_stderr: 0.03 };
  return JSON.stringify(
    { results: tasks, versions: {}, config: { model_args: 'pretrained=acme/tiny,revision=step1000' } },
    null,
    2,
  );
}

test('lm-eval output is recognised by its keys in the first bytes, whatever the file is called', () => {
  const cases: [string, string][] = [
    ['evals/tiny/zero-shot/70m_step1000.json', v03Results()],
    [
      'evals/Tiny-7B/openllm/gsm8k.json',
      '{\n  "results": {\n    "gsm8k": {\n      "exact_match,strict-match": 0.2,\n      "exact_match_stderr,strict-match": 0.01',
    ],
    [
      'evals/Tiny-7B/mmlu.json',
      '{"results": {"mmlu": {"acc,none": 0.52, "alias": "mmlu"}}, "group_subtasks": {"mmlu": []}}',
    ],
    // "results" not first: a file rewritten by a user's script.
    [
      'evals/tiny/arc.json',
      '{"model_name": "acme/tiny", "date": 1712926095.8, "results": {"arc_easy": {"acc": 0.5, "acc_stderr": 0.01}}}',
    ],
    [
      'evals/tiny/hs.json',
      '{"n-shot": {"hellaswag": 0}, "versions": {"hellaswag": 1.0}, "results": {"hellaswag": {"alias": "hellaswag"}}}',
    ],
    // Keys sorted (json.dump(sort_keys=True)): the task configs push "results" past the first 4 KiB.
    [
      'evals/tiny/sorted.json',
      '{"config": {"batch_size": 1, "bootstrap_iters": 100000, "model": "hf", "model_args": "pretrained=acme/tiny"}, "configs": {"gsm8k": {"doc_to_text": "Question:',
    ],
  ];
  for (const [path, text] of cases) assert.equal(detectFormat(path, head(encode(text))), 'lm-eval', path);
});

test('JSON that is not lm-eval output is not claimed, even with a "results" or a "model_args" key', () => {
  const cases: [string, string][] = [
    [
      'package.json',
      '{"name": "x", "version": "1.0.0", "scripts": {"test": "node --test"}, "devDependencies": {"typescript": "^5"}}',
    ],
    ['tsconfig.json', '{"compilerOptions": {"strict": true, "outDir": "out"}, "include": ["src"]}'],
    [
      'wandb/run-1/files/wandb-summary.json',
      '{"_step": 99, "_runtime": 3600, "eval/acc": 0.5, "results": {"_type": "table-file", "path": "media/table.json"}}',
    ],
    ['api/search.json', '{"results": [{"id": 1, "score": 0.5}], "total": 1}'],
    ['configs/eval.json', '{"model": "hf", "model_args": "pretrained=acme/tiny", "results": "out/"}'],
    ['registry/pkg.json', '{"name": "x", "versions": {"1.0.0": {}}, "dist-tags": {"latest": "1.0.0"}}'],
    ['out/state.json', '{"note": "see log_history in trainer_state.json"}'],
  ];
  for (const [path, text] of cases) assert.equal(detectFormat(path, encode(text)), undefined, path);
});
