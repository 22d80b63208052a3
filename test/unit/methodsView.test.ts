import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMetric, metricLabel, methodsView } from '../../src/core/methodsView';
import type { ViewLog } from '../../src/core/viewModel';
import { viewInput as view, viewLog as log } from './helpers';

const SAMPLES = join(__dirname, '../../../samples');
const MATH500 = 'val-core/MATH500/acc/mean@1';

const sample = (file: string): ViewLog =>
  log(`/w/${file}`, readFileSync(join(SAMPLES, file), 'utf8'), file.replace(/^.*\/|\.metrics\.jsonl$/g, ''));
const lines = (rows: readonly object[]): string => rows.map((r) => JSON.stringify(r)).join('\n');

const SEEDS = ['drgrpo', 'dapo'].flatMap((m) => [1, 2, 3].map((s) => sample(`seeds/${m}-seed${s}.metrics.jsonl`)));

test('the metric is the one asked when the view has it, else the first benchmark metric, else the first metric', () => {
  const seeds = view(SEEDS);
  assert.equal(methodsView(seeds, { k: 3 }).metric, MATH500, 'the only benchmark metric, though actor/… sorts first');
  assert.equal(methodsView(seeds, { metric: 'actor/kl_loss', k: 3 }).metric, 'actor/kl_loss');
  assert.equal(methodsView(seeds, { metric: 'no/such', k: 3 }).metric, MATH500);
  const choices = methodsView(seeds, { k: 3 }).metrics;
  assert.equal(choices[0], MATH500, 'benchmarks first, as the charts come');
  assert.ok(choices.includes('perf/total_num_tokens') && !choices.includes('step'));
  assert.equal(defaultMetric(['actor/kl_loss', 'critic/score/mean']), 'actor/kl_loss', 'no benchmark: the first chart');
  assert.equal(defaultMetric([]), undefined);
  const none = methodsView(view([log('/w/a.metrics.jsonl', '', 'a')]), { k: 3 });
  assert.deepEqual([none.metric, none.notes, none.methods], [undefined, ['No metric to compare.'], []]);
});

test('a benchmark’s only metric in the view is named by the benchmark; with others, by its full name', () => {
  assert.equal(metricLabel(MATH500, [MATH500, 'actor/kl_loss']), 'MATH500');
  assert.equal(metricLabel(MATH500, [MATH500, 'val-core/MATH500/len']), MATH500);
  assert.equal(metricLabel('actor/kl_loss', ['actor/kl_loss']), 'actor/kl_loss');
});

test('on samples/seeds the seed groups are the methods: tables, sentences with intervals, LaTeX and Markdown', () => {
  const v = methodsView(view(SEEDS), { k: 3, threshold: 0.8 });
  assert.equal(v.label, 'MATH500');
  assert.equal(v.goal, 'max');
  assert.deepEqual(v.range, { from: 0, to: 120 }, 'dapo-seed3 stops after step 120');
  assert.deepEqual(
    v.methods.map((m) => [m.name, m.seeds, m.members]),
    [
      ['drgrpo', 3, ['drgrpo-seed1', 'drgrpo-seed2', 'drgrpo-seed3']],
      ['dapo', 3, ['dapo-seed1', 'dapo-seed2', 'dapo-seed3']],
    ],
  );
  assert.deepEqual(v.columns, ['Final (last 3)', 'Best', 'Step of best', 'AUC (steps 0–120)', 'Step reaching 0.8']);
  // dapo's best: seeds 0.863, 0.855, 0.849 (mean 0.855667, std 0.00702): shown to the std's two digits, and bold.
  assert.deepEqual(v.methods[1]!.cells[1], { text: '0.8557 ± 0.0070', best: true });
  assert.equal(v.methods[0]!.cells[1]!.best, false);
  assert.equal(v.pairs.length, 1);
  const [pair] = v.pairs;
  assert.deepEqual([pair!.a, pair!.b], ['drgrpo', 'dapo']);
  assert.match(pair!.cells[1]!.difference, /^-0\.0\d+$/, 'drgrpo − dapo at their best is negative');
  assert.match(pair!.cells[1]!.interval!.low, /^-0\.0\d+$/);
  assert.match(pair!.cells[1]!.interval!.high, /^[-+]0\.0\d+$/);
  assert.equal(pair!.cells.length, v.columns.length);
  assert.match(
    v.sentences[0]!,
    /^dapo is ahead of drgrpo on MATH500 over the last 3 logged values by \+0\.0\d+ \(95% CI /,
  );
  assert.ok(v.sentences.every((s) => s.includes('3 vs 3 seeds') || s.includes("'s best")));
  assert.deepEqual(v.notes, []);
  assert.match(v.latex, /\\toprule[\s\S]*\\bottomrule[\s\S]*\\toprule[\s\S]*\\bottomrule/, 'both tables');
  assert.match(v.markdown, /^\| drgrpo vs dapo \|/m);
  // The same data, the same intervals.
  assert.deepEqual(methodsView(view(SEEDS), { k: 3, threshold: 0.8 }), v);
});

test('with one seed per method there are differences but no intervals, and the panel says why', () => {
  const v = methodsView(view([sample('grpo.metrics.jsonl'), sample('mel.metrics.jsonl')]), { k: 1 });
  assert.deepEqual(
    v.methods.map((m) => [m.name, m.seeds]),
    [
      ['grpo', 1],
      ['mel', 1],
    ],
  );
  assert.deepEqual(v.notes, [
    'One seed per method: the differences have no interval. With two or more seeds of each, they would.',
  ]);
  // The first benchmark is AIME24 (figure 2): at step 140 GRPO 0.30, MEL 0.33.
  assert.equal(v.label, 'AIME24');
  const final = v.pairs[0]!.cells[0]!;
  assert.deepEqual(final, {
    difference: '-0.030',
    noInterval: 'one seed per method: no interval',
    excludesZero: false,
  });
  assert.ok(v.sentences.every((s) => !s.includes('95% CI')));
  assert.match(v.sentences.join('\n'), /1 vs 1 seeds: no interval/);
  assert.equal(v.columns[0], 'Final (last 1)');
});

test('a method alone with the metric has its row and no pair; k is clamped to whole values from 1', () => {
  const a = log('/w/a.metrics.jsonl', lines([{ step: 0, 'val/X/acc': 0.5, loss: 2 }]), 'a');
  const b = log('/w/b.metrics.jsonl', lines([{ step: 0, loss: 1 }]), 'b');
  const v = methodsView(view([a, b]), { metric: 'val/X/acc', k: 0 });
  assert.equal(v.k, 1);
  assert.deepEqual(
    v.methods.map((m) => m.name),
    ['a'],
  );
  assert.deepEqual(v.pairs, []);
  assert.deepEqual(v.notes, ['Only a has values of X: there is no other method to compare it with.']);
  const loss = methodsView(view([a, b]), { metric: 'loss', k: 2.7 });
  assert.equal(loss.goal, 'min');
  assert.equal(loss.k, 2);
  assert.equal(loss.pairs.length, 1);
});
