// The axes: zooming and panning (the host sends the range at full detail), log and from-zero y scales,
// ignoring outliers, and x against relative time or a logged metric.
import assert from 'node:assert/strict';
import { fixtures, suite, test } from './harness.mjs';
import { lowerShare } from './pixels.mjs';

const { LOGS, MATH500: FIG1, TOKENS, view } = fixtures;

/** The value a tooltip's text gives a run ("mmlu-pro-long  −0.0123" → -0.0123). */
function valueOf(text, label) {
  const m = new RegExp(`\\n${label}\\n(\\S+)`).exec(text);
  return m ? Number(m[1].replace('−', '-')) : NaN;
}

suite('zoom and axes', () => {
  test('zooms all charts by dragging, asks the host for that range, and shows the detail it sends back', async (v) => {
    // Figure 3's long run (actor/pg_loss at every step 0–800) as the host sends it for a narrow plot:
    // sampled, so that zooming in has steps to reveal.
    const LONG = 'actor/pg_loss';
    const EVAL = 'eval/MMLU-Pro/accuracy/mean';
    const chartWidth = 100;
    const overview = view([LOGS.mmlu], { chartWidth });
    const sampled = new Set(overview.charts.find((c) => c.id === LONG).series[0].x);
    assert.ok(sampled.size < 400, `${sampled.size} of 801 steps sent`);
    await v.post(overview);
    await v.card(LONG).scrollIntoViewIfNeeded();
    // Hovering snaps to a step the host sent.
    const near200 = [...sampled].reduce((a, b) => (Math.abs(b - 200) < Math.abs(a - 200) ? b : a));
    assert.match(await v.hoverStep(LONG, near200), new RegExp(`Step ${near200}\\b`));
    const evalChart = await v.pixels(EVAL);
    const since = await v.postedCount();
    const box = await v.canvas(LONG).boundingBox();
    const y = box.y + box.height / 2;
    await v.page.mouse.move(box.x + box.width * 0.35, y);
    await v.page.mouse.down();
    await v.page.mouse.move(box.x + box.width * 0.45, y, { steps: 4 });
    await v.page.mouse.move(box.x + box.width * 0.55, y, { steps: 4 });
    await v.page.mouse.up();
    const { range } = (await v.lastPosted('settings', since)).settings;
    assert.ok(
      range && range.min > 150 && range.max < 600 && range.max - range.min > 100,
      `range ${JSON.stringify(range)}`,
    );
    assert.equal(await v.toggle('Reset zoom').isVisible(), true);
    // Every chart follows: the evaluation chart (every 50 steps) now shows that x range.
    assert.notEqual(await v.pixels(EVAL), evalChart);
    const zoomed = view([LOGS.mmlu], { chartWidth, settings: { range } });
    const detail = zoomed.charts.find((c) => c.id === LONG).series[0];
    const step = detail.x.find((x) => x > range.min + 10 && !sampled.has(x));
    assert.ok(step !== undefined, 'the host sends steps the overview did not have');
    await v.post(zoomed);
    const text = await v.hoverStep(LONG, step);
    const logged = detail.y[detail.x.indexOf(step)];
    assert.ok(
      Math.abs(valueOf(text, 'mmlu-pro-long') - logged) <= 1e-5,
      `step ${step}: tooltip ${JSON.stringify(text)}, logged ${logged}`,
    );
    await v.shot('zoomed', {}, v.card(LONG));
    // Shift-drag pans: the same width of steps, further left.
    const beforePan = await v.postedCount();
    await v.drag(LONG, 0.4, 0.6, { steps: 8, shift: true });
    const panned = (await v.lastPosted('settings', beforePan)).settings.range;
    assert.ok(panned.min < range.min - 10, `panned ${JSON.stringify(panned)} from ${JSON.stringify(range)}`);
    assert.ok(Math.abs(panned.max - panned.min - (range.max - range.min)) < 1);
    await v.leave();
    // A double-click goes back to the whole run.
    const beforeReset = await v.postedCount();
    await v.canvas(LONG).dblclick();
    assert.equal((await v.lastPosted('settings', beforeReset)).settings.range, undefined);
    assert.equal(await v.toggle('Reset zoom').isVisible(), false);
  });

  test('draws the y axis on a log scale or from zero, as chosen', async (v) => {
    const LOSS = 'critic/vf_loss';
    await v.post(view([LOGS.decades]));
    const colour = await v.runColour('decades');
    const share = () => lowerShare(v.canvas(LOSS), colour);
    const linear = await share();
    await v.page.getByLabel('Y', { exact: true }).selectOption('log');
    const log = await share();
    // Linear: 1, 10 and 100 all sit near the bottom; log: evenly spaced from top to bottom.
    assert.ok(linear > 0.65 && log < 0.6, `lower-half share linear ${linear}, log ${log}`);
    await v.page.getByLabel('Y', { exact: true }).selectOption('zero');
    await v.page.getByLabel('Y', { exact: true }).selectOption('linear');
    assert.equal(await share(), linear);
    // A log x axis is drawn by the webview alone: no request to the host.
    const linearX = await v.pixels(LOSS);
    const since = await v.postedCount();
    await v.page.getByLabel('X', { exact: true }).selectOption('step-log');
    assert.notEqual(await v.pixels(LOSS), linearX);
    assert.equal(await v.postedCount(), since);
    await v.page.getByLabel('X', { exact: true }).selectOption('step');
    assert.equal(await v.pixels(LOSS), linearX);
  });

  test('asks the host for outlier-free y ranges and draws within the range it sends', async (v) => {
    const LOSS = 'critic/vf_loss';
    await v.post(view([LOGS.decades]));
    const since = await v.postedCount();
    await v.page.getByLabel('Ignore outliers').check();
    assert.equal((await v.lastPosted('settings', since)).settings.ignoreOutliers, true);
    const full = await v.pixels(LOSS);
    const clipped = view([LOGS.decades], { settings: { ignoreOutliers: true } });
    assert.ok(clipped.charts[0].yRange.max < 1000, `the host's range ${JSON.stringify(clipped.charts[0].yRange)}`);
    await v.post(clipped);
    assert.notEqual(await v.pixels(LOSS), full, 'the 1000 at step 0 is clipped');
  });

  test('plots against relative time when chosen, labelling the hover with the time', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const since = await v.postedCount();
    await v.page.getByLabel('X', { exact: true }).selectOption('relative');
    assert.equal((await v.lastPosted('settings', since)).settings.xAxis, 'relative');
    await v.post(view([LOGS.grpo, LOGS.mel], { settings: { xAxis: 'relative' } }));
    await v.card(FIG1).focus();
    await v.page.keyboard.press('End');
    // The samples' timestamps: MEL's step 140 is 4278.2 s after its step 0 (GRPO's, 4154.6 s).
    assert.match(await v.tooltipText(), /^Time 1h 11m 18s · step 140\s+grpo\s+—\s+mel\s+0\.82\b/);
    await v.page.keyboard.press('Escape');
  });

  test('plots against a logged metric that only grows, naming it and the step in the tooltip', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const x = v.page.getByLabel('X', { exact: true });
    assert.deepEqual(
      await x.locator('option').allTextContents(),
      ['Step', 'Step (log)', 'Rel. time', 'Wall time'],
      'no metric to offer',
    );
    // drgrpo-seed1 and dapo-seed1: both log the tokens seen so far.
    const logs = [LOGS.seeds[0], LOGS.seeds[3]];
    await v.post(view(logs));
    assert.deepEqual(await x.locator('optgroup[label="Logged metric"] option').allTextContents(), [TOKENS]);
    const since = await v.postedCount();
    await x.selectOption(TOKENS);
    assert.equal((await v.lastPosted('settings', since)).settings.xAxis, `metric:${TOKENS}`);
    const byStep = await v.pixels(FIG1);
    await v.post(view(logs, { settings: { xAxis: `metric:${TOKENS}` } }));
    assert.notEqual(await v.pixels(FIG1), byStep, 'redrawn against tokens');
    // DAPO's responses are longer: it has seen more tokens (391,978,662) by step 150, where GRPO has ended.
    await v.card(FIG1).focus();
    await v.page.keyboard.press('End');
    assert.match(
      await v.tooltipText(),
      /^perf\/total_num_tokens 3\.9198e\+8 · step 150\s+drgrpo-seed1\s+—\s+dapo-seed1\s+0\.856\s+Press Enter/,
    );
    // Enter opens the log of the run that has a point there, at that point's step (not its token count).
    const beforeKey = await v.postedCount();
    await v.page.keyboard.press('Enter');
    assert.deepEqual(await v.lastPosted('revealLine', beforeKey), {
      type: 'revealLine',
      run: '1#dapo-seed1',
      step: 150,
    });
    // Back along the tokens: DAPO's step 140 (358,824,387 tokens) comes after GRPO's step 150 (350,893,976).
    await v.page.keyboard.press('ArrowLeft');
    assert.match(
      await v.tooltipText(),
      /^perf\/total_num_tokens 3\.5882e\+8 · step 140\s+drgrpo-seed1\s+—\s+dapo-seed1\s+0\.863\s+Press Enter/,
    );
    await v.page.keyboard.press('ArrowLeft');
    assert.match(await v.tooltipText(), /^perf\/total_num_tokens 3\.5089e\+8 · step 150\s+drgrpo-seed1\s+0\.824\s+/);
    await v.shot('x-by-tokens', {}, v.card(FIG1));
    await v.page.keyboard.press('Escape');
    // Remembered, and what the host is first asked for.
    await v.open();
    assert.equal((await v.ready()).settings.xAxis, `metric:${TOKENS}`);
    assert.equal(await x.inputValue(), `metric:${TOKENS}`);
  });
});
