// End-to-end (issue #5): smoothing, zoom and click-to-reveal as a user meets them in code-server. Smoothed tooltips are
// checked against TensorBoard's formula computed here from the file; zooming into a long log must show
// points the overview had sampled away, with their exact values. Run: node --test test/e2e/analysis.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, asShown, poll, readSample } from './workbench.mjs';

const SAMPLES = path.join(ROOT, 'samples');
const WEIGHT = 0.9;

/** The long log: far more steps than a chart has pixels, so the overview is a sample of them. */
const LONG = 'long.metrics.jsonl';
const LONG_METRIC = 'actor/pg_loss';
const LONG_STEPS = 20_000;
/** A slow wave plus noise that differs at every step (so no downsampler can keep the shape without the points), 4 decimals. */
const longValue = (step) => (Math.sin(step / 1500) + ((step * 2654435761) % 1000) / 2000).toFixed(4);

/**
 * TensorBoard's smoothing, as issue #5 asks for it: an EMA started at 0 and de-biased,
 * `last = last*w + (1-w)*v; debias = 1 - w^n; smoothed = last/debias`, with n counting the values so far.
 * src/core/smoothing.ts documents that a non-finite value stays a gap and does not enter the average
 * (nor n) of the points after it.
 */
function debiasedEma(values, w) {
  let last = 0;
  let n = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    n++;
    return last / (1 - w ** n);
  });
}

/** One metric's points of a sample in step order, the last value logged at a step winning (docs/format.md). */
function seriesOf(sample, metric) {
  const byStep = new Map();
  for (const row of sample.rows) if (metric in row.metrics) byStep.set(row.step, row.metrics[metric]);
  return [...byStep].sort((a, b) => a[0] - b[0]).map(([step, value]) => ({ step, value }));
}

describe('Smoothing, zoom and reveal', () => {
  let wb;
  let page;
  const file = (name) => path.join(wb.workspace, name);

  before(
    async () => {
      wb = await Workbench.open('analysis', {
        'grpo.metrics.jsonl': { source: path.join(SAMPLES, 'grpo.metrics.jsonl') },
        'malformed.metrics.jsonl': { source: path.join(ROOT, 'test', 'fixtures', 'malformed.metrics.jsonl') },
        [LONG]: Array.from(
          { length: LONG_STEPS },
          (_, step) => `{"step": ${step}, "${LONG_METRIC}": ${longValue(step)}}\n`,
        ).join(''),
      });
      page = wb.page;
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  /**
   * Sets EMA smoothing with `weight` in the toolbar, then hovers `metric` at `step` until the tooltip shows
   * the smoothed value (the host recomputes the data) with the raw one beside it: { value, raw }.
   */
  async function smoothedAt(view, metric, step) {
    await view.getByLabel('Smoothing method').selectOption({ label: 'EMA' });
    const weight = view.getByLabel('Smoothing weight (number)');
    await weight.fill(String(WEIGHT));
    await weight.press('Tab');
    const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
    const tooltip = view.locator('[role=tooltip]');
    return poll(
      async () => {
        const values = Object.values(await wb.hoverStep(view, canvas, step));
        const raw = await tooltip.locator('.tc-tooltip-raw').allTextContents();
        return raw.length === 1 && raw[0] !== '' && { value: values[0], raw: raw[0] };
      },
      { what: `a smoothed tooltip at step ${step} of ${metric}` },
    );
  }

  it(
    "with EMA smoothing 0.9 the tooltip shows TensorBoard's de-biased EMA of the file, and the raw value",
    { timeout: 90_000 },
    async () => {
      // Figure 2's noisy benchmark, at the step where smoothing moves the value most.
      const name = 'grpo.metrics.jsonl';
      const metric = 'val-core/AIME24/acc/mean@1';
      const points = seriesOf(readSample(fs.readFileSync(file(name), 'utf8')), metric);
      const smoothed = debiasedEma(
        points.map((p) => p.value),
        WEIGHT,
      );
      const at = points.reduce(
        (best, p, i) => (Math.abs(smoothed[i] - p.value) > Math.abs(smoothed[best] - points[best].value) ? i : best),
        0,
      );

      const view = await wb.openCharts(name);
      const shown = await smoothedAt(view, metric, points[at].step);
      await wb.shot(`smoothing-step-${points[at].step}`);
      assert.equal(
        shown.value,
        asShown(smoothed[at]),
        `step ${points[at].step}: smoothed ${smoothed[at]}, raw ${points[at].value}`,
      );
      assert.equal(shown.raw, `raw ${asShown(points[at].value)}`);
      await page.mouse.move(5, 5);
    },
  );

  it('smoothing skips a NaN: the EMA after the gap counts only the finite values', { timeout: 90_000 }, async () => {
    const name = 'malformed.metrics.jsonl';
    const metric = 'actor/kl_loss';
    const points = seriesOf(readSample(fs.readFileSync(file(name), 'utf8')), metric);
    const gap = points.findIndex((p) => !Number.isFinite(p.value));
    assert.ok(gap > 0 && gap < points.length - 1, `${name} should have a non-finite ${metric} inside the run`);
    // The first step after the gap: de-biasing with n counting the NaN would give another value here.
    const at = gap + 1;
    const smoothed = debiasedEma(
      points.map((p) => p.value),
      WEIGHT,
    );

    const view = await wb.openCharts(name);
    const shown = await smoothedAt(view, metric, points[at].step);
    await wb.shot(`smoothing-after-gap-step-${points[at].step}`);
    assert.equal(
      shown.value,
      asShown(smoothed[at]),
      `step ${points[at].step}: smoothed ${smoothed[at]}, raw ${points[at].value}`,
    );
    assert.equal(shown.raw, `raw ${asShown(points[at].value)}`);
    await page.mouse.move(5, 5);
  });

  it(
    'zooming into a long log shows every step of the range with its value; double-click resets',
    { timeout: 120_000 },
    async () => {
      const values = new Map(
        seriesOf(readSample(fs.readFileSync(file(LONG), 'utf8')), LONG_METRIC).map((p) => [p.step, p.value]),
      );
      const view = await wb.openCharts(LONG);
      const card = view.locator(`.tc-card[aria-label="${LONG_METRIC}"]`);
      const canvas = card.locator('canvas');
      const resetZoom = view.getByRole('button', { name: 'Reset zoom' });
      // The data table lists the points the chart draws, and says when they are a sample of the file's.
      const table = view.getByRole('button', { name: 'Table', exact: true });
      if ((await table.getAttribute('aria-pressed')) !== 'true') await table.click();
      const drawnSteps = async () => (await card.locator('.tc-table tbody th').allTextContents()).map(Number);
      const sampledNote = () => card.locator('.tc-note').textContent();
      await card.locator('.tc-table').waitFor();

      const overview = await drawnSteps();
      const overviewNote = await sampledNote();
      const [, shownCount, total] = /Sampled for display: long (\d+) of (\d+) points/.exec(overviewNote) ?? [];
      assert.equal(Number(total), LONG_STEPS, overviewNote);
      assert.ok(Number(shownCount) < LONG_STEPS / 10, `the overview should be a sample: ${overviewNote}`);
      await wb.shot('zoom-overview');

      // Steps per pixel, from the tooltip at two places; then a drag about 7 px wide (over the 5 px click
      // threshold), a third of the way in, where the overview table (its first 500 rows) still reaches.
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      const y = box.y + box.height / 2;
      const stepAt = async (x) => {
        await page.mouse.move(x, y);
        return Number((await view.locator('[role=tooltip] .tc-tooltip-title').textContent()).replace(/^Step /, ''));
      };
      const [x1, x2] = [box.x + box.width * 0.3, box.x + box.width * 0.6];
      const stepsPerPixel = ((await stepAt(x2)) - (await stepAt(x1))) / (x2 - x1);
      const dragWidth = 7;
      await page.mouse.move(x1, y);
      await page.mouse.down();
      await page.mouse.move(x1 + dragWidth, y, { steps: 4 });
      await page.mouse.up();
      await resetZoom.waitFor({ state: 'visible' });
      const [from, to] = /Showing steps (\S+)–(\S+)\./
        .exec(await resetZoom.getAttribute('title'))
        .slice(1)
        .map(Number);
      assert.ok(
        to - from < 2 * dragWidth * stepsPerPixel,
        `zoomed to ${from}–${to}, more than the ${dragWidth} px dragged`,
      );
      assert.ok(
        overview.at(-1) > to,
        `the overview table ends at step ${overview.at(-1)}, before the zoomed range ${from}–${to}`,
      );

      // The host re-sampled the range from the full file: every step in it, not the overview's few.
      const inRange = (steps) => steps.filter((s) => s >= from && s <= to);
      const expected = [...values.keys()].filter((s) => s >= from && s <= to);
      await poll(async () => inRange(await drawnSteps()).length === expected.length, {
        what: `all ${expected.length} steps of ${from}–${to} drawn`,
      }).catch(async (e) => {
        throw new Error(
          `${e.message}; the table has ${inRange(await drawnSteps()).length}; ${await wb.shot('FAILED-zoom-detail')}`,
        );
      });
      assert.deepEqual(inRange(await drawnSteps()), expected);
      assert.ok(
        inRange(overview).length < expected.length,
        `the overview already drew all ${expected.length} steps of ${from}–${to}`,
      );
      const rows = await card
        .locator('.tc-table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [Number(tr.cells[0].textContent), Number(tr.cells[1].textContent)]));
      for (const [step, value] of rows)
        if (step >= from && step <= to) assert.equal(value, asShown(values.get(step)), `step ${step}`);
      // The canvas' description follows: it covers the range (and the one point beyond each end that lines reach the edges with).
      const [first, last] = /steps (\d+)–(\d+)/
        .exec(await canvas.getAttribute('aria-label'))
        .slice(1)
        .map(Number);
      assert.ok(
        first >= from - 1 && last <= to + 1,
        `the chart describes steps ${first}–${last} for the range ${from}–${to}`,
      );

      // A step the overview did not draw, under the pointer: its own value from the file.
      const hidden = expected.filter((s) => !overview.includes(s));
      const step = hidden[Math.floor(hidden.length / 2)];
      const hovered = await wb.hoverStep(view, canvas, step);
      await wb.shot(`zoom-detail-step-${step}`);
      assert.deepEqual(hovered, { long: asShown(values.get(step)) });

      // Double-click: back to the whole run, sampled as before.
      await page.mouse.dblclick(box.x + box.width / 2, y);
      await resetZoom.waitFor({ state: 'hidden' });
      await poll(async () => (await sampledNote()) === overviewNote, { what: 'the overview again' });
      assert.match(await canvas.getAttribute('aria-label'), new RegExp(`steps 0–${LONG_STEPS - 1}`));
      await page.mouse.move(5, 5);
      await wb.shot('zoom-reset');
    },
  );

  it(
    'clicking a point opens the log beside the charts with the line that logged that step selected',
    { timeout: 90_000 },
    async () => {
      const name = 'grpo.metrics.jsonl';
      const metric = 'val-core/MATH500/acc/mean@1';
      const text = fs.readFileSync(file(name), 'utf8');
      const step = 120;
      // The line the point came from: the last that logged this run at that step (docs/format.md).
      const { line } = readSample(text).rows.findLast((r) => r.step === step && Object.keys(r.metrics).length > 0);
      const lineText = text.split('\n')[line - 1];
      assert.ok(lineText.includes(`"${metric}"`), `line ${line} of ${name} should log ${metric}`);

      const view = await wb.openCharts(name);
      const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
      await wb.hoverStep(view, canvas, step);
      await view.locator('[role=tooltip]', { hasText: 'Click to open the log at this step' }).waitFor();
      await page.mouse.down();
      await page.mouse.up();

      // A text editor opens in a second group, beside the charts, with the whole line selected: the cursor
      // ends at the start of the next line, and the selection is the line and its newline.
      const selection = page.locator('[id="status.editor.selection"]');
      const want = `Ln ${line + 1}, Col 1 (${lineText.length + 1} selected)`;
      await poll(async () => (await selection.textContent())?.trim() === want, {
        what: `the status bar reading "${want}"`,
      }).catch(async (e) => {
        const shot = await wb.shot('FAILED-reveal');
        throw new Error(`${e.message}; it reads "${await selection.textContent().catch(() => '')}" (${shot})`);
      });
      assert.equal(await page.locator('.editor-group-container').count(), 2);
      assert.equal(
        await page.locator('.editor-group-container.active .monaco-editor').count(),
        1,
        'the text editor should have the focus',
      );
      assert.ok(await view.locator('.tc-card').first().isVisible(), 'the charts should stay open beside the text');
      await wb.shot(`reveal-line-${line}`);
      await page.keyboard.press('Control+W');
      await poll(async () => (await page.locator('.editor-group-container').count()) === 1, {
        what: 'the text editor closed',
      });
    },
  );

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
