// Dual-axis mode (reference figure 4): one chart per benchmark, a score on the left axis and a response
// length on the right, each with its own scale.
import assert from 'node:assert/strict';
import { fixtures, suite, test, THEMES } from './harness.mjs';
import { centreOf, countNear, LEGEND_BAND } from './pixels.mjs';

const { DUAL_AXIS, LOGS, view } = fixtures;
const chartOf = (bench) => `val/${bench}/${DUAL_AXIS.left} & val/${bench}/${DUAL_AXIS.right}`;
const MATH = chartOf('MATH500');
const AIMO = chartOf('AIMO2024');

/** Posts `logs` as a plain view, turns dual-axis mode on, and posts what the host sends for it. */
async function dualAxisOn(v, logs) {
  await v.post(view(logs));
  await v.toggle('Dual axis').click();
  await v.post(view(logs, { settings: { dualAxis: DUAL_AXIS } }));
}

suite('dual axis', () => {
  test('offers dual-axis mode when a benchmark has a score and a length, and asks the host for it', async (v) => {
    await v.post(view([LOGS.dualAxis]));
    assert.equal((await v.visibleCardIds()).length, 26);
    const toggle = v.toggle('Dual axis');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    assert.equal(await v.page.getByLabel('Left', { exact: true }).isVisible(), false);
    const since = await v.postedCount();
    await toggle.click();
    assert.deepEqual((await v.lastPosted('settings', since)).settings.dualAxis, DUAL_AXIS);
    assert.equal(await v.page.getByLabel('Left', { exact: true }).inputValue(), 'accuracy');
    assert.equal(await v.page.getByLabel('Right', { exact: true }).inputValue(), 'response_length/mean');
    // Not offered where no benchmark has both.
    await v.post(view([LOGS.grpo, LOGS.mel]));
    assert.equal(await toggle.isVisible(), false);
  });

  test('draws figure 4: a grid of dual-axis charts with independent left and right scales', async (v) => {
    await dualAxisOn(v, [LOGS.dualAxis]);
    assert.equal((await v.visibleCardIds()).length, 13);
    assert.deepEqual(await v.page.locator('main h2').allTextContents(), ['accuracy and response_length/mean']);
    assert.deepEqual(await v.page.locator('.tc-card-title').allTextContents(), [
      'Total@temp_1.0',
      'OMNI-MATH500',
      'MATH500',
      'AIMO2024',
      'AIME2024',
      'ChatGLMMath',
      'GAOKAO',
      'GPQA',
      'BZ2024',
      'Biology',
      'Chemistry',
      'Physics',
      'KACYAN',
    ]);
    // Small multiples: four to a row at 1280 px.
    const tops = await v.page
      .locator('.tc-card')
      .evaluateAll((cs) => cs.slice(0, 5).map((c) => c.getBoundingClientRect().top));
    assert.deepEqual(tops.slice(1, 4), [tops[0], tops[0], tops[0]]);
    assert.ok(tops[4] > tops[0]);
    // Each axis has its own range: accuracy in 0–1 on the left, the length from 0 in thousands on the right.
    const label = await v.canvas(AIMO).getAttribute('aria-label');
    assert.match(label, /; left axis: accuracy, 0\.\d+–0\.\d+; right axis: response_length\/mean, 0–3\dk$/);
    assert.match(await v.canvas(MATH).getAttribute('aria-label'), /right axis: response_length\/mean, 0–1\dk$/);

    const text = await v.hoverStep(MATH, 140);
    assert.match(text, /Step 140\s+accuracy\s+0\.9\s+response_length\/mean\s+10585/);
    // Coloured by axis, as in the figure: blue circles for accuracy, orange squares for the length.
    const [blue, orange] = await v.tooltipColours();
    assert.equal(blue, THEMES.light.vars['charts-blue']);
    assert.notEqual(orange, blue);
    await v.leave();
    const box = await v.canvas(AIMO).boundingBox();
    // The right axis' tick labels, in orange, right of the plot; the left axis' in blue on the left.
    assert.ok(
      (await countNear(v.canvas(AIMO), orange, box.width - 24, box.width)) > 10,
      'orange tick labels on the right',
    );
    assert.ok((await countNear(v.canvas(AIMO), blue, 0, 24)) > 10, 'blue tick labels on the left');
    await v.shot('figure4-light', { fullPage: true });
    await v.setTheme('dark');
    await v.hoverStep(AIMO, 100);
    await v.shot('figure4-dark', { fullPage: true });
  });

  test('hides one axis’ series from a dual-axis chart’s legend when the view has one run', async (v) => {
    await dualAxisOn(v, [LOGS.dualAxis]);
    await v.card(MATH).scrollIntoViewIfNeeded();
    await v.hoverStep(MATH, 140);
    const [, orange] = await v.tooltipColours();
    await v.leave();
    // The legend's square for response_length/mean: the orange pixels above the plot.
    const marker = await centreOf(v.canvas(MATH), orange, LEGEND_BAND + 6);
    assert.ok(marker, 'the length’s legend marker');
    const box = await v.canvas(MATH).boundingBox();
    await v.page.mouse.click(box.x + marker.x, box.y + marker.y);
    await v.leave();
    await v.card(MATH).focus();
    await v.page.keyboard.press('End');
    assert.match(await v.tooltipText(), /^Step 150\s+accuracy\s+0\.9\s+Press Enter to open the log at this step$/);
    await v.shot('dual-legend-hidden', {}, v.card(MATH));
    await v.page.keyboard.press('Escape');
    // The other charts keep both axes.
    assert.ok((await countNear(v.canvas(chartOf('GPQA')), orange, 0, 1000, 0)) > 50);
  });

  test('labels a dual-axis chart’s series with run and metric in a comparison', async (v) => {
    // Five logs: only the dual-axis run has GAOKAO.
    await dualAxisOn(v, [LOGS.grpo, LOGS.mel, LOGS.dualAxis, LOGS.seriesA, LOGS.seriesB]);
    const GAOKAO = chartOf('GAOKAO');
    assert.match(
      await v.hoverStep(GAOKAO, 100),
      /dual-axis · accuracy\s+0\.\d+\s+dual-axis · response_length\/mean\s+\d+/,
    );
    // Both lines in the run's colour (markers and dashes tell the axes apart).
    const [left, right] = await v.tooltipColours();
    assert.equal(left, await v.runColour('dual-axis'));
    assert.equal(right, left);
    await v.shot('comparison-dual', {}, v.card(GAOKAO));
  });
});
