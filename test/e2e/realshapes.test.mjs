// End-to-end (issue #12): logs shaped like real tools' — a LLaMA-Factory trainer_log.jsonl, a Keras
// CSVLogger file and an lm-evaluation-harness checkpoint series — opened together with "Open Folder of
// Runs" from the Explorer: each is drawn against its own x axis (current_steps, epoch, the checkpoint
// step), hover gives the file's value at that step, and the runs have names that tell them apart.
// The files are made here (small, in the writers' shapes), so the expected values are known.
// Run: node --test test/e2e/realshapes.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Workbench, asShown } from './workbench.mjs';

/** LLaMA-Factory's LogCallback: a line every 10 steps, an eval_loss line every 100, progress fields and time strings. */
function llamaFactoryLog() {
  const loss = (step) => Number((2.5 - step / 160).toFixed(4));
  const evalLoss = (step) => Number((1.9 - step / 1000).toFixed(4));
  const lines = [];
  for (let step = 10; step <= 200; step += 10) {
    const progress = {
      total_steps: 200,
      epoch: step / 200,
      percentage: step / 2,
      elapsed_time: `0:00:${String(step % 60).padStart(2, '0')}`,
      remaining_time: '0:01:00',
    };
    lines.push(JSON.stringify({ current_steps: step, ...progress, loss: loss(step), lr: 1e-5 }));
    if (step % 100 === 0) lines.push(JSON.stringify({ current_steps: step, ...progress, eval_loss: evalLoss(step) }));
  }
  return { text: lines.join('\n') + '\n', loss, evalLoss };
}

/** Keras' CSVLogger: one row per epoch, no step column. */
function kerasCsv() {
  const valLoss = (epoch) => Number((0.9 / (epoch + 1)).toFixed(5));
  const rows = ['epoch,accuracy,learning_rate,loss,val_accuracy,val_loss'];
  for (let epoch = 0; epoch < 6; epoch++)
    rows.push(`${epoch},${0.8 + epoch / 50},0.001,${1 / (epoch + 2)},${0.85 + epoch / 60},${valLoss(epoch)}`);
  return { text: rows.join('\n') + '\n', valLoss };
}

/** lm-evaluation-harness 0.3 output of one checkpoint: the step is only in model_args' revision and in the file name. */
const CHECKPOINTS = [0, 1000, 2000, 4000];
const arcEasy = (step) => Number((0.38 + step / 40000).toFixed(4));
function lmEvalResult(step) {
  return JSON.stringify(
    {
      results: {
        arc_easy: { acc: arcEasy(step), acc_stderr: 0.01, acc_norm: arcEasy(step) - 0.02, acc_norm_stderr: 0.01 },
        piqa: { acc: 0.6 + step / 100000, acc_stderr: 0.011 },
      },
      versions: { arc_easy: 0, piqa: 0 },
      config: {
        model: 'hf-causal',
        model_args: `pretrained=acme/tiny-70m,revision=step${step}`,
        num_fewshot: 0,
        batch_size: 16,
        limit: null,
      },
    },
    null,
    2,
  );
}

describe("Open Folder of Runs reads real tools' shapes on the right x axis", () => {
  let wb;
  let page;
  let view;
  const llama = llamaFactoryLog();
  const keras = kerasCsv();

  before(
    async () => {
      const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-realshapes-'));
      const put = (rel, text) => {
        fs.mkdirSync(path.dirname(path.join(runs, rel)), { recursive: true });
        fs.writeFileSync(path.join(runs, rel), text);
      };
      put('qwen-sft/trainer_log.jsonl', llama.text);
      put('mnist/training_log.csv', keras.text);
      for (const step of CHECKPOINTS) put(`tiny-70m/zero-shot/70m_step${step}.json`, lmEvalResult(step));
      wb = await Workbench.open('realshapes', { runs: { source: runs } });
      page = wb.page;
      fs.rmSync(runs, { recursive: true, force: true });
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  it(
    'right-clicking the folder opens one comparison whose runs have distinct names',
    { timeout: 120_000 },
    async () => {
      await wb.explorerMenu('runs', 'Open Folder of Runs');
      view = await wb.webviewTitled(/^runs — /);
      await wb.waitForCharts(view);
      await wb.shot('folder-of-runs');
      const labels = await view.locator('.tc-run-label').allTextContents();
      assert.equal(labels.length, 3, `runs listed: ${labels.join(', ')}`);
      assert.equal(new Set(labels).size, 3);
      assert.ok(labels.includes('qwen-sft') && labels.includes('mnist'), `runs listed: ${labels.join(', ')}`);
      assert.ok(
        !labels.some((l) => /\(\d+\)$|^trainer_log$|^training_log$/.test(l)),
        `runs listed: ${labels.join(', ')}`,
      );
      // Progress fields are x axes, not charts; throughput would be in perf, not here.
      const charts = await view
        .locator('.tc-card')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')));
      for (const progress of ['total_steps', 'percentage', 'epoch', 'current_steps'])
        assert.ok(!charts.includes(progress), `a chart of ${progress}`);
    },
  );

  it(
    "the LLaMA-Factory run is drawn against current_steps: eval_loss at step 100 is the file's",
    { timeout: 90_000 },
    async () => {
      const canvas = view.locator('.tc-card[aria-label="eval_loss"] canvas');
      assert.match(await canvas.getAttribute('aria-label'), /steps 100–200 \(x axis: current_steps\)/);
      const values = await wb.hoverStep(view, canvas, 100);
      await wb.shot('llamafactory-eval-loss-hover');
      assert.deepEqual(values, { 'qwen-sft': asShown(llama.evalLoss(100)) });
      await page.mouse.move(5, 5);
    },
  );

  it(
    'the Keras CSV is drawn against epochs: hover reads "Epoch 3" and the file\'s val_loss',
    { timeout: 90_000 },
    async () => {
      const canvas = view.locator('.tc-card[aria-label="val_loss"] canvas');
      assert.match(await canvas.getAttribute('aria-label'), /epochs 0–5/);
      const values = await wb.hoverStep(view, canvas, 3, 'Epoch');
      await wb.shot('keras-val-loss-hover');
      assert.deepEqual(values, { mnist: asShown(keras.valLoss(3)) });
      await page.mouse.move(5, 5);
    },
  );

  it("the lm-eval series has one point per checkpoint, at its revision's step", { timeout: 90_000 }, async () => {
    const canvas = view.locator('.tc-card[aria-label="eval/arc_easy/acc"] canvas');
    assert.match(await canvas.getAttribute('aria-label'), /steps 0–4,?000/);
    const label = (await view.locator('.tc-run-label').allTextContents()).find(
      (l) => l !== 'qwen-sft' && l !== 'mnist',
    );
    const values = await wb.hoverStep(view, canvas, 2000);
    await wb.shot('lm-eval-hover');
    assert.deepEqual(values, { [label]: asShown(arcEasy(2000)) });
    await page.mouse.move(5, 5);
  });

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
