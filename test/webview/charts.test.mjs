// The page and its charts: what is drawn and labelled, the banners, themes, hostile names, the host's
// error, resizing, and saving a chart.
import assert from 'node:assert/strict';
import { fixtures, suite, test, THEMES } from './harness.mjs';
import { LEGEND_BAND } from './pixels.mjs';

const { DUAL_AXIS, LOGS, MATH500: FIG1, view } = fixtures;

suite('charts', () => {
  test('posts ready with the plot width of one chart', async (v) => {
    const ready = await v.ready();
    assert.equal(typeof ready.chartWidth, 'number');
    assert.ok(ready.chartWidth > 100 && ready.chartWidth < 1280, `chartWidth ${ready.chartWidth}`);
  });

  test('draws one labelled canvas per chart under section headings', async (v) => {
    const message = view([LOGS.grpo, LOGS.mel, LOGS.mmlu]);
    await v.post(message);
    const labels = await v.page
      .locator('canvas')
      .evaluateAll((cs) => cs.map((c) => [c.getAttribute('role'), c.getAttribute('aria-label')]));
    assert.equal(labels.length, message.charts.length);
    for (const [role, label] of labels) {
      assert.equal(role, 'img');
      assert.match(label, /: \d+ series \(.*\), steps \d+–\d+; (highest|lowest): .+ at step \d+$/);
    }
    // The best step of each run is named too (MEL peaks higher: 0.84 at step 120).
    assert.ok(
      labels.some(
        ([, l]) =>
          l === `${FIG1}: 2 series (grpo, mel), steps 0–140; highest: grpo 0.82 at step 120, mel 0.84 at step 120`,
      ),
    );
    assert.ok(
      labels.some(
        ([, l]) =>
          l ===
          'eval/MMLU-Pro/accuracy/mean: 1 series (mmlu-pro-long), steps 0–800; highest: mmlu-pro-long 56.7 at step 800',
      ),
    );
    const headings = await v.page.locator('main h2').allTextContents();
    assert.deepEqual(headings, ['AIME24', 'MATH500', 'MMLU-Pro', 'actor', 'critic', 'response_length', 'timing_s']);
    assert.equal(await v.page.locator('.tc-title').textContent(), 'Compare: grpo vs mel vs mmlu-pro-long');
    assert.equal(await v.page.locator('.tc-status').textContent(), `${message.charts.length} charts`);
    assert.equal(await v.page.locator('.tc-notices li').count(), 0, 'nothing to tell');
  });

  test('shows a legend on a chart with two series', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    assert.ok((await v.countColour(FIG1, THEMES.light.vars['charts-red'], LEGEND_BAND)) > 5, 'mel in the legend');
  });

  test('says which lines were skipped, that the last one is still being written, and what the parser noticed', async (v) => {
    // A run that crashed (a traceback in the log), resumed from a checkpoint, and is writing its next line.
    const message = view([LOGS.resumed]);
    await v.post(message);
    const text = await v.page.locator('.tc-warning').innerText();
    const listed = Array.from({ length: 10 }, (_, i) => `line ${8 + i} \\(not valid JSON\\)`).join(', ');
    assert.match(text, new RegExp(`12 lines skipped: ${listed}, and 2 more\\.`));
    assert.match(text, /Line 28 is incomplete — probably still being written\./);
    const notices = await v.page.locator('.tc-notices li').allTextContents();
    assert.deepEqual(notices, message.notices);
    assert.match(
      notices[0],
      /^run resumed: step went back from 6 to 4 at line 20, as when a run resumes from a checkpoint; /,
    );
    await v.page.locator('.tc-warning button', { hasText: 'Open as Text' }).click();
    assert.ok(await v.page.evaluate(() => window.__posted.some((m) => m.type === 'openAsText')));
  });

  test('renders names with markup, from a hostile log, as literal text', async (v) => {
    const IMG = '<img src=x onerror=alert(1)>';
    const SCRIPT = '</script><script>alert(1)</script>';
    await v.post(view([LOGS.hostile]));
    const headings = await v.page.locator('main h2').allTextContents();
    assert.ok(headings.includes(IMG) && headings.includes('<svg onload=alert(1)>'), headings.join(' | '));
    const title = v.card(`actor/${SCRIPT}`).locator('.tc-card-title');
    assert.equal(await title.textContent(), SCRIPT);
    assert.equal(await title.getAttribute('title'), `actor/${SCRIPT}`, 'the full name');
    assert.equal(await v.page.locator('.tc-run').textContent(), IMG, 'the run, named by its `run` field');
    assert.equal(await v.hoverStep(`actor/${SCRIPT}`, 2), `Step 2\n${IMG}\n0.6\nClick to open the log at this step`);
    await v.leave();
    // Names of Object.prototype's members are charted like any other.
    const ids = await v.visibleCardIds();
    for (const name of ['constructor', '__proto__', 'toString']) assert.ok(ids.includes(name), name);
    // Nothing was parsed as markup: no image, SVG, bold text or inline script entered the page.
    assert.equal(await v.page.locator('img, svg, b, script:not([src])').count(), 0);
  });

  test('re-colours the charts when VS Code switches to a dark theme', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    assert.ok((await v.countColour(FIG1, THEMES.light.vars['charts-blue'])) > 20, 'grpo markers in light blue');
    await v.setTheme('dark');
    assert.equal(await v.countColour(FIG1, THEMES.light.vars['charts-blue']), 0);
    assert.ok((await v.countColour(FIG1, THEMES.dark.vars['charts-blue'])) > 20, 'grpo markers in dark blue');
    assert.ok((await v.countColour(FIG1, THEMES.dark.vars['charts-red'])) > 20, 'mel markers in dark red');
    assert.ok(
      (await v.countColour(FIG1, THEMES.dark.vars['charts-red'], LEGEND_BAND)) > 5,
      'the legend is still shown',
    );
    await v.hoverStep(FIG1, 120);
    await v.shot('dark', { fullPage: true });
  });

  test('reports the new plot width when the window is resized', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    const { chartWidth: ready } = await v.ready();
    // 700 px leaves room for one column: each chart gets much wider than in the three-column layout.
    await v.page.setViewportSize({ width: 700, height: 900 });
    const resized = (await v.lastPosted('resize')).chartWidth;
    const canvas = await v.canvas(FIG1).boundingBox();
    assert.ok(resized > ready * 1.3, `resize ${resized} after ready ${ready}`);
    assert.ok(
      resized < canvas.width && resized > canvas.width - 120,
      `plot width ${resized} inside canvas ${canvas.width}`,
    );
  });

  test('shows an error from the host', async (v) => {
    await v.post(view([LOGS.grpo]));
    await v.post({ type: 'error', message: 'Could not read file: EACCES' });
    assert.match(await v.page.locator('[role=alert]').innerText(), /Could not read file: EACCES/);
  });

  test('rings each run’s best point on the chart', async (v) => {
    const red = THEMES.light.vars['charts-red'];
    const message = view([LOGS.grpo, LOGS.mel]);
    await v.post(message);
    const withBest = await v.countColour(FIG1, red);
    for (const s of message.charts.find((c) => c.id === FIG1).series) delete s.best;
    await v.post(message);
    assert.ok(withBest > (await v.countColour(FIG1, red)) + 10, 'mel’s ring at step 120 adds red pixels');
  });

  test('saves a chart as PNG through the host', async (v) => {
    await v.post(view([LOGS.grpo, LOGS.mel]));
    await v.card(FIG1).hover();
    const since = await v.postedCount();
    await v
      .card(FIG1)
      .getByRole('button', { name: `Save ${FIG1} as PNG` })
      .click();
    const saved = await v.lastPosted('savePng', since);
    assert.equal(saved.name, 'val-core_MATH500_acc_mean_1.png');
    assert.match(saved.dataUrl, /^data:image\/png;base64,/);
    assert.ok(saved.dataUrl.length > 5000, 'an image with the chart in it');
  });

  test('says so instead of drawing an empty plot when no value is finite', async (v) => {
    // test/fixtures/malformed.metrics.jsonl logs actor/grad_norm once, as -Infinity.
    await v.post(view([LOGS.malformed]));
    const c = v.card('actor/grad_norm');
    assert.equal(await c.locator('.tc-no-values').textContent(), 'No finite values to plot (−∞ at 1 step)');
    assert.equal(await c.locator('canvas').evaluate((e) => getComputedStyle(e).visibility), 'hidden');
    await v.shot('no-finite', {}, c);
  });

  test('raises no page errors, console errors, CSP violations or dialogs in any kind of view', async (v) => {
    const messages = [
      view([LOGS.grpo, LOGS.mel], {
        settings: { smoothing: { kind: 'ema', weight: 0.6 }, summaryStep: 30, threshold: 0.8 },
      }),
      view([LOGS.hostile]),
      view([LOGS.malformed]),
      view([LOGS.dualAxis], { settings: { dualAxis: DUAL_AXIS } }),
      view(LOGS.seeds, { settings: { groups: 'std' } }),
      view([LOGS.grpo, LOGS.mel], { settings: { xAxis: 'wall' } }),
    ];
    for (const toggle of ['Table', 'Summary']) {
      for (const message of messages) await v.post(message);
      await v.toggle(toggle).click();
    }
    for (const message of messages) await v.post(message);
    await v.setTheme('hc');
    await v.open();
    await v.post(messages[1]);
    await v.assertClean();
  });
});
