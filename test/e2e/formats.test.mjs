// End-to-end (issue #6): logs in other trainers' formats — a TensorBoard event file and a Hugging Face /
// TRL trainer_state.json — open as charts like a *.metrics.jsonl, and the sidebar compares them with
// JSON-lines runs on one chart. Values are checked against the files, decoded by the test itself.
// Run: node --test test/e2e/formats.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, asShown, poll, readSample, readTfEvents, readTrainerState } from './workbench.mjs';

const SAMPLES = path.join(ROOT, 'samples');
const TF_EVENTS = 'formats/tensorboard/ppo/events.out.tfevents.1718000000.node1.4242.0';
const TRAINER_STATE = 'formats/hf/trl-grpo/checkpoint-140/trainer_state.json';
const MATH500 = 'val-core/MATH500/acc/mean@1';

/** The metric names charted in `view`, sorted. */
const chartIds = async (view) =>
  (await view.locator('.tc-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')))).sort();

describe('Training Curves reads TensorBoard and Hugging Face logs', () => {
  let wb;
  let page;
  /** Run name → its points, read from the workspace's files by the test. */
  let runs;

  before(
    async () => {
      // Only these runs, so the MATH500 chart's series are known whatever else samples/ gains.
      wb = await Workbench.open('formats', {
        'grpo.metrics.jsonl': { source: path.join(SAMPLES, 'grpo.metrics.jsonl') },
        'mel.metrics.jsonl': { source: path.join(SAMPLES, 'mel.metrics.jsonl') },
        formats: { source: path.join(SAMPLES, 'formats') },
      });
      page = wb.page;
      const read = (name) => fs.readFileSync(path.join(wb.workspace, name));
      runs = {
        grpo: readSample(read('grpo.metrics.jsonl').toString('utf8')),
        mel: readSample(read('mel.metrics.jsonl').toString('utf8')),
        // The event file's folder and the checkpoint's parent folder name the runs (docs/format.md).
        ppo: readTfEvents(read(TF_EVENTS)),
        'trl-grpo': readTrainerState(read(TRAINER_STATE).toString('utf8')),
      };
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  it(
    'quick-opening a TensorBoard event file shows its scalars as charts, not bytes in a text editor',
    { timeout: 90_000 },
    async () => {
      const name = path.basename(TF_EVENTS);
      const view = await wb.openCharts(name);
      assert.equal(
        await page.locator('.editor-group-container.active .monaco-editor').count(),
        0,
        'a text editor opened',
      );
      assert.deepEqual(await chartIds(view), [...runs.ppo.all].sort());

      // A point of the file under the pointer: the step's value, rounded as the tooltip rounds.
      const metric = 'critic/score/mean';
      const row = runs.ppo.rows[Math.floor(runs.ppo.rows.length / 2)];
      const values = await wb.hoverStep(view, view.locator(`.tc-card[aria-label="${metric}"] canvas`), row.step);
      await wb.shot('tfevents-hover');
      assert.deepEqual(values, { ppo: asShown(row.metrics[metric]) });
      await page.mouse.move(5, 5);
    },
  );

  it(
    '"Open in Training Curves" on trainer_state.json in the Explorer shows its log history as charts',
    { timeout: 90_000 },
    async () => {
      const name = 'trainer_state.json';
      // The file opens as text by default (the chart editor is only an option for it) and is revealed in the Explorer.
      await wb.runCommand('View: Show Explorer');
      await wb.quickOpen(name);
      await page.locator('.editor-group-container.active .monaco-editor').waitFor();
      await page.keyboard.press('Control+W');
      // As a user picks it: a click in the Explorer opens it as text in a preview tab, then the context menu.
      const item = page.locator('.explorer-folders-view .monaco-list-row', {
        has: page.locator('.label-name', { hasText: /^trainer_state\.json$/ }),
      });
      await item.click();
      const tabs = page.locator('.tabs-container .tab', { hasText: /^trainer_state\.json/ });
      await page.locator('.tabs-container [role=tab][aria-label="trainer_state.json, preview"]').waitFor();
      await item.click({ button: 'right' });
      // The command is in the Explorer's context menu (package.json hides it from the palette).
      const menuItem = page.locator('.context-view .monaco-menu .action-item', {
        hasText: /^Open in Training Curves$/,
      });
      await menuItem.waitFor();
      await wb.shot('trainer-state-context-menu');
      await menuItem.click();

      const view = await wb.webviewFor(name);
      await wb.waitForCharts(view);
      await wb.shot('trainer-state-charts');
      // The charts took the text preview's place: one tab for the file, and no text editor in front.
      await poll(async () => (await tabs.count()) === 1, { what: 'the text preview of trainer_state.json closed' });
      assert.equal(await page.locator('.editor-group-container.active .monaco-editor').count(), 0);
      assert.deepEqual(await chartIds(view), [...runs['trl-grpo'].all].sort());
      const row = runs['trl-grpo'].rows.findLast((r) => MATH500 in r.metrics);
      const values = await wb.hoverStep(view, view.locator(`.tc-card[aria-label="${MATH500}"] canvas`), row.step);
      assert.deepEqual(values, { 'trl-grpo': asShown(row.metrics[MATH500]) });
      await page.mouse.move(5, 5);
    },
  );

  it(
    "the sidebar's MATH500 opens one chart of all four runs, and hover gives each run's value from its file",
    { timeout: 90_000 },
    async () => {
      await page.locator('.activitybar [aria-label^="Training Curves"]').first().click();
      const tree = page.locator('.pane-body', { has: page.locator('.monaco-list-row', { hasText: 'Benchmarks' }) });
      const math500 = tree
        .locator('.monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: /^MATH500$/ }) });
      await math500.waitFor({ timeout: 30_000 });
      await wb.shot('sidebar');
      await math500.click();

      const view = await wb.webviewTitled(/^MATH500 — /);
      await wb.waitForCharts(view);
      const canvas = view.locator(`.tc-card[aria-label="${MATH500}"] canvas`);
      // Its accessible description lists the series, in the legend's order.
      const described = /: \d+ series \(([^)]*)\)/.exec(await canvas.getAttribute('aria-label'))?.[1].split(', ');
      assert.deepEqual(described?.toSorted(), Object.keys(runs).sort());

      // A step every run evaluated at; the middle one, away from the chart's edges.
      const stepsOf = (sample) => new Set(sample.rows.filter((r) => MATH500 in r.metrics).map((r) => r.step));
      const common = [...stepsOf(runs.grpo)].filter((step) =>
        Object.values(runs).every((sample) => stepsOf(sample).has(step)),
      );
      assert.ok(common.length > 0, 'the four runs share no MATH500 step');
      const step = common[Math.floor(common.length / 2)];
      const expected = Object.fromEntries(
        Object.entries(runs).map(([run, sample]) => [
          run,
          asShown(sample.rows.findLast((r) => r.step === step && MATH500 in r.metrics).metrics[MATH500]),
        ]),
      );
      const values = await wb.hoverStep(view, canvas, step);
      await wb.shot(`math500-hover-${step}`);
      assert.deepEqual(values, expected);
      await page.mouse.move(5, 5);

      // The view's title (and tab) names the same runs as the legend.
      const title = await view.locator('.tc-title').textContent();
      assert.deepEqual(
        title
          .replace(/^MATH500 — /, '')
          .split(' vs ')
          .sort(),
        Object.keys(runs).sort(),
        `title "${title}"`,
      );
    },
  );

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
