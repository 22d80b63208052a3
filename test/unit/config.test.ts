// A run's configuration from every format (issue #17): what the runs table shows, sorts and filters by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import {
  MAX_CONFIG_KEYS,
  MAX_CONFIG_KEY_LENGTH,
  MAX_CONFIG_VALUE_LENGTH,
  configKeys,
  numberText,
  runConfig,
  type ConfigValue,
  type RunConfig,
} from '../../src/core/config';
import { parseCsv } from '../../src/core/formats/csv';
import { parseLmEvalResults } from '../../src/core/formats/lm-eval';
import { parseMlflowRun } from '../../src/core/formats/mlflow';
import { maskedCrc32c } from '../../src/core/formats/crc32c';
import { parseTensorBoardRun } from '../../src/core/formats/tensorboard';
import { parseTrainerState } from '../../src/core/formats/trainer-state';
import { MetricsLogParser } from '../../src/core/jsonl';
import type { ParsedPart } from '../../src/core/parts';
import type { Run } from '../../src/core/types';
import { encode, onlyRun as onlyLogRun } from './formats-helpers';
import { onlyRun, parse, parseBytes, snapshot } from './helpers';

const entries = (config: RunConfig) => [...config.values];
const sources = (config: RunConfig) => Object.fromEntries(config.sources);

// ---------------------------------------------------------------------------------------------------
// JSON lines

/** A log as a trainer writes one: its config once, then steps with a constant and a changing text field. */
const JSONL_LOG = [
  '{"config": {"lr": 1e-6, "optimizer": "adamw", "use_lora": true, "model": {"name": "Qwen2.5-7B", "layers": 28}}}',
  '{"step": 0, "experiment": "gsm8k-grpo", "elapsed_time": "0:00:10", "loss": 1.5}',
  '{"step": 1, "experiment": "gsm8k-grpo", "elapsed_time": "0:00:20", "loss": 1.2}',
  '',
].join('\n');

test('JSON lines: a config line gives numbers, text and booleans, with no chart; constant fields join it, changing ones do not', () => {
  const run = onlyRun(parse(JSONL_LOG));
  assert.deepEqual([...run.metrics.keys()], ['loss'], 'the config numbers are no metric columns');
  const config = runConfig(run, 'metrics-jsonl');
  assert.deepEqual(entries(config), [
    ['lr', 1e-6],
    ['optimizer', 'adamw'],
    ['use_lora', true],
    ['model/name', 'Qwen2.5-7B'],
    ['model/layers', 28],
    ['experiment', 'gsm8k-grpo'],
  ]);
  assert.equal(sources(config).lr, 'config');
  assert.equal(sources(config).experiment, 'field');
  assert.equal(config.omitted, 0);
  // The changing time text is still metadata, as before; only the configuration leaves it out.
  assert.equal(run.metadata.get('elapsed_time'), '0:00:20');
  assert.deepEqual([...(run.varying ?? [])], ['elapsed_time']);
});

test('JSON lines: a config line the byte scanner leaves to JSON.parse (an array, an escape) reads the same', () => {
  const scanned = onlyRun(parse(JSONL_LOG));
  // The array and the escaped quote send these lines to JSON.parse; arrays are not read in either path.
  const parsed = onlyRun(
    parse(
      JSONL_LOG.replace('"use_lora": true,', '"use_lora": true, "layers_frozen": [1, 2],').replace(
        '"experiment": "gsm8k-grpo", "elapsed_time": "0:00:10"',
        '"experiment": "gsm8k-grpo", "elapsed_time": "0:00:10", "note": "a \\"b\\""',
      ),
    ),
  );
  assert.deepEqual([...parsed.metrics.keys()], ['loss']);
  assert.deepEqual(entries(runConfig(parsed, 'metrics-jsonl')), [
    ...entries(runConfig(scanned, 'metrics-jsonl')),
    ['note', 'a "b"'],
  ]);
});

test('JSON lines: hparams objects too; NaN and Infinity in a config are no metric; config wins over hparams', () => {
  const parser = parse(
    [
      '{"hparams": {"lr": 2e-5, "batch_size": 64, "warmup": NaN, "max_grad": Infinity}}',
      '{"config": {"lr": 1e-5}}',
      '{"step": 0, "loss": 1}',
      // The same through JSON.parse (the escape): numbers of a config object are never metrics.
      '{"step": 1, "hparams": {"note": "x\\ty", "decay": -Infinity, "cooldown": NaN}, "loss": 0.5}',
      '',
    ].join('\n'),
  );
  const run = onlyRun(parser);
  assert.deepEqual([...run.metrics.keys()], ['loss']);
  const config = runConfig(run, 'metrics-jsonl');
  assert.deepEqual(entries(config), [
    ['lr', 1e-5],
    ['batch_size', 64],
    ['max_grad', Infinity],
    ['note', 'x\ty'],
    ['decay', -Infinity],
  ]);
  assert.equal(sources(config).lr, 'config');
  assert.equal(sources(config).batch_size, 'hparams');
  // Kept as metadata (a number, on both parse paths), left out of the configuration.
  assert.ok(Number.isNaN(run.metadata.get('hparams/warmup')));
  assert.ok(Number.isNaN(run.metadata.get('hparams/cooldown')));
});

test('JSON lines: a config value is typed as logged, a config key nested deeper is not special, and the seed is a number', () => {
  const run = onlyRun(
    parse(
      [
        '{"method": "GRPO", "seed": 1, "step": 0, "config": {"lr": "1e-6"}, "actor": {"config": {"clip": 0.2}}, "loss": 1}',
        '',
      ].join('\n'),
    ),
  );
  assert.deepEqual([...run.metrics.keys()], ['actor/config/clip', 'loss']);
  assert.deepEqual(entries(runConfig(run, 'metrics-jsonl')), [
    ['lr', '1e-6'],
    ['seed', 1],
  ]);
});

test('JSON lines: a field that changes between two parts read on two threads is not configuration', () => {
  const head = '{"step": 0, "stage": "warmup", "model": "m", "loss": 1}\n';
  const tail = '{"step": 1, "stage": "main", "model": "m", "loss": 0.5}\n{"step": 2, "stage": "main", "loss": 0.4}\n';
  const worker = new MetricsLogParser('run', true);
  worker.push(encode(tail));
  const { part, transfer } = worker.part();
  const parser = new MetricsLogParser('run');
  parser.push(encode(head));
  assert.equal(parser.merge(structuredClone<ParsedPart>(part, { transfer })), true);
  parser.finish();
  assert.deepEqual(snapshot(parser), snapshot(parse(head + tail)));
  assert.deepEqual(entries(runConfig(onlyRun(parser), 'metrics-jsonl')), [['model', 'm']]);
});

test('JSON lines: a config line split over two pushes anywhere reads the same', () => {
  const bytes = encode(JSONL_LOG);
  const whole = entries(runConfig(onlyRun(parse(JSONL_LOG)), 'metrics-jsonl'));
  for (const chunk of [1, 7, 50]) {
    assert.deepEqual(
      entries(runConfig(onlyRun(parseBytes(bytes, chunk)), 'metrics-jsonl')),
      whole,
      `chunks of ${chunk}`,
    );
  }
});

// ---------------------------------------------------------------------------------------------------
// MLflow

test('MLflow: params and user tags, numbers from their text; MLflow’s own tags and the lifecycle are not configuration', () => {
  const file = (path: string, text: string) => ({ path, bytes: encode(text) });
  const run = onlyLogRun(
    parseMlflowRun(
      [
        file('meta.yaml', 'run_id: abc\nlifecycle_stage: active\n'),
        file('metrics/loss', '1746093600000 0.5 0\n'),
        file('params/learning_rate', '1e-06'),
        file('params/algorithm', 'GRPO'),
        file('params/epochs', '3'),
        file('params/use_peft', 'True'),
        file('params/dataset_id', '00123'),
        file('params/job', '12345678901234567890'),
        file('tags/team', 'rl'),
        file('tags/epochs', '9'),
        file('tags/mlflow.runName', 'grpo-lr1e-6'),
        file('tags/mlflow.user', 'alice'),
      ],
      'abc',
    ),
  );
  const config = runConfig(run, 'mlflow');
  assert.deepEqual(entries(config), [
    ['learning_rate', 1e-6],
    ['algorithm', 'GRPO'],
    ['epochs', 3],
    ['use_peft', 'True'],
    // Text that a number would not write back: an id with leading zeros, an integer beyond 2^53.
    ['dataset_id', '00123'],
    ['job', '12345678901234567890'],
    ['team', 'rl'],
  ]);
  assert.equal(sources(config).epochs, 'param', 'a param wins over a tag of the same name');
  assert.equal(sources(config).team, 'tag');
  // Without the format, every format's prefixes are read, with the same result here.
  assert.deepEqual(entries(runConfig(run)), entries(config));
});

// ---------------------------------------------------------------------------------------------------
// lm-evaluation-harness

const lmEvalFile = (path: string, root: Record<string, unknown>) => ({ path, bytes: encode(JSON.stringify(root)) });

test('lm-eval: the latest checkpoint’s config (model_args given as an object) and v0.4’s few-shot count', () => {
  const results = (step: number, date: number) =>
    lmEvalFile(`grpo/global_step_${step}/results_${date}.json`, {
      results: { gsm8k: { 'exact_match,strict-match': 0.5 + step / 1000 }, mmlu: { 'acc,none': 0.6 } },
      'n-shot': { gsm8k: 5, mmlu: 5 },
      config: {
        model: 'hf',
        model_args: { pretrained: `/ckpt/grpo/global_step_${step}`, dtype: 'bfloat16' },
        batch_size: 8,
        limit: null,
        bootstrap_iters: 100000,
        gen_kwargs: null,
        batch_sizes: [8],
      },
      date,
    });
  const run = onlyLogRun(parseLmEvalResults([results(200, 1746266400), results(100, 1746180000)]));
  const config = runConfig(run, 'lm-eval');
  assert.deepEqual(entries(config), [
    ['model', 'hf'],
    ['model_args/pretrained', '/ckpt/grpo/global_step_200'],
    ['model_args/dtype', 'bfloat16'],
    ['batch_size', 8],
    ['bootstrap_iters', 100000],
    ['num_fewshot', 5],
  ]);
  assert.ok([...config.sources.values()].every((s) => s === 'config'));
});

test('lm-eval v0.3: model_args as text, num_fewshot and limit from config; differing n-shot counts stay per task', () => {
  const v03 = onlyLogRun(
    parseLmEvalResults([
      lmEvalFile('160m_step1000.json', {
        results: { lambada: { acc: 0.3 } },
        versions: { lambada: 0 },
        config: {
          model: 'hf-causal',
          model_args: 'pretrained=EleutherAI/pythia-160m,revision=step1000',
          num_fewshot: 0,
          limit: 100,
        },
      }),
    ]),
  );
  assert.deepEqual(entries(runConfig(v03, 'lm-eval')), [
    ['model', 'hf-causal'],
    ['model_args', 'pretrained=EleutherAI/pythia-160m,revision=step1000'],
    ['num_fewshot', 0],
    ['limit', 100],
  ]);
  const mixed = onlyLogRun(
    parseLmEvalResults([
      lmEvalFile('results_1.json', {
        results: { gsm8k: { 'acc,none': 0.5 } },
        'n-shot': { gsm8k: 5, arc: 25 },
        config: { model: 'hf' },
      }),
    ]),
  );
  assert.deepEqual(entries(runConfig(mixed, 'lm-eval')), [
    ['model', 'hf'],
    ['num_fewshot/gsm8k', 5],
    ['num_fewshot/arc', 25],
  ]);
});

// ---------------------------------------------------------------------------------------------------
// trainer_state.json

test('trainer_state.json: the best checkpoint first, a search trial’s params, then the other top-level fields', () => {
  const state = {
    best_metric: 0.68,
    best_model_checkpoint: 'out/grpo/checkpoint-20',
    best_global_step: 20,
    epoch: 0.24,
    global_step: 30,
    max_steps: 30,
    train_batch_size: 8,
    is_world_process_zero: true,
    trial_name: null,
    trial_params: { learning_rate: 1e-5, optim: 'adamw_torch' },
    stateful_callbacks: { TrainerControl: { args: { should_save: true } } },
    log_history: [
      { step: 10, loss: 0.5, epoch: 0.08 },
      { step: 30, train_runtime: 1843.2, train_loss: 0.4, epoch: 0.24 },
    ],
  };
  const run = onlyLogRun(parseTrainerState(encode(JSON.stringify(state)), 'out/grpo/trainer_state.json'));
  const config = runConfig(run, 'trainer-state');
  assert.deepEqual(entries(config), [
    ['best_metric', 0.68],
    ['best_model_checkpoint', 'out/grpo/checkpoint-20'],
    ['best_global_step', 20],
    ['learning_rate', 1e-5],
    ['optim', 'adamw_torch'],
    ['epoch', 0.24],
    ['global_step', 30],
    ['max_steps', 30],
    ['train_batch_size', 8],
    ['is_world_process_zero', true],
    // The training summary describes the run too.
    ['train_runtime', 1843.2],
    ['train_loss', 0.4],
  ]);
  assert.equal(sources(config).best_metric, 'state');
  assert.equal(sources(config).learning_rate, 'hparams');
});

// ---------------------------------------------------------------------------------------------------
// TensorBoard

/**
 * The writer's side of the hparams plugin, from TensorBoard's plugin_data.proto and protobuf's
 * struct.proto (trimmed to the fields used): written here, not downloaded.
 */
const PROTO = `
syntax = "proto3";
message Event { double wall_time = 1; int64 step = 2; oneof what { string file_version = 3; Summary summary = 5; } }
message SummaryMetadata { message PluginData { string plugin_name = 1; bytes content = 2; } PluginData plugin_data = 1; }
message Summary {
  message Value { string tag = 1; SummaryMetadata metadata = 9; oneof value { float simple_value = 2; TensorProto tensor = 8; } }
  repeated Value value = 1;
}
message TensorProto { int32 dtype = 1; TensorShapeProto tensor_shape = 2; repeated bytes string_val = 8; }
message TensorShapeProto { }
message ListValue { repeated Value values = 1; }
message Value {
  oneof kind { int32 null_value = 1; double number_value = 2; string string_value = 3; bool bool_value = 4; ListValue list_value = 6; }
}
message HParamInfo { string name = 1; }
message Experiment { string name = 6; repeated HParamInfo hparam_infos = 4; }
message SessionStartInfo { map<string, Value> hparams = 1; string group_name = 4; double start_time_secs = 5; }
message SessionEndInfo { int32 status = 1; double end_time_secs = 2; }
message HParamsPluginData {
  int32 version = 1;
  oneof data { Experiment experiment = 2; SessionStartInfo session_start_info = 3; SessionEndInfo session_end_info = 4; }
}
`;
const root = protobuf.parse(PROTO, { keepCase: true }).root;
const Event = root.lookupType('Event');
const PluginData = root.lookupType('HParamsPluginData');

function record(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length, true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(payload, 12);
  view.setUint32(12 + payload.length, maskedCrc32c(payload), true);
  return out;
}
const events = (...list: Record<string, unknown>[]): Uint8Array => {
  const records = list.map((e) => record(Event.encode(Event.fromObject(e)).finish()));
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  records.reduce((at, r) => (out.set(r, at), at + r.length), 0);
  return out;
};
/** A summary of the hparams plugin: its data in the metadata's content; `tensor` for TensorFlow's shape, none for PyTorch's. */
const hparamsSummary = (tag: string, data: Record<string, unknown>, tensor = false) => ({
  wall_time: 1700000000,
  summary: {
    value: [
      {
        tag,
        metadata: {
          plugin_data: {
            plugin_name: 'hparams',
            content: PluginData.encode(PluginData.fromObject({ version: 0, ...data })).finish(),
          },
        },
        ...(tensor && { tensor: { dtype: 7, tensor_shape: {}, string_val: [new Uint8Array(0)] } }),
      },
    ],
  },
});

test('TensorBoard: the hparams plugin’s session start info is the configuration, and no hparams summary is a curve', () => {
  for (const tensor of [false, true]) {
    const bytes = events(
      { wall_time: 1700000000, file_version: 'brain.Event:2' },
      hparamsSummary('_hparams_/experiment', { experiment: { hparam_infos: [{ name: 'lr' }] } }, tensor),
      hparamsSummary(
        '_hparams_/session_start_info',
        {
          session_start_info: {
            hparams: {
              lr: { number_value: 0.001 },
              optimizer: { string_value: 'adam' },
              use_amp: { bool_value: true },
              layers: { list_value: { values: [{ number_value: 1 }] } },
              dropout: { number_value: 0 },
              resume: { bool_value: false },
              tag: { string_value: '' },
            },
            start_time_secs: 1700000000,
          },
        },
        tensor,
      ),
      // PyTorch's add_hparams logs the metric_dict as ordinary scalars.
      { step: 0, wall_time: 1700000001, summary: { value: [{ tag: 'hparam/accuracy', simple_value: 0.5 }] } },
      hparamsSummary('_hparams_/session_end_info', { session_end_info: { status: 1 } }, tensor),
    );
    const log = parseTensorBoardRun([{ path: 'runs/grpo/events.out.tfevents.1700000000.host.1.0', bytes }], 'grpo');
    const run = onlyLogRun(log);
    assert.deepEqual([...run.metrics.keys()], ['hparam/accuracy'], tensor ? 'TensorFlow' : 'PyTorch');
    const config = runConfig(run, 'tensorboard');
    assert.deepEqual(entries(config), [
      ['lr', 0.001],
      ['optimizer', 'adam'],
      ['use_amp', true],
      ['dropout', 0],
      ['resume', false],
      ['tag', ''],
    ]);
    assert.ok([...config.sources.values()].every((s) => s === 'hparams'));
    assert.deepEqual(log.notices, []);
  }
});

test('TensorBoard: hparams content that is not the plugin’s data is told, and the rest of the file is read', () => {
  const bytes = events(
    {
      wall_time: 1700000000,
      summary: {
        value: [
          {
            tag: '_hparams_/session_start_info',
            metadata: { plugin_data: { plugin_name: 'hparams', content: new Uint8Array([0x0a, 0xff]) } },
          },
        ],
      },
    },
    { step: 1, wall_time: 1700000001, summary: { value: [{ tag: 'loss', simple_value: 0.5 }] } },
  );
  const log = parseTensorBoardRun([{ path: 'runs/x/events.out.tfevents.1', bytes }], 'x');
  assert.deepEqual([...onlyLogRun(log).metrics.keys()], ['loss']);
  assert.equal(log.notices.length, 1);
  assert.match(log.notices[0]!, /unreadable hparams/);
  assert.deepEqual(entries(runConfig(onlyLogRun(log), 'tensorboard')), []);
});

// ---------------------------------------------------------------------------------------------------
// CSV

test('CSV: a text column with one value is configuration; one that changes is not', () => {
  const log = parseCsv(encode('step,loss,model,phase\n0,1.0,qwen-7b,warmup\n1,0.5,qwen-7b,main\n'), 'sft.csv');
  assert.deepEqual(entries(runConfig(onlyLogRun(log), 'csv')), [['model', 'qwen-7b']]);
});

// ---------------------------------------------------------------------------------------------------
// Bounds and helpers

const runWith = (metadata: [string, string | number | boolean][]): Run => ({
  name: 'r',
  metadata: new Map(metadata),
  metrics: new Map(),
  times: { steps: new Float64Array(0), values: new Float64Array(0), length: 0 },
});

test('bounded: at most 500 keys of 200 characters, string values of 500, cut without splitting a character', () => {
  const many = runConfig(
    runWith(Array.from({ length: 600 }, (_, i): [string, number] => [`config/k${i}`, i])),
    'metrics-jsonl',
  );
  assert.equal(many.values.size, MAX_CONFIG_KEYS);
  assert.equal(many.omitted, 100);
  assert.equal(many.values.get('k499'), 499);

  const longKey = 'k'.repeat(300);
  const emoji = '🚀'.repeat(300);
  const config = runConfig(
    runWith([
      [`config/${longKey}`, 1],
      [`config/${longKey}x`, 2],
      ['config/long', 'v'.repeat(MAX_CONFIG_VALUE_LENGTH - 2) + emoji],
      ['config/exact', 'v'.repeat(MAX_CONFIG_VALUE_LENGTH)],
    ]),
    'metrics-jsonl',
  );
  const [[key, value], [long, cutValue], [exact, exactValue]] = entries(config) as [
    [string, ConfigValue],
    [string, ConfigValue],
    [string, ConfigValue],
  ];
  assert.equal(key.length, MAX_CONFIG_KEY_LENGTH);
  assert.ok(key.endsWith('…'));
  assert.equal(value, 1, 'of two keys cut to the same text, the first is kept');
  assert.equal(long, 'long');
  assert.ok((cutValue as string).length <= MAX_CONFIG_VALUE_LENGTH);
  assert.ok((cutValue as string).endsWith('v…'), 'a character of two UTF-16 units is not cut in half');
  assert.equal(exact, 'exact');
  assert.equal((exactValue as string).length, MAX_CONFIG_VALUE_LENGTH);
  assert.equal(config.values.size, 3);
});

test('numberText reads what JSON and Python write, and leaves ids and other text alone', () => {
  for (const [text, number] of [
    ['0', 0],
    ['-3', -3],
    ['0.001', 0.001],
    ['1e-06', 1e-6],
    ['2.5E+3', 2500],
    ['123456789012345', 123456789012345],
  ] as const)
    assert.equal(numberText(text), number, text);
  for (const text of [
    '',
    '007',
    '1234567890123456',
    '0x10',
    ' 5',
    '5 ',
    '.5',
    '1.',
    'nan',
    'inf',
    'Infinity',
    '1e999',
    'True',
  ])
    assert.equal(numberText(text), undefined, JSON.stringify(text));
});

test('configKeys: every run’s keys, in first-seen order (the table’s columns)', () => {
  const a = runConfig(
    runWith([
      ['params/lr', '0.1'],
      ['params/opt', 'adam'],
    ]),
    'mlflow',
  );
  const b = runConfig(
    runWith([
      ['params/seed', '1'],
      ['params/lr', '0.2'],
    ]),
    'mlflow',
  );
  assert.deepEqual(configKeys([a, b]), ['lr', 'opt', 'seed']);
});
