// End-to-end: reference figures 2 (two methods on AIME24), 3 (one metric over a long run), 4 (a grid of
// dual-axis charts, one per benchmark) and 5 (two runs compared on every diagnostic) drawn from the
// samples in code-server, checked against the files. (Figure 1 is in extension.test.mjs.)
// Run: node --test test/e2e/figures.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/codeserver.mjs';
import { Workbench, asShown, poll, readSample } from './workbench.mjs';

const SAMPLES = path.join(ROOT, 'samples');
const FILES = [
  'dual-axis.metrics.jsonl',
  'series-a.metrics.jsonl',
  'series-b.metrics.jsonl',
  'grpo.metrics.jsonl',
  'mel.metrics.jsonl',
  'mmlu-pro-long.metrics.jsonl',
];
const LEFT = 'accuracy';
const RIGHT = 'response_length/mean';

/** An axis tick label as a number: "0.85", "30k", "1.2M" (compact units for large values). */
function tickValue(label) {
  const [, number, unit] = /^(-?[\d.]+)([kMBT]?)$/.exec(label.replace('−', '-')) ?? [];
  assert.ok(number !== undefined, `tick label "${label}" is not a number`);
  return Number(number) * { '': 1, k: 1e3, M: 1e6, B: 1e9, T: 1e12 }[unit];
}

describe('Reference figures 2 to 5', () => {
  let wb;
  let page;
  /** File name → its points, read by the test. */
  const samples = {};

  before(
    async () => {
      wb = await Workbench.open(
        'figures',
        Object.fromEntries(FILES.map((f) => [f, { source: path.join(SAMPLES, f) }])),
      );
      page = wb.page;
      for (const f of FILES) samples[f] = readSample(fs.readFileSync(path.join(wb.workspace, f), 'utf8'));
    },
    { timeout: 20 * 60_000 },
  );

  after(() => wb?.close());

  it(
    'figure 4: "Dual axis" draws a chart per benchmark with accuracy on the left axis and response length on the right',
    { timeout: 90_000 },
    async () => {
      const file = 'dual-axis.metrics.jsonl';
      const sample = samples[file];
      // The benchmarks that log both metrics, by the naming rule of docs/format.md.
      const benchmarks = [...sample.all]
        .map((name) => new RegExp(`^val/([^/]+)/${LEFT}$`).exec(name)?.[1])
        .filter((bench) => bench && sample.all.has(`val/${bench}/${RIGHT}`));
      assert.ok(benchmarks.length >= 12, `${file} should log both metrics for a dozen benchmarks`);
      const pointsOf = (metric) =>
        sample.rows.filter((r) => metric in r.metrics).map((r) => ({ step: r.step, value: r.metrics[metric] }));

      const view = await wb.openCharts(file);
      const toggle = view.getByRole('button', { name: 'Dual axis', exact: true });
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      // The axes' metrics as the mode picked them (the most common score and length).
      assert.equal(await view.getByLabel('Left', { exact: true }).inputValue(), LEFT);
      assert.equal(await view.getByLabel('Right', { exact: true }).inputValue(), RIGHT);

      const dualCards = view.locator('.tc-dual .tc-card');
      await poll(async () => (await dualCards.count()) === benchmarks.length, {
        what: `${benchmarks.length} dual-axis charts`,
      });
      await wb.shot('figure4-dual-axis');
      // Each pair now has one chart instead of two: nothing else is charted for these benchmarks.
      assert.equal(await view.locator('.tc-status').textContent(), `${sample.all.size - benchmarks.length} charts`);

      for (const bench of benchmarks) {
        const [left, right] = [`val/${bench}/${LEFT}`, `val/${bench}/${RIGHT}`];
        const card = view.locator(`.tc-card[aria-label="${left} & ${right}"]`);
        assert.equal(await card.locator('.tc-card-title').textContent(), bench);
        // The canvas says what each y axis shows and its range as the ticks read.
        const description = await card.locator('canvas').getAttribute('aria-label');
        const axes = new RegExp(`; left axis: ${LEFT}, (\\S+)–(\\S+); right axis: ${RIGHT}, (\\S+)–(\\S+)$`).exec(
          description,
        );
        assert.ok(axes, `${bench}: "${description}" names no left and right axis`);
        const [leftMin, leftMax, rightMin, rightMax] = axes.slice(1).map(tickValue);
        // Independent scales: each axis spans its own metric's values — a score below 1, a length in thousands.
        const scores = pointsOf(left).map((p) => p.value);
        const lengths = pointsOf(right).map((p) => p.value);
        assert.ok(
          leftMin <= Math.min(...scores) && leftMax >= Math.max(...scores) && leftMax <= 1.5,
          `${bench}: left axis ${leftMin}–${leftMax} for scores ${Math.min(...scores)}–${Math.max(...scores)}`,
        );
        assert.ok(
          rightMin === 0 && rightMax >= Math.max(...lengths) && rightMax < 2 * Math.max(...lengths),
          `${bench}: right axis ${rightMin}–${rightMax} for lengths up to ${Math.max(...lengths)}`,
        );
      }

      // Hover names both metrics with their values at the step (the longest responses: AIMO2024 in figure 4).
      const longest = (bench) => Math.max(...pointsOf(`val/${bench}/${RIGHT}`).map((p) => p.value));
      const bench = benchmarks.reduce((a, b) => (longest(b) > longest(a) ? b : a));
      const [left, right] = [`val/${bench}/${LEFT}`, `val/${bench}/${RIGHT}`];
      const row = sample.rows.findLast((r) => left in r.metrics && right in r.metrics);
      const values = await wb.hoverStep(
        view,
        view.locator(`.tc-card[aria-label="${left} & ${right}"] canvas`),
        row.step,
      );
      await wb.shot(`figure4-hover-${bench}`);
      assert.deepEqual(values, { [LEFT]: asShown(row.metrics[left]), [RIGHT]: asShown(row.metrics[right]) });
      await page.mouse.move(5, 5);
    },
  );

  it(
    "figure 5: Compare Runs on series-a and series-b puts both runs on every shared metric's chart",
    { timeout: 90_000 },
    async () => {
      const [a, b] = ['series-a', 'series-b'];
      const [sa, sb] = [samples[`${a}.metrics.jsonl`], samples[`${b}.metrics.jsonl`]];
      const shared = [...sa.all].filter((name) => sb.all.has(name)).sort();
      assert.ok(shared.length >= 3, 'the two samples should share the three diagnostics of figure 5');

      await wb.compareRuns([`${a}.metrics.jsonl`, `${b}.metrics.jsonl`]);
      const view = await wb.webviewTitled(new RegExp(`^Compare: ${a} vs ${b}$`));
      await wb.waitForCharts(view);
      await wb.shot('figure5-compare');
      assert.deepEqual(await view.locator('.tc-runs .tc-run-label').allTextContents(), [a, b]);
      for (const metric of shared) {
        const description = await view.locator(`.tc-card[aria-label="${metric}"] canvas`).getAttribute('aria-label');
        assert.match(
          description,
          new RegExp(`^${metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 2 series \\(${a}, ${b}\\)`),
        );
      }

      // The step where A's accuracy peaks (figure 5: 0.35 at 15): both runs' values there, as logged.
      const metric = shared.find((name) => name.startsWith('eval/')) ?? shared[0];
      const peak = sa.rows
        .filter((r) => metric in r.metrics)
        .reduce((x, y) => (y.metrics[metric] > x.metrics[metric] ? y : x));
      const values = await wb.hoverStep(view, view.locator(`.tc-card[aria-label="${metric}"] canvas`), peak.step);
      await wb.shot(`figure5-hover-${peak.step}`);
      const valueOf = (sample) =>
        sample.rows.findLast((r) => r.step === peak.step && metric in r.metrics)?.metrics[metric];
      assert.deepEqual(values, { [a]: asShown(valueOf(sa)), [b]: asShown(valueOf(sb)) });
      await page.mouse.move(5, 5);
    },
  );

  it(
    'figure 2: grpo and mel on AIME24, where eval points sit at different steps, hover gives both values',
    { timeout: 90_000 },
    async () => {
      const metric = 'val-core/AIME24/acc/mean@1';
      const [grpo, mel] = [samples['grpo.metrics.jsonl'], samples['mel.metrics.jsonl']];
      const at = (sample, step) => sample.rows.findLast((r) => r.step === step && metric in r.metrics)?.metrics[metric];
      // The step both logged where the two methods differ most: the figure's point.
      const step = grpo.rows
        .filter((r) => metric in r.metrics && at(mel, r.step) !== undefined)
        .reduce((x, y) =>
          Math.abs(at(mel, y.step) - y.metrics[metric]) > Math.abs(at(mel, x.step) - x.metrics[metric]) ? y : x,
        ).step;

      await wb.compareRuns(['grpo.metrics.jsonl', 'mel.metrics.jsonl']);
      const view = await wb.webviewTitled(/^Compare: grpo vs mel$/);
      await wb.waitForCharts(view);
      const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
      const values = await wb.hoverStep(view, canvas, step);
      await wb.shot(`figure2-aime24-hover-${step}`);
      assert.deepEqual(values, { grpo: asShown(at(grpo, step)), mel: asShown(at(mel, step)) });
      // Each run's best AIME24 point is marked and told in the chart's description.
      const melBest = mel.rows
        .filter((r) => metric in r.metrics)
        .reduce((x, y) => (y.metrics[metric] > x.metrics[metric] ? y : x));
      assert.match(
        await canvas.getAttribute('aria-label'),
        new RegExp(`; highest: .*\\bmel ${asShown(melBest.metrics[metric])} at step ${melBest.step}\\b`),
      );
      await page.mouse.move(5, 5);
    },
  );

  it('figure 3: one metric over a long run, hover reads the logged values along it', { timeout: 90_000 }, async () => {
    const file = 'mmlu-pro-long.metrics.jsonl';
    const metric = 'eval/MMLU-Pro/accuracy/mean';
    const points = samples[file].rows.filter((r) => metric in r.metrics);
    assert.ok(points.length >= 10, `${file} should log ${metric} along the run`);
    const view = await wb.openCharts(file);
    const canvas = view.locator(`.tc-card[aria-label="${metric}"] canvas`);
    for (const row of [points[Math.floor(points.length / 2)], points.at(-1)]) {
      const values = await wb.hoverStep(view, canvas, row.step);
      assert.deepEqual(values, { 'mmlu-pro-long': asShown(row.metrics[metric]) });
      await wb.shot(`figure3-hover-${row.step}`);
    }
    await page.mouse.move(5, 5);
  });

  it('logs no CSP violation and no uncaught error', { timeout: 60_000 }, async () => {
    await wb.assertCleanConsole();
  });
});
