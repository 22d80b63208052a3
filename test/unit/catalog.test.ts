import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCatalog, type CatalogRun } from '../../src/core/catalog';
import { MetricsLogParser } from '../../src/core/jsonl';
import { runKey } from '../../src/core/runUri';
import { indexRuns } from '../../src/core/logIndex';
import { LINEAR_GROWTH, growth } from './helpers';

function runsOf(file: string, text: string): CatalogRun[] {
  const parser = new MetricsLogParser(file.replace('.metrics.jsonl', ''));
  parser.push(new TextEncoder().encode(text));
  parser.finish();
  return indexRuns(parser.runs.values()).map((run) => ({
    key: runKey(file, run.name),
    label: run.name,
    file,
    method: run.method,
    metrics: run.metrics,
  }));
}

/** The index of one metric logged at `steps`. */
function metricIndex(steps: number[], values: number[]) {
  const [run] = indexRuns([
    {
      name: 'r',
      metadata: new Map(),
      metrics: new Map([
        ['m', { steps: Float64Array.from(steps), values: Float64Array.from(values), length: steps.length }],
      ]),
      times: { steps: new Float64Array(0), values: new Float64Array(0), length: 0 },
    },
  ]);
  return run!.metrics.get('m')!;
}

const grpo = runsOf(
  'grpo.metrics.jsonl',
  [
    '{"step": 0, "val-core/MATH500/acc/mean@1": 0.74, "val-core/AIME24/acc/mean@1": 0.13, "actor/kl_loss": 0.0}',
    '{"step": 60, "val-core/MATH500/acc/mean@1": 0.80, "actor/kl_loss": 0.3}',
    '{"step": 120, "val-core/MATH500/acc/mean@1": 0.82, "actor/kl_loss": 0.2}',
  ].join('\n'),
);
const mel = runsOf(
  'mel.metrics.jsonl',
  [
    '{"step": 0, "val-core/MATH500/acc/mean@1": 0.74}',
    '{"step": 120, "val-core/MATH500/acc/mean@1": 0.84}',
    '{"step": 140, "val-core/MATH500/acc/mean@1": 0.82}',
  ].join('\n'),
);
const seeds = runsOf(
  'seeds.metrics.jsonl',
  [
    '{"step": 0, "method": "DAPO", "seed": 1, "actor/kl_loss": 0.1}',
    '{"step": 0, "method": "DAPO", "seed": 2, "actor/kl_loss": 0.2}',
  ].join('\n'),
);

test('benchmarks list their metrics, and each metric the runs that logged it', () => {
  const catalog = buildCatalog([...mel, ...grpo]);
  assert.deepEqual(
    catalog.benchmarks.map((b) => b.title),
    ['AIME24', 'MATH500'],
  );
  const math = catalog.benchmarks[1]!;
  assert.deepEqual(
    math.metrics.map((m) => m.title),
    ['acc/mean@1'],
  );
  assert.deepEqual(
    math.metrics[0]!.runs.map((r) => r.run.label),
    ['grpo', 'mel'],
  );
  assert.deepEqual(
    catalog.benchmarks[0]!.runs.map((r) => r.label),
    ['grpo'],
    'only GRPO was evaluated on AIME24',
  );
});

test('a run standing gives its last value and its best value with the step of the best', () => {
  const math = buildCatalog([...grpo, ...mel]).benchmarks.find((b) => b.title === 'MATH500')!;
  const melStanding = math.metrics[0]!.runs.find((r) => r.run.label === 'mel')!;
  assert.deepEqual(melStanding.last, { step: 140, value: 0.82 });
  assert.deepEqual(melStanding.best, { step: 120, value: 0.84 });
});

test('a loss is best at its minimum, an accuracy at its maximum', () => {
  const kl = buildCatalog(grpo).diagnostics.find((d) => d.title === 'actor')!.metrics[0]!;
  assert.equal(kl.better, 'min');
  assert.deepEqual(kl.runs[0]!.best, { step: 0, value: 0 });
  const math = buildCatalog(grpo).benchmarks.find((b) => b.title === 'MATH500')!.metrics[0]!;
  assert.equal(math.better, 'max');
  assert.deepEqual(math.runs[0]!.best, { step: 120, value: 0.82 });
});

test('methods group the seeds of one method; runs without a method stand alone', () => {
  const catalog = buildCatalog([...grpo, ...seeds, ...mel]);
  assert.deepEqual(
    catalog.methods.map((m) => [m.name, m.runs.map((r) => r.label)]),
    [
      ['DAPO', ['DAPO, seed 1', 'DAPO, seed 2']],
      ['grpo', ['grpo']],
      ['mel', ['mel']],
    ],
  );
});

test('diagnostics groups hold the training metrics, not the benchmarks', () => {
  const catalog = buildCatalog([...grpo, ...mel]);
  assert.deepEqual(
    catalog.diagnostics.map((d) => d.title),
    ['actor'],
  );
  assert.deepEqual(
    catalog.diagnostics[0]!.runs.map((r) => r.label),
    ['grpo'],
  );
});

test('runs named as seeds of one method (one file per seed) are one method too', () => {
  const perSeed = ['grpo-seed1', 'grpo-seed2', 'dapo_s1'].flatMap((name) =>
    runsOf(`${name}.metrics.jsonl`, '{"step": 0, "actor/kl_loss": 0.1}'),
  );
  const catalog = buildCatalog([...perSeed, ...mel]);
  assert.deepEqual(
    catalog.methods.map((m) => [m.name, m.runs.map((r) => r.label)]),
    [
      ['dapo', ['dapo_s1']],
      ['grpo', ['grpo-seed1', 'grpo-seed2']],
      ['mel', ['mel']],
    ],
  );
});

test('the catalog of many runs with metrics of their own is built in linear time', () => {
  const runs = (n: number): CatalogRun[] =>
    Array.from({ length: n }, (_, r) => ({
      key: `file:///w/r${r}.metrics.jsonl#r${r}`,
      label: `run-${r}`,
      file: `file:///w/r${r}.metrics.jsonl`,
      metrics: new Map(
        Array.from({ length: 10 }, (_, i) => [`g${r % 20}/m${r}_${i}`, metricIndex([0, 1], [i, i + 1])] as const),
      ),
    }));
  const small = buildCatalog(runs(3));
  assert.equal(
    small.diagnostics.reduce((n, s) => n + s.metrics.length, 0),
    30,
  );
  const sets = new Map([750, 3_000].map((n) => [n, runs(n)]));
  const ratio = growth((n) => buildCatalog(sets.get(n)!), 750);
  assert.ok(ratio < LINEAR_GROWTH, `4× the runs took ${ratio.toFixed(1)}× as long`);
});
