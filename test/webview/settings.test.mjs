// View settings: smoothing (the host smooths, the webview draws), a fixed y range (the webview alone),
// and every setting kept while the webview is hidden and shown again.
import assert from 'node:assert/strict';
import { fixtures, suite, test, THEMES } from './harness.mjs';
import { hexOf, LEGEND_BAND } from './pixels.mjs';

const { DUAL_AXIS, FIGURE1_AT_160, LOGS, MATH500: FIG1, view } = fixtures;
const FIGURE1 = [LOGS.grpo, LOGS.mel];

suite('settings', () => {
  test('smooths on the host’s data when the slider moves, drawing raw faintly behind and showing both on hover', async (v) => {
    await v.post(view(FIGURE1));
    const before = await v.pixels(FIG1);
    const since = await v.postedCount();
    const slider = v.page.getByLabel('Smoothing', { exact: true });
    await slider.focus();
    await v.page.keyboard.press('End');
    assert.deepEqual((await v.lastPosted('settings', since)).settings.smoothing, { kind: 'ema', weight: 0.999 });
    const weight = v.page.getByLabel('Smoothing weight (number)');
    assert.equal(await weight.inputValue(), '0.999');
    await weight.fill('0.6');
    await weight.press('Enter');
    assert.deepEqual((await v.lastPosted('settings', since + 1)).settings.smoothing, { kind: 'ema', weight: 0.6 });
    await v.page.getByLabel('Smoothing method').selectOption('twema');
    assert.equal((await v.lastPosted('settings', since + 2)).settings.smoothing.kind, 'twema');

    const smoothed = view(FIGURE1, { settings: { smoothing: { kind: 'twema', weight: 0.6 } } });
    await v.post(smoothed);
    assert.notEqual(await v.pixels(FIG1), before, 'the smoothed curve is drawn');
    // At step 120 each run's line reads the host's smoothed value, and the raw one (GRPO 0.82, MEL 0.84).
    const text = await v.hoverStep(FIG1, 120);
    for (const [s, raw] of [
      [0, '0.82'],
      [1, '0.84'],
    ]) {
      const series = smoothed.charts.find((c) => c.id === FIG1).series[s];
      const value = series.smoothed[series.x.indexOf(120)];
      assert.notEqual(value.toFixed(2), raw, 'smoothing moved the value');
      const shown = new RegExp(`${series.label}\\s+(\\S+)\\s+raw ${raw.replace('.', '\\.')}\\b`).exec(text);
      assert.ok(
        shown && Math.abs(Number(shown[1]) - value) <= 1e-5,
        `${series.label}: ${JSON.stringify(text)}, smoothed ${value}`,
      );
    }
    await v.shot('smoothed', { clip: { x: 0, y: 0, width: 1280, height: 420 } });
    await v.leave();
    // The legend still lists the two runs only: 'mel' in full red, while the raw copy is faint.
    assert.ok((await v.countColour(FIG1, THEMES.light.vars['charts-red'], LEGEND_BAND)) > 5);
  });

  test('restores smoothing, axes, outliers, summary and zoom after the webview is hidden and shown', async (v) => {
    await v.post(view(FIGURE1));
    await v.page.getByLabel('Smoothing method').selectOption('twema');
    await v.page.getByLabel('Smoothing weight (number)').fill('0.6');
    await v.page.getByLabel('Smoothing weight (number)').press('Enter');
    await v.page.getByLabel('X', { exact: true }).selectOption('relative');
    await v.page.getByLabel('Y', { exact: true }).selectOption('log');
    await v.page.getByLabel('Ignore outliers').check();
    await v.toggle('Summary').click();
    await v.open();
    assert.deepEqual((await v.ready()).settings, {
      smoothing: { kind: 'twema', weight: 0.6 },
      xAxis: 'relative',
      ignoreOutliers: true,
    });
    assert.equal(await v.page.getByLabel('Smoothing weight (number)').inputValue(), '0.6');
    assert.equal(await v.page.getByLabel('Smoothing method').inputValue(), 'twema');
    assert.equal(await v.page.getByLabel('X', { exact: true }).inputValue(), 'relative');
    assert.equal(await v.page.getByLabel('Y', { exact: true }).inputValue(), 'log');
    assert.equal(await v.page.getByLabel('Ignore outliers').isChecked(), true);
    assert.equal(await v.page.locator('.tc-summary').isVisible(), true);
    // A zoom survives too, and is what the host is first asked for.
    await v.page.getByLabel('X', { exact: true }).selectOption('step');
    await v.post(view(FIGURE1));
    const since = await v.postedCount();
    await v.drag(FIG1, 0.3, 0.7);
    const zoomed = (await v.lastPosted('settings', since)).settings.range;
    assert.ok(zoomed, 'zoomed');
    await v.open();
    assert.deepEqual((await v.ready()).settings.range, zoomed);
  });

  test('fixes every chart’s y axis to the range typed, an empty end from the data, and refuses min ≥ max', async (v) => {
    const message = view(FIGURE1);
    await v.post(message);
    const fromData = await v.pixels(FIG1);
    const yMin = v.page.getByLabel('Y min', { exact: true });
    const yMax = v.page.getByLabel('Y max', { exact: true });
    assert.equal(await yMin.isVisible(), false, 'only offered with Fixed');
    const since = await v.postedCount();
    await v.page.getByLabel('Y', { exact: true }).selectOption('fixed');
    assert.ok((await yMin.isVisible()) && (await yMax.isVisible()));
    assert.match(await yMax.getAttribute('title'), /right axis stays from its data/);
    await v.setYBound('Y min', '0.5');
    await v.setYBound('Y max', '1');
    assert.deepEqual(await v.fixedYRanges(), Array(message.charts.length).fill([0.5, 1]));
    assert.notEqual(await v.pixels(FIG1), fromData);
    assert.equal(await v.postedCount(), since, 'drawn by the webview alone');

    // A range that cuts off figure 1's first (0.74) and last (0.82) values: the x axis still spans the run.
    await v.setYBound('Y min', '0.77');
    await v.setYBound('Y max', '0.81');
    assert.deepEqual(await v.fixedYRange(FIG1), [0.77, 0.81]);
    assert.match(await v.hoverStep(FIG1, 0), /^Step 0\s+grpo\s+0\.74/);
    assert.match(await v.hoverStep(FIG1, 140), /^Step 140\s+grpo\s+0\.82/);
    await v.leave();
    const bottom = await v.card(FIG1).evaluate((c) => c.getBoundingClientRect().bottom);
    await v.shot('y-fixed', { clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 8 } });

    // Max emptied: the top comes from the data, above figure 1's highest value (0.84) and below 1.
    await v.setYBound('Y max', '');
    const [min, max] = await v.fixedYRange(FIG1);
    assert.equal(min, 0.77);
    assert.ok(max >= 0.84 && max < 1, `max ${max}`);

    // min ≥ max cannot be drawn: both inputs say so, and the axes are as the data gives them.
    await v.setYBound('Y min', '1');
    await v.setYBound('Y max', '0.5');
    for (const input of [yMin, yMax]) {
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.match(
        await input.getAttribute('title'),
        /^Y min must be less than Y max: the y axes are drawn from the data\.$/,
      );
      assert.equal(
        hexOf(await input.evaluate((e) => getComputedStyle(e).borderColor)),
        THEMES.light.vars['inputValidation-errorBorder'],
      );
    }
    assert.deepEqual(await v.fixedYRanges(), Array(message.charts.length).fill(undefined));
    assert.equal(await v.pixels(FIG1), fromData);
    // So is an end that is not a number: 1 edited to "1e".
    await yMin.press('End');
    await yMin.pressSequentially('e');
    await yMin.press('Enter');
    assert.equal(await yMax.getAttribute('aria-invalid'), 'true');
    assert.match(await yMax.getAttribute('title'), /^Y min and Y max must be numbers/);
    assert.equal(await v.pixels(FIG1), fromData);
    await v.setYBound('Y min', '0.5');
    await v.setYBound('Y max', '1');
    assert.equal(await yMin.getAttribute('aria-invalid'), 'false');
    assert.match(await yMin.getAttribute('title'), /^Lowest value/);
  });

  test('keeps a fixed y range through live appends, a reload and ignoring outliers; a right axis stays from its data', async (v) => {
    await v.post(view(FIGURE1));
    await v.page.getByLabel('Y', { exact: true }).selectOption('fixed');
    await v.setYBound('Y min', '0.5');
    await v.setYBound('Y max', '1');
    await v.post(view(FIGURE1_AT_160));
    assert.match(await v.canvas(FIG1).getAttribute('aria-label'), /steps 0–160;/);
    assert.deepEqual(await v.fixedYRange(FIG1), [0.5, 1]);

    await v.open();
    assert.equal(await v.page.getByLabel('Y', { exact: true }).inputValue(), 'fixed');
    assert.equal(await v.page.getByLabel('Y min', { exact: true }).inputValue(), '0.5');
    assert.equal(await v.page.getByLabel('Y max', { exact: true }).inputValue(), '1');
    const message = view(FIGURE1);
    await v.post(message);
    assert.deepEqual(await v.fixedYRanges(), Array(message.charts.length).fill([0.5, 1]));

    // The host's outlier-free range does not override the user's ends; it fills an end left empty.
    await v.page.getByLabel('Ignore outliers').check();
    const clipped = view(FIGURE1, { settings: { ignoreOutliers: true } });
    const outlierFree = clipped.charts.find((c) => c.id === FIG1).yRange;
    assert.ok(outlierFree.max < 0.9, `the host's range ${JSON.stringify(outlierFree)}`);
    await v.post(clipped);
    assert.deepEqual(await v.fixedYRange(FIG1), [0.5, 1]);
    await v.setYBound('Y max', '');
    assert.deepEqual(await v.fixedYRange(FIG1), [0.5, outlierFree.max]);
    // Unless it would cross the user's end: min 0.9 is above the outlier max, so the top comes from the data.
    await v.setYBound('Y min', '0.9');
    const [min, max] = await v.fixedYRange(FIG1);
    assert.ok(min === 0.9 && max > 0.9, `${min}–${max}`);
    await v.page.getByLabel('Ignore outliers').uncheck();
    await v.setYBound('Y min', '0.5');
    await v.setYBound('Y max', '1');

    // Dual-axis charts: the left axis is fixed, the right one (lengths in thousands) is as without it.
    await v.post(view([LOGS.dualAxis], { settings: { dualAxis: DUAL_AXIS } }));
    const AIMO = 'val/AIMO2024/accuracy & val/AIMO2024/response_length/mean';
    const axes = async () =>
      /; left axis: (.*); right axis: (.*)$/.exec(await v.canvas(AIMO).getAttribute('aria-label')).slice(1);
    const [left, right] = await axes();
    assert.equal(left, 'accuracy, 0.5–1');
    await v.page.getByLabel('Y', { exact: true }).selectOption('linear');
    const [leftFromData, rightFromData] = await axes();
    assert.notEqual(leftFromData, left);
    assert.equal(right, rightFromData);
    assert.match(right, /^response_length\/mean, 0–3\dk$/);
    // Back to Fixed: the range typed before is still there.
    await v.page.getByLabel('Y', { exact: true }).selectOption('fixed');
    assert.deepEqual(await axes(), [left, right]);
  });
});
